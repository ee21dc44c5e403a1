"""Set-up shared by the one-on-one, action item and sales meeting tests: everything goes in
through the API, as the manager of company A unless said otherwise."""

from datetime import date, timedelta

from sqlmodel import func, select

from app.models import ActionItem, ClientManager, CoachingChange, OneOnOne, SalesMeeting
from tests.support import factories

TODAY = date.today()  # company A and B run on UTC (tests.factories)
URL = "/api/v1/one-on-ones"
ITEMS = "/api/v1/action-items"
MEETINGS = "/api/v1/sales-meetings"
PRIVATE = "Rep seems burnt out; talk to the owner about the territory split."


def day(offset: int) -> str:
    return str(TODAY + timedelta(days=offset))


def one_on_one(caller, rep, **fields) -> dict:
    """A one-on-one recorded through the API (held today unless given)."""
    body = {"rep_id": str(rep.id), "held_on": day(0)} | fields
    response = caller.post(URL, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def item(title: str, assignee: str = "rep", due: int | None = None) -> dict:
    return {"title": title, "assignee": assignee, "due_on": None if due is None else day(due)}


def deal(caller, amount=10000, **fields) -> dict:
    response = caller.post("/api/v1/deals", json={"name": "D", "amount": str(amount)} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def sales_meeting(caller, client, **fields) -> dict:
    response = caller.post(MEETINGS, json={"client_id": str(client.id), "held_on": day(0)}
                           | fields)
    assert response.status_code == 201, response.text
    return response.json()


def second_manager(db, world):
    """Another manager assigned to company A as well."""
    manager = factories.make_user(db, role="manager", email="manager.c@test.example")
    db.add(ClientManager(client_id=world.client_a.id, user_id=manager.id))
    db.flush()
    return manager


def counts(db) -> tuple[int, ...]:
    """Rows of every coaching table: a refused request must leave them all as they were."""
    return tuple(db.exec(select(func.count()).select_from(model)).one()
                 for model in (OneOnOne, ActionItem, SalesMeeting, CoachingChange))
