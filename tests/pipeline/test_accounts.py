"""Accounts and territories: kept by managers, read by owners and the client's reps; an
account worked by two reps at once is a conflict; imports find accounts by name."""

from sqlmodel import select

from app.models import Account
from tests.support.alarm_helpers import deal
from tests.support.assertions import problem
from tests.support.import_helpers import upload

ACCOUNTS = "/api/v1/accounts"


def account(caller, client, name, **fields) -> dict:
    response = caller.post(ACCOUNTS, json={"client_id": str(client.id), "name": name, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_manager_keeps_accounts_and_names_are_unique_per_client(world, as_user):
    manager = as_user(world.manager_a)
    made = account(manager, world.client_a, "Northwind", owner_rep_id=str(world.rep_a1.id))
    assert made["status"] == "prospect" and made["owner_rep_id"] == str(world.rep_a1.id)
    problem(manager.post(ACCOUNTS, json={"client_id": str(world.client_a.id),
                                         "name": "northwind"}), 409)
    changed = manager.patch(f"{ACCOUNTS}/{made['id']}", json={"status": "customer"})
    assert changed.status_code == 200 and changed.json()["status"] == "customer"
    problem(manager.patch(f"{ACCOUNTS}/{made['id']}",
                          json={"owner_rep_id": str(world.rep_b1.id)}), 422)
    listed = manager.get(ACCOUNTS, params={"q": "north"}).json()["items"]
    assert [a["name"] for a in listed] == ["Northwind"]


def test_owners_and_reps_read_their_companys_accounts_only(world, as_user):
    made = account(as_user(world.manager_a), world.client_a, "Contoso")
    assert as_user(world.owner_a).get(f"{ACCOUNTS}/{made['id']}").status_code == 200
    assert as_user(world.rep_user_a2).get(f"{ACCOUNTS}/{made['id']}").status_code == 200
    problem(as_user(world.rep_user_b1).get(f"{ACCOUNTS}/{made['id']}"), 404)
    problem(as_user(world.manager_b).get(f"{ACCOUNTS}/{made['id']}"), 404)
    problem(as_user(world.owner_a).post(ACCOUNTS, json={"client_id": str(world.client_a.id),
                                                        "name": "X"}), 403)


def test_an_account_with_open_deals_of_two_reps_is_a_conflict(world, as_user):
    manager = as_user(world.manager_a)
    shared = account(manager, world.client_a, "Globex")
    solo = account(manager, world.client_a, "Initech")
    deal(as_user(world.rep_user_a1), 1000, account_id=shared["id"])
    deal(as_user(world.rep_user_a1), 2000, account_id=shared["id"])
    deal(as_user(world.rep_user_a2), 3000, account_id=shared["id"])
    deal(as_user(world.rep_user_a1), 4000, account_id=solo["id"])
    deal(as_user(world.rep_user_a2), 5000, account_id=solo["id"], stage="closed_won")
    found = manager.get(f"/api/v1/clients/{world.client_a.id}/accounts/conflicts").json()
    [conflict] = found["items"]
    assert conflict["name"] == "Globex"
    assert [(r["rep_id"], r["open_deals"]) for r in conflict["reps"]] == [
        (str(world.rep_a1.id), 2), (str(world.rep_a2.id), 1)]


def test_a_deal_takes_its_accounts_name_and_only_an_account_of_its_client(world, as_user, db):
    manager = as_user(world.manager_a)
    mine = account(manager, world.client_a, "Umbrella")
    created = deal(as_user(world.rep_user_a1), 1000, account_id=mine["id"])
    assert created["account_name"] == "Umbrella"
    theirs = account(as_user(world.manager_b), world.client_b, "Stark")
    response = as_user(world.rep_user_a1).post("/api/v1/deals", json={
        "name": "D", "account_id": theirs["id"]})
    problem(response, 422)


def test_imports_find_accounts_by_name_and_create_new_ones(world, as_user, db):
    manager = as_user(world.manager_a)
    account(manager, world.client_a, "Wayne")
    content = ("rep_email,name,account_name\n"
               "rep1@a.example,One,wayne\nrep2@a.example,Two,Hooli\nrep1@a.example,Three,Hooli\n")
    assert upload(manager, world.client_a, "deals", content).status_code == 201
    names = sorted(a.name for a in db.exec(select(Account).where(
        Account.client_id == world.client_a.id)))
    assert names == ["Hooli", "Wayne"]
    found = manager.get(f"/api/v1/clients/{world.client_a.id}/accounts/conflicts").json()
    assert [c["name"] for c in found["items"]] == ["Hooli"]


def test_territories_hold_their_clients_reps(world, as_user):
    manager = as_user(world.manager_a)
    url = f"/api/v1/clients/{world.client_a.id}/territories"
    made = manager.post(url, json={"name": "Midwest", "rep_ids": [str(world.rep_a1.id)]})
    assert made.status_code == 201 and made.json()["rep_ids"] == [str(world.rep_a1.id)]
    problem(manager.post(url, json={"name": "Midwest"}), 409)
    problem(manager.post(url, json={"name": "East", "rep_ids": [str(world.rep_b1.id)]}), 422)
    moved = manager.patch(f"/api/v1/territories/{made.json()['id']}",
                          json={"rep_ids": [str(world.rep_a2.id), str(world.rep_a1.id)]})
    assert moved.json()["rep_ids"] == [str(world.rep_a2.id), str(world.rep_a1.id)]
    assert [t["name"] for t in as_user(world.owner_a).get(url).json()] == ["Midwest"]
    problem(as_user(world.manager_b).get(url), 404)
    held = account(manager, world.client_a, "Soylent", territory_id=made.json()["id"])
    assert held["territory_id"] == made.json()["id"]
