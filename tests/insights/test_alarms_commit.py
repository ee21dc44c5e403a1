"""Commit reliability and overdue deals, hand-computed, through HTTP.

commit_unreliable: over 90 days, the deals that were ever in commit are judged: won, lost,
still open past their expected close, or pushed in a way that counts (out of the month it
was made in, or a second push). Warning under 70% on 3+ decided deals; critical under 50%
on 4+. deal_overdue: open commit or best-case deals more than 14 days past their expected
close, which then count in no roll-up and not in the near-term pipeline.

Company A: monthly periods, UTC, target 100,000.
"""

from datetime import timedelta

from tests.support.alarm_helpers import (
    TODAY,
    alarms,
    backdate,
    change,
    codes,
    days_ago,
    deal,
    only,
    settings,
)

SOON = TODAY + timedelta(days=10)
MONTH_END = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def committed(rep, name, outcome=None, *, close=SOON, amount=10000) -> dict:
    """A deal put in commit, then won or lost (today) if `outcome` says so."""
    created = deal(rep, amount, name=name, forecast_category="commit", expected_close_on=close)
    if outcome == "won":
        return change(rep, created, stage="closed_won")
    if outcome == "lost":
        return change(rep, created, stage="closed_lost", lost_reason="stall")
    return created


def record(rep, *, won=0, lost=0) -> None:
    for n in range(won):
        committed(rep, f"Won {n}", "won")
    for n in range(lost):
        committed(rep, f"Lost {n}", "lost")


def commit_alarm(world, as_user, **params) -> dict | None:
    found = [a for a in alarms(as_user(world.manager_a), **params)
             if a["code"] == "commit_unreliable" and a["rep_id"] == str(world.rep_a1.id)]
    return found[0] if found else None


def test_seven_of_ten_commit_deals_won_is_exactly_70_percent_and_raises_nothing(world, as_user):
    record(as_user(world.rep_user_a1), won=7, lost=3)
    assert commit_alarm(world, as_user) is None


def test_two_won_one_lost_is_under_70_percent_on_three_deals_a_warning(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    lost = committed(rep, "Lost one", "lost")
    alarm = commit_alarm(world, as_user)
    assert alarm["severity"] == "warning"
    figures = alarm["figures"]
    assert (figures["won"], figures["decided"], figures["rate"]) == (2, 3, 0.6667)
    assert figures["window_days"] == 90
    assert figures["rule"] == "commit deals land under the warning rate on enough deals"
    assert sorted((d["name"], d["outcome"], d["pushes"]) for d in figures["deals"]) == [
        ("Lost one", "lost", []), ("Won 0", "won", []), ("Won 1", "won", [])]
    assert {d["deal_id"] for d in figures["deals"] if d["outcome"] == "lost"} == {lost["id"]}
    assert alarm["message"] == (
        f"{world.rep_a1.full_name}'s commit deals landed 2 of 3 in 90 days (67%): Lost one "
        "(lost). Review each commit in the next one-on-one.")


def test_two_lost_and_none_won_is_too_few_decided_deals_to_judge(world, as_user):
    record(as_user(world.rep_user_a1), lost=2)
    assert commit_alarm(world, as_user) is None


def test_two_won_two_lost_is_exactly_50_percent_a_warning_not_critical(world, as_user):
    record(as_user(world.rep_user_a1), won=2, lost=2)
    alarm = commit_alarm(world, as_user)
    assert alarm["severity"] == "warning" and alarm["figures"]["rate"] == 0.5


def test_one_won_three_lost_on_four_deals_is_critical(world, as_user):
    record(as_user(world.rep_user_a1), won=1, lost=3)
    alarm = commit_alarm(world, as_user)
    assert alarm["severity"] == "critical"
    assert (alarm["figures"]["decided"], alarm["figures"]["rate"]) == (4, 0.25)
    assert alarm["figures"]["rule"] == "commit deals land under the critical rate on enough deals"


def test_one_won_two_lost_is_only_a_warning_as_critical_needs_four_deals(world, as_user):
    record(as_user(world.rep_user_a1), won=1, lost=2)
    alarm = commit_alarm(world, as_user)
    assert alarm["severity"] == "warning" and alarm["figures"]["rate"] == 0.3333


def test_deals_never_in_commit_are_not_judged(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    for n in range(3):
        change(rep, deal(rep, 10000, name=f"Pipeline {n}"), stage="closed_lost",
               lost_reason="stall")
    assert commit_alarm(world, as_user) is None


def test_a_deal_moved_out_of_commit_before_it_was_lost_still_counts(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    wavered = committed(rep, "Wavered")
    change(rep, wavered, forecast_category="best_case")
    change(rep, wavered, stage="closed_lost", lost_reason="competition")
    alarm = commit_alarm(world, as_user)
    assert [(d["name"], d["outcome"]) for d in alarm["figures"]["deals"]
            if d["outcome"] != "won"] == [("Wavered", "lost")]


def test_a_loss_closed_90_days_ago_is_out_of_the_window_and_89_days_ago_is_in(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    lost = committed(rep, "Old loss", "lost")
    change(rep, lost, closed_on=TODAY - timedelta(days=90))
    assert commit_alarm(world, as_user) is None
    change(rep, lost, closed_on=TODAY - timedelta(days=89))
    assert commit_alarm(world, as_user)["figures"]["decided"] == 3


def test_avery_three_of_three_won_one_pushed_once_within_the_month_raises_nothing(
        world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    pushed = committed(rep, "Pushed then won", close=TODAY - timedelta(days=1))
    change(rep, pushed, expected_close_on=MONTH_END)
    change(rep, pushed, stage="closed_won")
    assert commit_alarm(world, as_user) is None


def test_a_single_push_within_the_month_of_an_open_commit_deal_is_not_a_miss(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)  # a third deal decided and missed would make 2 of 3
    pushed = committed(rep, "Pushed", close=TODAY - timedelta(days=1))
    change(rep, pushed, expected_close_on=MONTH_END)
    assert commit_alarm(world, as_user) is None


def test_a_push_out_of_the_month_counts_as_a_miss_and_is_named(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    pushed = committed(rep, "Pushed out", close=TODAY)
    change(rep, pushed, expected_close_on=MONTH_END + timedelta(days=1))
    alarm = commit_alarm(world, as_user)
    assert alarm["severity"] == "warning" and alarm["figures"]["rate"] == 0.6667
    missed = [d for d in alarm["figures"]["deals"] if d["outcome"] != "won"]
    assert missed == [{"deal_id": pushed["id"], "name": "Pushed out", "outcome": "pushed",
                       "pushes": [{"on": str(TODAY), "from": str(TODAY),
                                   "to": str(MONTH_END + timedelta(days=1)),
                                   "counts": True}]}]
    assert "Pushed out (pushed)" in alarm["message"]


def test_a_push_made_more_than_90_days_ago_is_out_of_the_window(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    pushed = committed(rep, "Pushed long ago")
    change(rep, pushed, expected_close_on=TODAY + timedelta(days=100))
    backdate(db, pushed, days_ago(91))
    assert commit_alarm(world, as_user) is None
    pushed_lately = committed(rep, "Pushed lately")
    change(rep, pushed_lately, expected_close_on=TODAY + timedelta(days=100))
    backdate(db, pushed_lately, days_ago(89))
    alarm = commit_alarm(world, as_user)
    assert [(d["name"], d["outcome"]) for d in alarm["figures"]["deals"]
            if d["outcome"] != "won"] == [("Pushed lately", "pushed")]


def test_a_second_push_counts_even_within_the_month(world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    pushed = committed(rep, "Pushed twice", close=TODAY - timedelta(days=2))
    change(rep, pushed, expected_close_on=TODAY - timedelta(days=1))
    change(rep, pushed, expected_close_on=MONTH_END)
    alarm = commit_alarm(world, as_user)
    missed = [d for d in alarm["figures"]["deals"] if d["outcome"] != "won"]
    assert [(d["name"], d["outcome"]) for d in missed] == [("Pushed twice", "pushed")]
    assert [p["counts"] for p in missed[0]["pushes"]] == [False, True]


def test_an_open_commit_deal_due_today_is_on_track_and_one_due_yesterday_is_a_miss(
        world, as_user):
    rep = as_user(world.rep_user_a1)
    record(rep, won=2)
    slipping = committed(rep, "Slipping", close=TODAY)
    assert commit_alarm(world, as_user) is None
    change(rep, slipping, expected_close_on=TODAY - timedelta(days=1))  # earlier: no push
    alarm = commit_alarm(world, as_user)
    assert [(d["name"], d["outcome"], d["pushes"]) for d in alarm["figures"]["deals"]
            if d["outcome"] != "won"] == [("Slipping", "past_expected_close", [])]


# Overdue deals -----------------------------------------------------------------------------

def kpis(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/kpis", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def roll_ups(world, as_user, **params) -> tuple[str, str, str, str]:
    """(commit in 30 days, best case in 30 days, near-term pipeline, open pipeline)."""
    figures = kpis(as_user(world.manager_a), world.client_a, **params)
    window = figures["forecast"]["windows"][0]
    assert window["days"] == 30
    return (window["commit"], window["best_case"], figures["near_term_pipeline"],
            figures["open_pipeline"])


def test_a_commit_deal_15_days_past_its_close_is_overdue_and_left_out_of_roll_ups(
        world, as_user):
    late = deal(as_user(world.rep_user_a1), 40000, name="Late PO", forecast_category="commit",
                expected_close_on=TODAY - timedelta(days=15))
    alarm = only(alarms(as_user(world.manager_a)), "deal_overdue", world.rep_a1)
    assert alarm["severity"] == "warning"
    assert alarm["figures"] == {"after_days": 14, "deals": [{
        "deal_id": late["id"], "name": "Late PO", "amount": "40000.00",
        "forecast_category": "commit", "expected_close_on": str(TODAY - timedelta(days=15)),
        "days_overdue": 15}]}
    assert alarm["message"] == (
        f"{world.rep_a1.full_name} has 1 deal in commit or best case more than 14 days past "
        "the expected close (Late PO): close them, or move the date; they count in no roll-up "
        "meanwhile.")
    assert roll_ups(world, as_user) == ("0.00", "0.00", "0.00", "40000.00")


def test_a_commit_deal_exactly_14_days_past_its_close_is_not_overdue_and_rolls_up(
        world, as_user):
    deal(as_user(world.rep_user_a1), 40000, forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=14))
    assert "deal_overdue" not in codes(alarms(as_user(world.manager_a)), world.rep_a1)
    assert roll_ups(world, as_user) == ("40000.00", "40000.00", "40000.00", "40000.00")


def test_a_best_case_deal_15_days_past_its_close_is_overdue_and_out_of_best_case(
        world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 40000, name="Maybe", forecast_category="best_case",
         expected_close_on=TODAY - timedelta(days=15))
    deal(rep, 5000, forecast_category="best_case", expected_close_on=TODAY - timedelta(days=14))
    alarm = only(alarms(as_user(world.manager_a)), "deal_overdue", world.rep_a1)
    assert [(d["name"], d["forecast_category"]) for d in alarm["figures"]["deals"]] == [
        ("Maybe", "best_case")]
    assert roll_ups(world, as_user) == ("0.00", "5000.00", "5000.00", "45000.00")


def test_a_pipeline_deal_15_days_past_its_close_is_not_overdue_and_stays_near_term(
        world, as_user):
    deal(as_user(world.rep_user_a1), 40000, forecast_category="pipeline",
         expected_close_on=TODAY - timedelta(days=15))
    assert "deal_overdue" not in codes(alarms(as_user(world.manager_a)), world.rep_a1)
    assert roll_ups(world, as_user) == ("0.00", "0.00", "40000.00", "40000.00")


def test_the_day_after_the_14th_the_same_deal_tips_over(world, as_user):
    deal(as_user(world.rep_user_a1), 40000, forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=14))
    tomorrow = TODAY + timedelta(days=1)
    alarm = only(alarms(as_user(world.manager_a), as_of=tomorrow), "deal_overdue", world.rep_a1)
    assert alarm["figures"]["deals"][0]["days_overdue"] == 15
    assert roll_ups(world, as_user, as_of=str(tomorrow)) == ("0.00", "0.00", "0.00",
                                                              "40000.00")


def test_the_clients_overdue_after_days_moves_the_limit(world, as_user):
    deal(as_user(world.rep_user_a1), 40000, forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=15))
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, alarm_rules={"overdue_after_days": 21})
    assert "deal_overdue" not in codes(alarms(manager), world.rep_a1)
    assert roll_ups(world, as_user)[0] == "40000.00"
    settings(manager, world.client_a, alarm_rules={"overdue_after_days": 15})
    assert "deal_overdue" not in codes(alarms(manager), world.rep_a1)
    settings(manager, world.client_a, alarm_rules={"overdue_after_days": 14})
    assert "deal_overdue" in codes(alarms(manager), world.rep_a1)
