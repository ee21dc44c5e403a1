"""Revenue targets and quotas over time. Company A (tests.conftest): monthly periods, UTC,
standing target 100,000; two reps, each with a standing quota of 25,000."""

from datetime import timedelta

import pytest

from app.core.periods import MeasurementPeriod, period_containing, period_label
from tests.support.alarm_helpers import TODAY, deal, settings
from tests.support.assertions import problem

PERIOD = period_containing(TODAY, MeasurementPeriod.month)
PREVIOUS = period_containing(PERIOD.start - timedelta(days=1), MeasurementPeriod.month)
NEXT = period_containing(PERIOD.end + timedelta(days=1), MeasurementPeriod.month)


def propose(caller, client, starts_on, amount, status=201) -> dict:
    response = caller.post(f"/api/v1/clients/{client.id}/targets",
                           json={"starts_on": str(starts_on), "amount": amount})
    assert response.status_code == status, response.text
    return response.json()


def decide(caller, target, verb, status=200) -> dict:
    response = caller.post(f"/api/v1/targets/{target['id']}/{verb}",
                           json={"note": "Agreed."})
    assert response.status_code == status, response.text
    return response.json()


def board_target(caller, client, as_of) -> str:
    response = caller.get(f"/api/v1/clients/{client.id}/kpis", params={"as_of": str(as_of)})
    assert response.status_code == 200, response.text
    return response.json()["target"]


def set_quota(caller, rep, starts_on, amount, status=201) -> dict:
    response = caller.put(f"/api/v1/reps/{rep.id}/quotas/{starts_on}", json={"amount": amount})
    assert response.status_code == status, response.text
    return response.json()


def test_the_manager_proposes_and_the_owner_approves(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    proposed = propose(manager, world.client_a, PERIOD.start, "120000.00")
    assert proposed["status"] == "proposed" and proposed["decided_at"] is None
    assert board_target(manager, world.client_a, TODAY) == "100000.00"  # not yet
    problem(manager.post(f"/api/v1/targets/{proposed['id']}/approve"), 403)
    approved = decide(owner, proposed, "approve")
    assert approved["status"] == "approved"
    assert approved["decided_by"] == str(world.owner_a.id) and approved["note"] == "Agreed."
    assert board_target(manager, world.client_a, TODAY) == "120000.00"
    problem(owner.post(f"/api/v1/targets/{proposed['id']}/reject"), 409)


def test_a_past_as_of_uses_the_target_that_held_then(world, as_user):
    owner = as_user(world.owner_a)
    propose(owner, world.client_a, PREVIOUS.start, "90000.00")  # the owner's hold at once
    propose(owner, world.client_a, PERIOD.start, "130000.00")
    manager = as_user(world.manager_a)
    assert board_target(manager, world.client_a, PREVIOUS.end) == "90000.00"
    assert board_target(manager, world.client_a, TODAY) == "130000.00"
    # before any dated target: the standing one
    before = PREVIOUS.start - timedelta(days=1)
    assert board_target(manager, world.client_a, before) == "100000.00"
    found = manager.get(f"/api/v1/clients/{world.client_a.id}/targets/in-force",
                        params={"as_of": str(PREVIOUS.start + timedelta(days=3))}).json()
    assert (found["period"], found["target"], found["source"]) == (
        period_label(PREVIOUS), "90000.00", "approved")
    weekly = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis/weekly",
                         params={"as_of": str(TODAY)}).json()
    assert weekly["target"] == "130000.00"


def test_a_second_approval_for_a_period_supersedes_the_first(world, as_user):
    owner = as_user(world.owner_a)
    first = propose(owner, world.client_a, PERIOD.start, "110000.00")
    propose(owner, world.client_a, PERIOD.start, "115000.00")
    listed = owner.get(f"/api/v1/clients/{world.client_a.id}/targets").json()
    assert [(t["amount"], t["status"]) for t in listed] == [
        ("115000.00", "approved"), ("110000.00", "superseded")]
    assert listed[1]["id"] == first["id"]
    only_approved = owner.get(f"/api/v1/clients/{world.client_a.id}/targets",
                              params={"status": "approved"}).json()
    assert [t["amount"] for t in only_approved] == ["115000.00"]
    assert board_target(owner, world.client_a, TODAY) == "115000.00"


def test_a_rejected_proposal_changes_nothing(world, as_user):
    proposed = propose(as_user(world.manager_a), world.client_a, NEXT.start, "150000.00")
    rejected = decide(as_user(world.owner_a), proposed, "reject")
    assert rejected["status"] == "rejected"
    found = as_user(world.manager_a).get(
        f"/api/v1/clients/{world.client_a.id}/targets/in-force",
        params={"as_of": str(NEXT.start)}).json()
    assert (found["target"], found["source"]) == ("100000.00", "standing")


def test_the_client_can_let_the_manager_set_targets_alone(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, manager_sets_targets=True)
    assert propose(manager, world.client_a, PERIOD.start, "125000.00")["status"] == "approved"
    assert board_target(manager, world.client_a, TODAY) == "125000.00"


@pytest.mark.parametrize(("quota", "warned"), [("60000.00", False), ("59999.99", True)])
def test_a_warning_when_the_quotas_sum_below_the_target(world, as_user, quota, warned):
    owner = as_user(world.owner_a)
    for rep in (world.rep_a1, world.rep_a2):
        set_quota(owner, rep, PERIOD.start, quota)
    target = propose(owner, world.client_a, PERIOD.start, "120000.00")
    total = f"{2 * float(quota):.2f}"
    assert target["quota_sum"] == total
    if warned:
        assert target["warning"] == (f"The reps' quotas for {period_label(PERIOD)} sum to "
                                     f"{total}, below the target 120000.00.")
    else:
        assert target["warning"] is None


def test_the_standing_quotas_count_where_no_dated_quota_does(world, as_user):
    target = propose(as_user(world.owner_a), world.client_a, PERIOD.start, "60000.00")
    assert target["quota_sum"] == "50000.00" and "50000.00" in target["warning"]


def test_starts_on_must_open_a_period(world, as_user):
    manager = as_user(world.manager_a)
    body = problem(manager.post(f"/api/v1/clients/{world.client_a.id}/targets", json={
        "starts_on": str(PERIOD.start + timedelta(days=1)), "amount": "1.00"}), 422)
    assert body["errors"][0]["field"] == "body.starts_on"
    body = problem(manager.put(f"/api/v1/reps/{world.rep_a1.id}/quotas/"
                               f"{PERIOD.start + timedelta(days=2)}",
                               json={"amount": "1.00"}), 422)
    assert body["errors"][0]["field"] == "path.starts_on"
    assert manager.get(f"/api/v1/clients/{world.client_a.id}/targets").json() == []


def test_who_sees_targets_and_quotas(world, as_user):
    rep, other = as_user(world.rep_user_a1), as_user(world.manager_b)
    problem(rep.get(f"/api/v1/clients/{world.client_a.id}/targets"), 403)
    problem(other.get(f"/api/v1/clients/{world.client_a.id}/targets"), 404)
    problem(other.post(f"/api/v1/clients/{world.client_a.id}/targets",
                       json={"starts_on": str(PERIOD.start), "amount": "1.00"}), 404)
    target = propose(as_user(world.manager_a), world.client_a, PERIOD.start, "1.00")
    problem(as_user(world.owner_b).post(f"/api/v1/targets/{target['id']}/approve"), 404)
    set_quota(as_user(world.manager_a), world.rep_a1, PERIOD.start, "30000.00")
    assert [q["amount"] for q in rep.get(f"/api/v1/reps/{world.rep_a1.id}/quotas").json()] == [
        "30000.00"]
    problem(rep.get(f"/api/v1/reps/{world.rep_a2.id}/quotas"), 404)
    problem(rep.put(f"/api/v1/reps/{world.rep_a1.id}/quotas/{PERIOD.start}",
                    json={"amount": "90000.00"}), 403)
    problem(other.get(f"/api/v1/reps/{world.rep_a1.id}/quotas"), 404)


def test_a_dated_quota_is_what_attainment_and_earnings_use(world, as_user):
    manager = as_user(world.manager_a)
    set_quota(manager, world.rep_a1, PERIOD.start, "40000.00")
    again = set_quota(manager, world.rep_a1, PERIOD.start, "40000.00", status=200)
    assert again["version"] == 1  # the same amount again changes nothing
    deal(as_user(world.rep_user_a1), "10000.00", stage="closed_won", closed_on=TODAY)
    mine = manager.get(f"/api/v1/reps/{world.rep_a1.id}/kpis").json()
    assert (mine["target"], mine["attainment"]) == ("40000.00", 0.25)
    before = manager.get(f"/api/v1/reps/{world.rep_a1.id}/kpis",
                         params={"as_of": str(PREVIOUS.end)}).json()
    assert before["target"] == "25000.00"  # the standing quota held then
    manager.post(f"/api/v1/clients/{world.client_a.id}/comp-plans", json={
        "name": "AE", "base_pay": "0.00", "on_target_variable": "1000.00",
        "effective_from": str(PREVIOUS.start), "rep_ids": [str(world.rep_a1.id)]})
    pay = manager.get(f"/api/v1/reps/{world.rep_a1.id}/earnings",
                      params={"period": period_label(PERIOD)}).json()
    assert (pay["quota"], pay["attainment"]) == ("40000.00", "0.2500")
    response = manager.delete(f"/api/v1/reps/{world.rep_a1.id}/quotas/{PERIOD.start}")
    assert response.status_code == 204
    assert manager.get(f"/api/v1/reps/{world.rep_a1.id}/kpis").json()["target"] == "25000.00"
    problem(manager.delete(f"/api/v1/reps/{world.rep_a1.id}/quotas/{PERIOD.start}"), 404)
