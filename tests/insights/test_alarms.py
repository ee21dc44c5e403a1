"""Client-level alarms, hand-computed on small data sets: top- and mid-funnel coverage, gross
margin (weighted by revenue over the period) and the forecast gap (critical only late in the
period); as_of and stable keys.

Company A: monthly target 100,000, floors 3x and 2x, 30% margin floor, default stage
probabilities (proposal 50%); fewer than 10 closed deals, so the forecast uses them.
"""

from datetime import UTC, datetime, time, timedelta

from tests.support.alarm_helpers import (
    KEY,
    TODAY,
    alarms,
    backdate,
    change,
    codes,
    days_ago,
    deal,
    hired,
    only,
    quiet,
    settings,
)

SOON = TODAY + timedelta(days=10)
MONTH_END = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def funded(world, as_user) -> None:
    """No activity targets and the month's target already won: only the pipeline speaks."""
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=0,
             weekly_proposals_target=0, weekly_prospecting_hours_target="0")
    deal(as_user(world.rep_user_a1), 100000, stage="closed_won")


def test_a_company_with_its_indicators_above_their_floors_raises_nothing(world, as_user):
    quiet(world, as_user)
    assert alarms(as_user(world.manager_a), client_id=world.client_a.id) == []


def test_the_texts_example_250k_open_on_a_100k_target_raises_coverage_2_5(world, as_user):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 150000, expected_close_on=SOON)
    deal(rep, 100000, expected_close_on=SOON)
    items = alarms(as_user(world.manager_a), client_id=world.client_a.id)
    assert [a["code"] for a in items] == ["pipeline_coverage_low"]
    alarm = items[0]
    assert alarm["severity"] == "warning" and KEY.match(alarm["key"])
    assert alarm["client_id"] == str(world.client_a.id) and alarm["rep_id"] is None
    assert alarm["figures"] == {"actual": 2.5, "floor": 3.0, "pipeline": "250000.00",
                                "target": "100000.00", "rule": "coverage under its floor"}
    assert alarm["message"] == "Prospect more: coverage is 2.5x of the 3x floor."
    assert alarm["acknowledged_at"] is None and alarm["snoozed_until"] is None


def test_the_texts_example_300k_open_on_a_100k_target_is_enough(world, as_user):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 150000, expected_close_on=SOON)
    deal(rep, 100000, expected_close_on=SOON)
    deal(rep, 50000, expected_close_on=SOON)
    assert alarms(as_user(world.manager_a), client_id=world.client_a.id) == []


def test_coverage_under_two_thirds_of_its_floor_is_critical(world, as_user):
    funded(world, as_user)
    deal(as_user(world.rep_user_a1), 150000, expected_close_on=SOON)
    alarm = only(alarms(as_user(world.manager_a)), "pipeline_coverage_low")
    assert alarm["severity"] == "critical" and alarm["figures"]["actual"] == 1.5


def test_too_little_pipeline_within_30_days_raises_near_term_coverage(world, as_user):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 150000, expected_close_on=SOON)
    deal(rep, 200000, expected_close_on=TODAY + timedelta(days=45))
    items = alarms(as_user(world.manager_a), client_id=world.client_a.id)
    assert [a["code"] for a in items] == ["near_term_coverage_low"]
    alarm = items[0]
    assert alarm["severity"] == "warning" and alarm["rep_id"] is None
    assert KEY.match(alarm["key"])
    assert alarm["figures"] == {"actual": 1.5, "floor": 2.0, "pipeline": "150000.00",
                                "target": "100000.00",
                                "rule": "near-term coverage under its floor"}
    assert alarm["message"] == ("Advance deals that can close soon: coverage for the next "
                                "30 days is 1.5x of the 2x floor.")


def test_pulling_a_deal_into_the_next_30_days_clears_near_term_coverage(world, as_user):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 150000, expected_close_on=SOON)
    later = deal(rep, 200000, expected_close_on=TODAY + timedelta(days=45))
    manager = as_user(world.manager_a)
    assert "near_term_coverage_low" in codes(alarms(manager))
    change(rep, later, expected_close_on=TODAY + timedelta(days=20))
    assert alarms(manager, client_id=world.client_a.id) == []


def _about_client(items: list[dict]) -> list[dict]:
    return [a for a in items if a["rep_id"] is None]


def test_wins_under_the_margin_floor_by_revenue_raise_margin_below_floor(world, as_user):
    quiet(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, stage="closed_won", gross_margin_pct="20")
    deal(rep, 30000, stage="closed_won", gross_margin_pct="30")
    items = _about_client(alarms(as_user(world.manager_a), client_id=world.client_a.id))
    assert [a["code"] for a in items] == ["margin_below_floor"]
    alarm = items[0]
    assert alarm["severity"] == "warning" and KEY.match(alarm["key"])
    # weighted by revenue: (10,000 x 20 + 30,000 x 30) / 40,000 = 27.5 (a plain mean: 25)
    assert alarm["figures"] == {"actual": 27.5, "floor": 30.0, "deals": 2}
    assert alarm["message"] == ("Protect margin: deals won this period average 27.5% gross "
                                "margin (weighted by revenue), under the 30% floor.")


def test_a_big_win_above_the_floor_outweighs_a_small_one_below(world, as_user):
    quiet(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, stage="closed_won", gross_margin_pct="10")
    deal(rep, 90000, stage="closed_won", gross_margin_pct="33")  # (1 + 29.7) / 1 = 30.7
    items = alarms(as_user(world.manager_a), client_id=world.client_a.id)
    assert _about_client(items) == []
    below = only(items, "deal_below_margin_floor", world.rep_a1)  # the small one, by name
    assert [d["gross_margin_pct"] for d in below["figures"]["deals"]] == [10.0]


def test_wins_of_an_earlier_period_do_not_count_for_margin(world, as_user):
    quiet(world, as_user)
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, stage="closed_won", gross_margin_pct="10",
         closed_on=TODAY.replace(day=1) - timedelta(days=1))
    deal(rep, 10000, stage="closed_won", gross_margin_pct="40")
    assert alarms(as_user(world.manager_a), client_id=world.client_a.id) == []


def test_late_in_the_period_short_of_80_percent_is_a_critical_forecast_gap(world, as_user):
    deal(as_user(world.rep_user_a1), 50000, stage="closed_won")
    alarm = only(alarms(as_user(world.manager_a), as_of=MONTH_END), "forecast_gap")
    assert alarm["severity"] == "critical" and alarm["rep_id"] is None
    assert KEY.match(alarm["key"])
    assert alarm["figures"] == {
        "projected": "50000.00", "target": "100000.00", "gap": "50000.00",
        "method": "weighted_pipeline", "period_left_share": 0.0,
        "rule": "the forecast is under its share of the target with under half the period "
                "left"}
    assert alarm["message"] == ("Close the gap: the period is on course for 50,000 of "
                                "100,000; pull deals forward or add pipeline.")


def test_early_in_the_period_the_same_gap_is_only_a_warning(world, as_user, db):
    first = TODAY.replace(day=1)
    won = deal(as_user(world.rep_user_a1), 50000, stage="closed_won", closed_on=first)
    backdate(db, won, datetime.combine(first, time(9), tzinfo=UTC))
    alarm = only(alarms(as_user(world.manager_a), as_of=first), "forecast_gap")
    assert alarm["severity"] == "warning" and alarm["figures"]["period_left_share"] > 0.5


def test_a_forecast_of_exactly_80_percent_raises_nothing_and_a_cent_less_does(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 50000, stage="closed_won")
    bet = deal(rep, 60000, stage="proposal", forecast_category="best_case",
               expected_close_on=MONTH_END)  # 50% of 60,000, under won + best case
    manager = as_user(world.manager_a)
    assert "forecast_gap" not in codes(alarms(manager, as_of=MONTH_END))  # 80,000 = 80%
    change(rep, bet, amount="59999.98")  # 79,999.99
    alarm = only(alarms(manager, as_of=MONTH_END), "forecast_gap")
    assert alarm["figures"]["projected"] == "79999.99"


def test_winning_the_rest_of_the_target_clears_the_forecast_gap(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 50000, stage="closed_won")
    deal(rep, 60000, stage="proposal", forecast_category="best_case",
         expected_close_on=MONTH_END)
    deal(rep, 20000, stage="closed_won")
    assert "forecast_gap" not in codes(alarms(as_user(world.manager_a)))


def test_as_of_a_past_day_judges_the_pipeline_as_it_stood_then(world, as_user, db):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    big = deal(rep, 300000, expected_close_on=SOON)
    backdate(db, big, days_ago(20))
    change(rep, big, amount="150000")
    manager = as_user(world.manager_a)
    past = alarms(manager, client_id=world.client_a.id, as_of=TODAY - timedelta(days=5))
    assert "pipeline_coverage_low" not in codes(past)
    now = only(alarms(manager, client_id=world.client_a.id), "pipeline_coverage_low")
    assert now["figures"]["actual"] == 1.5
    before = alarms(manager, client_id=world.client_a.id, as_of=TODAY - timedelta(days=25))
    assert only(before, "pipeline_coverage_low")["figures"]["actual"] == 0.0


def test_keys_are_stable_across_calls_and_as_the_figures_change(world, as_user):
    funded(world, as_user)
    rep = as_user(world.rep_user_a1)
    open_deal = deal(rep, 250000, expected_close_on=SOON)
    manager = as_user(world.manager_a)
    first = only(alarms(manager), "pipeline_coverage_low")
    assert [a["key"] for a in alarms(manager)] == [a["key"] for a in alarms(manager)]
    change(rep, open_deal, amount="100000")
    again = only(alarms(manager), "pipeline_coverage_low")
    assert (again["figures"]["actual"], again["severity"]) == (1.0, "critical")
    assert again["key"] == first["key"]


def test_each_code_and_subject_has_its_own_key(world, as_user, db):
    hired(db, world.rep_a1, world.rep_a2)
    items = alarms(as_user(world.manager_a), client_id=world.client_a.id)
    assert len({a["key"] for a in items}) == len(items)
    keys = {(a["code"], a["rep_id"]): a["key"] for a in items}
    assert keys[("activity_below_target", str(world.rep_a1.id))] != keys[
        ("activity_below_target", str(world.rep_a2.id))]
    assert all(KEY.match(key) for key in keys.values())


def test_without_a_company_target_the_active_reps_quotas_are_the_target(world, as_user):
    funded(world, as_user)
    settings(as_user(world.manager_a), world.client_a, period_revenue_target="0")
    deal(as_user(world.rep_user_a1), 120000, expected_close_on=SOON)  # quotas 2 x 25,000
    alarm = only(alarms(as_user(world.manager_a)), "pipeline_coverage_low")
    assert alarm["figures"]["target"] == "50000.00" and alarm["figures"]["actual"] == 2.4
