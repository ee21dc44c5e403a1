"""The scenario teams, each with the story it tells and the alarms that story should raise
(and from which simulated week). Week 0 is the first of the simulated history."""

from bench.signals.simulate import WEEKS, RepPlan, Scenario

DROP = 14  # the week the falling team's activity drops


def _reps(n: int, **plan) -> list[RepPlan]:
    return [RepPlan(name=f"Rep {i + 1}", **plan) for i in range(n)]


SCENARIOS = [
    Scenario("healthy", "Ahead of pace, one commit deal pushed once out of the month.",
             _reps(3) + [RepPlan("Avery", pushes=lambda w: 1 if w == 20 else 0)]),
    Scenario("falling", "Activity drops by half in week 14; revenue dips some weeks later.",
             _reps(4, activity=lambda w: 1.1 if w < DROP else 0.45),
             expected=[("activity_below_target", f"Rep {i + 1}", DROP + 2) for i in range(4)],
             acceptable=[("pipeline_coverage_low", None, DROP + 2),
                         ("near_term_coverage_low", None, DROP + 2),
                         ("forecast_gap", None, DROP + 2)],
             dips=True),
    Scenario("short", "Too little pipeline for the target all along.",
             _reps(3), pace=0.55,
             expected=[("pipeline_coverage_low", None, 6)],
             acceptable=[("near_term_coverage_low", None, 6), ("forecast_gap", None, 6)]),
    Scenario("overreporter", "From week 18 one rep logs five proposals a week more than "
                             "their deals show.",
             _reps(3) + [RepPlan("Jordan", extra_proposals=lambda w: 5 if w >= 18 else 0)],
             expected=[("numbers_dont_add_up", "Jordan", 19)]),
    Scenario("backdater", "One rep enters the week's activity five days late.",
             _reps(3) + [RepPlan("Blake", late_days=lambda w: 5 if w >= 18 else 0)],
             expected=[("activity_backdated", "Blake", 19)]),
    Scenario("discounter", "One rep wins below the margin floor.",
             _reps(3) + [RepPlan("Morgan", margin=(18, 26))],
             expected=[("deal_below_margin_floor", "Morgan", 0)],
             acceptable=[("margin_below_floor", None, 0)]),
    Scenario("newcomer", "A new client, five weeks in, with the open deals it brought.",
             _reps(3), first_week=WEEKS - 5),
]
