"""/api/v1/reps/{id}/diagnostics: every rule of the diagnosis (app/services/assessments/
diagnosis.py, read against docs/domain.md, "Underperformers: diagnose before acting") with its
hand-written reasons and the evidence each rests on (activity weeks met, win rate and deal
size against the team, improvement plans, trainings), both sides of each boundary,
validation that writes nothing, append-only history and who may do what."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from app.models import Diagnostic
from tests.support.alarm_helpers import THIS_MONDAY, TODAY
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
PLAN_FIRST = ("Put them on an improvement plan (30, 60 or 90 days, weekly goals and "
              "check-ins) and decide when it closes; no exit before that.")
FINISH = "Finish the conversation before deciding anything."
# rep_a1 has logged nothing and closed no deal
RECORD = ("The record: 0 of the last 8 weeks met the activity targets; no deal decided in the "
          "last 90 days.")
RELATIONSHIP = ("There is an interpersonal concern: address how they are doing and their "
                "relationship with their manager in the next one-on-one.")
BY_MANAGER = "by the manager's answers"
WRONG_BUS = ["achievement", "competition", "recognition", "money"]


def right_seat(top: str, basis: str = BY_MANAGER) -> str:
    return (f"Money is in their top three ({top}), they are equipped ({basis}) and there is "
            "no interpersonal concern: right person, right seat.")


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


def plan(world, as_user, outcome=None) -> dict:
    manager = as_user(world.manager_a)
    created = manager.post(f"/api/v1/reps/{world.rep_a1.id}/improvement-plans", json={
        "starts_on": str(TODAY - timedelta(days=20)), "length_days": 30,
        "goals": [{"metric": "calls_meetings", "target": "15"}], "check_in_weekday": 4})
    assert created.status_code == 201, created.text
    if outcome:
        closed = manager.post(f"/api/v1/improvement-plans/{created.json()['id']}/close",
                              json={"outcome": outcome})
        assert closed.status_code == 200, closed.text
    return created.json()


def training(world, as_user, topic="Discovery calls", done=False) -> None:
    manager = as_user(world.manager_a)
    created = manager.post("/api/v1/trainings", json={
        "client_id": str(world.client_a.id), "topic": topic, "rep_ids": [str(world.rep_a1.id)]})
    assert created.status_code == 201, created.text
    if done:
        assert manager.post(f"/api/v1/trainings/{created.json()['id']}/done", json={
            "rep_id": str(world.rep_a1.id)}).status_code == 200


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
    assert got["reasons"] == [RECORD, right_seat("achievement, money"), DEVELOP]


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


# --- rule 1: the company's gap comes first ---------------------------------------------------

def test_no_tools_or_no_training_is_develop_the_companys_gap(world, as_user):
    got = diagnose(world, as_user, competence=EQUIPPED | {"has_tools": False,
                                                          "has_training": False})
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [
        RECORD, "They have not been given the tools and the training they need (tools: the "
        "manager's answer; training: the manager's answer): the company's gap to close first, "
        "before any judgement on motivation.", DEVELOP]


def test_money_fourth_without_training_is_develop_not_exit(world, as_user):
    got = diagnose(world, as_user, motivators=WRONG_BUS,
                   competence=EQUIPPED | {"has_training": False})
    assert got["recommendation"] == "develop"
    assert got["reasons"][-1] == DEVELOP


def test_the_company_gap_decides_before_another_seat_and_findings_keep_their_order(
        world, as_user):
    got = diagnose(world, as_user, motivators=["teamwork", "achievement", "autonomy"],
                   competence=EQUIPPED | {"has_training": False}, interpersonal=True)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [
        RECORD,
        "Money is not in their top three motivators (teamwork, achievement, autonomy): they "
        "are likely in the wrong job; teamwork points to another seat on the same bus "
        "(customer service or account management).",
        "They have not been given the training they need (training: the manager's answer): "
        "the company's gap to close first, before any judgement on motivation.",
        RELATIONSHIP, DEVELOP]


def test_the_same_gaps_without_tools_given_are_the_companys_to_close(world, as_user):
    got = diagnose(world, as_user, competence={"has_tools": False, "has_training": True,
                                               "knows_what_to_ask": False,
                                               "uses_tools": False})
    assert got["recommendation"] == "develop"


# --- trainings answer has_training when the manager didn't ----------------------------------

NO_TRAINING_ANSWER = {k: v for k, v in EQUIPPED.items() if k != "has_training"}


def test_without_a_training_on_record_has_training_is_still_to_ask(world, as_user):
    got = diagnose(world, as_user, competence=NO_TRAINING_ANSWER)
    assert got["recommendation"] == "insufficient_data"
    assert "competence.has_training" in got["reasons"][0]
    assert got["evidence"]["has_training"] is None and got["evidence"]["trainings"] == []


def test_a_training_in_progress_is_develop(world, as_user):
    training(world, as_user)
    got = diagnose(world, as_user, competence=NO_TRAINING_ANSWER)
    assert got["recommendation"] == "develop"
    assert got["reasons"][1] == (
        "They have not been given the training they need (training 'Discovery calls' "
        "assigned, not completed yet): the company's gap to close first, before any "
        "judgement on motivation.")
    assert got["evidence"]["trainings"] == [{"topic": "Discovery calls", "done_on": None}]
    assert got["evidence"]["has_training"] is False
    assert got["competence"] == NO_TRAINING_ANSWER | {"has_training": None}


def test_a_completed_training_counts_as_trained(world, as_user):
    training(world, as_user, done=True)
    training(world, as_user, topic="Pricing")  # one still open: trained all the same
    got = diagnose(world, as_user, competence=NO_TRAINING_ANSWER)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RECORD, right_seat(
        "money, achievement, competition",
        f"training 'Discovery calls' completed {TODAY}"), DEVELOP]
    assert got["evidence"]["has_training"] is True


def test_the_managers_answer_outweighs_the_trainings(world, as_user):
    training(world, as_user, done=True)
    got = diagnose(world, as_user, competence=EQUIPPED | {"has_training": False})
    assert got["recommendation"] == "develop"
    assert "(training: the manager's answer)" in got["reasons"][1]


# --- rules 2 to 5: motivation ----------------------------------------------------------------

def test_money_outside_the_top_three_with_helping_people_is_move_seat(world, as_user):
    got = diagnose(world, as_user, motivators=["helping_people", "security", "recognition",
                                               "money"])
    assert got["recommendation"] == "move_seat"
    assert got["reasons"] == [
        RECORD,
        "Money is not in their top three motivators (helping_people, security, recognition): "
        "they are likely in the wrong job; helping_people points to another seat on the same "
        "bus (customer service or account management).", MOVE]


def test_money_outside_the_top_three_with_teamwork_is_move_seat(world, as_user):
    got = diagnose(world, as_user, motivators=["autonomy", "teamwork", "helping_people",
                                               "money"])
    assert got["recommendation"] == "move_seat"
    assert "; teamwork, helping_people point to another seat" in got["reasons"][1]


def test_money_third_is_in_the_top_three(world, as_user):
    got = diagnose(world, as_user, motivators=["achievement", "competition", "money",
                                               "recognition"])
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RECORD, right_seat("achievement, competition, money"), DEVELOP]


def test_money_fourth_and_no_closed_plan_is_an_improvement_plan_first(world, as_user):
    got = diagnose(world, as_user, motivators=WRONG_BUS)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [
        RECORD,
        "Money is not in their top three motivators (achievement, competition, recognition) "
        "and nothing there points to another seat: possibly the wrong bus, but no closed "
        "improvement plan: an improvement plan comes first.", PLAN_FIRST]


def test_money_fourth_with_a_plan_still_open_is_to_see_it_through(world, as_user):
    opened = plan(world, as_user)
    got = diagnose(world, as_user, motivators=WRONG_BUS)
    assert got["recommendation"] == "develop"
    assert (f"but the improvement plan started {opened['starts_on']} is still open: an "
            "improvement plan comes first.") in got["reasons"][1]
    assert got["evidence"]["improvement_plans"] == [{
        "id": opened["id"], "starts_on": opened["starts_on"], "length_days": 30,
        "outcome": None, "closed_on": None}]


def test_money_fourth_after_a_plan_that_was_met_is_still_a_plan_first(world, as_user):
    opened = plan(world, as_user, outcome="met")
    got = diagnose(world, as_user, motivators=WRONG_BUS)
    assert got["recommendation"] == "develop"
    assert (f"no improvement plan closed not met (the one of {opened['starts_on']} was met)"
            in got["reasons"][1])


def test_money_fourth_after_a_plan_closed_not_met_is_exit(world, as_user):
    opened = plan(world, as_user, outcome="move_seat")
    got = diagnose(world, as_user, motivators=WRONG_BUS, interpersonal=True)
    assert got["recommendation"] == "exit"
    assert got["reasons"] == [
        RECORD,
        "Money is not in their top three motivators (achievement, competition, recognition) "
        f"and nothing there points to another seat, and the improvement plan of "
        f"{opened['starts_on']} closed move_seat on {TODAY} (not met): likely the wrong bus.",
        RELATIONSHIP, EXIT]
    assert "not at once" in got["reasons"][-1]
    assert all("fire" not in reason.lower() for reason in got["reasons"])


def test_helping_people_fourth_does_not_point_to_another_seat(world, as_user):
    plan(world, as_user, outcome="move_seat")
    got = diagnose(world, as_user, motivators=["achievement", "competition", "recognition",
                                               "helping_people", "money"])
    assert got["recommendation"] == "exit"


def test_money_fourth_and_no_seat_fits_is_exit_without_a_plan(world, as_user):
    got = diagnose(world, as_user, motivators=WRONG_BUS,
                   competence=EQUIPPED | {"knows_what_to_ask": False, "uses_tools": False})
    assert got["recommendation"] == "exit"
    assert got["reasons"][1] == (
        "Money is not in their top three motivators (achievement, competition, recognition) "
        "and nothing there points to another seat, and they can't or won't close their gaps "
        "in this one: no seat fits (no closed improvement plan).")
    # one gap only: a seat may still fit, so an improvement plan first
    assert diagnose(world, as_user, motivators=WRONG_BUS, competence=EQUIPPED | {
        "uses_tools": False})["recommendation"] == "develop"


# --- rules 6 and 7: competence ---------------------------------------------------------------

def test_equipped_but_neither_asking_nor_using_the_tools_is_move_seat(world, as_user):
    got = diagnose(world, as_user, competence=EQUIPPED | {"knows_what_to_ask": False,
                                                          "uses_tools": False})
    assert got["recommendation"] == "move_seat"
    assert got["reasons"] == [
        RECORD, "Given the tools and the training (by the manager's answers), they still "
        "don't know what to ask for and don't use the tools they have: a gap they can't or "
        "won't close in this seat.", MOVE]


@pytest.mark.parametrize(("gap", "sentence"), [
    ("knows_what_to_ask", "they don't know what to ask for"),
    ("uses_tools", "they don't use the tools they have"),
])
def test_one_gap_of_the_rep_is_develop_with_coaching(world, as_user, gap, sentence):
    got = diagnose(world, as_user, competence=EQUIPPED | {gap: False})
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [
        RECORD, f"Given the tools and the training (by the manager's answers), {sentence}: "
        "coach on it.", DEVELOP]


# --- rules 8 and 9 ---------------------------------------------------------------------------

def test_an_interpersonal_concern_is_develop_with_the_relationship_addressed(world, as_user):
    got = diagnose(world, as_user, interpersonal=True)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RECORD, RELATIONSHIP, DEVELOP]


def test_motivated_equipped_and_no_concern_is_right_person_right_seat(world, as_user):
    got = diagnose(world, as_user)
    assert got["recommendation"] == "develop"
    assert got["reasons"] == [RECORD, right_seat("money, achievement, competition"), DEVELOP]


# --- the record ------------------------------------------------------------------------------

def _log(manager, rep, monday, calls, proposals, hours):
    items = [{"rep_id": str(rep.id), "occurred_on": str(monday + timedelta(days=day)),
              "kind": kind, "quantity": str(q)}
             for day, kind, q in ((1, "call", calls - 5), (2, "meeting", 5),
                                  (1, "proposal", proposals), (3, "prospecting", hours)) if q]
    assert manager.post("/api/v1/activities/batch", json={"items": items}).status_code == 201


def _deal(manager, rep, amount, stage, closed_on):
    extra = {"lost_reason": "price_terms"} if stage == "closed_lost" else {}
    response = manager.post("/api/v1/deals", json={
        "name": "D", "rep_id": str(rep.id), "amount": str(amount), "stage": stage,
        "closed_on": str(closed_on)} | extra)
    assert response.status_code == 201, response.text


def test_the_record_counts_weeks_met_and_compares_results_with_the_team(world, as_user):
    manager = as_user(world.manager_a)
    weeks = [THIS_MONDAY - timedelta(weeks=n) for n in range(1, 10)]  # newest first
    _log(manager, world.rep_a1, weeks[0], 15, 3, 5)  # all three at target: met
    _log(manager, world.rep_a1, weeks[3], 16, 4, 6)  # met
    _log(manager, world.rep_a1, weeks[4], 15, 3, 4.75)  # hours short: not met
    _log(manager, world.rep_a1, weeks[8], 15, 3, 5)  # nine weeks ago: not looked at
    _deal(manager, world.rep_a1, 10000, "closed_won", TODAY - timedelta(days=10))
    _deal(manager, world.rep_a1, 50000, "closed_lost", TODAY - timedelta(days=89))
    _deal(manager, world.rep_a1, 90000, "closed_won", TODAY - timedelta(days=90))  # outside
    for amount in (20000, 30000, 40000):
        _deal(manager, world.rep_a2, amount, "closed_won", TODAY - timedelta(days=5))
    got = diagnose(world, as_user)
    assert got["reasons"][0] == (
        "The record: 2 of the last 8 weeks met the activity targets; win rate 50 % (1 of 2 "
        "decided in the last 90 days) against a team median of 75 %; average won deal "
        "10,000.00 against a team median of 20,000.00.")
    assert got["evidence"] == {
        "as_of": str(TODAY), "activity": {"weeks_met": 2, "weeks": 8},
        "results": {"window_start": str(TODAY - timedelta(days=89)), "window_end": str(TODAY),
                    "decided": 2, "won": 1, "win_rate": 0.5, "team_median_win_rate": 0.75,
                    "average_won": "10000.00", "team_median_average_won": "20000.00"},
        "improvement_plans": [], "trainings": [], "has_training": None}


def test_weeks_before_the_hire_are_not_counted(world, as_user, db):
    world.rep_a1.hire_date = THIS_MONDAY - timedelta(weeks=3)
    db.add(world.rep_a1)
    db.flush()
    got = diagnose(world, as_user)
    assert got["evidence"]["activity"] == {"weeks_met": 0, "weeks": 3}
    assert got["reasons"][0].startswith("The record: 0 of the last 3 weeks met")


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
    assert got["evidence"]["as_of"] == str(TODAY)


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
