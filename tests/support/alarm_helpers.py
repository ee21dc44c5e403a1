"""Set-up shared by the alarm and portfolio tests: deals and activity go in through the API;
history is moved into the past through the test's session.

Company A (tests.conftest): monthly target 100,000, UTC, floors 3x and 2x, weekly targets
15 calls/meetings, 3 proposals, 5 prospecting hours; alarm after 2 full weeks below.
"""

import re
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlmodel import select

from app.models import DealChange

TODAY = date.today()
THIS_MONDAY = TODAY - timedelta(days=TODAY.weekday())
LAST_MONDAY = THIS_MONDAY - timedelta(weeks=1)
KEY = re.compile(r"^[0-9a-f]{16}$")


def deal(caller, amount, **fields) -> dict:
    response = caller.post("/api/v1/deals", json={"name": "D", "amount": str(amount)} | {
        k: str(v) if isinstance(v, date) else v for k, v in fields.items()})
    assert response.status_code == 201, response.text
    return response.json()


def change(caller, created: dict, **fields) -> dict:
    response = caller.patch(f"/api/v1/deals/{created['id']}", json={
        k: str(v) if isinstance(v, date) else v for k, v in fields.items()})
    assert response.status_code == 200, response.text
    return response.json()


def settings(manager, client, **fields) -> None:
    response = manager.patch(f"/api/v1/clients/{client.id}", json=fields)
    assert response.status_code == 200, response.text


def alarms(caller, **params) -> list[dict]:
    response = caller.get("/api/v1/alarms", params={
        k: str(v) for k, v in params.items() if v is not None})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def only(items: list[dict], code: str, rep=None) -> dict:
    """The one alarm of this code (and rep); fails when there is none or several."""
    found = [a for a in items if a["code"] == code
             and a["rep_id"] == (str(rep.id) if rep is not None else None)]
    assert len(found) == 1, [(a["code"], a["rep_id"]) for a in items]
    return found[0]


def codes(items: list[dict], rep=None) -> set[str]:
    return {a["code"] for a in items if a["rep_id"] == (str(rep.id) if rep else None)}


def log(caller, monday: date, *, calls=0, proposals=0, hours=0, day=1) -> None:
    """One day's activity in the week starting `monday` (day 1 = Tuesday)."""
    items = [{"occurred_on": str(monday + timedelta(days=day)), "kind": kind,
              "quantity": str(quantity)}
             for kind, quantity in (("call", calls), ("proposal", proposals),
                                    ("prospecting", hours)) if quantity]
    response = caller.post("/api/v1/activities/batch", json={"items": items})
    assert response.status_code == 201, response.text


def backdate(db, created: dict, at: datetime) -> None:
    """Move the deal's history that is newer than `at` back to `at` (older entries stay)."""
    for entry in db.exec(select(DealChange).where(DealChange.deal_id == UUID(created["id"]))):
        if entry.changed_at > at:
            entry.changed_at = at
    db.flush()


def days_ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def hired(db, *reps, weeks: int = 8) -> None:
    """These reps joined `weeks` weeks ago: the weeks since count for their activity."""
    for rep in reps:
        rep.hire_date = THIS_MONDAY - timedelta(weeks=weeks)
        db.add(rep)
    db.flush()


def quiet(world, as_user) -> None:
    """Company A with nothing to raise: no activity targets, 300,000 open and closing within
    30 days (3x and 3x), and the month's target already won."""
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=0,
             weekly_proposals_target=0, weekly_prospecting_hours_target="0")
    rep = as_user(world.rep_user_a1)
    deal(rep, 300000, stage="negotiation", expected_close_on=TODAY + timedelta(days=10))
    deal(rep, 100000, stage="closed_won")
