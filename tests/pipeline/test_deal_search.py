"""Finding deals: `q` over the name, account name and next step (case-insensitive, the
characters taken literally), amount and close-date ranges (both ends included), and
`owner=me` for a rep's own deals."""

from datetime import timedelta

from tests.support.alarm_helpers import TODAY, deal
from tests.support.assertions import problem


def names(caller, **params) -> list[str]:
    response = caller.get("/api/v1/deals", params=params)
    assert response.status_code == 200, response.text
    return sorted(d["name"] for d in response.json()["items"])


def test_q_looks_in_name_account_and_next_step(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, "1000.00", name="Line 4 retrofit", account_name="Northwind Foods")
    deal(rep, "2000.00", name="Boiler", next_step="Send the NORTHWIND quote")
    deal(rep, "3000.00", name="Conveyor 100% uptime", account_name="Contoso")
    manager = as_user(world.manager_a)
    assert names(manager, q="northwind") == ["Boiler", "Line 4 retrofit"]
    assert names(manager, q="100%") == ["Conveyor 100% uptime"]
    assert names(manager, q="0%") == ["Conveyor 100% uptime"]  # % is a character here
    assert names(manager, q="_") == []
    assert names(manager, q="nothing like it") == []
    problem(manager.get("/api/v1/deals", params={"q": ""}), 422)


def test_amount_and_close_ranges_include_both_ends(world, as_user):
    rep = as_user(world.rep_user_a1)
    for amount in ("999.99", "1000.00", "5000.00", "5000.01"):
        deal(rep, amount, name=amount)
    manager = as_user(world.manager_a)
    assert names(manager, amount_min="1000.00", amount_max="5000.00") == ["1000.00",
                                                                          "5000.00"]
    deal(rep, "1.00", name="won early", stage="closed_won",
         closed_on=TODAY - timedelta(days=10))
    deal(rep, "1.00", name="won late", stage="closed_won", closed_on=TODAY)
    assert names(manager, closed_from=str(TODAY - timedelta(days=10)),
                 closed_to=str(TODAY - timedelta(days=1))) == ["won early"]
    problem(manager.get("/api/v1/deals", params={"amount_min": "abc"}), 422)


def test_owner_me_is_a_reps_own(world, as_user):
    deal(as_user(world.rep_user_a1), "10.00", name="mine")
    deal(as_user(world.rep_user_a2), "10.00", name="theirs")
    assert names(as_user(world.rep_user_a1), owner="me") == ["mine"]
    body = problem(as_user(world.manager_a).get("/api/v1/deals", params={"owner": "me"}), 400)
    assert body["errors"][0]["field"] == "query.owner"
    problem(as_user(world.manager_a).get("/api/v1/deals", params={"owner": "you"}), 422)


def test_expand_puts_names_beside_the_ids(world, as_user):
    manager = as_user(world.manager_a)
    account = manager.post("/api/v1/accounts", json={
        "client_id": str(world.client_a.id), "name": "Northwind Foods"}).json()
    created = deal(manager, "10.00", rep_id=str(world.rep_a1.id), account_id=account["id"])
    plain = manager.get(f"/api/v1/deals/{created['id']}").json()
    assert (plain["rep"], plain["client"], plain["account"]) == (None, None, None)
    read = manager.get(f"/api/v1/deals/{created['id']}",
                       params={"expand": "rep,client,account"}).json()
    assert read["rep"] == {"id": str(world.rep_a1.id), "name": world.rep_a1.full_name}
    assert read["client"] == {"id": str(world.client_a.id), "name": world.client_a.name}
    assert read["account"] == {"id": account["id"], "name": "Northwind Foods"}
    listed = manager.get("/api/v1/deals", params={"expand": "rep"}).json()["items"]
    assert {d["rep"]["name"] for d in listed} == {world.rep_a1.full_name}
    assert all(d["client"] is None for d in listed)
    problem(manager.get("/api/v1/deals", params={"expand": "owner"}), 422)
