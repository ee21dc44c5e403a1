"""/api/v1/candidates: creation, validation, the allowed moves, the social media check,
hiring with the rep record created in one step, and what each company sees.
The offer gate is in test_offer_gate.py; scorecards in test_scorecards.py."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from app.models import Candidate
from tests.support.assertions import problem

URL = "/api/v1/candidates"
OVERRIDE = "Owner met the candidate twice; references are strong."
# The path from applied to each status, one PATCH per step (offer by a manager's override).
PATHS = {
    "applied": [], "screening": ["screening"], "interviewing": ["screening", "interviewing"],
    "offer": ["screening", "interviewing", "offer"],
    "hired": ["screening", "interviewing", "offer", "hired"],
    "rejected": ["rejected"], "withdrawn": ["withdrawn"],
}
ALLOWED = {
    "applied": {"screening", "rejected", "withdrawn"},
    "screening": {"interviewing", "rejected", "withdrawn"},
    "interviewing": {"offer", "rejected", "withdrawn"},
    "offer": {"hired", "rejected", "withdrawn"},
    "hired": set(), "rejected": set(), "withdrawn": set(),
}
MOVES = [(a, b) for a in PATHS for b in PATHS if a != b]


def body(client, **fields) -> dict:
    return {"client_id": str(client.id), "full_name": "Jamie Rivera",
            "email": "jamie.rivera@example.com", "phone": "+1 312 555 0147",
            "position": "Account Executive", "source": "referral"} | fields


def create(caller, client, **fields) -> dict:
    response = caller.post(URL, json=body(client, **fields))
    assert response.status_code == 201, response.text
    return response.json()


def move(caller, candidate_id: str, status: str):
    extra = {"override_reason": OVERRIDE} if status == "offer" else {}
    return caller.patch(f"{URL}/{candidate_id}", json={"status": status, **extra})


HIRE_FIELDS = ("onboarding_plan_id", "invitation_id", "invitation_token",
               "invitation_accept_url")


def candidate_at(caller, client, status: str) -> dict:
    """A candidate walked through the API to `status`."""
    candidate = create(caller, client)
    for step in PATHS[status]:
        response = move(caller, candidate["id"], step)
        assert response.status_code == 200, response.text
        candidate = response.json()
        # a move's answer adds what a hire creates (null here) to the candidate as read
        assert all(candidate.pop(k) is None for k in HIRE_FIELDS)
    return candidate


def count_candidates(db) -> int:
    return db.exec(select(func.count()).select_from(Candidate)).one()


# --- creating and editing -----------------------------------------------------------------

def test_manager_adds_a_candidate_who_starts_as_applied(world, as_user):
    response = as_user(world.manager_a).post(URL, json=body(world.client_a))
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    got = as_user(world.manager_a).get(f"{URL}/{response.json()['id']}").json()
    assert got["client_id"] == str(world.client_a.id) and got["status"] == "applied"
    assert got["full_name"] == "Jamie Rivera" and got["email"] == "jamie.rivera@example.com"
    assert got["phone"] == "+1 312 555 0147" and got["source"] == "referral"
    assert got["position"] == "Account Executive" and got["version"] == 1
    assert got["social_check_at"] is None and got["hired_rep_id"] is None
    assert got["offer_override_reason"] is None


def test_defaults_when_only_a_name_is_given(world, as_user):
    minimal = as_user(world.owner_a).post(URL, json={"client_id": str(world.client_a.id),
                                                    "full_name": "Sam Lee"})
    assert minimal.status_code == 201, minimal.text
    got = minimal.json()
    assert got["position"] == "Account Executive" and got["email"] is None
    assert got["phone"] == "" and got["source"] == ""


def test_owner_adds_candidates_only_for_their_own_company(world, as_user, db):
    owner, before = as_user(world.owner_a), count_candidates(db)
    assert create(owner, world.client_a)["client_id"] == str(world.client_a.id)
    problem(owner.post(URL, json=body(world.client_b)), 404)
    assert count_candidates(db) == before + 1


@pytest.mark.parametrize("fields", [
    {"full_name": ""}, {"full_name": None}, {"email": "not-an-email"}, {"position": ""},
    {"phone": "1" * 41}, {"source": "x" * 101}, {"status": "hired"},
    {"hired_rep_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a"}, {"client_id": "nope"},
])
def test_invalid_candidates_are_422_and_write_nothing(world, as_user, db, fields):
    before = count_candidates(db)
    problem(as_user(world.manager_a).post(URL, json=body(world.client_a, **fields)), 422)
    assert count_candidates(db) == before


def test_a_candidate_without_a_client_is_422(world, as_user):
    problem(as_user(world.manager_a).post(URL, json={"full_name": "Sam Lee"}), 422)


def test_edits_bump_the_version_and_keep_the_status(world, as_user):
    manager = as_user(world.manager_a)
    candidate = create(manager, world.client_a)
    response = manager.patch(f"{URL}/{candidate['id']}", json={"phone": "555", "source": "ad"})
    assert response.status_code == 200, response.text
    got = response.json()
    assert got["phone"] == "555" and got["source"] == "ad" and got["status"] == "applied"
    assert got["version"] == candidate["version"] + 1


@pytest.mark.parametrize("fields", [{"status": None}, {"full_name": None},
                                    {"status": "promoted"}, {"client_id": "x"}])
def test_invalid_edits_are_422_and_change_nothing(world, as_user, fields):
    manager = as_user(world.manager_a)
    candidate = create(manager, world.client_a)
    problem(manager.patch(f"{URL}/{candidate['id']}", json=fields), 422)
    assert manager.get(f"{URL}/{candidate['id']}").json() == candidate


def test_a_stale_if_match_is_412(world, as_user):
    manager = as_user(world.manager_a)
    candidate = create(manager, world.client_a)
    manager.patch(f"{URL}/{candidate['id']}", json={"phone": "1"})
    problem(manager.patch(f"{URL}/{candidate['id']}", json={"phone": "2"},
                          headers={"If-Match": '"stale"'}), 412)


def test_lists_filter_by_status_newest_first(world, as_user):
    manager = as_user(world.manager_a)
    first = create(manager, world.client_a)
    second = candidate_at(manager, world.client_a, "screening")
    ids = [c["id"] for c in manager.get(URL).json()["items"]]
    assert ids.index(second["id"]) < ids.index(first["id"])
    screening = manager.get(URL, params={"status": "screening"}).json()["items"]
    assert [c["id"] for c in screening] == [second["id"]]


# --- moves --------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "target"), [m for m in MOVES if m[1] in ALLOWED[m[0]]])
def test_allowed_moves_succeed(world, as_user, start, target):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, start)
    response = move(manager, candidate["id"], target)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == target
    assert manager.get(f"{URL}/{candidate['id']}").json()["status"] == target


@pytest.mark.parametrize(("start", "target"), [m for m in MOVES if m[1] not in ALLOWED[m[0]]])
def test_refused_moves_are_409_and_change_nothing(world, as_user, start, target):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, start)
    error = problem(move(manager, candidate["id"], target), 409)
    assert sorted(error["allowed"]) == sorted(ALLOWED[start])
    assert manager.get(f"{URL}/{candidate['id']}").json() == candidate


def test_the_moves_table_covers_every_pair_and_final_states_allow_none():
    assert len(MOVES) == 42
    assert sum(len(targets) for targets in ALLOWED.values()) == 12
    assert all(not ALLOWED[final] for final in ("hired", "rejected", "withdrawn"))


def test_owner_moves_a_candidate_along(world, as_user):
    owner = as_user(world.owner_a)
    candidate = create(owner, world.client_a)
    assert move(owner, candidate["id"], "screening").json()["status"] == "screening"
    assert move(owner, candidate["id"], "interviewing").json()["status"] == "interviewing"


# --- social media check -------------------------------------------------------------------

def test_social_media_check_records_when_who_concern_and_note(world, as_user):
    owner = as_user(world.owner_a)
    candidate = create(owner, world.client_a)
    before = datetime.now(UTC)
    response = owner.post(f"{URL}/{candidate['id']}/social-media-check",
                          json={"concern": True, "note": "Posts mocking former customers."})
    assert response.status_code == 200, response.text
    got = owner.get(f"{URL}/{candidate['id']}").json()
    at = datetime.fromisoformat(got["social_check_at"].replace("Z", "+00:00"))
    assert before - timedelta(seconds=5) <= at <= datetime.now(UTC) + timedelta(seconds=5)
    assert got["social_check_by"] == str(world.owner_a.id)
    assert got["social_check_concern"] is True
    assert got["social_check_note"] == "Posts mocking former customers."
    assert got["status"] == "applied" and got["version"] == candidate["version"] + 1


def test_a_later_social_media_check_replaces_the_earlier_one(world, as_user):
    candidate = create(as_user(world.owner_a), world.client_a)
    url = f"{URL}/{candidate['id']}/social-media-check"
    as_user(world.owner_a).post(url, json={"concern": True, "note": "Unsure"})
    got = as_user(world.manager_a).post(url, json={"concern": False}).json()
    assert got["social_check_by"] == str(world.manager_a.id)
    assert got["social_check_concern"] is False and got["social_check_note"] == ""


@pytest.mark.parametrize("payload", [{}, {"note": "x"}, {"concern": "maybe"},
                                     {"concern": False, "note": "x" * 2001},
                                     {"concern": False, "by": "someone"}])
def test_an_invalid_social_media_check_is_422_and_records_nothing(world, as_user, payload):
    manager = as_user(world.manager_a)
    candidate = create(manager, world.client_a)
    problem(manager.post(f"{URL}/{candidate['id']}/social-media-check", json=payload), 422)
    assert manager.get(f"{URL}/{candidate['id']}").json()["social_check_at"] is None


# --- hiring -------------------------------------------------------------------------------

def test_hiring_with_create_rep_creates_the_rep_in_the_candidates_company(world, as_user):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, "offer")
    response = manager.patch(f"{URL}/{candidate['id']}",
                             json={"status": "hired", "create_rep": True})
    assert response.status_code == 200, response.text
    rep_id = response.json()["hired_rep_id"]
    assert rep_id and response.json()["status"] == "hired"
    rep = manager.get(f"/api/v1/reps/{rep_id}")
    assert rep.status_code == 200, rep.text
    rep = rep.json()
    assert rep["client_id"] == str(world.client_a.id) and rep["full_name"] == "Jamie Rivera"
    assert rep["email"] == "jamie.rivera@example.com" and rep["title"] == "Account Executive"
    assert rep["status"] == "active" and rep["hire_date"]
    assert rep_id in {r["id"] for r in as_user(world.owner_a).get("/api/v1/reps").json()["items"]}
    # a hire starts in ramp: half the activity targets and no quota in the first month
    assert (rep["ramp_starts_on"], rep["ramp_weeks"]) == (rep["hire_date"], 12)
    targets = manager.get(f"/api/v1/reps/{rep_id}/targets").json()
    assert targets["in_ramp"] and targets["quota"] == "0.00"
    assert targets["activity"]["calls_meetings"]["target"] == 7.5


def test_hiring_without_create_rep_creates_no_rep(world, as_user):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, "offer")
    reps_before = len(manager.get("/api/v1/reps").json()["items"])
    assert move(manager, candidate["id"], "hired").json()["hired_rep_id"] is None
    assert len(manager.get("/api/v1/reps").json()["items"]) == reps_before


def test_a_refused_hire_with_create_rep_creates_no_rep(world, as_user):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, "interviewing")
    reps_before = len(manager.get("/api/v1/reps").json()["items"])
    problem(manager.patch(f"{URL}/{candidate['id']}",
                          json={"status": "hired", "create_rep": True}), 409)
    assert len(manager.get("/api/v1/reps").json()["items"]) == reps_before


@pytest.mark.parametrize("status", ["hired", "rejected", "withdrawn"])
def test_a_closed_candidate_gets_no_more_interviews(world, as_user, status):
    manager = as_user(world.manager_a)
    candidate = candidate_at(manager, world.client_a, status)
    problem(manager.post("/api/v1/interviews", json={
        "candidate_id": candidate["id"], "interviewer_id": str(world.manager_a.id),
        "scheduled_at": "2026-11-25T16:00:00Z"}), 409)
    assert manager.get("/api/v1/interviews", params={"candidate_id": candidate["id"]}).json()[
        "items"] == []


# --- tenancy (the full table is in test_hiring_tenancy.py) ---------------------------------

def test_each_company_lists_only_its_own_candidates(world, as_user):
    mine = create(as_user(world.owner_a), world.client_a)
    theirs = create(as_user(world.owner_b), world.client_b)
    for user in (world.manager_a, world.owner_a):
        ids = {c["id"] for c in as_user(user).get(URL).json()["items"]}
        assert mine["id"] in ids and theirs["id"] not in ids
        by_b = as_user(user).get(URL, params={"client_id": str(world.client_b.id)}).json()
        assert by_b["items"] == []


def test_another_companys_candidate_is_not_found_and_unchanged(world, as_user):
    theirs = create(as_user(world.manager_b), world.client_b)
    for user in (world.manager_a, world.owner_a):
        problem(as_user(user).get(f"{URL}/{theirs['id']}"), 404)
        problem(move(as_user(user), theirs["id"], "screening"), 404)
    assert as_user(world.manager_b).get(f"{URL}/{theirs['id']}").json() == theirs


def test_reps_have_no_access_to_candidates(world, as_user, db):
    rep, before = as_user(world.rep_user_a1), count_candidates(db)
    problem(rep.get(URL), 403)
    problem(rep.post(URL, json=body(world.client_a)), 403)
    assert count_candidates(db) == before
