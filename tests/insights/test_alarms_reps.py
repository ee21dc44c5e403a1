"""Rep-level alarms, hand-computed: activity below target for consecutive full ISO weeks (the
real number of weeks, up to 26). Commit reliability, overdue deals and the integrity alarms
have files of their own.

Company A: weekly targets 15 calls/meetings, 3 proposals, 5 prospecting hours; an alarm
after 2 full weeks below; weeks are the full ISO weeks before the week of as_of.
"""

from datetime import UTC, date, datetime, time, timedelta

from tests.support.alarm_helpers import (
    KEY,
    LAST_MONDAY,
    alarms,
    codes,
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
    assert alarm["figures"]["calls_meetings"] == {
        "actual": 10.0, "target": 15.0, "weeks_below": 2, "since": str(WEEKS[2])}
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
    assert alarm["figures"]["prospecting_hours"] == {
        "actual": 2.0, "target": 5.0, "weeks_below": 3, "since": str(WEEKS[1])}
    assert "calls_meetings" not in alarm["figures"]


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
    # weeks before the rep first logged anything don't count: the two weeks logged short
    assert then["severity"] == "warning"
    assert then["figures"]["calls_meetings"]["weeks_below"] == 2
    assert then["figures"]["calls_meetings"]["actual"] == 10.0


def test_the_streak_counts_every_week_back_not_just_the_ones_on_the_dashboard(world, as_user):
    rep = as_user(world.rep_user_a1)
    first = LAST_MONDAY - timedelta(weeks=12)
    for n in range(13):  # 13 weeks short of calls, the 14th before them on target
        log(rep, first + timedelta(weeks=n), calls=10, proposals=3, hours=5)
    on_target(rep, first - timedelta(weeks=1))
    alarm = only(alarms(as_user(world.manager_a)), "activity_below_target", world.rep_a1)
    assert alarm["figures"]["calls_meetings"]["weeks_below"] == 13
    assert "for 13 weeks" in alarm["message"]


def test_weeks_before_a_rep_was_hired_do_not_count(world, as_user):
    manager = as_user(world.manager_a)
    hired = date.today() - timedelta(days=date.today().weekday())  # this Monday
    assert manager.patch(f"/api/v1/reps/{world.rep_a1.id}",
                         json={"hire_date": str(hired)}).status_code == 200
    alarms = manager.get("/api/v1/alarms", params={"rep_id": str(world.rep_a1.id)}).json()
    assert "activity_below_target" not in {a["code"] for a in alarms["items"]}
