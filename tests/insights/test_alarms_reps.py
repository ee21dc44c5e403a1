"""Rep-level alarms (DOMAIN.md, "Leading indicators" 1 and "Integrity"), hand-computed:
activity below target for consecutive full ISO weeks, commit deals slipping or lost, and
proposals logged that leave no trace in the pipeline (or the reverse).

Company A: weekly targets 15 calls/meetings, 3 proposals, 5 prospecting hours; an alarm
after 2 full weeks below; weeks are the full ISO weeks before the week of as_of.
"""

from datetime import UTC, date, datetime, time, timedelta

from app.core.periods import iso_week
from tests.support.alarm_helpers import (
    KEY,
    LAST_MONDAY,
    THIS_MONDAY,
    TODAY,
    alarms,
    backdate,
    change,
    codes,
    days_ago,
    deal,
    log,
    only,
    settings,
)

WEEKS = [LAST_MONDAY - timedelta(weeks=n) for n in (3, 2, 1, 0)]  # oldest first
LAST_TUESDAY_NOON = datetime.combine(LAST_MONDAY + timedelta(days=1), time(12), tzinfo=UTC)


def on_target(rep, monday) -> None:
    log(rep, monday, calls=15, proposals=3, hours=5)


def short_of_calls(rep, monday) -> None:
    log(rep, monday, calls=10, proposals=3, hours=5)


def four_weeks(rep, *plan) -> None:
    """Log the last four full weeks, oldest first, each as `plan` says."""
    for monday, week in zip(WEEKS, plan, strict=True):
        week(rep, monday)


def test_two_full_weeks_under_the_calls_target_raise_activity_below_target(world, as_user):
    rep = as_user(world.rep_user_a1)
    four_weeks(rep, on_target, on_target, short_of_calls, short_of_calls)
    alarm = only(alarms(as_user(world.manager_a)), "activity_below_target", world.rep_a1)
    assert alarm["severity"] == "warning" and KEY.match(alarm["key"])
    assert alarm["client_id"] == str(world.client_a.id)
    assert alarm["figures"] == {"calls_meetings": {"actual": 10.0, "target": 15.0,
                                                   "weeks_below": 2}}
    assert world.rep_a1.full_name in alarm["message"]
    assert alarm["message"] == (f"{world.rep_a1.full_name} has been under the calls/meetings "
                                "target for 2 weeks (last week calls/meetings 10 of 15): a "
                                "low-revenue month is coming; coach on activity now.")


def test_one_week_under_target_is_not_yet_an_alarm(world, as_user):
    rep = as_user(world.rep_user_a1)
    four_weeks(rep, on_target, on_target, on_target, short_of_calls)
    assert "activity_below_target" not in codes(alarms(as_user(world.manager_a)), world.rep_a1)


def test_catching_up_in_the_last_week_clears_activity_below_target(world, as_user):
    rep = as_user(world.rep_user_a1)
    four_weeks(rep, on_target, on_target, short_of_calls, short_of_calls)
    manager = as_user(world.manager_a)
    assert "activity_below_target" in codes(alarms(manager), world.rep_a1)
    log(rep, LAST_MONDAY, calls=5, day=2)
    assert "activity_below_target" not in codes(alarms(manager), world.rep_a1)


def test_more_weeks_below_than_the_setting_is_critical_and_counts_each_kind(world, as_user):
    rep = as_user(world.rep_user_a1)
    on_target(rep, WEEKS[0])
    for monday in WEEKS[1:]:
        log(rep, monday, calls=15, proposals=3, hours=2)
    alarm = only(alarms(as_user(world.manager_a)), "activity_below_target", world.rep_a1)
    assert alarm["severity"] == "critical"
    assert alarm["figures"] == {"prospecting_hours": {"actual": 2.0, "target": 5.0,
                                                      "weeks_below": 3}}


def test_the_clients_setting_decides_how_many_weeks_raise_it(world, as_user):
    rep = as_user(world.rep_user_a1)
    four_weeks(rep, on_target, on_target, short_of_calls, short_of_calls)
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, activity_alarm_weeks=3)
    assert "activity_below_target" not in codes(alarms(manager), world.rep_a1)


def test_as_of_a_past_day_judges_the_weeks_before_it(world, as_user):
    rep = as_user(world.rep_user_a1)
    four_weeks(rep, short_of_calls, short_of_calls, on_target, on_target)
    manager = as_user(world.manager_a)
    assert "activity_below_target" not in codes(alarms(manager), world.rep_a1)
    # as of week 2, the full weeks are the two empty ones before week 0, then weeks 0 and 1
    then = only(alarms(manager, as_of=WEEKS[2] + timedelta(days=2)), "activity_below_target",
                world.rep_a1)
    assert then["severity"] == "critical"
    assert then["figures"] == {"calls_meetings": {"actual": 10.0, "target": 15.0,
                                                  "weeks_below": 4}}


def test_a_commit_deal_whose_close_date_slips_raises_commit_slipping(world, as_user):
    rep = as_user(world.rep_user_a1)
    promised = deal(rep, 40000, forecast_category="commit",
                    expected_close_on=TODAY + timedelta(days=5))
    change(rep, promised, expected_close_on=TODAY + timedelta(days=20))
    alarm = only(alarms(as_user(world.manager_a)), "commit_slipping", world.rep_a1)
    assert alarm["severity"] == "warning" and KEY.match(alarm["key"])
    assert alarm["figures"] == {"slipped": 1, "lost": 0, "window_days": 30}
    assert alarm["message"] == (f"{world.rep_a1.full_name}'s commit deals are not landing "
                                "(1 slipped, 0 lost in 30 days): review each commit in the "
                                "next one-on-one.")


def test_a_commit_deal_lost_is_a_critical_commit_slipping(world, as_user):
    rep = as_user(world.rep_user_a1)
    promised = deal(rep, 40000, forecast_category="commit",
                    expected_close_on=TODAY + timedelta(days=5))
    change(rep, promised, stage="closed_lost", lost_reason="price_terms")
    alarm = only(alarms(as_user(world.manager_a)), "commit_slipping", world.rep_a1)
    assert alarm["severity"] == "critical"
    assert alarm["figures"] == {"slipped": 0, "lost": 1, "window_days": 30}


def test_slips_of_deals_outside_commit_do_not_count(world, as_user):
    rep = as_user(world.rep_user_a1)
    hopeful = deal(rep, 40000, forecast_category="best_case",
                   expected_close_on=TODAY + timedelta(days=5))
    change(rep, hopeful, expected_close_on=TODAY + timedelta(days=20))
    assert "commit_slipping" not in codes(alarms(as_user(world.manager_a)), world.rep_a1)


def test_a_slip_older_than_30_days_clears_commit_slipping(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    promised = deal(rep, 40000, forecast_category="commit",
                    expected_close_on=TODAY + timedelta(days=5))
    backdate(db, promised, days_ago(40))
    change(rep, promised, expected_close_on=TODAY + timedelta(days=20))
    backdate(db, promised, days_ago(31))
    manager = as_user(world.manager_a)
    assert "commit_slipping" not in codes(alarms(manager), world.rep_a1)
    then = alarms(manager, as_of=TODAY - timedelta(days=10))
    assert only(then, "commit_slipping", world.rep_a1)["figures"]["slipped"] == 1


def test_proposals_logged_with_no_deal_reaching_proposal_dont_add_up(world, as_user):
    log(as_user(world.rep_user_a1), LAST_MONDAY, proposals=2)
    alarm = only(alarms(as_user(world.manager_a)), "numbers_dont_add_up", world.rep_a1)
    assert alarm["severity"] == "warning" and KEY.match(alarm["key"])
    week = iso_week(LAST_MONDAY)
    assert alarm["figures"] == {"week": week, "proposals_logged": 2.0, "deals_to_proposal": 0}
    assert alarm["message"] == (f"{world.rep_a1.full_name} logged 2 proposals in {week} but "
                                "0 deals reached the proposal stage: check that the numbers "
                                "add up.")


def test_a_deal_reaching_proposal_with_no_proposal_logged_doesnt_add_up(world, as_user, db):
    backdate(db, deal(as_user(world.rep_user_a1), 30000, stage="proposal"), LAST_TUESDAY_NOON)
    alarm = only(alarms(as_user(world.manager_a)), "numbers_dont_add_up", world.rep_a1)
    assert alarm["figures"]["proposals_logged"] == 0.0
    assert alarm["figures"]["deals_to_proposal"] == 1


def test_proposals_logged_and_a_deal_reaching_proposal_add_up(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    log(rep, LAST_MONDAY, proposals=2)
    manager = as_user(world.manager_a)
    assert "numbers_dont_add_up" in codes(alarms(manager), world.rep_a1)
    backdate(db, deal(rep, 30000, stage="proposal"), LAST_TUESDAY_NOON)
    assert "numbers_dont_add_up" not in codes(alarms(manager), world.rep_a1)


def test_this_weeks_proposals_wait_for_the_week_to_end(world, as_user):
    log(as_user(world.rep_user_a1), THIS_MONDAY, proposals=2, day=0)
    assert "numbers_dont_add_up" not in codes(alarms(as_user(world.manager_a)), world.rep_a1)


def test_a_rep_sees_their_own_integrity_alarms_and_not_a_colleagues(world, as_user):
    for user in (world.rep_user_a1, world.rep_user_a2):
        promised = deal(as_user(user), 40000, forecast_category="commit",
                        expected_close_on=TODAY + timedelta(days=5))
        change(as_user(user), promised, expected_close_on=TODAY + timedelta(days=20))
    log(as_user(world.rep_user_a2), LAST_MONDAY, proposals=2)
    items = alarms(as_user(world.rep_user_a1))
    assert {a["rep_id"] for a in items} == {str(world.rep_a1.id)}
    assert {"commit_slipping", "activity_below_target"} == codes(items, world.rep_a1)
    assert only(items, "commit_slipping", world.rep_a1)["figures"]["slipped"] == 1


def test_weeks_before_a_rep_was_hired_do_not_count(world, as_user):
    manager = as_user(world.manager_a)
    hired = date.today() - timedelta(days=date.today().weekday())  # this Monday
    assert manager.patch(f"/api/v1/reps/{world.rep_a1.id}",
                         json={"hire_date": str(hired)}).status_code == 200
    alarms = manager.get("/api/v1/alarms", params={"rep_id": str(world.rep_a1.id)}).json()
    assert "activity_below_target" not in {a["code"] for a in alarms["items"]}
