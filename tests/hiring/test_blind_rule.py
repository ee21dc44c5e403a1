"""The blind rule: an interviewer reads none of the others' scorecards of a candidate, nor
its summary, until they have submitted every scorecard of their own; drafts are never
shown to anyone else. Per role: manager and owner interviewers, a manager and an owner who
don't interview, and reps (no access at all). Then the summary's contents, checked by hand."""

import pytest

from tests.support import factories
from tests.support.assertions import problem

CARD = {"ratings": {"prospecting": "yes"}, "answers": [], "recommendation": "yes"}


def new_candidate(caller, client) -> str:
    response = caller.post("/api/v1/candidates", json={"client_id": str(client.id),
                                                       "full_name": "Jamie Rivera"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def interview(caller, candidate_id: str, interviewer, kind: str = "behavioural") -> str:
    response = caller.post("/api/v1/interviews", json={
        "candidate_id": candidate_id, "interviewer_id": str(interviewer.id),
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": kind})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def draft(caller, interview_id: str, card: dict = CARD) -> str:
    response = caller.request("PUT", f"/api/v1/interviews/{interview_id}/scorecard", json=card)
    assert response.status_code == 200, response.text
    return response.json()["id"]


def submit(caller, interview_id: str, card: dict = CARD) -> str:
    card_id = draft(caller, interview_id, card)
    response = caller.post(f"/api/v1/interviews/{interview_id}/scorecard/submit")
    assert response.status_code == 200, response.text
    return card_id


def visible(caller, candidate_id: str) -> set[str]:
    response = caller.get(f"/api/v1/candidates/{candidate_id}/scorecards")
    assert response.status_code == 200, response.text
    return {card["id"] for card in response.json()}


def summary(caller, candidate_id: str):
    return caller.get(f"/api/v1/candidates/{candidate_id}/summary")


def second_manager(world, db, as_user):
    """Another manager of the practice, assigned to company A through the API."""
    user = factories.make_user(db, role="manager", full_name="Second Manager")
    response = as_user(world.manager_a).post(f"/api/v1/clients/{world.client_a.id}/managers",
                                             json={"email": user.email})
    assert response.status_code == 200, response.text
    return user


# --- interviewers, per role -----------------------------------------------------------------

@pytest.mark.parametrize(("me", "colleague"), [("manager_a", "owner_a"),
                                               ("owner_a", "manager_a")])
def test_an_interviewer_is_blind_until_they_submit(world, as_user, me, colleague):
    mine, theirs = as_user(getattr(world, me)), as_user(getattr(world, colleague))
    cid = new_candidate(mine, world.client_a)
    my_iv = interview(mine, cid, getattr(world, me))
    their_card = submit(theirs, interview(theirs, cid, getattr(world, colleague)))

    assert visible(mine, cid) == set()
    problem(summary(mine, cid), 403)
    my_card = draft(mine, my_iv)
    assert visible(mine, cid) == {my_card}
    problem(summary(mine, cid), 403)
    submit(mine, my_iv)
    assert visible(mine, cid) == {my_card, their_card}
    assert summary(mine, cid).status_code == 200


@pytest.mark.parametrize("me", ["manager_a", "owner_a"])
def test_while_blind_anothers_submitted_scorecard_is_not_found(world, as_user, me):
    user = getattr(world, me)
    other = world.owner_a if me == "manager_a" else world.manager_a
    mine, theirs = as_user(user), as_user(other)
    cid = new_candidate(mine, world.client_a)
    my_iv = interview(mine, cid, user)
    their_iv = interview(theirs, cid, other)
    submit(theirs, their_iv)

    problem(mine.get(f"/api/v1/interviews/{their_iv}/scorecard"), 404)
    submit(mine, my_iv)
    assert mine.get(f"/api/v1/interviews/{their_iv}/scorecard").json()["submitted_at"]


def test_others_drafts_stay_hidden_after_submitting_my_own(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    cid = new_candidate(manager, world.client_a)
    my_card = submit(manager, interview(manager, cid, world.manager_a))
    their_iv = interview(owner, cid, world.owner_a)
    draft(owner, their_iv)

    assert visible(manager, cid) == {my_card}
    problem(manager.get(f"/api/v1/interviews/{their_iv}/scorecard"), 404)


def test_one_unsubmitted_interview_of_my_own_keeps_me_blind(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    cid = new_candidate(manager, world.client_a)
    first = submit(manager, interview(manager, cid, world.manager_a, "phone_screen"))
    second_iv = interview(manager, cid, world.manager_a, "panel")
    submit(owner, interview(owner, cid, world.owner_a))

    assert visible(manager, cid) == {first}
    problem(summary(manager, cid), 403)
    second = submit(manager, second_iv)
    assert len(visible(manager, cid)) == 3 and {first, second} <= visible(manager, cid)


def test_the_blind_rule_is_per_candidate(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    pending_for = new_candidate(manager, world.client_a)
    interview(manager, pending_for, world.manager_a)
    other = new_candidate(manager, world.client_a)
    card = submit(owner, interview(owner, other, world.owner_a))

    problem(summary(manager, pending_for), 403)
    assert visible(manager, other) == {card}
    assert summary(manager, other).status_code == 200


# --- people who don't interview -------------------------------------------------------------

@pytest.mark.parametrize("viewer", ["second manager", "owner"])
def test_a_non_interviewer_sees_submitted_scorecards_only(world, db, as_user, viewer):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    m2 = second_manager(world, db, as_user)
    # The interviewers are the two managers when the owner watches, else manager_a and owner.
    drafter, drafter_user = (as_user(m2), m2) if viewer == "owner" else (owner, world.owner_a)
    watcher = owner if viewer == "owner" else as_user(m2)
    cid = new_candidate(manager, world.client_a)
    done = submit(manager, interview(manager, cid, world.manager_a))
    draft(drafter, interview(manager, cid, drafter_user))

    assert visible(watcher, cid) == {done}
    response = summary(watcher, cid)
    assert response.status_code == 200, response.text
    assert response.json()["submitted_scorecards"] == 1


def test_a_non_interviewer_sees_an_empty_summary_before_any_interview(world, as_user):
    manager = as_user(world.manager_a)
    cid = new_candidate(manager, world.client_a)

    body = summary(manager, cid).json()
    assert body["candidate_id"] == cid and body["status"] == "applied"
    assert body["submitted_scorecards"] == 0 and body["distinct_interviewers"] == 0
    assert body["ratings"] == {} and body["integrity_flags"] == []
    assert body["recommendations"] == {"strong_no": 0, "no": 0, "yes": 0, "strong_yes": 0}
    assert body["social_media_check"] == {"done": False, "done_at": None, "done_by": None,
                                          "concern": None, "note": ""}
    assert body["offer_ready"] is False and len(body["offer_blockers"]) == 2


def test_reps_read_no_scorecards_and_no_summary(world, as_user):
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    cid = new_candidate(manager, world.client_a)
    iv = interview(manager, cid, world.manager_a)
    submit(manager, iv)

    problem(rep.get(f"/api/v1/candidates/{cid}/scorecards"), 403)
    problem(summary(rep, cid), 403)
    problem(rep.get(f"/api/v1/interviews/{iv}/scorecard"), 403)


# --- the summary's contents -----------------------------------------------------------------

def bank(caller, competency: str) -> list[dict]:
    return caller.get("/api/v1/questions", params={"competency": competency}).json()["items"]


def test_the_summary_counts_ratings_and_lists_integrity_flags_with_their_question(
        world, db, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    m2 = second_manager(world, db, as_user)
    integrity, closing = bank(manager, "integrity"), bank(manager, "closing")
    cid = new_candidate(manager, world.client_a)
    submit(manager, interview(manager, cid, world.manager_a, "phone_screen"))
    iv2 = interview(manager, cid, world.manager_a)
    submit(manager, iv2, {"ratings": {"prospecting": "yes", "integrity": "no"},
                          "recommendation": "no", "answers": [
        {"question_id": integrity[0]["id"], "note": "Blamed the customer.",
         "flags": ["evasive_language"]},
        {"question_id": closing[0]["id"], "flags": ["backpedalled"]}]})
    iv3 = interview(owner, cid, world.owner_a, "panel")
    submit(owner, iv3, {"ratings": {"prospecting": "strong_yes", "closing": "no"},
                        "recommendation": "yes", "answers": [
        {"question_id": integrity[1]["id"], "flags": ["inconsistent", "glossed_over"]},
        {"question_id": integrity[2]["id"], "note": "Straight answer.", "flags": []}]})
    draft(as_user(m2), interview(manager, cid, m2), {
        "ratings": {"prospecting": "strong_no"}, "recommendation": "strong_no",
        "answers": [{"question_id": integrity[3]["id"], "flags": ["backpedalled"]}]})
    manager.post(f"/api/v1/candidates/{cid}/social-media-check",
                 json={"concern": False, "note": "LinkedIn consistent with the CV."})

    body = summary(manager, cid).json()

    zero = {"strong_no": 0, "no": 0, "yes": 0, "strong_yes": 0}
    assert body["submitted_scorecards"] == 3 and body["distinct_interviewers"] == 2
    assert body["ratings"] == {"prospecting": zero | {"yes": 2, "strong_yes": 1},
                               "integrity": zero | {"no": 1}, "closing": zero | {"no": 1}}
    assert body["recommendations"] == zero | {"yes": 2, "no": 1}
    flags = sorted(body["integrity_flags"], key=lambda f: f["interview_id"] == iv3)
    assert flags == [
        {"question_id": integrity[0]["id"], "question": integrity[0]["text"],
         "flags": ["evasive_language"], "interviewer_id": str(world.manager_a.id),
         "interview_id": iv2},
        {"question_id": integrity[1]["id"], "question": integrity[1]["text"],
         "flags": ["inconsistent", "glossed_over"], "interviewer_id": str(world.owner_a.id),
         "interview_id": iv3}]
    check = body["social_media_check"]
    assert check["done"] is True and check["done_at"] and check["concern"] is False
    assert check["done_by"] == str(world.manager_a.id)
    assert check["note"] == "LinkedIn consistent with the CV."
    assert body["offer_ready"] is False
    assert len(body["offer_blockers"]) == 1 and "integrity" in body["offer_blockers"][0]


# --- the audit feed keeps the blind rule -----------------------------------------------------

def _audited_cards(caller) -> set[str]:
    response = caller.get("/api/v1/audit", params={"entity_type": "scorecard"})
    assert response.status_code == 200, response.text
    return {entry["entity_id"] for entry in response.json()["items"]}


def test_the_audit_feed_shows_no_scorecard_the_blind_rule_hides(world, as_user):
    """An owner whose own scorecard is pending reads nothing of the manager's ratings, in
    the audit feed either; once the owner submits, the manager's entries show."""
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    cid = new_candidate(manager, world.client_a)
    owners_interview = interview(manager, cid, world.owner_a)
    managers_card = submit(manager, interview(manager, cid, world.manager_a))
    owners_draft = draft(owner, owners_interview)
    assert _audited_cards(owner) == {owners_draft}  # the manager's ratings stay hidden
    assert _audited_cards(manager) == {managers_card}  # the owner's draft too
    submit(owner, owners_interview)
    assert _audited_cards(owner) == {owners_draft, managers_card}
    assert _audited_cards(manager) == {managers_card, owners_draft}
