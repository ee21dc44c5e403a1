"""/api/v1/activities: logging one row, its rules, filters, paging, corrections, tenancy."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import func, select

from app.models import Activity
from tests.support.assertions import problem, walk_pages

URL = "/api/v1/activities"
DEALS = "/api/v1/deals"


def today() -> date:
    """Today for the world's clients (their time zone is the default, UTC)."""
    return datetime.now(UTC).date()


def day(offset: int = 0) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def count_activities(db) -> int:
    return db.exec(select(func.count()).select_from(Activity)).one()


def make_deal(caller, rep) -> str:
    response = caller.post(DEALS, json={"rep_id": str(rep.id), "name": "Line 4 retrofit"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def log(caller, **fields):
    return caller.post(URL, json={"occurred_on": day(), "kind": "call", "quantity": "3"}
                       | fields)


def logged(caller, **fields) -> dict:
    response = log(caller, **fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_rep_logs_their_own_activity_when_rep_id_is_omitted(world, as_user):
    rep = as_user(world.rep_user_a1)
    response = log(rep, note="Trade show follow-ups")
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    body = rep.get(f"{URL}/{response.json()['id']}").json()
    assert body["rep_id"] == str(world.rep_a1.id) and body["client_id"] == str(world.client_a.id)
    assert body["occurred_on"] == day() and body["kind"] == "call"
    assert body["quantity"] in ("3", "3.00") and body["note"] == "Trade show follow-ups"
    assert body["deal_id"] is None and body["version"] == 1


def test_manager_logs_for_any_rep_of_their_clients(world, as_user):
    body = logged(as_user(world.manager_a), rep_id=str(world.rep_a2.id), kind="meeting")
    assert body["rep_id"] == str(world.rep_a2.id) and body["kind"] == "meeting"


def test_manager_must_name_the_rep(world, as_user, db):
    body = problem(log(as_user(world.manager_a)), 422)
    assert body["errors"][0]["field"] == "body.rep_id"
    assert count_activities(db) == 0


def test_manager_logging_for_another_companys_rep_is_404(world, as_user, db):
    problem(log(as_user(world.manager_a), rep_id=str(world.rep_b1.id)), 404)
    assert count_activities(db) == 0


def test_owner_may_not_log_activity(world, as_user, db):
    problem(log(as_user(world.owner_a), rep_id=str(world.rep_a1.id)), 403)
    assert count_activities(db) == 0


def test_rep_may_not_log_for_a_colleague(world, as_user, db):
    problem(log(as_user(world.rep_user_a1), rep_id=str(world.rep_a2.id)), 403)
    assert count_activities(db) == 0


def test_activity_may_be_attached_to_one_of_the_reps_deals(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal_id = make_deal(rep, world.rep_a1)
    assert logged(rep, kind="proposal", quantity="1", deal_id=deal_id)["deal_id"] == deal_id


def test_rep_may_not_attach_a_colleagues_deal(world, as_user, db):
    deal_id = make_deal(as_user(world.manager_a), world.rep_a2)
    body = problem(log(as_user(world.rep_user_a1), deal_id=deal_id), 422)
    assert body["errors"][0]["field"] == "body.deal_id"
    assert count_activities(db) == 0


def test_manager_may_not_attach_another_reps_deal(world, as_user, db):
    manager = as_user(world.manager_a)
    deal_id = make_deal(manager, world.rep_a2)
    problem(log(manager, rep_id=str(world.rep_a1.id), deal_id=deal_id), 422)
    problem(log(manager, rep_id=str(world.rep_a1.id), deal_id=str(uuid.uuid4())), 422)
    assert count_activities(db) == 0


def test_same_rep_day_and_kind_twice_is_409(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    logged(rep)
    problem(log(rep, quantity="5"), 409)
    assert count_activities(db) == 1


def test_other_kinds_days_and_reps_are_not_duplicates(world, as_user, db):
    logged(as_user(world.rep_user_a1))
    logged(as_user(world.rep_user_a1), kind="meeting")
    logged(as_user(world.rep_user_a1), occurred_on=day(-1))
    logged(as_user(world.rep_user_a2))
    assert count_activities(db) == 4


def test_tomorrow_is_accepted(world, as_user):
    assert logged(as_user(world.rep_user_a1), occurred_on=day(1))["occurred_on"] == day(1)


def test_more_than_a_day_ahead_is_422(world, as_user, db):
    body = problem(log(as_user(world.rep_user_a1), occurred_on=day(2)), 422)
    assert body["errors"][0]["field"] == "body.occurred_on"
    assert count_activities(db) == 0


def test_future_limit_follows_the_clients_time_zone(world, as_user, db):
    world.client_a.timezone = "Pacific/Kiritimati"  # UTC+14: always a day ahead or more
    db.add(world.client_a)
    db.flush()
    local = datetime.now(ZoneInfo("Pacific/Kiritimati"))
    tomorrow = (local.date() + timedelta(days=1)).isoformat()
    rep = as_user(world.rep_user_a1)
    assert logged(rep, occurred_on=tomorrow)["occurred_on"] == tomorrow
    problem(log(rep, kind="meeting", occurred_on=(local.date() + timedelta(days=2)).isoformat()),
            422)


@pytest.mark.parametrize("kind, quantity", [
    ("prospecting", "2.25"), ("prospecting", "24"), ("prospecting", "0.5"), ("call", "0"),
    ("meeting", "12")])
def test_accepted_quantities(world, as_user, kind, quantity):
    body = logged(as_user(world.rep_user_a1), kind=kind, quantity=quantity)
    assert float(body["quantity"]) == float(quantity)


@pytest.mark.parametrize("fields", [
    {"kind": "call", "quantity": "2.5"}, {"kind": "meeting", "quantity": "0.25"},
    {"kind": "prospecting", "quantity": "1.1"}, {"kind": "prospecting", "quantity": "24.25"},
    {"quantity": "-1"}, {"kind": "email"}, {"occurred_on": "not-a-date"},
    {"note": "x" * 1001}, {"deal_id": "nope"}, {"client_id": str(uuid.uuid4())}])
def test_refused_input_is_422_and_writes_nothing(world, as_user, db, fields):
    problem(log(as_user(world.rep_user_a1), **fields), 422)
    assert count_activities(db) == 0


@pytest.fixture
def spread(world, as_user) -> dict[str, str]:
    """Six activities of company A over three days, and one of company B."""
    manager, ids = as_user(world.manager_a), {}
    for rep, name in ((world.rep_a1, "a1"), (world.rep_a2, "a2")):
        for offset in (-2, -1, 0):
            kind = "call" if offset else "meeting"
            ids[f"{name}{offset}"] = logged(manager, rep_id=str(rep.id), kind=kind,
                                            occurred_on=day(offset))["id"]
    ids["b1"] = logged(as_user(world.rep_user_b1))["id"]
    return ids


def listed(caller, **params) -> list[dict]:
    response = caller.get(URL, params=params | {"limit": 200})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_list_is_latest_day_first_within_the_callers_scope(world, as_user, spread):
    items = listed(as_user(world.manager_a))
    assert {i["id"] for i in items} == set(spread.values()) - {spread["b1"]}
    assert [i["occurred_on"] for i in items] == sorted((i["occurred_on"] for i in items),
                                                       reverse=True)


def test_rep_lists_only_their_own_activity(world, as_user, spread):
    assert {i["id"] for i in listed(as_user(world.rep_user_a1))} == {
        spread["a1-2"], spread["a1-1"], spread["a10"]}


def test_owner_lists_their_companys_activity(world, as_user, spread):
    assert len(listed(as_user(world.owner_a))) == 6


def test_filters_by_rep_kind_and_client(world, as_user, spread):
    manager = as_user(world.manager_a)
    assert {i["id"] for i in listed(manager, rep_id=str(world.rep_a2.id), kind="call")} == {
        spread["a2-2"], spread["a2-1"]}
    assert len(listed(manager, client_id=str(world.client_a.id))) == 6
    assert listed(manager, client_id=str(world.client_b.id)) == []


def test_from_and_to_are_inclusive(world, as_user, spread):
    items = listed(as_user(world.manager_a), **{"from": day(-1), "to": day(-1)})
    assert {i["id"] for i in items} == {spread["a1-1"], spread["a2-1"]}
    assert len(listed(as_user(world.manager_a), **{"from": day(-1)})) == 4
    assert len(listed(as_user(world.manager_a), to=day(-2))) == 2


def test_updated_since_lists_only_later_changes(world, as_user, spread):
    manager = as_user(world.manager_a)
    since = datetime.now(UTC)
    manager.patch(f"{URL}/{spread['a1-1']}", json={"note": "corrected"})
    assert [i["id"] for i in listed(manager, updated_since=since.isoformat())] == [
        spread["a1-1"]]


@pytest.mark.parametrize("limit", [1, 4])
def test_pages_return_every_row_once(world, as_user, spread, limit):
    seen = walk_pages(as_user(world.manager_a), URL, limit=limit)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 6


def test_patch_corrects_quantity_note_and_deal(world, as_user):
    rep = as_user(world.rep_user_a1)
    activity, deal_id = logged(rep), make_deal(rep, world.rep_a1)
    response = rep.patch(f"{URL}/{activity['id']}", json={
        "quantity": "7", "note": "Two more", "deal_id": deal_id})
    assert response.status_code == 200, response.text
    body = rep.get(f"{URL}/{activity['id']}").json()
    assert float(body["quantity"]) == 7 and body["note"] == "Two more"
    assert body["deal_id"] == deal_id and body["version"] == 2
    cleared = rep.patch(f"{URL}/{activity['id']}", json={"deal_id": None}).json()
    assert cleared["deal_id"] is None


def test_patch_with_a_stale_etag_is_412(world, as_user):
    rep = as_user(world.rep_user_a1)
    created = log(rep)
    url, etag = f"{URL}/{created.json()['id']}", created.headers["ETag"]
    assert rep.patch(url, json={"note": "first"}, headers={"If-Match": etag}).status_code == 200
    problem(rep.patch(url, json={"note": "second"}, headers={"If-Match": etag}), 412)
    assert rep.get(url).json()["note"] == "first"


@pytest.mark.parametrize("fields", [
    {"quantity": "2.5"}, {"kind": "meeting"}, {"occurred_on": day(-3)}, {"note": None},
    {"quantity": None}, {"rep_id": str(uuid.uuid4())}])
def test_refused_patch_is_422_and_changes_nothing(world, as_user, fields):
    rep = as_user(world.rep_user_a1)
    activity = logged(rep)
    problem(rep.patch(f"{URL}/{activity['id']}", json=fields), 422)
    assert rep.get(f"{URL}/{activity['id']}").json()["version"] == 1


def test_patch_may_not_attach_a_colleagues_deal(world, as_user):
    rep, deal_id = as_user(world.rep_user_a1), make_deal(as_user(world.manager_a), world.rep_a2)
    activity = logged(rep)
    problem(rep.patch(f"{URL}/{activity['id']}", json={"deal_id": deal_id}), 422)
    assert rep.get(f"{URL}/{activity['id']}").json()["deal_id"] is None


def test_delete_removes_the_activity(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    activity = logged(rep)
    response = rep.delete(f"{URL}/{activity['id']}")
    assert response.status_code == 204 and not response.content
    problem(rep.get(f"{URL}/{activity['id']}"), 404)
    assert count_activities(db) == 0


def test_rep_cannot_see_or_touch_a_colleagues_activity(world, as_user, db):
    activity = logged(as_user(world.rep_user_a2))
    rep, url = as_user(world.rep_user_a1), f"{URL}/{activity['id']}"
    problem(rep.get(url), 404)
    problem(rep.patch(url, json={"note": "mine now"}), 404)
    problem(rep.delete(url), 404)
    assert as_user(world.rep_user_a2).get(url).json()["version"] == 1


def test_owner_may_read_but_not_change_activity(world, as_user, db):
    activity = logged(as_user(world.rep_user_a1))
    owner, url = as_user(world.owner_a), f"{URL}/{activity['id']}"
    assert owner.get(url).status_code == 200
    problem(owner.patch(url, json={"note": "x"}), 403)
    problem(owner.delete(url), 403)
    assert count_activities(db) == 1


def test_another_companys_manager_gets_404(world, as_user, db):
    activity = logged(as_user(world.rep_user_a1))
    manager, url = as_user(world.manager_b), f"{URL}/{activity['id']}"
    problem(manager.get(url), 404)
    problem(manager.patch(url, json={"note": "x"}), 404)
    problem(manager.delete(url), 404)
    assert count_activities(db) == 1


def test_expand_puts_the_rep_client_and_deal_names_beside_the_ids(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal_id = make_deal(rep, world.rep_a1)
    with_deal = logged(rep, kind="proposal", quantity="1", deal_id=deal_id)
    without = logged(rep, kind="call", quantity="4")
    plain = rep.get(f"{URL}/{with_deal['id']}").json()
    assert (plain["rep"], plain["client"], plain["deal"]) == (None, None, None)
    read = rep.get(f"{URL}/{with_deal['id']}", params={"expand": "rep,client,deal"}).json()
    assert read["rep"] == {"id": str(world.rep_a1.id), "name": world.rep_a1.full_name}
    assert read["client"] == {"id": str(world.client_a.id), "name": world.client_a.name}
    deal_name = rep.get(f"/api/v1/deals/{deal_id}").json()["name"]
    assert read["deal"] == {"id": deal_id, "name": deal_name}
    listed = {a["id"]: a for a in as_user(world.manager_a).get(
        URL, params={"expand": "deal"}).json()["items"]}
    assert listed[with_deal["id"]]["deal"]["name"] == deal_name
    assert listed[without["id"]]["deal"] is None  # no deal: nothing to name
    assert listed[without["id"]]["rep"] is None  # not asked for
    problem(rep.get(URL, params={"expand": "account"}), 422)
    problem(rep.get(URL, params={"expand": "rep,"}), 422)
