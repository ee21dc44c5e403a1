"""/api/v1/reps/{id}/diagnostics: every rule of the diagnosis (app/services/diagnosis.py,
read against DOMAIN.md "Underperformers: diagnose before acting") with its hand-written
reasons, validation that writes nothing, append-only history and who may do what."""

import pytest
from sqlmodel import func, select

from app.models import Diagnostic
from tests.support.assertions import problem, walk_pages

EQUIPPED = {"has_tools": True, "has_training": True, "knows_what_to_ask": True,
            "uses_tools": True}
MONEY_FIRST = ["money", "achievement", "competition"]
DEVELOP = ("Develop them in the same seat with a coaching plan, reviewed in the weekly "
           "one-on-ones; don't leave them to dwindle.")
MOVE = ("Consider moving them to another role (right bus, wrong seat), e.g. customer service "
        "or account management.")
EXIT = ("Exit them respectfully, in a way that lets them succeed elsewhere; not at once, and "
        "not left to dwindle.")
FINISH = "Finish the conversation before deciding anything."
RIGHT_SEAT = ("Money is in their top three, they are equipped and there is no interpersonal "
              "concern: right person, right seat.")
RELATIONSHIP = ("There is an interpersonal concern: address how they are doing and their "
                "relationship with their manager in the next one-on-one.")


def url(rep) -> str:
    return f"/api/v1/reps/{rep.id}/diagnostics"


def body(motivators=MONEY_FIRST, competence=EQUIPPED, interpersonal=False, **extra) -> dict:
    out = {"motivators": motivators, "note": "One-on-one, week 47"} | extra
    if competence is not None:
        out["competence"] = competence
    if interpersonal is not None:
        out["interpersonal_concern"] = interpersonal
    return out


def diagnose(world, as_user, **kw) -> dict:
    response = as_user(world.manager_a).post(url(world.rep_a1), json=body(**kw))
    assert response.status_code == 201, response.text
    return response.json()


def count(db) -> int:
    return db.exec(select(func.count()).select_from(Diagnostic)).one()


# --- rule 0: too few answers -----------------------------------------------------------------

def test_no_motivators_is_insufficient_data(world, as_user):
    got = diagnose(world, as_user, motivators=[])
    assert got["recommendation"] == "insufficient_data"
    assert got["reasons"] == ["Too few answers to diagnose; still to ask: motivators (none "
                              "ranked).", FINISH]


def test_fewer_than_three_motivators_without_money_is_insufficient_data(world, as_user):
    got = diagnose(world, as_user, motivators=["teamwork", "recognition"])
    assert got["recommendation"] == "insufficient_data"
    assert got["reasons"][0] == ("Too few answers to diagnose; still to ask: motivators (only "
                                 "2 ranked and money not among them: rank at least three).")


def test_two_motivators_with_money_among_them_are_enough(world, as_user):
    got = diagnose(world, as_user, motivators=["achievement", "money"])
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RIGHT_SEAT, DEVELOP]


def test_missing_competence_and_interpersonal_answers_are_all_named(world, as_user):
    got = diagnose(world, as_user, motivators=["teamwork"], competence=None, interpersonal=None)
    assert got["recommendation"] == "insufficient_data"
    assert got["reasons"] == [
        "Too few answers to diagnose; still to ask: motivators (only 1 ranked and money not "
        "among them: rank at least three); competence (not asked); interpersonal_concern "
        "(not asked).", FINISH]
    assert got["competence"] is None and got["interpersonal_concern"] is None


def test_a_partly_answered_competence_names_the_open_questions(world, as_user):
    got = diagnose(world, as_user, competence={"has_tools": True, "uses_tools": False})
    assert got["recommendation"] == "insufficient_data"
    assert got["reasons"][0] == ("Too few answers to diagnose; still to ask: "
                                 "competence.has_training; competence.knows_what_to_ask.")


# --- rules 1 and 2: motivation -----------------------------------------------------------------

def test_money_outside_the_top_three_with_helping_people_is_move_seat(world, as_user):
    got = diagnose(world, as_user, motivators=["helping_people", "security", "recognition",
                                               "money"])
    assert got["recommendation"] == "move_seat"
    assert got["reasons"] == [
        "Money is not in their top three motivators (helping_people, security, recognition): "
        "they are likely in the wrong job; helping_people points to another seat on the same "
        "bus (customer service or account management).", MOVE]


def test_money_outside_the_top_three_with_teamwork_is_move_seat(world, as_user):
    got = diagnose(world, as_user, motivators=["autonomy", "teamwork", "helping_people",
                                               "money"])
    assert got["recommendation"] == "move_seat"
    assert "; teamwork, helping_people point to another seat" in got["reasons"][0]


def test_money_outside_the_top_three_and_nothing_pointing_elsewhere_is_exit(world, as_user):
    got = diagnose(world, as_user, motivators=["achievement", "competition", "recognition",
                                               "money"])
    assert got["recommendation"] == "exit"
    assert got["reasons"] == [
        "Money is not in their top three motivators (achievement, competition, recognition) "
        "and nothing there points to another seat: likely the wrong bus.", EXIT]


def test_helping_people_fourth_does_not_point_to_another_seat(world, as_user):
    got = diagnose(world, as_user, motivators=["achievement", "competition", "recognition",
                                               "helping_people", "money"])
    assert got["recommendation"] == "exit"


def test_motivation_decides_first_and_every_later_finding_is_kept_in_order(world, as_user):
    got = diagnose(world, as_user, motivators=["teamwork", "achievement", "autonomy"],
                   competence=EQUIPPED | {"has_training": False}, interpersonal=True)
    assert got["recommendation"] == "move_seat"
    assert got["reasons"] == [
        "Money is not in their top three motivators (teamwork, achievement, autonomy): they "
        "are likely in the wrong job; teamwork points to another seat on the same bus "
        "(customer service or account management).",
        "They have not been given the training they need: the company's gap to close first.",
        RELATIONSHIP, MOVE]


# --- rules 3 to 5: competence ------------------------------------------------------------------

def test_no_tools_or_no_training_is_develop_the_companys_gap(world, as_user):
    got = diagnose(world, as_user, competence=EQUIPPED | {"has_tools": False,
                                                          "has_training": False})
    assert got["recommendation"] == "develop"
    assert got["reasons"] == ["They have not been given the tools and the training they need: "
                              "the company's gap to close first.", DEVELOP]


def test_equipped_but_neither_asking_nor_using_the_tools_is_move_seat(world, as_user):
    got = diagnose(world, as_user, competence=EQUIPPED | {"knows_what_to_ask": False,
                                                          "uses_tools": False})
    assert got["recommendation"] == "move_seat"
    assert got["reasons"] == [
        "Given the tools and the training, they still don't know what to ask for and don't "
        "use the tools they have: a gap they can't or won't close in this seat.", MOVE]


def test_the_same_gaps_without_tools_given_are_the_companys_to_close(world, as_user):
    got = diagnose(world, as_user, competence={"has_tools": False, "has_training": True,
                                               "knows_what_to_ask": False,
                                               "uses_tools": False})
    assert got["recommendation"] == "develop"


@pytest.mark.parametrize(("gap", "sentence"), [
    ("knows_what_to_ask", "they don't know what to ask for"),
    ("uses_tools", "they don't use the tools they have"),
])
def test_one_gap_of_the_rep_is_develop_with_coaching(world, as_user, gap, sentence):
    got = diagnose(world, as_user, competence=EQUIPPED | {gap: False})
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [f"Given the tools and the training, {sentence}: coach on it.",
                              DEVELOP]


# --- rules 6 and 7 ---------------------------------------------------------------------------

def test_an_interpersonal_concern_is_develop_with_the_relationship_addressed(world, as_user):
    got = diagnose(world, as_user, interpersonal=True)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RELATIONSHIP, DEVELOP]


def test_motivated_equipped_and_no_concern_is_right_person_right_seat(world, as_user):
    got = diagnose(world, as_user)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RIGHT_SEAT, DEVELOP]


def test_no_answer_ever_recommends_firing_at_once(world, as_user):
    got = diagnose(world, as_user, motivators=["security", "autonomy", "recognition"],
                   competence={k: False for k in EQUIPPED}, interpersonal=True)
    assert got["recommendation"] == "exit"
    assert "not at once" in got["reasons"][-1]
    assert all("fire" not in reason.lower() for reason in got["reasons"])


# --- what is stored ---------------------------------------------------------------------------

def test_the_answers_and_the_outcome_are_stored_with_who_and_when(world, as_user):
    manager = as_user(world.manager_a)
    created = diagnose(world, as_user, motivators=["money", "teamwork", "achievement"],
                       competence=EQUIPPED | {"uses_tools": False})
    got = manager.get(f"/api/v1/diagnostics/{created['id']}").json()
    assert got == created
    assert got["rep_id"] == str(world.rep_a1.id) and got["client_id"] == str(world.client_a.id)
    assert got["motivators"] == ["money", "teamwork", "achievement"]
    assert got["competence"] == EQUIPPED | {"uses_tools": False}
    assert got["interpersonal_concern"] is False and got["note"] == "One-on-one, week 47"
    assert got["created_by"] == str(world.manager_a.id) and got["created_at"]


def test_diagnostics_are_append_only_and_listed_newest_first(world, as_user):
    manager = as_user(world.manager_a)
    first = diagnose(world, as_user, motivators=[])
    second = diagnose(world, as_user)
    third = diagnose(world, as_user, interpersonal=True)
    assert walk_pages(manager, url(world.rep_a1), limit=2) == [third["id"], second["id"],
                                                              first["id"]]
    assert manager.get(url(world.rep_a2)).json()["items"] == []
    assert manager.patch(f"/api/v1/diagnostics/{first['id']}", json={"note": "x"}
                         ).status_code == 405
    assert manager.delete(f"/api/v1/diagnostics/{first['id']}").status_code == 405


@pytest.mark.parametrize("payload", [
    {"motivators": ["money", "fame", "teamwork"]},
    {"motivators": ["money", "money", "teamwork"]},
    {"motivators": "money"},
    {"motivators": ["money"] + ["teamwork"] * 8},
    {"motivators": MONEY_FIRST, "competence": {"has_tools": "sometimes"}},
    {"motivators": MONEY_FIRST, "competence": {"has_budget": True}},
    {"motivators": MONEY_FIRST, "recommendation": "develop"},
    {"motivators": MONEY_FIRST, "note": "x" * 4001},
    {"competence": EQUIPPED},
])
def test_invalid_answers_are_422_and_write_nothing(world, as_user, db, payload):
    before = count(db)
    problem(as_user(world.manager_a).post(url(world.rep_a1), json=payload), 422)
    assert count(db) == before


def test_an_archived_rep_is_not_diagnosed(world, as_user, db):
    manager = as_user(world.manager_a)
    assert manager.post(f"/api/v1/reps/{world.rep_a1.id}/archive").status_code == 200
    before = count(db)
    body_ = problem(manager.post(url(world.rep_a1), json=body()), 422)
    assert "archived" in body_["detail"] and count(db) == before


# --- roles -----------------------------------------------------------------------------------

def test_the_owner_reads_their_reps_diagnostics_but_does_not_record_them(world, as_user, db):
    created = diagnose(world, as_user)
    owner = as_user(world.owner_a)
    assert owner.get(f"/api/v1/diagnostics/{created['id']}").json() == created
    assert [d["id"] for d in owner.get(url(world.rep_a1)).json()["items"]] == [created["id"]]
    before = count(db)
    problem(owner.post(url(world.rep_a1), json=body()), 403)
    assert count(db) == before


def test_a_rep_sees_no_diagnostic_of_themselves_nor_of_a_peer(world, as_user):
    own = diagnose(world, as_user)
    peer = as_user(world.manager_a).post(url(world.rep_a2), json=body()).json()
    rep = as_user(world.rep_user_a1)
    problem(rep.get(url(world.rep_a1)), 403)
    problem(rep.get(f"/api/v1/diagnostics/{own['id']}"), 403)
    problem(rep.post(url(world.rep_a1), json=body()), 403)
    problem(rep.get(url(world.rep_a2)), 404)
    problem(rep.get(f"/api/v1/diagnostics/{peer['id']}"), 404)


def test_another_companys_rep_and_diagnostics_are_not_found(world, as_user, db):
    theirs = as_user(world.manager_b).post(url(world.rep_b1), json=body()).json()
    before = count(db)
    for user in (world.manager_a, world.owner_a):
        caller = as_user(user)
        assert problem(caller.post(url(world.rep_b1), json=body()), 404)["detail"] == (
            f"No rep with id {world.rep_b1.id}.")
        problem(caller.get(url(world.rep_b1)), 404)
        problem(caller.get(f"/api/v1/diagnostics/{theirs['id']}"), 404)
    assert count(db) == before
