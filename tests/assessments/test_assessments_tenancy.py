"""Assessments: role x endpoint x target, every expected status stated explicitly.

The caller is always of company A: manager_a, owner_a, or rep_a1 (through rep_user_a1).
Targets:
  own    company A's client, rep_a1 (the rep caller themselves) and the records about them
  peer   rep_a2 and a diagnostic of theirs (rep-level endpoints only): a rep never sees it
  other  company B's client, rep and records: always 404, their existence never leaks
Managers record and read; owners read; reps have no assessments at all (403 on their own
company's, 404 on what their scope doesn't hold). A refused request writes nothing.
"""

import pytest
from sqlmodel import func, select

from app.models import Diagnostic, FitAssessment, StrategyReview
from tests.support.assertions import problem

ROLES = ("manager", "owner", "rep")
CALLERS = {"manager": "manager_a", "owner": "owner_a", "rep": "rep_user_a1"}
FIT = dict.fromkeys(["willing_to_change", "trusting_leadership", "proven_sales_process",
                     "team_of_two_or_more", "current_business_plan",
                     "product_knowledge_provided", "owners_attend_sales_meetings",
                     "provides_technology_tools", "wants_long_term"], True)
REVIEW = {"held_on": "2026-06-01", "answers": [{"question": "profitability", "score": 4}]}
DIAGNOSTIC = {"motivators": ["money", "achievement", "competition"]}

# endpoint -> (method, path under /api/v1, body, targets)
CLIENT_LEVEL = ("own", "other")
REP_LEVEL = ("own", "peer", "other")
ENDPOINTS = {
    "diagnostic.create": ("POST", "reps/{rep}/diagnostics", DIAGNOSTIC, REP_LEVEL),
    "diagnostic.list": ("GET", "reps/{rep}/diagnostics", None, REP_LEVEL),
    "diagnostic.read": ("GET", "diagnostics/{diagnostic}", None, REP_LEVEL),
    "bottom_performers": ("GET", "clients/{client}/bottom-performers", None, CLIENT_LEVEL),
    "fit.create": ("POST", "clients/{client}/fit-assessments", FIT, CLIENT_LEVEL),
    "fit.list": ("GET", "clients/{client}/fit-assessments", None, CLIENT_LEVEL),
    "fit.read": ("GET", "fit-assessments/{fit}", None, CLIENT_LEVEL),
    "review.create": ("POST", "clients/{client}/strategy-reviews", REVIEW, CLIENT_LEVEL),
    "review.list": ("GET", "clients/{client}/strategy-reviews", None, CLIENT_LEVEL),
    "review.read": ("GET", "strategy-reviews/{review}", None, CLIENT_LEVEL),
    "engagement": ("GET", "clients/{client}/engagement", None, CLIENT_LEVEL),
}
CREATED = {"diagnostic.create", "fit.create", "review.create"}


def _expected() -> dict[tuple[str, str, str], int]:
    out = {}
    for endpoint, (_, _, _, targets) in ENDPOINTS.items():
        creates = endpoint in CREATED
        for target in targets:
            out[("manager", endpoint, target)] = 404 if target == "other" else (
                201 if creates else 200)
            out[("owner", endpoint, target)] = 404 if target == "other" else (
                403 if creates else 200)
            out[("rep", endpoint, target)] = 403 if target == "own" else 404
    return out


EXPECTED = _expected()
# Stated once more by hand, the cases the rules are easiest to get wrong on:
assert EXPECTED[("rep", "diagnostic.read", "own")] == 403  # about themselves: still refused
assert EXPECTED[("rep", "diagnostic.read", "peer")] == 404  # a peer's: never seen
assert EXPECTED[("owner", "diagnostic.create", "own")] == 403
assert EXPECTED[("owner", "engagement", "own")] == 200
assert EXPECTED[("manager", "fit.read", "other")] == 404


def _records(world, as_user) -> dict[str, dict[str, str]]:
    """Ids per target: the client, the rep and one record of each kind about them."""
    ids = {}
    for target, boss, client, rep in (("own", world.manager_a, world.client_a, world.rep_a1),
                                      ("peer", world.manager_a, world.client_a, world.rep_a2),
                                      ("other", world.manager_b, world.client_b, world.rep_b1)):
        caller = as_user(boss)
        ids[target] = {"client": str(client.id), "rep": str(rep.id)}
        ids[target]["diagnostic"] = caller.post(f"/api/v1/reps/{rep.id}/diagnostics",
                                                json=DIAGNOSTIC).json()["id"]
        if target != "peer":
            ids[target]["fit"] = caller.post(f"/api/v1/clients/{client.id}/fit-assessments",
                                             json=FIT).json()["id"]
            ids[target]["review"] = caller.post(
                f"/api/v1/clients/{client.id}/strategy-reviews",
                json=REVIEW | {"held_on": "2026-01-01"}).json()["id"]
    return ids


def _counts(db) -> tuple[int, ...]:
    return tuple(db.exec(select(func.count()).select_from(m)).one()
                 for m in (Diagnostic, FitAssessment, StrategyReview))


@pytest.mark.parametrize(("role", "endpoint", "target"), sorted(EXPECTED))
def test_role_endpoint_target_answers_the_expected_status(
        world, as_user, db, role, endpoint, target):
    method, path, body, _ = ENDPOINTS[endpoint]
    ids = _records(world, as_user)[target]
    before = _counts(db)

    response = as_user(getattr(world, CALLERS[role])).request(
        method, "/api/v1/" + path.format(**ids), json=body)

    expected = EXPECTED[(role, endpoint, target)]
    if expected >= 400:
        problem(response, expected)
        assert _counts(db) == before, "a refused request wrote a record"
    else:
        assert response.status_code == expected, response.text


def test_the_matrix_covers_every_role_endpoint_and_target():
    wanted = {(r, e, t) for r in ROLES for e, spec in ENDPOINTS.items() for t in spec[3]}
    assert set(EXPECTED) == wanted
    assert all(status == 404 for (_, _, target), status in EXPECTED.items()
               if target == "other")
    assert all(EXPECTED[key] == 404 for key in EXPECTED if key[0] == "rep" and key[2] == "peer")
    assert all(EXPECTED[key] == 403 for key in EXPECTED if key[0] == "rep" and key[2] == "own")
    assert all(EXPECTED[(role, e, "peer")] == EXPECTED[(role, e, "own")]
               for role in ("manager", "owner") for e, spec in ENDPOINTS.items()
               if "peer" in spec[3])


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_lists_hold_only_company_a(world, as_user, role):
    ids = _records(world, as_user)
    caller = as_user(getattr(world, CALLERS[role]))
    a = world.client_a.id
    fits = caller.get(f"/api/v1/clients/{a}/fit-assessments").json()["items"]
    reviews = caller.get(f"/api/v1/clients/{a}/strategy-reviews").json()["items"]
    diagnostics = caller.get(f"/api/v1/reps/{world.rep_a1.id}/diagnostics").json()["items"]
    assert [f["id"] for f in fits] == [ids["own"]["fit"]]
    assert [r["id"] for r in reviews] == [ids["own"]["review"]]
    assert [d["id"] for d in diagnostics] == [ids["own"]["diagnostic"]]


@pytest.mark.parametrize("role", ROLES)
def test_the_cost_calculator_is_for_managers_and_owners(world, as_user, role):
    response = as_user(getattr(world, CALLERS[role])).get("/api/v1/tools/cost-comparison")
    assert response.status_code == (403 if role == "rep" else 200), response.text
