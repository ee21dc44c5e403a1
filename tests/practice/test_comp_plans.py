"""Compensation plans and earnings, computed by hand. Company A (tests.conftest): monthly
periods, UTC; each rep's quota 25,000. The plan pays 3,000 of variable at 100 %: nothing
under 50 % of quota, the attainment itself from 50 % to 100 %, 1.5 points per point above;
with the margin gate, deals under 30 % margin count at half their amount."""

from datetime import timedelta

import pytest

from app.core.periods import MeasurementPeriod, period_containing, period_label
from tests.support.alarm_helpers import TODAY, deal
from tests.support.assertions import problem

PERIOD = period_containing(TODAY, MeasurementPeriod.month)
LABEL = period_label(PERIOD)


def plan(manager, client, reps, **fields) -> dict:
    response = manager.post(f"/api/v1/clients/{client.id}/comp-plans", json={
        "name": "AE plan", "base_pay": "4500.00", "on_target_variable": "3000.00",
        "effective_from": str(PERIOD.start), "rep_ids": [str(r.id) for r in reps]} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def earnings(caller, rep, label=LABEL) -> dict:
    response = caller.get(f"/api/v1/reps/{rep.id}/earnings", params={"period": label})
    assert response.status_code == 200, response.text
    return response.json()


def won(caller, amount, margin=None) -> dict:
    fields = {"stage": "closed_won", "closed_on": TODAY}
    if margin is not None:
        fields["gross_margin_pct"] = str(margin)
    return deal(caller, amount, **fields)


@pytest.mark.parametrize(("amounts", "attainment", "rate", "pay"), [
    (["12499.99"], "0.5000", "0.0000", "0.00"),     # 49.99996 %: under the threshold
    (["12500.00"], "0.5000", "0.5000", "1500.00"),   # 50 %: pays 50 %
    (["20000.00"], "0.8000", "0.8000", "2400.00"),   # 80 % pays 80 %
    (["25000.00"], "1.0000", "1.0000", "3000.00"),   # 100 %
    (["10000.00", "20000.00"], "1.2000", "1.3000", "3900.00"),  # 120 %: 100 + 1.5 x 20
])
def test_the_bands_at_their_edges(world, as_user, amounts, attainment, rate, pay):
    manager = as_user(world.manager_a)
    plan(manager, world.client_a, [world.rep_a1])
    rep = as_user(world.rep_user_a1)
    for amount in amounts:
        won(rep, amount)
    found = earnings(rep, world.rep_a1)
    assert (found["attainment"], found["payout_rate"], found["variable_pay"]) == (
        attainment, rate, pay)
    assert found["quota"] == "25000.00" and found["base_pay"] == "4500.00"
    contributions = [d["contribution"] for d in found["deals"]]
    assert sum(map(float, contributions)) == pytest.approx(float(pay))
    if len(amounts) == 2:  # by credit: a third and two thirds of 3,900
        assert contributions == ["1300.00", "2600.00"]


def test_the_margin_gate_counts_low_margin_deals_at_half(world, as_user):
    plan(as_user(world.manager_a), world.client_a, [world.rep_a1],
         margin_floor_pct="30.00", below_margin_rate_pct="50.00")
    rep = as_user(world.rep_user_a1)
    won(rep, "10000.00", margin="25.00")   # under the floor: 5,000 credited
    won(rep, "9000.00", margin="30.00")    # at the floor: all of it
    won(rep, "6000.00")                    # no margin known: all of it
    found = earnings(rep, world.rep_a1)
    assert [d["credited"] for d in found["deals"]] == ["5000.00", "9000.00", "6000.00"]
    assert (found["credited"], found["attainment"], found["variable_pay"]) == (
        "20000.00", "0.8000", "2400.00")
    assert [d["contribution"] for d in found["deals"]] == ["600.00", "1080.00", "720.00"]


def test_cents_that_do_not_divide_still_add_up(world, as_user):
    plan(as_user(world.manager_a), world.client_a, [world.rep_a1],
         on_target_variable="1000.00")
    rep = as_user(world.rep_user_a1)
    for _ in range(3):
        won(rep, "5000.00")  # 15,000: 60 % pays 600.00, three ways
    found = earnings(rep, world.rep_a1)
    assert found["variable_pay"] == "600.00"
    assert sorted(d["contribution"] for d in found["deals"]) == ["200.00"] * 3
    plan(as_user(world.manager_a), world.client_a, [world.rep_a2],
         on_target_variable="1000.00")
    two = as_user(world.rep_user_a2)
    for amount in ("5000.00", "5000.00", "6000.00"):  # 16,000: 64 % pays 640.00
        won(two, amount)
    shares = [d["contribution"] for d in earnings(two, world.rep_a2)["deals"]]
    assert shares == ["200.00", "200.00", "240.00"]


def test_who_reads_earnings(world, as_user):
    plan(as_user(world.manager_a), world.client_a, [world.rep_a1, world.rep_a2])
    assert earnings(as_user(world.owner_a), world.rep_a1)["variable_pay"] == "0.00"
    assert earnings(as_user(world.rep_user_a1), world.rep_a1)["rep_id"] == str(world.rep_a1.id)
    problem(as_user(world.rep_user_a1).get(f"/api/v1/reps/{world.rep_a2.id}/earnings"), 404)
    problem(as_user(world.manager_b).get(f"/api/v1/reps/{world.rep_a1.id}/earnings"), 404)
    problem(as_user(world.rep_user_a1).get(f"/api/v1/clients/{world.client_a.id}/comp-plans"),
            403)
    problem(as_user(world.owner_a).post(f"/api/v1/clients/{world.client_a.id}/comp-plans",
                                        json={"name": "X", "base_pay": "1.00",
                                              "on_target_variable": "1.00",
                                              "effective_from": str(PERIOD.start)}), 403)


def test_one_plan_at_a_time_and_none_is_404(world, as_user):
    manager = as_user(world.manager_a)
    problem(manager.get(f"/api/v1/reps/{world.rep_a1.id}/earnings"), 404)
    first = plan(manager, world.client_a, [world.rep_a1])
    problem(manager.post(f"/api/v1/clients/{world.client_a.id}/comp-plans", json={
        "name": "Second", "base_pay": "1.00", "on_target_variable": "1.00",
        "effective_from": str(PERIOD.end), "rep_ids": [str(world.rep_a1.id)]}), 409)
    ended = manager.patch(f"/api/v1/comp-plans/{first['id']}",
                          json={"effective_to": str(PERIOD.end - timedelta(days=1))})
    assert ended.status_code == 200, ended.text
    later = plan(manager, world.client_a, [world.rep_a1], name="Second",
                 effective_from=str(PERIOD.end), on_target_variable="9000.00")
    # the plan in effect at the period's start decides the period
    assert earnings(manager, world.rep_a1)["comp_plan_id"] == first["id"]
    assert later["rep_ids"] == [str(world.rep_a1.id)]
    problem(manager.post(f"/api/v1/clients/{world.client_a.id}/comp-plans", json={
        "name": "X", "base_pay": "1.00", "on_target_variable": "1.00",
        "effective_from": str(PERIOD.start), "rep_ids": [str(world.rep_b1.id)]}), 422)
    problem(manager.get(f"/api/v1/reps/{world.rep_a1.id}/earnings",
                        params={"period": "2026-Q4"}), 422)
