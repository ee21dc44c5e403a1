"""POST/GET /api/v1/interviews/{id}/kit through HTTP, on the seeded default bank (5 integrity
questions, 3 of each other competency): interview order with integrity questions spread
through, no repeats, fresh questions for a candidate's next interview, a client's own
questions kept to its kits; and who may schedule, interview and build."""

import pytest

from app.models import ClientManager
from tests.support import factories
from tests.support.assertions import problem

OTHERS = ["prospecting", "closing", "resilience", "coachability", "teamwork",
          "competitiveness", "initiative"]


def candidate(caller, client) -> str:
    response = caller.post("/api/v1/candidates", json={"client_id": str(client.id),
                                                       "full_name": "Jamie Rivera"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def schedule(caller, candidate_id: str, interviewer, kind: str = "behavioural"):
    return caller.post("/api/v1/interviews", json={
        "candidate_id": candidate_id, "interviewer_id": str(interviewer.id),
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": kind})


def interview(caller, candidate_id: str, interviewer) -> str:
    response = schedule(caller, candidate_id, interviewer)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def kit_url(interview_id: str) -> str:
    return f"/api/v1/interviews/{interview_id}/kit"


def build(caller, interview_id: str, competencies: list[str], length: int):
    return caller.post(kit_url(interview_id),
                       json={"competencies": competencies, "length": length})


def built(caller, interview_id: str, competencies: list[str], length: int) -> list[dict]:
    response = build(caller, interview_id, competencies, length)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def assert_integrity_spread(items: list[dict]) -> None:
    positions = [i for i, item in enumerate(items) if item["competency"] == "integrity"]
    assert positions and positions[0] != 0, positions
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert all(gap >= 2 for gap in gaps), positions
    assert not gaps or max(gaps) - min(gaps) <= 1, positions


def ids(items: list[dict]) -> list[str]:
    return [item["question_id"] for item in items]


@pytest.fixture
def iv(world, as_user):
    """A company A candidate's interview with manager_a."""
    manager = as_user(world.manager_a)
    return interview(manager, candidate(manager, world.client_a), world.manager_a)


# --- building ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["manager_a", "owner_a"])
def test_kit_is_in_interview_order_for_the_chosen_competencies(world, as_user, role):
    caller = as_user(getattr(world, role))
    interview_id = interview(caller, candidate(caller, world.client_a), getattr(world, role))
    items = built(caller, interview_id, ["prospecting", "closing", "resilience"], 10)
    assert len(items) == 10
    assert {i["competency"] for i in items} == {"prospecting", "closing", "resilience",
                                                "integrity"}
    assert all(i["text"].startswith("Tell me about a time") for i in items)
    assert_integrity_spread(items)


def test_built_kit_is_stored_on_the_interview(world, as_user, iv):
    manager = as_user(world.manager_a)
    items = built(manager, iv, ["teamwork", "initiative"], 6)
    assert manager.get(kit_url(iv)).json() == {"items": items}
    assert as_user(world.owner_a).get(kit_url(iv)).json() == {"items": items}
    assert manager.get(f"/api/v1/interviews/{iv}").json()["kit"] == ids(items)


def test_kit_is_empty_until_built(world, as_user, iv):
    response = as_user(world.manager_a).get(kit_url(iv))
    assert response.status_code == 200, response.text
    assert response.json() == {"items": []}


def test_rebuilding_replaces_the_stored_kit(world, as_user, iv):
    manager = as_user(world.manager_a)
    built(manager, iv, ["closing"], 3)
    items = built(manager, iv, ["coachability", "competitiveness"], 8)
    assert manager.get(kit_url(iv)).json() == {"items": items}


def test_integrity_is_spread_for_every_length_from_3_to_20(world, as_user, iv):
    manager = as_user(world.manager_a)
    for length in range(3, 21):
        wanted = -(-(length - max(1, length // 4)) // 3)  # competencies enough to fill it
        mix = [OTHERS[(length + k) % 7] for k in range(min(7, wanted))]
        for competencies in (mix, [*mix, "integrity"]):
            items = built(manager, iv, competencies, length)
            assert len(items) == length, (length, competencies)
            assert len(set(ids(items))) == length, (length, competencies)
            assert_integrity_spread(items)


def test_asking_for_integrity_carries_more_integrity_questions(world, as_user, iv):
    manager = as_user(world.manager_a)
    plain = built(manager, iv, OTHERS, 12)
    asked = built(manager, iv, [*OTHERS, "integrity"], 12)
    counts = [sum(i["competency"] == "integrity" for i in kit) for kit in (plain, asked)]
    assert counts == [3, 4]


def test_a_kit_may_use_the_whole_bank_without_repeating(world, as_user, iv):
    items = built(as_user(world.manager_a), iv, OTHERS, 26)
    assert len(set(ids(items))) == 26
    assert sum(i["competency"] == "integrity" for i in items) == 5
    assert_integrity_spread(items)


# --- a candidate's later interviews ------------------------------------------------------------

def test_second_interview_avoids_the_first_kits_questions(world, as_user):
    manager = as_user(world.manager_a)
    candidate_id = candidate(manager, world.client_a)
    first = built(manager, interview(manager, candidate_id, world.manager_a),
                  ["prospecting", "closing"], 4)
    second = built(manager, interview(manager, candidate_id, world.owner_a),
                   ["prospecting", "closing"], 4)
    assert not set(ids(first)) & set(ids(second))
    assert_integrity_spread(second)


def test_asked_questions_return_only_once_the_fresh_ones_are_used(world, as_user):
    manager = as_user(world.manager_a)
    candidate_id = candidate(manager, world.client_a)
    first = built(manager, interview(manager, candidate_id, world.manager_a),
                  ["prospecting", "closing"], 6)
    second = built(manager, interview(manager, candidate_id, world.owner_a),
                   ["prospecting", "closing"], 6)
    others = [i for i in second if i["competency"] != "integrity"]
    fresh = [i for i in others if i["question_id"] not in ids(first)]
    assert len(fresh) == 1 and len(others) == 5  # the bank's one unused prospecting/closing
    assert len(set(ids(second))) == 6


def test_another_candidates_kit_does_not_count_as_asked(world, as_user):
    manager = as_user(world.manager_a)
    first = built(manager, interview(manager, candidate(manager, world.client_a),
                                     world.manager_a), ["closing"], 4)
    other = built(manager, interview(manager, candidate(manager, world.client_a),
                                     world.manager_a), ["closing"], 4)
    assert ids(first) == ids(other)


# --- a client's own questions -----------------------------------------------------------------

def test_a_clients_own_question_appears_in_its_kits_only(world, as_user):
    manager_a, manager_b = as_user(world.manager_a), as_user(world.manager_b)
    text = "Tell me about a time you sold a machine tool retrofit to a plant manager."
    response = manager_a.post("/api/v1/questions", json={
        "client_id": str(world.client_a.id), "competency": "prospecting", "text": text})
    assert response.status_code == 201, response.text
    own = response.json()["id"]
    kit_a = built(manager_a, interview(manager_a, candidate(manager_a, world.client_a),
                                       world.manager_a), ["prospecting"], 5)
    assert own in ids(kit_a)
    iv_b = interview(manager_b, candidate(manager_b, world.client_b), world.owner_b)
    assert own not in ids(built(manager_b, iv_b, ["prospecting"], 4))
    problem(build(manager_b, iv_b, ["prospecting"], 5), 422)  # A's fourth is not B's


# --- refusals ------------------------------------------------------------------------------

def test_a_kit_the_bank_cannot_fill_is_422_and_keeps_the_old_kit(world, as_user, iv):
    manager = as_user(world.manager_a)
    items = built(manager, iv, ["closing"], 3)
    body = problem(build(manager, iv, ["closing"], 10), 422)
    assert [e["field"] for e in body["errors"]] == ["body.length"]
    problem(build(manager, iv, OTHERS, 27), 422)
    assert manager.get(kit_url(iv)).json() == {"items": items}


def test_only_integrity_chosen_is_422(world, as_user, iv):
    problem(build(as_user(world.manager_a), iv, ["integrity"], 5), 422)


@pytest.mark.parametrize("payload", [
    {"competencies": ["closing"], "length": 2}, {"competencies": ["closing"], "length": 31},
    {"competencies": [], "length": 5}, {"competencies": ["charisma"], "length": 5},
    {"competencies": ["closing"]}, {"competencies": ["closing"], "length": 5, "extra": 1},
])
def test_a_malformed_kit_request_is_422(world, as_user, iv, payload):
    problem(as_user(world.manager_a).post(kit_url(iv), json=payload), 422)


# --- scheduling ----------------------------------------------------------------------------

@pytest.mark.parametrize("interviewer", ["manager_a", "owner_a"])
def test_a_manager_of_the_client_or_its_owner_interviews(world, as_user, interviewer):
    manager = as_user(world.manager_a)
    response = schedule(manager, candidate(manager, world.client_a), getattr(world, interviewer),
                        kind="panel")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["interviewer_id"] == str(getattr(world, interviewer).id)
    assert body["client_id"] == str(world.client_a.id) and body["kind"] == "panel"
    assert body["kit"] is None


@pytest.mark.parametrize("interviewer", ["rep_user_a1", "manager_b", "owner_b"])
def test_anyone_else_as_interviewer_is_422(world, as_user, interviewer):
    manager = as_user(world.manager_a)
    body = problem(schedule(manager, candidate(manager, world.client_a),
                            getattr(world, interviewer)), 422)
    assert [e["field"] for e in body["errors"]] == ["body.interviewer_id"]


def test_a_deactivated_manager_of_the_client_cannot_interview(db, world, as_user):
    gone = factories.make_user(db, role="manager", is_active=False)
    db.add(ClientManager(client_id=world.client_a.id, user_id=gone.id))
    db.flush()
    manager = as_user(world.manager_a)
    problem(schedule(manager, candidate(manager, world.client_a), gone), 422)


# --- access --------------------------------------------------------------------------------

def test_reps_have_no_access_to_interviews_or_kits(world, as_user, iv):
    rep = as_user(world.rep_user_a1)
    manager = as_user(world.manager_a)
    problem(rep.get("/api/v1/interviews"), 403)
    problem(schedule(rep, candidate(manager, world.client_a), world.manager_a), 403)
    problem(rep.get(f"/api/v1/interviews/{iv}"), 403)
    problem(build(rep, iv, ["closing"], 4), 403)
    problem(rep.get(kit_url(iv)), 403)
    assert manager.get(kit_url(iv)).json() == {"items": []}


@pytest.mark.parametrize("role", ["manager_b", "owner_b"])
def test_another_companys_interview_kit_is_not_found(world, as_user, iv, role):
    other = as_user(getattr(world, role))
    problem(build(other, iv, ["closing"], 4), 404)
    problem(other.get(kit_url(iv)), 404)
    problem(other.get(f"/api/v1/interviews/{iv}"), 404)
    assert iv not in [i["id"] for i in other.get("/api/v1/interviews").json()["items"]]
