"""/api/v1/deals: creation, stage rules, reassigning and reopening, ETags.
Lists, sorts, paging and the CSV export are in test_deal_lists.py."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import func, select

from app.models import Deal
from tests.support import factories
from tests.support.assertions import problem

URL = "/api/v1/deals"


def deal_body(**fields) -> dict:
    return {"name": "Line 4 retrofit", "account_name": "Northwind Foods",
            "amount": "1000.00"} | fields


def create(caller, **fields) -> dict:
    response = caller.post(URL, json=deal_body(**fields))
    assert response.status_code == 201, response.text
    return response.json()


def count_deals(db) -> int:
    return db.exec(select(func.count()).select_from(Deal)).one()


def today_in(timezone: str) -> str:
    return datetime.now(ZoneInfo(timezone)).date().isoformat()


# --- creating ------------------------------------------------------------------------------

def test_rep_creates_a_deal_for_themselves_with_defaults(world, as_user):
    response = as_user(world.rep_user_a1).post(URL, json=deal_body())
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    body = as_user(world.rep_user_a1).get(f"{URL}/{response.json()['id']}").json()
    assert body["rep_id"] == str(world.rep_a1.id) and body["client_id"] == str(world.client_a.id)
    assert body["stage"] == "prospecting" and body["forecast_category"] == "pipeline"
    assert body["kind"] == "new_business" and body["slip_count"] == 0 and body["version"] == 1
    assert body["closed_on"] is None and body["lost_reason"] is None
    assert body["proposal_sent_on"] is None and body["gross_margin_pct"] is None


def test_amount_and_margin_round_trip_exactly(world, as_user):
    rep = as_user(world.rep_user_a1)
    created = create(rep, amount="1234.50", gross_margin_pct="34.50")
    body = rep.get(f"{URL}/{created['id']}").json()
    assert body["amount"] == "1234.50"
    assert Decimal(body["gross_margin_pct"]) == Decimal("34.50")


def test_manager_creates_a_deal_for_a_named_rep(world, as_user):
    body = create(as_user(world.manager_a), rep_id=str(world.rep_a2.id))
    assert body["rep_id"] == str(world.rep_a2.id) and body["client_id"] == str(world.client_a.id)


def test_manager_creating_without_a_rep_is_422_and_writes_nothing(world, as_user, db):
    before = count_deals(db)
    problem(as_user(world.manager_a).post(URL, json=deal_body()), 422)
    assert count_deals(db) == before


def test_client_id_other_than_the_reps_client_is_422(world, as_user, db):
    before = count_deals(db)
    problem(as_user(world.rep_user_a1).post(
        URL, json=deal_body(client_id=str(world.client_b.id))), 422)
    assert count_deals(db) == before


@pytest.mark.parametrize("fields", [
    {"amount": "-1"}, {"amount": "0.001"}, {"amount": "abc"}, {"amount": "1e20"},
    {"gross_margin_pct": "100.01"}, {"gross_margin_pct": "-1"}, {"kind": "partnership"},
    {"stage": "won"}, {"name": ""}, {"forecast_category": "closed"},
    {"closed_on": "2026-01-05"}, {"lost_reason": "price_terms"}, {"stage": "closed_lost"},
    {"stage": "closed_won", "forecast_category": "commit"},
    {"stage": "closed_won", "lost_reason": "stall"}, {"lost_reason": "bored"},
    {"slip_count": 3}, {"version": 7}])
def test_refused_deal_input_is_422_and_writes_nothing(world, as_user, db, fields):
    before = count_deals(db)
    problem(as_user(world.rep_user_a1).post(URL, json=deal_body(**fields)), 422)
    assert count_deals(db) == before


# --- stage rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("timezone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_closing_sets_closed_on_to_today_in_the_clients_zone_and_category_closed(
        world, as_user, db, timezone):
    world.client_a.timezone = timezone
    db.flush()
    rep = as_user(world.rep_user_a1)
    deal = create(rep, forecast_category="commit")
    body = rep.patch(f"{URL}/{deal['id']}", json={"stage": "closed_won"}).json()
    assert body["closed_on"] == today_in(timezone)
    assert body["forecast_category"] == "closed" and body["lost_reason"] is None


def test_closing_keeps_a_given_closed_on(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    body = rep.patch(f"{URL}/{deal['id']}", json={"stage": "closed_won",
                                                  "closed_on": "2026-01-05"}).json()
    assert body["closed_on"] == "2026-01-05" and body["forecast_category"] == "closed"


def test_a_closed_deal_sent_a_null_closed_on_falls_back_to_today(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep, stage="closed_won", closed_on="2026-01-05")
    body = rep.patch(f"{URL}/{deal['id']}", json={"closed_on": None}).json()
    assert body["closed_on"] == today_in(world.client_a.timezone)


def test_losing_records_the_lost_reason(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    body = rep.patch(f"{URL}/{deal['id']}", json={"stage": "closed_lost",
                                                  "lost_reason": "price_terms"}).json()
    assert body["stage"] == "closed_lost" and body["lost_reason"] == "price_terms"
    assert body["forecast_category"] == "closed" and body["closed_on"]


def test_losing_without_a_lost_reason_is_422_and_changes_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    problem(rep.patch(f"{URL}/{deal['id']}", json={"stage": "closed_lost"}), 422)
    assert rep.get(f"{URL}/{deal['id']}").json() == deal


@pytest.mark.parametrize("fields", [
    {"forecast_category": "closed"}, {"closed_on": "2026-01-05"}, {"lost_reason": "stall"},
    {"name": None}, {"amount": None}, {"stage": None}, {"rep_id": None}])
def test_refused_update_of_an_open_deal_is_422_and_changes_nothing(world, as_user, fields):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    problem(manager.patch(f"{URL}/{deal['id']}", json=fields), 422)
    assert manager.get(f"{URL}/{deal['id']}").json() == deal


def test_proposal_sent_on_is_set_when_first_reaching_proposal_and_kept(world, as_user):
    rep = as_user(world.rep_user_a1)
    url = f"{URL}/{create(rep)['id']}"
    first = rep.patch(url, json={"stage": "negotiation"}).json()["proposal_sent_on"]
    assert first == today_in(world.client_a.timezone)
    rep.patch(url, json={"stage": "discovery"})
    assert rep.patch(url, json={"stage": "proposal"}).json()["proposal_sent_on"] == first


def test_a_given_proposal_sent_on_is_kept(world, as_user):
    body = create(as_user(world.rep_user_a1), stage="proposal", proposal_sent_on="2026-01-05")
    assert body["proposal_sent_on"] == "2026-01-05"


def test_manager_reopens_a_closed_deal(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id), stage="closed_lost", lost_reason="stall")
    body = manager.patch(f"{URL}/{deal['id']}", json={"stage": "negotiation"}).json()
    assert body["stage"] == "negotiation" and body["forecast_category"] == "pipeline"
    assert body["closed_on"] is None and body["lost_reason"] is None


def test_rep_reopening_is_403_and_changes_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep, stage="closed_won")
    problem(rep.patch(f"{URL}/{deal['id']}", json={"stage": "discovery"}), 403)
    assert rep.get(f"{URL}/{deal['id']}").json() == deal


def test_manager_reassigns_a_deal_to_a_rep_of_the_same_client(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    body = manager.patch(f"{URL}/{deal['id']}", json={"rep_id": str(world.rep_a2.id)}).json()
    assert body["rep_id"] == str(world.rep_a2.id)
    problem(as_user(world.rep_user_a1).get(f"{URL}/{deal['id']}"), 404)


def test_reassigning_to_a_rep_of_another_client_is_422_and_changes_nothing(world, as_user, db):
    client_c = factories.make_client(db, managers=[world.manager_a])
    rep_c = factories.make_rep(db, client_c)
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    problem(manager.patch(f"{URL}/{deal['id']}", json={"rep_id": str(rep_c.id)}), 422)
    assert manager.get(f"{URL}/{deal['id']}").json() == deal


def test_rep_reassigning_is_403_and_changes_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    problem(rep.patch(f"{URL}/{deal['id']}", json={"rep_id": str(world.rep_a2.id)}), 403)
    assert rep.get(f"{URL}/{deal['id']}").json() == deal


# --- ETags ---------------------------------------------------------------------------------

def test_get_sends_an_etag_that_changes_with_each_update(world, as_user):
    rep = as_user(world.rep_user_a1)
    url = f"{URL}/{create(rep)['id']}"
    first = rep.get(url).headers["ETag"]
    patched = rep.patch(url, json={"amount": "2000.00"}).headers["ETag"]
    assert patched != first and rep.get(url).headers["ETag"] == patched


def test_patch_with_the_current_if_match_succeeds(world, as_user):
    rep = as_user(world.rep_user_a1)
    url = f"{URL}/{create(rep)['id']}"
    etag = rep.get(url).headers["ETag"]
    response = rep.patch(url, json={"amount": "2000.00"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["amount"] == "2000.00"


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    url = f"{URL}/{create(rep)['id']}"
    stale = rep.get(url).headers["ETag"]
    current = rep.patch(url, json={"amount": "2000.00"}).json()
    problem(rep.patch(url, json={"amount": "1.00"}, headers={"If-Match": stale}), 412)
    assert rep.get(url).json() == current
