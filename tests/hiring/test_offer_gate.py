"""The offer gate: moving to offer needs submitted scorecards from two different
interviewers, a done social media check and no integrity red flag; else 409 naming the
blockers and nothing changes, unless a manager overrides with a written reason (kept with
who and when). Owners may not override."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.assertions import problem

URL = "/api/v1/candidates"
REASON = "Second panel moved to next week; references are strong."
CARD = {"ratings": {"prospecting": "yes", "integrity": "yes"}, "recommendation": "yes"}
TWO = "interviewers"
SOCIAL = "social media"
FLAG = "integrity"


def interviewing(caller, client) -> str:
    response = caller.post(URL, json={"client_id": str(client.id), "full_name": "Jamie Rivera"})
    assert response.status_code == 201, response.text
    cid = response.json()["id"]
    for status in ("screening", "interviewing"):
        assert caller.patch(f"{URL}/{cid}", json={"status": status}).status_code == 200
    return cid


def scorecard(caller, cid: str, interviewer, answers=(), *, submit: bool = True) -> None:
    response = caller.post("/api/v1/interviews", json={
        "candidate_id": cid, "interviewer_id": str(interviewer.id),
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": "behavioural"})
    assert response.status_code == 201, response.text
    url = f"/api/v1/interviews/{response.json()['id']}/scorecard"
    saved = caller.request("PUT", url, json=CARD | {"answers": list(answers)})
    assert saved.status_code == 200, saved.text
    if submit:
        assert caller.post(f"{url}/submit").status_code == 200


def social_check(caller, cid: str) -> None:
    response = caller.post(f"{URL}/{cid}/social-media-check", json={"concern": False})
    assert response.status_code == 200, response.text


def question(caller, competency: str) -> str:
    items = caller.get("/api/v1/questions", params={"competency": competency}).json()["items"]
    return items[0]["id"]


def flagged(caller, competency: str) -> dict:
    return {"question_id": question(caller, competency), "flags": ["backpedalled"]}


def candidate(world, as_user, *, interviewers=("manager_a", "owner_a"), social=True,
              manager_answers=()) -> str:
    """An interviewing candidate with a submitted scorecard per interviewer named."""
    manager = as_user(world.manager_a)
    cid = interviewing(manager, world.client_a)
    for name in interviewers:
        user = getattr(world, name)
        scorecard(as_user(user), cid, user, manager_answers if name == "manager_a" else ())
    if social:
        social_check(manager, cid)
    return cid


def to_offer(caller, cid: str, **extra):
    return caller.patch(f"{URL}/{cid}", json={"status": "offer", **extra})


def refused(caller, cid: str, *expected: str) -> list[str]:
    """Assert the move to offer is 409 naming exactly the expected blockers, changing nothing."""
    before = caller.get(f"{URL}/{cid}").json()
    error = problem(to_offer(caller, cid), 409)
    assert len(error["blockers"]) == len(expected)
    for word, blocker in zip(expected, error["blockers"], strict=True):
        assert word in blocker and blocker in error["detail"]
    assert caller.get(f"{URL}/{cid}").json() == before
    return error["blockers"]


# --- the gate -------------------------------------------------------------------------------

def test_with_every_condition_met_the_candidate_moves_to_offer(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user)
    response = to_offer(manager, cid)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "offer" and body["offer_override_reason"] is None
    assert body["offer_override_by"] is None and body["offer_override_at"] is None


def test_the_owner_moves_a_clear_candidate_to_offer(world, as_user):
    cid = candidate(world, as_user)
    assert to_offer(as_user(world.owner_a), cid).json()["status"] == "offer"


def test_one_interviewer_is_not_enough(world, as_user):
    cid = candidate(world, as_user, interviewers=("manager_a",))
    [blocker] = refused(as_user(world.manager_a), cid, TWO)
    assert "there are 1" in blocker


def test_two_scorecards_from_the_same_interviewer_count_once(world, as_user):
    cid = candidate(world, as_user, interviewers=("manager_a", "manager_a"))
    refused(as_user(world.manager_a), cid, TWO)


def test_a_draft_scorecard_does_not_count(world, as_user):
    cid = candidate(world, as_user, interviewers=("manager_a",))
    scorecard(as_user(world.owner_a), cid, world.owner_a, submit=False)
    refused(as_user(world.manager_a), cid, TWO)


def test_the_social_media_check_must_be_done(world, as_user):
    cid = candidate(world, as_user, social=False)
    refused(as_user(world.manager_a), cid, SOCIAL)


def test_an_integrity_red_flag_blocks_the_offer(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, manager_answers=[flagged(manager, "integrity")])
    refused(manager, cid, FLAG)


def test_a_red_flag_on_a_non_integrity_question_does_not_block(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, manager_answers=[flagged(manager, "closing")])
    assert to_offer(manager, cid).json()["status"] == "offer"


def test_an_integrity_answer_without_flags_does_not_block(world, as_user):
    manager = as_user(world.manager_a)
    answer = {"question_id": question(manager, "integrity"), "note": "Owned the mistake."}
    cid = candidate(world, as_user, manager_answers=[answer])
    assert to_offer(manager, cid).json()["status"] == "offer"


def test_every_blocker_is_named_at_once_and_matches_the_summary(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, interviewers=("manager_a",), social=False,
                    manager_answers=[flagged(manager, "integrity")])
    blockers = refused(manager, cid, TWO, SOCIAL, FLAG)
    summary = manager.get(f"{URL}/{cid}/summary").json()
    assert summary["offer_ready"] is False and summary["offer_blockers"] == blockers


def test_the_summary_is_offer_ready_when_the_gate_is_clear(world, as_user):
    cid = candidate(world, as_user)
    summary = as_user(world.manager_a).get(f"{URL}/{cid}/summary").json()
    assert summary["offer_ready"] is True and summary["offer_blockers"] == []


# --- overrides ------------------------------------------------------------------------------

def test_a_managers_override_is_kept_with_reason_who_and_when(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, interviewers=("manager_a",), social=False)
    before = datetime.now(UTC)
    response = to_offer(manager, cid, override_reason=REASON)
    assert response.status_code == 200, response.text
    body = manager.get(f"{URL}/{cid}").json()
    assert body["status"] == "offer" and body["offer_override_reason"] == REASON
    assert body["offer_override_by"] == str(world.manager_a.id)
    at = datetime.fromisoformat(body["offer_override_at"].replace("Z", "+00:00"))
    assert before - timedelta(seconds=5) <= at <= datetime.now(UTC) + timedelta(seconds=5)


def test_a_manager_may_override_an_integrity_red_flag(world, as_user):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, manager_answers=[flagged(manager, "integrity")])
    body = to_offer(manager, cid, override_reason=REASON).json()
    assert body["status"] == "offer" and body["offer_override_reason"] == REASON


def test_an_owner_may_not_override_the_gate(world, as_user):
    owner = as_user(world.owner_a)
    cid = candidate(world, as_user, interviewers=("owner_a",))
    before = owner.get(f"{URL}/{cid}").json()
    problem(to_offer(owner, cid, override_reason=REASON), 403)
    assert owner.get(f"{URL}/{cid}").json() == before


def test_an_owner_giving_an_override_reason_is_403_even_when_the_gate_is_clear(world, as_user):
    owner = as_user(world.owner_a)
    cid = candidate(world, as_user)
    before = owner.get(f"{URL}/{cid}").json()
    problem(to_offer(owner, cid, override_reason=REASON), 403)
    assert owner.get(f"{URL}/{cid}").json() == before


@pytest.mark.parametrize("change", [{}, {"status": "rejected"}, {"status": "interviewing"},
                                    {"phone": "555"}])
def test_an_override_reason_without_status_offer_is_422(world, as_user, change):
    manager = as_user(world.manager_a)
    cid = interviewing(manager, world.client_a)
    before = manager.get(f"{URL}/{cid}").json()
    problem(manager.patch(f"{URL}/{cid}", json={**change, "override_reason": REASON}), 422)
    assert manager.get(f"{URL}/{cid}").json() == before


def test_an_override_reason_on_an_allowed_move_other_than_offer_is_422(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post(URL, json={"client_id": str(world.client_a.id), "full_name": "Al"})
    cid = response.json()["id"]
    problem(manager.patch(f"{URL}/{cid}", json={"status": "screening",
                                                "override_reason": REASON}), 422)
    assert manager.get(f"{URL}/{cid}").json()["status"] == "applied"


@pytest.mark.parametrize("reason", ["", "too short", "x" * 2001])
def test_an_override_reason_must_be_written_out(world, as_user, reason):
    manager = as_user(world.manager_a)
    cid = candidate(world, as_user, social=False)
    problem(to_offer(manager, cid, override_reason=reason), 422)
    assert manager.get(f"{URL}/{cid}").json()["status"] == "interviewing"


def test_an_interviewer_who_owes_a_scorecard_cant_probe_the_gate(world, as_user):
    """The gate's blockers would reveal the others' scorecards (blind rule): 403 instead."""
    cid = candidate(world, as_user, interviewers=("manager_a",),
                    manager_answers=[flagged(as_user(world.manager_a), "integrity")])
    owner = as_user(world.owner_a)
    scorecard(owner, cid, world.owner_a, submit=False)
    before = owner.get(f"{URL}/{cid}").json()
    body = problem(to_offer(owner, cid), 403)
    assert "integrity" not in body["detail"] and "blockers" not in body
    assert owner.get(f"{URL}/{cid}").json() == before
