"""Hiring: role x endpoint x target, every expected status stated explicitly.

The caller is always of company A: manager_a, owner_a, or rep_a1 (through rep_user_a1).
Targets:
  own    a candidate (and interview) of company A; the caller is the interviewer where
         they can be (manager, owner), else manager_a
  other  a candidate (and interview) of company B, interviewed by manager_b: always 404
Reps have no access to hiring: 403 on their own company's records (and on creating any
interview, which is refused before the candidate is looked up). A refused request must
leave every hiring row exactly as it was.
"""

import pytest
from sqlalchemy import inspect
from sqlmodel import func, select

from app.models import Candidate, Interview, Scorecard, ScorecardAmendment
from tests.support import factories
from tests.support.assertions import problem

ROLES = ("manager", "owner", "rep")
CALLERS = {"manager": "manager_a", "owner": "owner_a", "rep": "rep_user_a1"}
CARD = {"ratings": {"prospecting": "yes"}, "answers": [], "recommendation": "yes"}

# endpoint -> (method, path under /api/v1, body, what must exist first)
ENDPOINTS = {
    "candidate.read": ("GET", "candidates/{cid}", None, None),
    "candidate.update": ("PATCH", "candidates/{cid}", {"phone": "555"}, None),
    "candidate.move": ("PATCH", "candidates/{cid}", {"status": "screening"}, None),
    "candidate.social_check": ("POST", "candidates/{cid}/social-media-check",
                               {"concern": False}, None),
    "candidate.scorecards": ("GET", "candidates/{cid}/scorecards", None, None),
    "candidate.summary": ("GET", "candidates/{cid}/summary", None, None),
    "interview.create": ("POST", "interviews", "interview", None),
    "interview.read": ("GET", "interviews/{iid}", None, "interview"),
    "kit.build": ("POST", "interviews/{iid}/kit",
                  {"competencies": ["prospecting"], "length": 3}, "interview"),
    "kit.read": ("GET", "interviews/{iid}/kit", None, "interview"),
    "scorecard.save": ("PUT", "interviews/{iid}/scorecard", CARD, "interview"),
    "scorecard.read": ("GET", "interviews/{iid}/scorecard", None, "draft"),
    "scorecard.submit": ("POST", "interviews/{iid}/scorecard/submit", None, "draft"),
    "scorecard.amend": ("POST", "interviews/{iid}/scorecard/amendments", {"note": "Later."},
                        "submitted"),
}
EXPECTED: dict[tuple[str, str, str], int] = {
    # manager of A: runs hiring for A
    ("manager", "candidate.read", "own"): 200,
    ("manager", "candidate.update", "own"): 200,
    ("manager", "candidate.move", "own"): 200,
    ("manager", "candidate.social_check", "own"): 200,
    ("manager", "candidate.scorecards", "own"): 200,
    ("manager", "candidate.summary", "own"): 200,
    ("manager", "interview.create", "own"): 201,
    ("manager", "interview.read", "own"): 200,
    ("manager", "kit.build", "own"): 200,
    ("manager", "kit.read", "own"): 200,
    ("manager", "scorecard.save", "own"): 200,
    ("manager", "scorecard.read", "own"): 200,
    ("manager", "scorecard.submit", "own"): 200,
    ("manager", "scorecard.amend", "own"): 201,
    # owner of A: runs hiring for A together with the manager
    ("owner", "candidate.read", "own"): 200,
    ("owner", "candidate.update", "own"): 200,
    ("owner", "candidate.move", "own"): 200,
    ("owner", "candidate.social_check", "own"): 200,
    ("owner", "candidate.scorecards", "own"): 200,
    ("owner", "candidate.summary", "own"): 200,
    ("owner", "interview.create", "own"): 201,
    ("owner", "interview.read", "own"): 200,
    ("owner", "kit.build", "own"): 200,
    ("owner", "kit.read", "own"): 200,
    ("owner", "scorecard.save", "own"): 200,
    ("owner", "scorecard.read", "own"): 200,
    ("owner", "scorecard.submit", "own"): 200,
    ("owner", "scorecard.amend", "own"): 201,
    # rep of A: no access to hiring, even in their own company
    ("rep", "candidate.read", "own"): 403,
    ("rep", "candidate.update", "own"): 403,
    ("rep", "candidate.move", "own"): 403,
    ("rep", "candidate.social_check", "own"): 403,
    ("rep", "candidate.scorecards", "own"): 403,
    ("rep", "candidate.summary", "own"): 403,
    ("rep", "interview.create", "own"): 403,
    ("rep", "interview.read", "own"): 403,
    ("rep", "kit.build", "own"): 403,
    ("rep", "kit.read", "own"): 403,
    ("rep", "scorecard.save", "own"): 403,
    ("rep", "scorecard.read", "own"): 403,
    ("rep", "scorecard.submit", "own"): 403,
    ("rep", "scorecard.amend", "own"): 403,
    # company B: never found, whoever asks ...
    **{(role, endpoint, "other"): 404 for role in ROLES for endpoint in ENDPOINTS},
    # ... except that a rep may create no interview at all, so is refused before any lookup
    ("rep", "interview.create", "other"): 403,
}


def _snapshot(db) -> list:
    """Every hiring row's stored values."""
    db.expire_all()
    rows = []
    for model in (Candidate, Interview, Scorecard, ScorecardAmendment):
        for obj in db.exec(select(model)).all():
            rows.append({a.key: getattr(obj, a.key) for a in inspect(obj).mapper.column_attrs})
    return sorted(rows, key=lambda row: str(row["id"]))


def _prepare(world, as_user, role: str, target: str, needs: str | None):
    """A candidate of the target company and, when needed, an interview in that state."""
    if target == "own":
        boss = as_user(world.manager_a)
        interviewer = world.manager_a if role == "rep" else getattr(world, CALLERS[role])
        client = world.client_a
    else:
        boss, interviewer, client = as_user(world.manager_b), world.manager_b, world.client_b
    cid = boss.post("/api/v1/candidates", json={"client_id": str(client.id),
                                                "full_name": "Jamie Rivera"}).json()["id"]
    iid = None
    if needs:
        iid = boss.post("/api/v1/interviews", json={
            "candidate_id": cid, "interviewer_id": str(interviewer.id),
            "scheduled_at": "2026-11-25T16:00:00Z"}).json()["id"]
    card = f"/api/v1/interviews/{iid}/scorecard"
    if needs in ("draft", "submitted"):
        assert as_user(interviewer).request("PUT", card, json=CARD).status_code == 200
    if needs == "submitted":
        assert as_user(interviewer).post(f"{card}/submit").status_code == 200
    return cid, iid, interviewer


@pytest.mark.parametrize(("role", "endpoint", "target"), sorted(EXPECTED))
def test_role_endpoint_target_answers_the_expected_status(
        world, as_user, db, role, endpoint, target):
    method, path, body, needs = ENDPOINTS[endpoint]
    cid, iid, interviewer = _prepare(world, as_user, role, target, needs)
    if body == "interview":
        body = {"candidate_id": cid, "interviewer_id": str(interviewer.id),
                "scheduled_at": "2026-11-25T16:00:00Z"}
    before = _snapshot(db)

    response = as_user(getattr(world, CALLERS[role])).request(
        method, "/api/v1/" + path.format(cid=cid, iid=iid), json=body)

    expected = EXPECTED[(role, endpoint, target)]
    if expected >= 400:
        problem(response, expected)
        assert _snapshot(db) == before, "a refused request changed a hiring row"
    else:
        assert response.status_code == expected, response.text


def test_the_matrix_covers_every_role_endpoint_and_target():
    wanted = {(r, e, t) for r in ROLES for e in ENDPOINTS for t in ("own", "other")}
    assert set(EXPECTED) == wanted
    others = {key for key in EXPECTED if key[2] == "other"} - {("rep", "interview.create",
                                                                "other")}
    assert all(EXPECTED[key] == 404 for key in others)
    reps_own = {key for key in EXPECTED if key[0] == "rep" and key[2] == "own"}
    assert all(EXPECTED[key] == 403 for key in reps_own)


# --- lists ----------------------------------------------------------------------------------

def _count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def _both(world, as_user) -> tuple[str, str]:
    ids = []
    for boss, client in ((world.manager_a, world.client_a), (world.manager_b, world.client_b)):
        caller = as_user(boss)
        cid = caller.post("/api/v1/candidates", json={"client_id": str(client.id),
                                                      "full_name": "Jamie"}).json()["id"]
        ids.append(caller.post("/api/v1/interviews", json={
            "candidate_id": cid, "interviewer_id": str(boss.id),
            "scheduled_at": "2026-11-25T16:00:00Z"}).json()["candidate_id"])
    return ids[0], ids[1]


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_hiring_lists_hold_only_company_a(world, as_user, role):
    mine, theirs = _both(world, as_user)
    caller = as_user(getattr(world, CALLERS[role]))
    candidates = caller.get("/api/v1/candidates").json()["items"]
    interviews = caller.get("/api/v1/interviews").json()["items"]
    assert [c["id"] for c in candidates] == [mine]
    assert [i["candidate_id"] for i in interviews] == [mine]
    assert theirs not in caller.get("/api/v1/interviews", params={"candidate_id": theirs}).text
    b = {"client_id": str(world.client_b.id)}
    assert caller.get("/api/v1/candidates", params=b).json()["items"] == []


@pytest.mark.parametrize("url", ["/api/v1/candidates", "/api/v1/interviews",
                                 "/api/v1/questions"])
def test_reps_may_not_list_hiring_records(world, as_user, url):
    problem(as_user(world.rep_user_a1).get(url), 403)


def test_reps_may_not_read_a_default_bank_question(world, as_user):
    question = as_user(world.manager_a).get("/api/v1/questions").json()["items"][0]
    problem(as_user(world.rep_user_a1).get(f"/api/v1/questions/{question['id']}"), 403)


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_adding_a_candidate_to_company_b_is_not_found(world, as_user, db, role):
    before = _count(db, Candidate)
    problem(as_user(getattr(world, CALLERS[role])).post("/api/v1/candidates", json={
        "client_id": str(world.client_b.id), "full_name": "Intruder"}), 404)
    assert _count(db, Candidate) == before


# --- who may interview ----------------------------------------------------------------------

def _interviewers(world, db, as_user) -> dict:
    assigned = factories.make_user(db, role="manager")
    inactive = factories.make_user(db, role="manager")
    unassigned = factories.make_user(db, role="manager")
    for user in (assigned, inactive):
        link = as_user(world.manager_a).post(f"/api/v1/clients/{world.client_a.id}/managers",
                                             json={"email": user.email})
        assert link.status_code == 200, link.text
    inactive.is_active = False  # assigned while active, deactivated since
    db.flush()
    return {"manager_a": world.manager_a, "owner_a": world.owner_a, "assigned": assigned,
            "inactive": inactive, "unassigned": unassigned, "manager_b": world.manager_b,
            "owner_b": world.owner_b, "rep_user_a1": world.rep_user_a1}


@pytest.mark.parametrize(("who", "expected"), [
    ("manager_a", 201), ("owner_a", 201), ("assigned", 201), ("inactive", 422),
    ("unassigned", 422), ("manager_b", 422), ("owner_b", 422), ("rep_user_a1", 422)])
def test_the_interviewer_is_an_active_manager_of_the_client_or_its_owner(
        world, db, as_user, who, expected):
    manager = as_user(world.manager_a)
    interviewer = _interviewers(world, db, as_user)[who]
    cid = manager.post("/api/v1/candidates", json={"client_id": str(world.client_a.id),
                                                   "full_name": "Jamie"}).json()["id"]
    before = _count(db, Interview)
    response = manager.post("/api/v1/interviews", json={
        "candidate_id": cid, "interviewer_id": str(interviewer.id),
        "scheduled_at": "2026-11-25T16:00:00Z"})
    assert response.status_code == expected, response.text
    assert _count(db, Interview) == before + (expected == 201)
