"""Onboarding: each client's template (the default until it has its own), a rep's plan made
from it once with its tasks as action items due so many days after the start, ticking them
off through /action-items, and a hire that brings the rep, the plan and an invitation."""

from datetime import date, timedelta

import pytest

from tests.support import factories
from tests.support.assertions import problem
from tests.support.clock import utcnow

ITEMS = "/api/v1/action-items"
OVERRIDE = "Owner met the candidate twice; references are strong."
DEFAULT = [("Product training", 1, "owner"), ("CRM and tools set-up", 1, "manager"),
           ("Shadow two calls", 3, "rep"), ("First one-on-one", 5, "manager"),
           ("First joint call", 10, "rep"), ("30-day review", 30, "manager")]
CUSTOM = [{"title": "Meet the owner", "due_day": 0, "assignee": "owner"},
          {"title": "Learn the price list", "due_day": 2, "assignee": "rep"},
          {"title": "Sixty-day review", "due_day": 60, "assignee": "manager"}]


def template_url(client) -> str:
    return f"/api/v1/clients/{client.id}/onboarding-template"


def plan_url(rep) -> str:
    return f"/api/v1/reps/{rep if isinstance(rep, str) else rep.id}/onboarding"


def start(caller, rep, **body) -> dict:
    response = caller.post(plan_url(rep), json=body)
    assert response.status_code == 201, response.text
    return response.json()


def today() -> date:
    return utcnow().date()  # the world's clients run on UTC


# --- templates ---------------------------------------------------------------------------------

def test_a_client_without_a_template_answers_the_default(world, as_user):
    got = as_user(world.manager_a).get(template_url(world.client_a))
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["is_default"] is True and body["id"] is None and "ETag" not in got.headers
    assert [(t["title"], t["due_day"], t["assignee"]) for t in body["tasks"]] == DEFAULT
    assert as_user(world.owner_a).get(template_url(world.client_a)).json() == body


def test_the_owner_replaces_the_template_and_if_match_guards_it(world, as_user):
    owner = as_user(world.owner_a)
    put = owner.put(template_url(world.client_a), json={"tasks": CUSTOM})
    assert put.status_code == 200, put.text
    assert put.json()["is_default"] is False and put.json()["tasks"] == CUSTOM
    etag = put.headers["ETag"]
    manager = as_user(world.manager_a)
    got = manager.get(template_url(world.client_a))
    assert got.json()["tasks"] == CUSTOM and got.headers["ETag"] == etag
    again = manager.put(template_url(world.client_a), json={"tasks": CUSTOM[:1]},
                        headers={"If-Match": etag})
    assert again.status_code == 200 and again.json()["version"] == 2
    problem(owner.put(template_url(world.client_a), json={"tasks": CUSTOM},
                      headers={"If-Match": etag}), 412)
    assert manager.get(template_url(world.client_a)).json()["tasks"] == CUSTOM[:1]


def test_who_may_read_and_change_templates(world, as_user):
    rep = as_user(world.rep_user_a1)
    problem(rep.get(template_url(world.client_a)), 403)
    problem(rep.put(template_url(world.client_a), json={"tasks": CUSTOM}), 403)
    problem(as_user(world.manager_b).get(template_url(world.client_a)), 404)
    problem(as_user(world.owner_b).put(template_url(world.client_a), json={"tasks": CUSTOM}),
            404)
    assert as_user(world.manager_a).get(template_url(world.client_a)).json()["is_default"]


TASK = {"title": "Shadow two calls", "due_day": 3, "assignee": "rep"}


@pytest.mark.parametrize("body, field", [
    ({"tasks": []}, "body.tasks"),
    ({}, "body.tasks"),
    ({"tasks": [TASK | {"due_day": 366}]}, "body.tasks.0.due_day"),
    ({"tasks": [TASK | {"due_day": -1}]}, "body.tasks.0.due_day"),
    ({"tasks": [TASK | {"due_day": "soon"}]}, "body.tasks.0.due_day"),
    ({"tasks": [TASK, TASK | {"assignee": "boss"}]}, "body.tasks.1.assignee"),
    ({"tasks": [TASK | {"title": "   "}]}, "body.tasks.0.title"),
    ({"tasks": [TASK | {"title": "x" * 301}]}, "body.tasks.0.title"),
    ({"tasks": [{"title": "No day", "assignee": "rep"}]}, "body.tasks.0.due_day"),
    ({"tasks": [TASK | {"done": True}]}, "body.tasks.0.done"),
    ({"tasks": [TASK] * 51}, "body.tasks"),
])
def test_invalid_templates_are_422_naming_the_field(world, as_user, body, field):
    manager = as_user(world.manager_a)
    error = problem(manager.put(template_url(world.client_a), json=body), 422)
    assert field in {e["field"] for e in error["errors"]}
    assert manager.get(template_url(world.client_a)).json()["is_default"] is True


# --- plans -------------------------------------------------------------------------------------

def test_a_plan_from_the_default_template_is_due_from_its_start(world, as_user):
    first = today() + timedelta(days=7)  # ahead, so that nothing is overdue on any date
    plan = start(as_user(world.manager_a), world.rep_a1, starts_on=str(first))
    assert plan["starts_on"] == str(first) and plan["rep_id"] == str(world.rep_a1.id)
    due = [(i["title"], i["due_on"], i["assignee"]) for i in plan["items"]]
    assert due == [(title, str(first + timedelta(days=days)), who) for title, days, who in (
        ("CRM and tools set-up", 1, "manager"), ("Product training", 1, "owner"),
        ("Shadow two calls", 3, "rep"), ("First one-on-one", 5, "manager"),
        ("First joint call", 10, "rep"), ("30-day review", 30, "manager"))]
    assert all(i["onboarding_plan_id"] == plan["id"] and i["rep_id"] == str(world.rep_a1.id)
               for i in plan["items"])
    assert plan["progress"] == {"done": 0, "total": 6, "overdue": 0}
    problem(as_user(world.owner_a).post(plan_url(world.rep_a1), json={}), 409)


def test_a_plan_starts_on_the_hire_date_and_follows_the_clients_template(world, as_user, db):
    rep = factories.make_rep(db, world.client_a, hire_date=date(2027, 1, 29))
    as_user(world.manager_a).put(template_url(world.client_a), json={"tasks": CUSTOM})
    plan = start(as_user(world.owner_a), rep)
    assert plan["starts_on"] == "2027-01-29"
    assert [(i["title"], i["due_on"]) for i in plan["items"]] == [
        ("Meet the owner", "2027-01-29"), ("Learn the price list", "2027-01-31"),
        ("Sixty-day review", "2027-03-30")]


def test_without_a_hire_date_the_plan_starts_today(world, as_user):
    plan = start(as_user(world.manager_a), world.rep_a2)
    assert plan["starts_on"] == str(today())
    assert plan["items"][-1]["due_on"] == str(today() + timedelta(days=30))


def test_ticking_tasks_off_moves_the_progress_and_late_ones_are_overdue(world, as_user):
    manager = as_user(world.manager_a)
    plan = start(manager, world.rep_a1, starts_on=str(today() - timedelta(days=4)))
    # Due days 1, 1 and 3 have passed: those three are overdue; day 5 is tomorrow.
    assert plan["progress"] == {"done": 0, "total": 6, "overdue": 3}
    tasks = {i["title"]: i for i in plan["items"]}
    rep = as_user(world.rep_user_a1)
    ticked = rep.patch(f"{ITEMS}/{tasks['Shadow two calls']['id']}", json={"done": True})
    assert ticked.status_code == 200, ticked.text
    assert ticked.json()["done"] and ticked.json()["onboarding_plan_id"] == plan["id"]
    problem(rep.patch(f"{ITEMS}/{tasks['CRM and tools set-up']['id']}", json={"done": True}),
            403)
    owner = as_user(world.owner_a)
    assert owner.patch(f"{ITEMS}/{tasks['Product training']['id']}",
                       json={"done": True}).status_code == 200
    mine = rep.get(plan_url(world.rep_a1)).json()  # the rep reads their own plan
    assert mine["progress"] == {"done": 2, "total": 6, "overdue": 1}
    listed = manager.get(ITEMS, params={"rep_id": str(world.rep_a1.id)}).json()["items"]
    assert {i["id"] for i in listed} == {i["id"] for i in plan["items"]} - {
        tasks["Shadow two calls"]["id"], tasks["Product training"]["id"]}


def test_who_may_start_and_read_plans(world, as_user, db):
    problem(as_user(world.rep_user_a1).post(plan_url(world.rep_a1), json={}), 403)
    problem(as_user(world.manager_b).post(plan_url(world.rep_a1), json={}), 404)
    problem(as_user(world.manager_a).get(plan_url(world.rep_a1)), 404)  # none yet
    start(as_user(world.manager_a), world.rep_a1)
    problem(as_user(world.rep_user_a2).get(plan_url(world.rep_a1)), 404)
    problem(as_user(world.owner_b).get(plan_url(world.rep_a1)), 404)
    assert as_user(world.owner_a).get(plan_url(world.rep_a1)).status_code == 200
    problem(as_user(world.manager_a).post(plan_url(world.rep_a2),
                                          json={"starts_on": "soon"}), 422)
    problem(as_user(world.manager_a).post(plan_url(world.rep_a2),
                                          json={"starts_on": "1999-12-31"}), 422)


# --- hiring ------------------------------------------------------------------------------------

def hire(caller, client, hirer=None, **fields):
    """A candidate walked to offer (by a manager's override) and hired by `hirer`."""
    made = caller.post("/api/v1/candidates", json={
        "client_id": str(client.id), "full_name": "Jamie Rivera",
        "email": "jamie.rivera@example.com"} | fields)
    assert made.status_code == 201, made.text
    url = f"/api/v1/candidates/{made.json()['id']}"
    for status in ("screening", "interviewing", "offer"):
        extra = {"override_reason": OVERRIDE} if status == "offer" else {}
        assert caller.patch(url, json={"status": status, **extra}).status_code == 200
    response = (hirer or caller).patch(url, json={"status": "hired", "create_rep": True})
    assert response.status_code == 200, response.text
    return url, response.json()


def test_a_hire_brings_the_rep_their_plan_and_an_invitation(world, as_user, client):
    manager = as_user(world.manager_a)
    url, hired = hire(manager, world.client_a)
    rep_id = hired["hired_rep_id"]
    assert hired["invitation_accept_url"] == (
        f"/api/v1/invitations/{hired['invitation_token']}/accept")
    plan = manager.get(plan_url(rep_id)).json()
    assert plan["id"] == hired["onboarding_plan_id"] and plan["starts_on"] == str(today())
    assert [i["due_on"] for i in plan["items"]] == [
        str(today() + timedelta(days=d)) for d in (1, 1, 3, 5, 10, 30)]
    read = manager.get(url).json()
    assert read["hired_rep_id"] == rep_id and "invitation_token" not in read
    invitation = manager.get(f"/api/v1/invitations/{hired['invitation_id']}").json()
    assert invitation["rep_id"] == rep_id and invitation["email"] == "jamie.rivera@example.com"
    assert invitation["role"] == "rep" and invitation["full_name"] == "Jamie Rivera"
    tokens = client.post(hired["invitation_accept_url"], json={"password": "a-long-passphrase"})
    assert tokens.status_code == 200, tokens.text
    assert manager.get(f"/api/v1/reps/{rep_id}").json()["user_id"]


def test_a_hire_without_an_email_gets_a_plan_and_no_invitation(world, as_user):
    as_user(world.owner_a).put(template_url(world.client_a), json={"tasks": CUSTOM})
    _, hired = hire(as_user(world.manager_a), world.client_a, as_user(world.owner_a),
                    email=None)
    assert hired["invitation_id"] is None and hired["invitation_token"] is None
    plan = as_user(world.owner_a).get(plan_url(hired["hired_rep_id"])).json()
    assert [i["title"] for i in plan["items"]] == [t["title"] for t in CUSTOM]


def test_a_hire_whose_email_has_a_login_gets_no_invitation(world, as_user):
    _, hired = hire(as_user(world.manager_a), world.client_a, email="owner@a.example")
    assert hired["hired_rep_id"] and hired["onboarding_plan_id"]
    assert hired["invitation_token"] is None
