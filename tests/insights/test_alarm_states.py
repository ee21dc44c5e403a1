"""Acknowledging and snoozing alarms, and who sees which alarms.

The set-up leaves company A with one alarm: 250,000 open on a 100,000 target
(pipeline_coverage_low, 2.5x of 3x, a warning).
"""

from datetime import UTC, datetime, timedelta

from tests.support.alarm_helpers import (
    TODAY,
    alarms,
    change,
    codes,
    deal,
    hired,
    only,
    settings,
)
from tests.support.assertions import problem


def coverage_alarm(world, as_user) -> tuple[dict, str]:
    """Company A's one alarm (coverage 2.5x) and the deal that carries its pipeline."""
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=0,
             weekly_proposals_target=0, weekly_prospecting_hours_target="0")
    rep = as_user(world.rep_user_a1)
    deal(rep, 100000, stage="closed_won")
    open_deal = deal(rep, 250000, expected_close_on=str(TODAY + timedelta(days=10)))
    items = alarms(as_user(world.manager_a), client_id=world.client_a.id)
    assert [a["code"] for a in items] == ["pipeline_coverage_low"]
    return open_deal, items[0]["key"]


def snooze(caller, key, until):
    return caller.post(f"/api/v1/alarms/{key}/snooze", json={"until": str(until)})


def test_a_manager_acknowledges_an_alarm_with_who_and_when(world, as_user):
    _, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    before = datetime.now(UTC)
    response = manager.post(f"/api/v1/alarms/{key}/ack")
    assert response.status_code == 200, response.text
    acked = response.json()
    assert acked["key"] == key and acked["acknowledged_by"] == str(world.manager_a.id)
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(acked["acknowledged_at"])
    listed = only(alarms(manager), "pipeline_coverage_low")
    assert listed["acknowledged_at"] == acked["acknowledged_at"]
    assert listed["acknowledged_by"] == str(world.manager_a.id)


def test_a_snoozed_alarm_is_hidden_until_its_date(world, as_user):
    _, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    response = snooze(manager, key, TODAY + timedelta(days=7))
    assert response.status_code == 200, response.text
    assert response.json()["snoozed_until"] == str(TODAY + timedelta(days=7))
    assert alarms(manager, client_id=world.client_a.id) == []


def test_include_snoozed_lists_a_snoozed_alarm_with_its_date(world, as_user):
    _, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    snooze(manager, key, TODAY + timedelta(days=7))
    listed = only(alarms(manager, include_snoozed="true"), "pipeline_coverage_low")
    assert listed["key"] == key and listed["snoozed_until"] == str(TODAY + timedelta(days=7))


def test_a_snoozed_alarm_that_gets_worse_shows_again(world, as_user):
    open_deal, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    snooze(manager, key, TODAY + timedelta(days=7))
    change(as_user(world.rep_user_a1), open_deal, amount="150000")
    alarm = only(alarms(manager), "pipeline_coverage_low")
    assert alarm["key"] == key and alarm["figures"]["actual"] == 1.5
    assert alarm["severity"] == "critical"
    assert alarm["snoozed_until"] == str(TODAY + timedelta(days=7))


def test_a_snoozed_alarm_that_improves_but_stays_below_its_floor_stays_hidden(world, as_user):
    open_deal, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    snooze(manager, key, TODAY + timedelta(days=7))
    change(as_user(world.rep_user_a1), open_deal, amount="280000")
    assert alarms(manager, client_id=world.client_a.id) == []


def test_a_snooze_that_has_run_out_hides_nothing(world, as_user):
    _, key = coverage_alarm(world, as_user)
    manager = as_user(world.manager_a)
    assert snooze(manager, key, TODAY - timedelta(days=1)).status_code == 200
    assert only(alarms(manager), "pipeline_coverage_low")["key"] == key


def test_owners_and_reps_may_not_acknowledge_or_snooze(world, as_user):
    _, key = coverage_alarm(world, as_user)
    for user in (world.owner_a, world.rep_user_a1):
        caller = as_user(user)
        problem(caller.post(f"/api/v1/alarms/{key}/ack"), 403)
        problem(snooze(caller, key, TODAY + timedelta(days=7)), 403)


def test_another_companys_or_an_unknown_key_is_not_found(world, as_user):
    _, key = coverage_alarm(world, as_user)
    other = as_user(world.manager_b)
    problem(other.post(f"/api/v1/alarms/{key}/ack"), 404)
    problem(snooze(other, key, TODAY + timedelta(days=7)), 404)
    problem(as_user(world.manager_a).post("/api/v1/alarms/0123456789abcdef/ack"), 404)
    problem(as_user(world.manager_a).post("/api/v1/alarms/not-a-key/ack"), 422)


def test_a_snooze_needs_a_date(world, as_user):
    _, key = coverage_alarm(world, as_user)
    problem(as_user(world.manager_a).post(f"/api/v1/alarms/{key}/snooze", json={}), 422)


def test_another_managers_snooze_is_not_seen_across_companies(world, as_user):
    _, key = coverage_alarm(world, as_user)
    snooze(as_user(world.manager_a), key, TODAY + timedelta(days=7))
    items = alarms(as_user(world.manager_b), include_snoozed="true")
    assert items and all(a["client_id"] == str(world.client_b.id) for a in items)
    assert all(a["snoozed_until"] is None for a in items)


def test_owners_see_their_companys_alarms_and_never_anothers(world, as_user, db):
    hired(db, world.rep_a1, world.rep_a2)
    owner = as_user(world.owner_a)
    items = alarms(owner)
    assert {a["client_id"] for a in items} == {str(world.client_a.id)}
    assert "pipeline_coverage_low" in codes(items)  # company-level alarms
    assert {a["rep_id"] for a in items if a["code"] == "activity_below_target"} == {
        str(world.rep_a1.id), str(world.rep_a2.id)}
    assert alarms(owner, client_id=world.client_b.id) == []


def test_reps_see_only_their_own_alarms(world, as_user, db):
    hired(db, world.rep_a1, world.rep_a2)
    items = alarms(as_user(world.rep_user_a1))
    assert items and {a["rep_id"] for a in items} == {str(world.rep_a1.id)}
    assert only(items, "activity_below_target", world.rep_a1)["client_id"] == str(
        world.client_a.id)
    assert alarms(as_user(world.rep_user_a1), rep_id=world.rep_a2.id) == []


def test_managers_see_only_the_companies_they_run(world, as_user):
    items = alarms(as_user(world.manager_b))
    assert items and {a["client_id"] for a in items} == {str(world.client_b.id)}
    assert alarms(as_user(world.manager_b), client_id=world.client_a.id) == []


def test_rep_id_narrows_the_list_to_one_reps_alarms(world, as_user, db):
    hired(db, world.rep_a1, world.rep_a2)
    items = alarms(as_user(world.manager_a), rep_id=world.rep_a2.id)
    assert [(a["code"], a["rep_id"]) for a in items] == [
        ("activity_below_target", str(world.rep_a2.id))]
