"""Scorecards: drafted by the interview's interviewer only, submitted once complete, then
frozen; amendments are appended with who and when; answers must be to the kit's questions.
What others may read is in test_blind_rule.py."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support import factories
from tests.support.assertions import problem

DRAFT = {"ratings": {"prospecting": "yes", "integrity": "strong_yes"},
         "answers": [], "recommendation": "yes"}


def candidate(caller, client) -> dict:
    response = caller.post("/api/v1/candidates", json={"client_id": str(client.id),
                                                       "full_name": "Jamie Rivera"})
    assert response.status_code == 201, response.text
    return response.json()


def interview(caller, candidate_id: str, interviewer) -> dict:
    response = caller.post("/api/v1/interviews", json={
        "candidate_id": candidate_id, "interviewer_id": str(interviewer.id),
        "scheduled_at": "2026-11-25T16:00:00Z", "kind": "behavioural"})
    assert response.status_code == 201, response.text
    return response.json()


def scorecard_url(interview_id: str, tail: str = "") -> str:
    return f"/api/v1/interviews/{interview_id}/scorecard{tail}"


def question_ids(caller, competency: str) -> list[str]:
    page = caller.get("/api/v1/questions", params={"competency": competency}).json()
    return [q["id"] for q in page["items"]]


@pytest.fixture
def setup(world, as_user):
    """An interview of a company A candidate, with manager_a as its interviewer."""
    manager = as_user(world.manager_a)
    return manager, interview(manager, candidate(manager, world.client_a)["id"], world.manager_a)


def save(caller, interview_id: str, draft: dict | None = None):
    payload = DRAFT if draft is None else draft
    return caller.request("PUT", scorecard_url(interview_id), json=payload)


def submitted(caller, interview_id: str) -> dict:
    assert save(caller, interview_id).status_code == 200
    response = caller.post(scorecard_url(interview_id, "/submit"))
    assert response.status_code == 200, response.text
    return response.json()


# --- drafts ---------------------------------------------------------------------------------

def test_the_interviewer_saves_a_draft(world, setup):
    manager, iv = setup
    flagged = {"question_id": question_ids(manager, "integrity")[0], "note": "Vague.",
               "flags": ["evasive_language", "glossed_over"]}
    response = save(manager, iv["id"], DRAFT | {"answers": [flagged]})
    assert response.status_code == 200, response.text
    card = response.json()
    assert card["interview_id"] == iv["id"] and card["candidate_id"] == iv["candidate_id"]
    assert card["interviewer_id"] == str(world.manager_a.id)
    assert card["ratings"] == DRAFT["ratings"] and card["recommendation"] == "yes"
    assert card["answers"] == [flagged]
    assert card["submitted_at"] is None and card["amendments"] == []
    assert manager.get(scorecard_url(iv["id"])).json() == card


def test_saving_again_replaces_the_draft(setup):
    manager, iv = setup
    first = save(manager, iv["id"]).json()
    second = save(manager, iv["id"], {"ratings": {"closing": "no"}}).json()
    assert second["id"] == first["id"] and second["version"] == first["version"] + 1
    assert second["ratings"] == {"closing": "no"} and second["recommendation"] is None


def test_the_owner_can_be_the_interviewer(world, as_user):
    owner = as_user(world.owner_a)
    iv = interview(owner, candidate(owner, world.client_a)["id"], world.owner_a)
    assert submitted(owner, iv["id"])["interviewer_id"] == str(world.owner_a.id)


@pytest.mark.parametrize("draft", [
    {"ratings": {"prospecting": "maybe"}}, {"ratings": {"charm": "yes"}},
    {"recommendation": "hire"},
    {"answers": [{"question_id": "not-a-uuid"}]},
    {"answers": [{"question_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a", "flags": ["lied"]}]},
    {"answers": [{"question_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a", "note": "x" * 4001}]},
    {"submitted_at": "2026-11-25T16:00:00Z"},
])
def test_invalid_drafts_are_422_and_save_nothing(setup, draft):
    manager, iv = setup
    problem(save(manager, iv["id"], draft), 422)
    problem(manager.get(scorecard_url(iv["id"])), 404)


def _others(world, db, as_user):
    second = factories.make_user(db, role="manager")
    response = as_user(world.manager_a).post(f"/api/v1/clients/{world.client_a.id}/managers",
                                             json={"email": second.email})
    assert response.status_code == 200, response.text
    return {"owner": world.owner_a, "second manager": second}


@pytest.mark.parametrize("who", ["owner", "second manager"])
def test_only_the_interviewer_writes_the_scorecard(world, db, as_user, setup, who):
    manager, iv = setup
    other = as_user(_others(world, db, as_user)[who])
    problem(save(other, iv["id"]), 403)
    problem(manager.get(scorecard_url(iv["id"])), 404)
    assert save(manager, iv["id"]).status_code == 200
    problem(other.post(scorecard_url(iv["id"], "/submit")), 403)
    assert manager.get(scorecard_url(iv["id"])).json()["submitted_at"] is None


@pytest.mark.parametrize("who", ["owner", "second manager"])
def test_only_the_interviewer_amends_the_scorecard(world, db, as_user, setup, who):
    manager, iv = setup
    submitted(manager, iv["id"])
    other = as_user(_others(world, db, as_user)[who])
    problem(other.post(scorecard_url(iv["id"], "/amendments"), json={"note": "Mine"}), 403)
    assert manager.get(scorecard_url(iv["id"])).json()["amendments"] == []


def test_nobody_reads_anothers_draft(world, as_user, setup):
    manager, iv = setup
    save(manager, iv["id"])
    problem(as_user(world.owner_a).get(scorecard_url(iv["id"])), 404)


# --- submitting -----------------------------------------------------------------------------

def test_submitting_stamps_the_time_and_keeps_the_content(setup):
    manager, iv = setup
    before = datetime.now(UTC)
    card = submitted(manager, iv["id"])
    at = datetime.fromisoformat(card["submitted_at"].replace("Z", "+00:00"))
    assert before - timedelta(seconds=5) <= at <= datetime.now(UTC) + timedelta(seconds=5)
    assert card["ratings"] == DRAFT["ratings"] and card["recommendation"] == "yes"
    assert manager.get(scorecard_url(iv["id"])).json() == card


@pytest.mark.parametrize("draft", [{"ratings": {"closing": "yes"}},
                                   {"recommendation": "no"}, {}])
def test_submitting_without_ratings_and_a_recommendation_is_422(setup, draft):
    manager, iv = setup
    save(manager, iv["id"], draft)
    problem(manager.post(scorecard_url(iv["id"], "/submit")), 422)
    assert manager.get(scorecard_url(iv["id"])).json()["submitted_at"] is None


def test_submitting_without_a_draft_is_404(setup):
    manager, iv = setup
    problem(manager.post(scorecard_url(iv["id"], "/submit")), 404)


def test_submitting_twice_is_409(setup):
    manager, iv = setup
    card = submitted(manager, iv["id"])
    problem(manager.post(scorecard_url(iv["id"], "/submit")), 409)
    assert manager.get(scorecard_url(iv["id"])).json() == card


def test_a_submitted_scorecard_is_frozen(setup):
    manager, iv = setup
    card = submitted(manager, iv["id"])
    problem(save(manager, iv["id"], {"ratings": {"closing": "strong_no"},
                                     "recommendation": "strong_no"}), 409)
    assert manager.get(scorecard_url(iv["id"])).json() == card


# --- amendments -----------------------------------------------------------------------------

def test_amendments_are_appended_with_who_and_when(world, setup):
    manager, iv = setup
    card = submitted(manager, iv["id"])
    first = manager.post(scorecard_url(iv["id"], "/amendments"),
                         json={"note": "Reference call confirmed his numbers."})
    assert first.status_code == 201, first.text
    second = manager.post(scorecard_url(iv["id"], "/amendments"), json={"note": "Second."})
    notes = second.json()["amendments"]
    assert [n["note"] for n in notes] == ["Reference call confirmed his numbers.", "Second."]
    assert {n["author_id"] for n in notes} == {str(world.manager_a.id)}
    assert all(n["created_at"] for n in notes)
    got = manager.get(scorecard_url(iv["id"])).json()
    assert got["amendments"] == notes
    assert {k: v for k, v in got.items() if k != "amendments"} == \
        {k: v for k, v in card.items() if k != "amendments"}


def test_a_draft_takes_no_amendments(setup):
    manager, iv = setup
    save(manager, iv["id"])
    problem(manager.post(scorecard_url(iv["id"], "/amendments"), json={"note": "x"}), 409)


@pytest.mark.parametrize("payload", [{}, {"note": ""}, {"note": "x" * 4001},
                                     {"note": "x", "author_id": "y"}])
def test_an_invalid_amendment_is_422(setup, payload):
    manager, iv = setup
    submitted(manager, iv["id"])
    problem(manager.post(scorecard_url(iv["id"], "/amendments"), json=payload), 422)
    assert manager.get(scorecard_url(iv["id"])).json()["amendments"] == []


# --- the kit --------------------------------------------------------------------------------

def kit_of(manager, interview_id: str) -> list[str]:
    response = manager.post(f"/api/v1/interviews/{interview_id}/kit",
                            json={"competencies": ["prospecting"], "length": 3})
    assert response.status_code == 200, response.text
    return [item["question_id"] for item in response.json()["items"]]


def test_answers_to_the_kits_questions_are_accepted(setup):
    manager, iv = setup
    kit = kit_of(manager, iv["id"])
    answers = [{"question_id": q, "note": f"Answer {i}"} for i, q in enumerate(kit)]
    response = save(manager, iv["id"], DRAFT | {"answers": answers})
    assert response.status_code == 200, response.text
    assert [a["question_id"] for a in response.json()["answers"]] == kit


def test_an_answer_outside_the_kit_is_422(setup):
    manager, iv = setup
    kit = kit_of(manager, iv["id"])
    stray = next(q for q in question_ids(manager, "closing") if q not in kit)
    answers = [{"question_id": kit[0]}, {"question_id": stray}]
    error = problem(save(manager, iv["id"], DRAFT | {"answers": answers}), 422)
    assert stray in error["detail"]
    problem(manager.get(scorecard_url(iv["id"])), 404)


def test_without_a_kit_any_bank_question_may_be_answered(setup):
    manager, iv = setup
    answers = [{"question_id": q} for q in question_ids(manager, "closing")]
    assert save(manager, iv["id"], DRAFT | {"answers": answers}).status_code == 200
