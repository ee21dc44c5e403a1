"""Guards found in review: slips can't be hidden, dates can't run ahead, cursors are finite."""

import base64
import json
import uuid
from datetime import date, timedelta

import pytest

from tests.support.assertions import problem

URL = "/api/v1/deals"


def _deal(caller, **fields) -> dict:
    response = caller.post(URL, json={"name": "Guarded", "amount": "100.00"} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_clearing_the_expected_close_is_refused_so_a_slip_cant_be_hidden(world, as_user):
    rep = as_user(world.rep_user_a1)
    start = date.today() + timedelta(days=10)
    deal = _deal(rep, expected_close_on=start.isoformat())
    url = f"{URL}/{deal['id']}"
    assert rep.patch(url, json={"expected_close_on": str(start + timedelta(days=14))}).json()[
        "slip_count"] == 1
    problem(rep.patch(url, json={"expected_close_on": None}), 422)
    later = rep.patch(url, json={"expected_close_on": str(start + timedelta(days=60))})
    assert later.json()["slip_count"] == 2


@pytest.mark.parametrize("fields", [
    {"stage": "closed_won", "closed_on": "2099-01-01"},
    {"stage": "proposal", "proposal_sent_on": "2099-01-01"},
])
def test_close_and_proposal_dates_more_than_a_day_ahead_are_422(world, as_user, fields):
    rep = as_user(world.rep_user_a1)
    deal = _deal(rep)
    problem(rep.patch(f"{URL}/{deal['id']}", json=fields), 422)
    assert rep.get(f"{URL}/{deal['id']}").json()["stage"] == "prospecting"


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity"])
def test_a_non_finite_amount_cursor_is_422_not_500(world, as_user, value):
    raw = json.dumps([value, uuid.uuid4().hex]).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response = as_user(world.manager_a).get(URL, params={"sort": "amount", "cursor": cursor})
    problem(response, 422)


def test_export_keeps_tab_and_carriage_return_formulas_inert(world, as_user):
    rep = as_user(world.rep_user_a1)
    _deal(rep, name="\t=1+1", account_name="\r=2+2")
    text = rep.get(f"{URL}/export.csv").text
    assert "'\t=1+1" in text and "'\r=2+2" in text


def test_an_archived_rep_takes_no_new_deals_or_activities(world, as_user):
    manager = as_user(world.manager_a)
    assert manager.post(f"/api/v1/reps/{world.rep_a2.id}/archive").status_code == 200
    problem(manager.post(URL, json={"name": "Late", "rep_id": str(world.rep_a2.id)}), 422)
    problem(manager.post("/api/v1/activities", json={
        "rep_id": str(world.rep_a2.id), "occurred_on": date.today().isoformat(),
        "kind": "call", "quantity": "1"}), 422)
