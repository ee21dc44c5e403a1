"""Ramps, role targets and a rep's own targets. Company A (tests.conftest): monthly periods,
UTC; weekly targets 15 calls/meetings, 3 proposals, 5 prospecting hours; an activity alarm
after 2 full weeks below; standing quota 25,000 per rep.

A 12-week ramp: weeks 1-4 at 50 % of the activity targets, 5-8 at 75 %, then 100 %; the
quota at 0 % in the ramp's first month, then 25, 50, 75 %, and 100 % from the fifth."""

from datetime import date, timedelta

import pytest

from app.core.periods import MeasurementPeriod, period_containing
from tests.support.alarm_helpers import LAST_MONDAY, TODAY, alarms, codes, deal, log, settings
from tests.support.assertions import problem

RAMP = date(2026, 1, 5)  # a Monday
PERIOD = period_containing(TODAY, MeasurementPeriod.month)
PREVIOUS_MONTH = period_containing(PERIOD.start - timedelta(days=1), MeasurementPeriod.month)


def patch_rep(caller, rep, **fields) -> dict:
    response = caller.patch(f"/api/v1/reps/{rep.id}", json=fields)
    assert response.status_code == 200, response.text
    return response.json()


def targets(caller, rep, as_of) -> dict:
    response = caller.get(f"/api/v1/reps/{rep.id}/targets", params={"as_of": str(as_of)})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("as_of", "share"), [
    (RAMP, 0.5), (RAMP + timedelta(days=27), 0.5),        # week 4's Sunday
    (RAMP + timedelta(days=28), 0.75), (RAMP + timedelta(days=55), 0.75),  # weeks 5-8
    (RAMP + timedelta(days=56), 1.0), (RAMP + timedelta(weeks=20), 1.0)])
def test_activity_targets_ramp_by_thirds(world, as_user, as_of, share):
    manager = as_user(world.manager_a)
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(RAMP))
    found = targets(manager, world.rep_a1, as_of)["activity"]
    assert found["calls_meetings"] == {"target": 15 * share, "full_target": 15.0,
                                       "source": "client"}
    assert found["prospecting_hours"]["target"] == 5 * share


@pytest.mark.parametrize(("as_of", "quota", "share"), [
    (date(2026, 1, 31), "0.00", 0.0), (date(2026, 2, 1), "5000.00", 0.25),
    (date(2026, 3, 15), "10000.00", 0.5), (date(2026, 4, 30), "15000.00", 0.75),
    (date(2026, 5, 1), "20000.00", 1.0), (date(2025, 12, 31), "0.00", 0.0)])
def test_the_quota_ramps_by_month(world, as_user, as_of, quota, share):
    manager = as_user(world.manager_a)
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(RAMP), quota="20000.00")
    found = targets(manager, world.rep_a1, as_of)
    assert (found["full_quota"], found["quota"], found["quota_share"]) == (
        "20000.00", quota, share)
    assert found["in_ramp"] is (as_of < RAMP + timedelta(weeks=12) or share < 1)


def test_a_quarter_takes_the_mean_of_its_months(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, measurement_period="quarter")
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(RAMP), quota="30000.00")
    # Q1 2026: January 0 %, February 25 %, March 50 %: a quarter of the quota
    assert targets(manager, world.rep_a1, date(2026, 2, 10))["quota"] == "7500.00"
    # Q2: April 75 %, May and June 100 %: 91.67 %
    assert targets(manager, world.rep_a1, date(2026, 5, 10))["quota"] == "27500.00"


def test_no_ramp_means_full_targets(world, as_user):
    manager = as_user(world.manager_a)
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(RAMP), ramp_weeks=0)
    found = targets(manager, world.rep_a1, RAMP)
    assert (found["quota"], found["in_ramp"]) == ("25000.00", False)
    assert found["activity"]["calls_meetings"]["target"] == 15.0


def two_weeks(caller, **quantities) -> None:
    for monday in (LAST_MONDAY - timedelta(weeks=1), LAST_MONDAY):
        log(caller, monday, **quantities)


@pytest.mark.parametrize(("calls", "alarmed"), [(8, False), (7, True)])
def test_the_activity_alarm_uses_the_ramped_target(world, as_user, calls, alarmed):
    manager = as_user(world.manager_a)
    start = LAST_MONDAY - timedelta(weeks=2)  # the last two full weeks: ramp weeks 2 and 3
    for rep in (world.rep_a1, world.rep_a2):
        patch_rep(manager, rep, hire_date=str(start))
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(start))
    two_weeks(as_user(world.rep_user_a1), calls=calls, proposals=2, hours=3)
    two_weeks(as_user(world.rep_user_a2), calls=calls, proposals=2, hours=3)
    found = alarms(manager)
    assert ("activity_below_target" in codes(found, world.rep_a1)) is alarmed  # 7.5 a week
    assert "activity_below_target" in codes(found, world.rep_a2)  # no ramp: 15 a week
    if alarmed:
        alarm = next(a for a in found if a["code"] == "activity_below_target"
                     and a["rep_id"] == str(world.rep_a1.id))
        assert alarm["figures"]["calls_meetings"]["target"] == 7.5
        assert "proposals" not in alarm["figures"]  # 2 of 1.5


def test_an_sdr_is_measured_on_the_role_targets(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, role_activity_targets={
        "sdr": {"calls_meetings": 60, "proposals": 0, "prospecting_hours": "10.00"}})
    start = LAST_MONDAY - timedelta(weeks=2)
    patch_rep(manager, world.rep_a1, sales_role="sdr", hire_date=str(start))
    patch_rep(manager, world.rep_a2, hire_date=str(start))
    for user in (world.rep_user_a1, world.rep_user_a2):
        two_weeks(as_user(user), calls=60, hours=10)
    found = alarms(manager)
    assert "activity_below_target" not in codes(found, world.rep_a1)
    assert "activity_below_target" in codes(found, world.rep_a2)  # an AE: no proposals
    week = manager.get(f"/api/v1/reps/{world.rep_a1.id}/kpis").json()["activity"][-1]
    assert week["targets"] == {"calls_meetings": 60.0, "proposals": 0.0,
                               "prospecting_hours": 10.0}
    assert week["below_target"] == []


def test_a_reps_own_targets_come_before_the_roles(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, role_activity_targets={"sdr": {"calls_meetings": 60}})
    patch_rep(manager, world.rep_a1, sales_role="sdr", activity_targets={"calls_meetings": 40})
    found = targets(manager, world.rep_a1, TODAY)["activity"]
    assert found["calls_meetings"] == {"target": 40.0, "full_target": 40.0, "source": "rep"}
    assert found["proposals"] == {"target": 3.0, "full_target": 3.0, "source": "client"}
    read = manager.get(f"/api/v1/reps/{world.rep_a1.id}").json()
    assert read["activity_targets"] == {"calls_meetings": 40, "proposals": None,
                                        "prospecting_hours": None}
    cleared = patch_rep(manager, world.rep_a1, activity_targets=None)
    assert cleared["activity_targets"] is None
    assert targets(manager, world.rep_a1, TODAY)["activity"]["calls_meetings"]["source"] == "role"


def test_bad_targets_are_refused(world, as_user):
    manager = as_user(world.manager_a)
    problem(manager.patch(f"/api/v1/clients/{world.client_a.id}", json={
        "role_activity_targets": {"cfo": {"calls_meetings": 1}}}), 422)
    problem(manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={
        "activity_targets": {"calls_meetings": -1}}), 422)
    problem(manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={"ramp_weeks": 53}), 422)
    problem(as_user(world.rep_user_a1).patch(f"/api/v1/reps/{world.rep_a1.id}", json={
        "ramp_weeks": 4}), 403)


def test_attainment_uses_the_ramped_quota(world, as_user):
    manager = as_user(world.manager_a)
    # the ramp started last month: this month is its second, at 25 % of 20,000
    patch_rep(manager, world.rep_a1, ramp_starts_on=str(PREVIOUS_MONTH.start),
              quota="20000.00")
    deal(as_user(world.rep_user_a1), "2500.00", stage="closed_won", closed_on=TODAY)
    mine = manager.get(f"/api/v1/reps/{world.rep_a1.id}/kpis").json()
    assert (mine["target"], mine["attainment"]) == ("5000.00", 0.5)
    board = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis").json()
    assert board["target"] == "100000.00"  # the client's own target, not the quotas
    problem(manager.get(f"/api/v1/reps/{world.rep_a1.id}/targets",
                        params={"as_of": "2026-13-01"}), 422)
