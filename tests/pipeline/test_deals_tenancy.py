"""Deals: role x action x target, every expected status stated explicitly.

The caller is always of company A: manager_a, owner_a, or rep_a1 (through rep_user_a1).
Targets (the deal's rep, or for `create` the rep named in the body):
  own    rep_a1, of company A (for a rep caller: themselves)
  peer   rep_a2, another rep of company A: a rep never sees their deals
  other  rep_b1, of company B: an existing deal of B is always 404, its existence never leaks
Actions: read, history, update (next_step), reassign (rep_id to another rep of the deal's
company), reopen (a closed_won deal back to discovery), create (POST naming the target rep;
the role is checked before the rep is looked up, so an owner is 403 even for B).
A refused request (403, 404) changes no deal and creates none.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from app.models import Deal

URL = "/api/v1/deals"
CALLERS = {"manager": "manager_a", "owner": "owner_a", "rep": "rep_user_a1"}
TARGET_REPS = {"own": "rep_a1", "peer": "rep_a2", "other": "rep_b1"}
ACTIONS = ("read", "history", "update", "reassign", "reopen", "create")

EXPECTED: dict[tuple[str, str, str], int] = {
    # manager: every deal of their client A, including reassigning and reopening
    ("manager", "read", "own"): 200,
    ("manager", "read", "peer"): 200,
    ("manager", "read", "other"): 404,
    ("manager", "history", "own"): 200,
    ("manager", "history", "peer"): 200,
    ("manager", "history", "other"): 404,
    ("manager", "update", "own"): 200,
    ("manager", "update", "peer"): 200,
    ("manager", "update", "other"): 404,
    ("manager", "reassign", "own"): 200,
    ("manager", "reassign", "peer"): 200,
    ("manager", "reassign", "other"): 404,
    ("manager", "reopen", "own"): 200,
    ("manager", "reopen", "peer"): 200,
    ("manager", "reopen", "other"): 404,
    ("manager", "create", "own"): 201,
    ("manager", "create", "peer"): 201,
    ("manager", "create", "other"): 404,
    # owner: reads their company's deals, never writes
    ("owner", "read", "own"): 200,
    ("owner", "read", "peer"): 200,
    ("owner", "read", "other"): 404,
    ("owner", "history", "own"): 200,
    ("owner", "history", "peer"): 200,
    ("owner", "history", "other"): 404,
    ("owner", "update", "own"): 403,
    ("owner", "update", "peer"): 403,
    ("owner", "update", "other"): 404,
    ("owner", "reassign", "own"): 403,
    ("owner", "reassign", "peer"): 403,
    ("owner", "reassign", "other"): 404,
    ("owner", "reopen", "own"): 403,
    ("owner", "reopen", "peer"): 403,
    ("owner", "reopen", "other"): 404,
    ("owner", "create", "own"): 403,
    ("owner", "create", "peer"): 403,
    ("owner", "create", "other"): 403,
    # rep: only their own deals; may neither reassign nor reopen them
    ("rep", "read", "own"): 200,
    ("rep", "read", "peer"): 404,
    ("rep", "read", "other"): 404,
    ("rep", "history", "own"): 200,
    ("rep", "history", "peer"): 404,
    ("rep", "history", "other"): 404,
    ("rep", "update", "own"): 200,
    ("rep", "update", "peer"): 404,
    ("rep", "update", "other"): 404,
    ("rep", "reassign", "own"): 403,
    ("rep", "reassign", "peer"): 404,
    ("rep", "reassign", "other"): 404,
    ("rep", "reopen", "own"): 403,
    ("rep", "reopen", "peer"): 404,
    ("rep", "reopen", "other"): 404,
    ("rep", "create", "own"): 201,
    ("rep", "create", "peer"): 403,
    ("rep", "create", "other"): 403,
}


def make_deal(db, rep, *, closed: bool = False) -> Deal:
    """A deal row of `rep`, closed_won when asked (to be reopened)."""
    values = {"stage": "closed_won", "forecast_category": "closed",
              "closed_on": date(2026, 1, 5), "proposal_sent_on": date(2026, 1, 2)} if closed else {}
    deal = Deal(client_id=rep.client_id, rep_id=rep.id, name="Matrix deal",
                amount=Decimal("1000.00"), **values)
    db.add(deal)
    db.flush()
    return deal


def snapshot(db) -> dict:
    """Every stored deal's column values, by id."""
    db.expire_all()
    deals = db.exec(select(Deal)).all()
    return {deal.id: {attr.key: getattr(deal, attr.key)
                      for attr in inspect(deal).mapper.column_attrs} for deal in deals}


def call(caller, world, action: str, deal: Deal | None, target_rep):
    if action == "create":
        return caller.post(URL, json={"name": "Matrix deal", "rep_id": str(target_rep.id)})
    url = f"{URL}/{deal.id}"
    if action == "read":
        return caller.get(url)
    if action == "history":
        return caller.get(f"{url}/history")
    if action == "update":
        return caller.patch(url, json={"next_step": "X"})
    if action == "reassign":
        to = world.rep_a2 if deal.rep_id == world.rep_a1.id else world.rep_a1
        return caller.patch(url, json={"rep_id": str(to.id)})
    return caller.patch(url, json={"stage": "discovery"})


def check_success(response, action: str, world, deal: Deal | None, target_rep) -> None:
    body = response.json()
    if action == "history":
        assert body["items"] == [] and body["next_cursor"] is None
        return
    if action == "create":
        assert body["rep_id"] == str(target_rep.id)
        return
    assert body["id"] == str(deal.id)
    if action == "update":
        assert body["next_step"] == "X"
    elif action == "reassign":
        assert body["rep_id"] != str(deal.rep_id)
    elif action == "reopen":
        assert body["stage"] == "discovery" and body["closed_on"] is None
        assert body["forecast_category"] == "pipeline"


@pytest.mark.parametrize(("role", "action", "target"), sorted(EXPECTED))
def test_role_action_target_answers_the_expected_status(world, as_user, db, role, action,
                                                        target):
    caller = as_user(getattr(world, CALLERS[role]))
    target_rep = getattr(world, TARGET_REPS[target])
    deal = None if action == "create" else make_deal(db, target_rep, closed=action == "reopen")
    before = snapshot(db)

    response = call(caller, world, action, deal, target_rep)

    expected = EXPECTED[(role, action, target)]
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert snapshot(db) == before, "a refused request changed or created a deal"
        if deal is not None:
            assert str(target_rep.id) not in response.text
        return
    check_success(response, action, world, deal, target_rep)


def test_the_matrix_covers_every_role_action_and_target():
    wanted = {(role, action, target) for role in CALLERS for action in ACTIONS
              for target in TARGET_REPS}
    assert set(EXPECTED) == wanted
    assert all(status == 404 for (_, action, target), status in EXPECTED.items()
               if target == "other" and action != "create")


# --- lists and exports never include another tenant's deals --------------------------------

def ids_of(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def deals(world, db) -> dict[str, str]:
    return {key: str(make_deal(db, getattr(world, rep)).id) for key, rep in TARGET_REPS.items()}


@pytest.mark.parametrize(("role", "visible"), [
    ("manager", {"own", "peer"}), ("owner", {"own", "peer"}), ("rep", {"own"})])
def test_a_list_holds_only_the_deals_the_caller_may_see(world, as_user, deals, role, visible):
    caller = as_user(getattr(world, CALLERS[role]))
    assert ids_of(caller.get(URL)) == {deals[key] for key in visible}


@pytest.mark.parametrize("role", CALLERS)
def test_filtering_deals_by_company_b_returns_nothing(world, as_user, deals, role):
    caller = as_user(getattr(world, CALLERS[role]))
    assert ids_of(caller.get(URL, params={"client_id": str(world.client_b.id)})) == set()
    assert ids_of(caller.get(URL, params={"rep_id": str(world.rep_b1.id)})) == set()


@pytest.mark.parametrize(("role", "visible"), [
    ("manager", {"own", "peer"}), ("owner", {"own", "peer"}), ("rep", {"own"})])
def test_an_export_holds_only_the_deals_the_caller_may_see(world, as_user, deals, role,
                                                            visible):
    response = as_user(getattr(world, CALLERS[role])).get(f"{URL}/export.csv")
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()[1:]
    assert {line.split(",", 1)[0] for line in lines} == {deals[key] for key in visible}
