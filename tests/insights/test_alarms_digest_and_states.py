"""The Monday digest, what managers do about alarms (acknowledge or snooze, with why) and
what owners then read, and the alarm list's paging and filters.

The set-up leaves company A with four alarms, listed worst first:
  pipeline_coverage_low   critical  client  150,000 open on a 100,000 target: 1.5x of 3x
  activity_below_target   critical  rep A1  3 weeks under the calls target (alarm after 2)
  near_term_coverage_low  warning   client  1.5x of 2x
  deal_below_margin_floor warning   rep A2  a proposal at 20% gross margin
"""

from datetime import UTC, datetime, timedelta

from tests.support.alarm_helpers import (
    KEY,
    THIS_MONDAY,
    TODAY,
    alarms,
    deal,
    log,
    quiet,
    settings,
)
from tests.support.assertions import problem, walk_pages

ORDER = ["pipeline_coverage_low", "activity_below_target", "near_term_coverage_low",
         "deal_below_margin_floor"]
PIPELINE_MESSAGE = "Prospect more: coverage is 1.5x of the 3x floor."
NEAR_TERM_MESSAGE = ("Advance deals that can close soon: coverage for the next 30 days is "
                     "1.5x of the 2x floor.")


def troubled(world, as_user) -> dict[str, dict]:
    """Company A's four alarms, by code, as its manager lists them."""
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=15,
             weekly_proposals_target=0, weekly_prospecting_hours_target="0",
             alarm_rules={"late_share_pct": 100})  # entries made today for past weeks
    a1, a2 = as_user(world.rep_user_a1), as_user(world.rep_user_a2)
    deal(a1, 100000, stage="closed_won")
    deal(a1, 150000, expected_close_on=TODAY + timedelta(days=10))
    for weeks in (3, 2, 1):
        log(a1, THIS_MONDAY - timedelta(weeks=weeks), calls=1)
    deal(a2, 0, name="Thin", stage="proposal", gross_margin_pct="20")
    items = alarms(as_user(world.manager_a))
    assert [a["code"] for a in items] == ORDER
    return {a["code"]: a for a in items}


def digest(caller, client) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/alarms/digest")
    assert response.status_code == 200, response.text
    return response.json()


def ack(caller, alarm, reason=None):
    response = caller.post(f"/api/v1/alarms/{alarm['id']}/ack",
                           json={} if reason is None else {"reason": reason})
    assert response.status_code == 200, response.text
    return response.json()


def snooze(caller, alarm, until, reason=None):
    response = caller.post(f"/api/v1/alarms/{alarm['id']}/snooze",
                           json={"until": str(until), "reason": reason})
    assert response.status_code == 200, response.text
    return response.json()


def just_now(stamp: str) -> bool:
    return abs(datetime.fromisoformat(stamp) - datetime.now(UTC)) < timedelta(minutes=1)


# The digest --------------------------------------------------------------------------------

def test_a_quiet_company_is_green_with_nothing_to_correct(world, as_user):
    quiet(world, as_user)
    assert digest(as_user(world.manager_a), world.client_a) == {
        "client_id": str(world.client_a.id), "as_of": str(TODAY), "health": "green",
        "health_reasons": [], "corrections": [], "decisions_open": 0,
        "decisions_overdue": 0}


def test_the_digest_puts_red_criticals_first_then_criticals_then_warnings(world, as_user):
    found = troubled(world, as_user)
    got = digest(as_user(world.manager_a), world.client_a)
    assert (got["client_id"], got["as_of"]) == (str(world.client_a.id), str(TODAY))
    assert got["health"] == "red" and got["health_reasons"] == [PIPELINE_MESSAGE]
    # the rep's critical is worse (3 weeks against 1.5x under the floor) yet comes second
    assert [c["code"] for c in got["corrections"]] == ORDER[:3]
    assert got["corrections"] == [found[code] for code in ORDER[:3]]


def test_acknowledged_and_snoozed_alarms_leave_the_digest(world, as_user):
    found = troubled(world, as_user)
    manager = as_user(world.manager_a)
    ack(manager, found["pipeline_coverage_low"], "Two big proposals go out on Monday.")
    got = digest(manager, world.client_a)
    assert got["health"] == "amber" and got["health_reasons"] == [NEAR_TERM_MESSAGE]
    assert [c["code"] for c in got["corrections"]] == ORDER[1:]
    snooze(manager, found["activity_below_target"], TODAY + timedelta(days=7), "On leave.")
    got = digest(manager, world.client_a)
    assert [c["code"] for c in got["corrections"]] == ORDER[2:]


def test_the_owner_reads_the_digest_and_another_companys_manager_may_not(world, as_user):
    troubled(world, as_user)
    owners = digest(as_user(world.owner_a), world.client_a)
    assert [c["code"] for c in owners["corrections"]] == ORDER[:3]
    problem(as_user(world.manager_b).get(
        f"/api/v1/clients/{world.client_a.id}/alarms/digest"), 404)


def test_reps_may_not_read_the_digest(world, as_user):
    troubled(world, as_user)
    for user in (world.rep_user_a1, world.rep_user_a2):
        problem(as_user(user).get(f"/api/v1/clients/{world.client_a.id}/alarms/digest"), 403)


# Acknowledging and snoozing, with why ------------------------------------------------------

def test_an_acknowledgement_keeps_who_when_and_why_and_stays_listed(world, as_user):
    found = troubled(world, as_user)
    manager = as_user(world.manager_a)
    acked = ack(manager, found["near_term_coverage_low"], "Two deals move up next week.")
    assert acked["acknowledged_by"] == str(world.manager_a.id)
    assert acked["acknowledged_reason"] == "Two deals move up next week."
    assert just_now(acked["acknowledged_at"])
    listed = {a["code"]: a for a in alarms(manager)}
    assert list(listed) == ORDER
    assert listed["near_term_coverage_low"] == acked


def test_a_snooze_keeps_who_when_until_and_why_and_hides_it_from_managers(world, as_user):
    found = troubled(world, as_user)
    manager = as_user(world.manager_a)
    until = TODAY + timedelta(days=7)
    snoozed = snooze(manager, found["deal_below_margin_floor"], until, "Approved by the owner.")
    assert (snoozed["snoozed_by"], snoozed["snoozed_until"], snoozed["snoozed_reason"]) == (
        str(world.manager_a.id), str(until), "Approved by the owner.")
    assert just_now(snoozed["snoozed_at"])
    assert [a["code"] for a in alarms(manager)] == ORDER[:3]
    shown = alarms(manager, include_snoozed="true")
    assert [a["code"] for a in shown] == ORDER and shown[3] == snoozed


def test_owners_list_acknowledged_and_snoozed_alarms_with_who_when_and_why(world, as_user):
    found = troubled(world, as_user)
    manager = as_user(world.manager_a)
    acked = ack(manager, found["pipeline_coverage_low"], "Two big proposals go out Monday.")
    snoozed = snooze(manager, found["activity_below_target"], TODAY + timedelta(days=7),
                     "Back from leave next week.")
    listed = {a["code"]: a for a in alarms(as_user(world.owner_a))}
    assert list(listed) == ORDER
    assert listed["pipeline_coverage_low"] == acked
    assert listed["activity_below_target"] == snoozed
    assert listed["activity_below_target"]["snoozed_reason"] == "Back from leave next week."
    assert listed["pipeline_coverage_low"]["acknowledged_reason"] == (
        "Two big proposals go out Monday.")


def test_a_reason_is_at_most_500_characters(world, as_user):
    found = troubled(world, as_user)
    manager, key = as_user(world.manager_a), found["near_term_coverage_low"]["id"]
    problem(manager.post(f"/api/v1/alarms/{key}/ack", json={"reason": "x" * 501}), 422)
    problem(manager.post(f"/api/v1/alarms/{key}/snooze", json={
        "until": str(TODAY + timedelta(days=1)), "reason": "x" * 501}), 422)
    assert ack(manager, found["near_term_coverage_low"], "x" * 500)["acknowledged_reason"]


# The list: ids, raised_at, paging, filters -------------------------------------------------

def test_every_alarm_has_its_key_as_id_and_when_it_was_first_raised(world, as_user):
    troubled(world, as_user)
    manager = as_user(world.manager_a)
    first = alarms(manager)
    assert all(a["id"] == a["key"] and KEY.match(a["id"]) for a in first)
    assert all(a["raised_at"] is not None and just_now(a["raised_at"]) for a in first)
    again = alarms(manager)
    assert [a["raised_at"] for a in again] == [a["raised_at"] for a in first]
    owners = {a["id"]: a["raised_at"] for a in alarms(as_user(world.owner_a))}
    assert owners == {a["id"]: a["raised_at"] for a in first}


def test_an_alarm_that_clears_and_returns_starts_afresh(world, as_user):
    found = troubled(world, as_user)
    manager, a2 = as_user(world.manager_a), as_user(world.rep_user_a2)
    ack(manager, found["deal_below_margin_floor"], "Priced for a reference customer.")
    thin = a2.get("/api/v1/deals", params={"rep_id": str(world.rep_a2.id)}).json()["items"][0]
    assert a2.patch(f"/api/v1/deals/{thin['id']}", json={"gross_margin_pct": "35"}).is_success
    assert [a["code"] for a in alarms(manager)] == ORDER[:3]
    assert a2.patch(f"/api/v1/deals/{thin['id']}", json={"gross_margin_pct": "20"}).is_success
    back = {a["code"]: a for a in alarms(manager)}["deal_below_margin_floor"]
    assert back["acknowledged_at"] is None and back["acknowledged_reason"] is None
    assert datetime.fromisoformat(back["raised_at"]) > datetime.fromisoformat(
        found["deal_below_margin_floor"]["raised_at"])


def test_alarms_come_a_page_at_a_time_following_next_cursor(world, as_user):
    troubled(world, as_user)
    manager = as_user(world.manager_a)
    everything = [a["id"] for a in alarms(manager)]
    assert walk_pages(manager, "/api/v1/alarms", limit=1) == everything
    first = manager.get("/api/v1/alarms", params={"limit": 3}).json()
    assert [a["id"] for a in first["items"]] == everything[:3] and first["next_cursor"]
    rest = manager.get("/api/v1/alarms", params={"limit": 3,
                                                 "cursor": first["next_cursor"]}).json()
    assert [a["id"] for a in rest["items"]] == everything[3:] and rest["next_cursor"] is None
    whole = manager.get("/api/v1/alarms", params={"limit": 4}).json()
    assert len(whole["items"]) == 4 and whole["next_cursor"] is None


def test_limit_is_1_to_200_and_a_cursor_must_be_one_we_gave(world, as_user):
    manager = as_user(world.manager_a)
    for limit in (0, 201):
        problem(manager.get("/api/v1/alarms", params={"limit": limit}), 422)
    assert manager.get("/api/v1/alarms", params={"limit": 200}).status_code == 200
    problem(manager.get("/api/v1/alarms", params={"cursor": "not-a-cursor"}), 422)


def test_code_and_severity_narrow_the_list(world, as_user):
    troubled(world, as_user)
    manager = as_user(world.manager_a)
    assert [a["code"] for a in alarms(manager, code="near_term_coverage_low")] == [
        "near_term_coverage_low"]
    assert [a["code"] for a in alarms(manager, severity="critical")] == ORDER[:2]
    assert [a["code"] for a in alarms(manager, severity="warning")] == ORDER[2:]
    assert alarms(manager, code="pipeline_coverage_low", severity="warning") == []
    assert alarms(manager, code="commit_unreliable") == []
    problem(manager.get("/api/v1/alarms", params={"code": "no_such_code"}), 422)
    problem(manager.get("/api/v1/alarms", params={"severity": "info"}), 422)


def test_filters_apply_before_paging(world, as_user):
    troubled(world, as_user)
    manager = as_user(world.manager_a)
    page = manager.get("/api/v1/alarms", params={"severity": "warning", "limit": 1}).json()
    assert [a["code"] for a in page["items"]] == [ORDER[2]] and page["next_cursor"]
    rest = manager.get("/api/v1/alarms", params={"severity": "warning", "limit": 1,
                                                 "cursor": page["next_cursor"]}).json()
    assert [a["code"] for a in rest["items"]] == [ORDER[3]] and rest["next_cursor"] is None
