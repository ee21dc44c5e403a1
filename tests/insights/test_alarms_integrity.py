"""The integrity alarms, hand-computed, over the last 4 complete ISO weeks before as_of.

numbers_dont_add_up: proposals logged as activity over the distinct deals that reached
proposal in those weeks or that a proposal row names; warning over 2x, critical over 4x (or
no deal at all), each only from 4 proposals logged. activity_backdated: more than 20% of the
rep's rows entered (or their quantity raised) more than 3 days after the day they describe.
Managers see them; the owner only where the client allows; never a rep.

Company A: UTC. The API stamps rows with "now": when they were entered is set through the
test's session.
"""

from datetime import UTC, datetime, time, timedelta
from uuid import UUID

from sqlalchemy import update

from app.models import Activity
from tests.support.alarm_helpers import (
    LAST_MONDAY,
    THIS_MONDAY,
    alarms,
    backdate,
    codes,
    deal,
    log,
    only,
    settings,
)

WEEKS = [LAST_MONDAY - timedelta(weeks=n) for n in (3, 2, 1, 0)]  # oldest first
FIRST_DAY, LAST_DAY = WEEKS[0], LAST_MONDAY + timedelta(days=6)
LAST_TUESDAY_NOON = datetime.combine(LAST_MONDAY + timedelta(days=1), time(12), tzinfo=UTC)


def at_proposal(db, rep, count: int, *, when=LAST_TUESDAY_NOON) -> list[dict]:
    """`count` deals that reached the proposal stage at `when` (None: now)."""
    made = []
    for n in range(count):
        created = deal(rep, 10000, name=f"Proposal {n}", stage="proposal")
        if when is not None:
            backdate(db, created, when)
        made.append(created)
    return made


def proposals_alarm(world, as_user) -> dict | None:
    found = [a for a in alarms(as_user(world.manager_a))
             if a["code"] == "numbers_dont_add_up" and a["rep_id"] == str(world.rep_a1.id)]
    return found[0] if found else None


def test_four_proposals_logged_on_two_deals_is_exactly_2x_and_raises_nothing(
        world, as_user, db):
    rep = as_user(world.rep_user_a1)
    at_proposal(db, rep, 2)
    log(rep, LAST_MONDAY, proposals=4)
    assert proposals_alarm(world, as_user) is None


def test_five_proposals_logged_on_two_deals_is_a_warning(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    at_proposal(db, rep, 2)
    log(rep, LAST_MONDAY, proposals=5)
    alarm = proposals_alarm(world, as_user)
    assert alarm["severity"] == "warning"
    assert alarm["figures"] == {
        "proposals_logged": 5, "deals_behind_them": 2, "ratio": 2.5, "from": str(FIRST_DAY),
        "to": str(LAST_DAY),
        "rule": "proposals logged over the warning multiple of the deals behind them"}
    assert alarm["message"] == (
        f"{world.rep_a1.full_name} logged 5 proposals from {FIRST_DAY} to {LAST_DAY}, but "
        "only 2 deals reached proposal or were named on them: go through the reports with "
        "the rep, with an open mind.")


def test_eight_proposals_on_two_deals_is_exactly_4x_still_a_warning(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    at_proposal(db, rep, 2)
    log(rep, WEEKS[0], proposals=3)
    log(rep, LAST_MONDAY, proposals=5)
    alarm = proposals_alarm(world, as_user)
    assert (alarm["severity"], alarm["figures"]["ratio"]) == ("warning", 4.0)
    assert alarm["figures"]["proposals_logged"] == 8


def test_nine_proposals_on_two_deals_is_critical(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    at_proposal(db, rep, 2)
    log(rep, LAST_MONDAY, proposals=9)
    alarm = proposals_alarm(world, as_user)
    assert (alarm["severity"], alarm["figures"]["ratio"]) == ("critical", 4.5)
    assert alarm["figures"]["rule"] == ("proposals logged over the critical multiple of the "
                                        "deals behind them")


def test_three_proposals_on_no_deal_are_too_few_to_judge(world, as_user):
    log(as_user(world.rep_user_a1), LAST_MONDAY, proposals=3)
    assert proposals_alarm(world, as_user) is None


def test_four_proposals_on_no_deal_at_all_is_critical(world, as_user):
    log(as_user(world.rep_user_a1), LAST_MONDAY, proposals=4)
    alarm = proposals_alarm(world, as_user)
    assert alarm["severity"] == "critical"
    assert (alarm["figures"]["deals_behind_them"], alarm["figures"]["ratio"]) == (0, None)


def test_a_proposal_row_naming_a_deal_counts_that_deal(world, as_user):
    rep = as_user(world.rep_user_a1)
    named = deal(rep, 10000, name="Named")  # prospecting: never reached proposal
    response = rep.post("/api/v1/activities", json={
        "occurred_on": str(LAST_MONDAY + timedelta(days=1)), "kind": "proposal",
        "quantity": "4", "deal_id": named["id"]})
    assert response.status_code == 201, response.text
    alarm = proposals_alarm(world, as_user)  # 4 on 1 deal: 4x, a warning (on no deal: critical)
    assert alarm["severity"] == "warning"
    assert (alarm["figures"]["deals_behind_them"], alarm["figures"]["ratio"]) == (1, 4.0)


def test_a_deal_named_on_a_row_and_reaching_proposal_counts_once(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    first, _ = at_proposal(db, rep, 2)
    response = rep.post("/api/v1/activities", json={
        "occurred_on": str(LAST_MONDAY + timedelta(days=2)), "kind": "proposal",
        "quantity": "5", "deal_id": first["id"]})
    assert response.status_code == 201, response.text
    alarm = proposals_alarm(world, as_user)  # 5 on 2 deals (counted twice it'd be 5 on 3)
    assert (alarm["severity"], alarm["figures"]["deals_behind_them"]) == ("warning", 2)


def test_deals_reaching_proposal_outside_the_four_weeks_do_not_count(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    at_proposal(db, rep, 1, when=None)  # this week: after the span
    at_proposal(db, rep, 1, when=LAST_TUESDAY_NOON - timedelta(weeks=4))  # before it
    log(rep, LAST_MONDAY, proposals=4)
    alarm = proposals_alarm(world, as_user)
    assert (alarm["severity"], alarm["figures"]["deals_behind_them"]) == ("critical", 0)


def test_proposals_logged_outside_the_four_weeks_do_not_count(world, as_user):
    rep = as_user(world.rep_user_a1)
    log(rep, WEEKS[0] - timedelta(weeks=1), proposals=9)
    log(rep, THIS_MONDAY, proposals=9, day=0)
    log(rep, LAST_MONDAY, proposals=3)
    assert proposals_alarm(world, as_user) is None


# Late entries ------------------------------------------------------------------------------

def entered(db, row: dict, at: datetime) -> None:
    db.execute(update(Activity).where(Activity.id == UUID(row["id"])).values(created_at=at))
    db.flush()


def entries(rep, db, delays: list[int]) -> list[dict]:
    """One call row a day from the first week of the span, each entered `delay` days after
    the day it describes (at noon)."""
    days = [FIRST_DAY + timedelta(days=n) for n in range(len(delays))]
    response = rep.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(day), "kind": "call", "quantity": "1"} for day in days]})
    assert response.status_code == 201, response.text
    rows = response.json()
    for row, day, delay in zip(rows, days, delays, strict=True):
        entered(db, row, datetime.combine(day + timedelta(days=delay), time(12), tzinfo=UTC))
    return rows


def late_alarm(world, as_user) -> dict | None:
    found = [a for a in alarms(as_user(world.manager_a))
             if a["code"] == "activity_backdated" and a["rep_id"] == str(world.rep_a1.id)]
    return found[0] if found else None


def test_two_of_ten_entries_late_is_exactly_20_percent_and_raises_nothing(world, as_user, db):
    entries(as_user(world.rep_user_a1), db, [0] * 8 + [4, 5])
    assert late_alarm(world, as_user) is None


def test_three_of_ten_entries_late_is_a_warning(world, as_user, db):
    entries(as_user(world.rep_user_a1), db, [0] * 6 + [1, 4, 5, 9])
    alarm = late_alarm(world, as_user)
    assert alarm["severity"] == "warning"
    assert alarm["figures"] == {
        "late": 3, "entries": 10, "share": 0.3, "after_days": 3, "from": str(FIRST_DAY),
        "to": str(LAST_DAY), "rule": "more than the allowed share of entries made late"}
    assert alarm["message"] == (
        f"3 of {world.rep_a1.full_name}'s 10 activity entries from {FIRST_DAY} to {LAST_DAY} "
        "were made more than 3 days after the day they describe: ask how the week is logged.")


def test_an_entry_made_3_days_after_is_on_time_and_4_days_after_is_late(world, as_user, db):
    [row] = entries(as_user(world.rep_user_a1), db, [0])
    entered(db, row, datetime.combine(FIRST_DAY + timedelta(days=3), time(23, 59, 59),
                                      tzinfo=UTC))
    assert late_alarm(world, as_user) is None
    entered(db, row, datetime.combine(FIRST_DAY + timedelta(days=4), time(0, 0, 1), tzinfo=UTC))
    assert late_alarm(world, as_user)["figures"]["late"] == 1


def test_lateness_is_judged_on_the_day_in_the_clients_time_zone(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    day = WEEKS[1] + timedelta(days=2)  # a middle week: in the span in either zone
    [row] = rep.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(day), "kind": "call", "quantity": "1"}]}).json()
    entered(db, row, datetime.combine(day + timedelta(days=4), time(3), tzinfo=UTC))
    assert late_alarm(world, as_user)["figures"]["late"] == 1  # the 4th day in UTC
    settings(as_user(world.manager_a), world.client_a, timezone="America/Los_Angeles")
    assert late_alarm(world, as_user) is None  # still the evening of the 3rd day there


def test_raising_a_quantity_later_counts_as_a_late_entry_and_lowering_does_not(
        world, as_user, db):
    rep = as_user(world.rep_user_a1)
    [row] = rep.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(WEEKS[1]), "kind": "call", "quantity": "5"}]}).json()
    entered(db, row, datetime.combine(WEEKS[1], time(18), tzinfo=UTC))
    assert late_alarm(world, as_user) is None
    lowered = rep.patch(f"/api/v1/activities/{row['id']}", json={"quantity": "4"})
    assert lowered.status_code == 200 and lowered.json()["raised_at"] is None
    assert late_alarm(world, as_user) is None
    raised = rep.patch(f"/api/v1/activities/{row['id']}", json={"quantity": "9"})
    assert raised.status_code == 200 and raised.json()["raised_at"] is not None
    assert late_alarm(world, as_user)["figures"]["late"] == 1


# Who sees them -----------------------------------------------------------------------------

INTEGRITY = {"numbers_dont_add_up", "activity_backdated"}


def both_alarms(world, as_user) -> None:
    """4 proposals on no deal, logged today for last week: both integrity alarms."""
    log(as_user(world.rep_user_a1), LAST_MONDAY, proposals=4)
    assert codes(alarms(as_user(world.manager_a)), world.rep_a1) >= INTEGRITY


def test_the_rep_concerned_and_the_other_reps_never_see_integrity_alarms(world, as_user):
    both_alarms(world, as_user)
    for user in (world.rep_user_a1, world.rep_user_a2):
        seen = alarms(as_user(user))
        assert not INTEGRITY & {a["code"] for a in seen}
        assert alarms(as_user(user), code="numbers_dont_add_up") == []


def test_the_owner_sees_integrity_alarms_only_where_the_client_allows(world, as_user):
    both_alarms(world, as_user)
    owner = as_user(world.owner_a)
    assert not INTEGRITY & {a["code"] for a in alarms(owner)}
    settings(as_user(world.manager_a), world.client_a,
             alarm_rules={"integrity_alarms_to_owner": True})
    assert codes(alarms(owner), world.rep_a1) >= INTEGRITY
    assert only(alarms(owner), "numbers_dont_add_up", world.rep_a1)["severity"] == "critical"


def test_another_companys_people_see_none_of_them(world, as_user):
    both_alarms(world, as_user)
    settings(as_user(world.manager_a), world.client_a,
             alarm_rules={"integrity_alarms_to_owner": True})
    for user in (world.manager_b, world.owner_b):
        assert not INTEGRITY & {a["code"] for a in alarms(as_user(user))}
