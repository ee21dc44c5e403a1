"""/api/v1/deals/{id}/history: who changed which tracked field when, newest first; slips."""

import pytest
from sqlmodel import func, select

from app.models import DealChange
from tests.support.assertions import problem

URL = "/api/v1/deals"
TRACKED = {"stage", "amount", "expected_close_on", "forecast_category", "rep_id"}


def create(caller, **fields) -> dict:
    body = {"name": "Line 4 retrofit", "amount": "1000.00",
            "expected_close_on": "2026-06-30"} | fields
    response = caller.post(URL, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def patch(caller, deal: dict, **fields) -> dict:
    response = caller.patch(f"{URL}/{deal['id']}", json=fields)
    assert response.status_code == 200, response.text
    return response.json()


def history(caller, deal: dict) -> list[dict]:
    response = caller.get(f"{URL}/{deal['id']}/history", params={"limit": 200})
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return response.json()["items"]


def latest(caller, deal: dict) -> dict[str, dict]:
    """The entries of the most recent change, by field."""
    items = history(caller, deal)
    return {item["field"]: item for item in items if item["changed_at"] == items[0]["changed_at"]}


def test_creation_records_each_tracked_field_with_old_null(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep, stage="discovery", forecast_category="best_case")
    items = {item["field"]: item for item in history(rep, deal)}
    assert set(items) == TRACKED
    assert all(item["old"] is None for item in items.values())
    assert {f: items[f]["new"] for f in TRACKED} == {
        "stage": "discovery", "amount": "1000.00", "expected_close_on": "2026-06-30",
        "forecast_category": "best_case", "rep_id": str(world.rep_a1.id)}
    assert {item["changed_by"] for item in items.values()} == {str(world.rep_user_a1.id)}
    assert {item["changed_at"] for item in items.values()} == {deal["updated_at"]}


def test_a_stage_change_is_recorded_newest_first_with_who_and_when(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    changed = patch(rep, deal, stage="discovery")
    first = history(rep, deal)[0]
    assert first == {"field": "stage", "old": "prospecting", "new": "discovery",
                     "changed_by": str(world.rep_user_a1.id),
                     "changed_at": changed["updated_at"]}


def test_an_amount_change_is_recorded_as_exact_text(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    patch(rep, deal, amount="1250.5")
    entry = latest(rep, deal)["amount"]
    assert (entry["old"], entry["new"]) == ("1000.00", "1250.50")


def test_closing_records_the_stage_and_the_forecast_category(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep, forecast_category="commit")
    patch(rep, deal, stage="closed_won")
    changes = {f: (e["old"], e["new"]) for f, e in latest(rep, deal).items()}
    assert changes == {"stage": ("prospecting", "closed_won"),
                       "forecast_category": ("commit", "closed")}


def test_changing_untracked_fields_records_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    before = history(rep, deal)
    patch(rep, deal, next_step="Send the ROI sheet", name="Line 5", gross_margin_pct="30")
    assert history(rep, deal) == before


def test_moving_expected_close_later_counts_a_slip_and_is_recorded(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    body = patch(rep, deal, expected_close_on="2026-07-15")
    assert body["slip_count"] == 1
    entry = latest(rep, deal)["expected_close_on"]
    assert (entry["old"], entry["new"]) == ("2026-06-30", "2026-07-15")
    assert patch(rep, deal, expected_close_on="2026-08-01")["slip_count"] == 2


def test_moving_expected_close_earlier_is_recorded_but_not_a_slip(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    assert patch(rep, deal, expected_close_on="2026-06-01")["slip_count"] == 0
    entry = latest(rep, deal)["expected_close_on"]
    assert (entry["old"], entry["new"]) == ("2026-06-30", "2026-06-01")


def test_setting_expected_close_from_null_is_not_a_slip(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep, expected_close_on=None)
    assert patch(rep, deal, expected_close_on="2026-09-01")["slip_count"] == 0
    entry = latest(rep, deal)["expected_close_on"]
    assert (entry["old"], entry["new"]) == (None, "2026-09-01")


def test_sending_the_same_expected_close_is_not_a_slip(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    assert patch(rep, deal, expected_close_on="2026-06-30")["slip_count"] == 0
    assert len(history(rep, deal)) == len(TRACKED)


def test_reassignment_is_recorded_with_the_manager_as_changed_by(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    patch(manager, deal, rep_id=str(world.rep_a2.id))
    entry = history(manager, deal)[0]
    assert entry["field"] == "rep_id" and entry["changed_by"] == str(world.manager_a.id)
    assert (entry["old"], entry["new"]) == (str(world.rep_a1.id), str(world.rep_a2.id))


def test_reopening_is_recorded(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id), stage="closed_lost", lost_reason="stall")
    patch(manager, deal, stage="discovery")
    changes = {f: (e["old"], e["new"], e["changed_by"]) for f, e in latest(manager, deal).items()}
    manager_id = str(world.manager_a.id)
    assert changes == {"stage": ("closed_lost", "discovery", manager_id),
                       "forecast_category": ("closed", "pipeline", manager_id)}


def test_a_refused_update_records_no_history(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    before = db.exec(select(func.count()).select_from(DealChange)).one()
    problem(rep.patch(f"{URL}/{deal['id']}", json={"stage": "closed_lost", "amount": "5.00"}),
            422)
    problem(rep.patch(f"{URL}/{deal['id']}", json={"amount": "5.00"},
                      headers={"If-Match": '"stale"'}), 412)
    assert db.exec(select(func.count()).select_from(DealChange)).one() == before


def test_history_pages_newest_first_without_repeats(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    for stage in ("discovery", "proposal", "negotiation"):
        patch(rep, deal, stage=stage)
    full = history(rep, deal)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = rep.get(f"{URL}/{deal['id']}/history", params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == full and len(full) == len(TRACKED) + 3
    assert [item["changed_at"] for item in full] == sorted(
        (item["changed_at"] for item in full), reverse=True)


def test_a_rep_reads_their_deals_history_but_not_a_colleagues(world, as_user):
    own = create(as_user(world.rep_user_a1))
    colleague = create(as_user(world.rep_user_a2))
    rep = as_user(world.rep_user_a1)
    assert history(rep, own)
    problem(rep.get(f"{URL}/{colleague['id']}/history"), 404)


def test_owner_reads_the_history_of_their_companys_deals(world, as_user):
    deal = create(as_user(world.rep_user_a1))
    assert len(history(as_user(world.owner_a), deal)) == len(TRACKED)


@pytest.mark.parametrize("caller", ["manager_b", "owner_b", "rep_user_b1"])
def test_another_companys_deal_history_is_not_found(world, as_user, caller):
    deal = create(as_user(world.rep_user_a1))
    response = as_user(getattr(world, caller)).get(f"{URL}/{deal['id']}/history")
    problem(response, 404)
    assert str(world.rep_a1.id) not in response.text
