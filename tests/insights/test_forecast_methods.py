"""The forecast of a period, hand-computed: every method for each rep and for the client,
the rep rows adding up to the client's, commit and best case disjoint, overdue deals in no
method, the headline and its bound, and who may read it."""

from datetime import timedelta

from tests.support.alarm_helpers import TODAY, deal
from tests.support.assertions import problem
from tests.support.forecast_helpers import (
    LAST_MONTH,
    MONTH_END,
    NEXT_MONTH_DAY,
    PERIOD,
    forecast,
    money,
    run_rate,
)

METHODS = ("commit", "best_case", "weighted_pipeline", "conversion", "run_rate")


def two_reps(world, as_user) -> None:
    """Rep 1: 20,000 won; 30,000 commit in negotiation, 10,000 best case at proposal, 8,000
    pipeline in discovery, all due this month; 50,000 due next month (in no method); 40,000
    commit 20 days past its close (overdue). Rep 2: 5,000 won; 12,000 best case at proposal."""
    one, two = as_user(world.rep_user_a1), as_user(world.rep_user_a2)
    deal(one, 20000, stage="closed_won")
    deal(one, 30000, stage="negotiation", forecast_category="commit",
         expected_close_on=MONTH_END)
    deal(one, 10000, stage="proposal", forecast_category="best_case",
         expected_close_on=MONTH_END)
    deal(one, 8000, stage="discovery", expected_close_on=MONTH_END)
    deal(one, 50000, stage="negotiation", forecast_category="commit",
         expected_close_on=NEXT_MONTH_DAY)
    deal(one, 40000, name="Stale", stage="negotiation", forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=20))
    deal(two, 5000, stage="closed_won")
    deal(two, 12000, stage="proposal", forecast_category="best_case",
         expected_close_on=MONTH_END)


def test_each_method_per_rep_and_for_the_client_hand_computed(world, as_user):
    two_reps(world, as_user)
    found = forecast(as_user(world.manager_a), world.client_a)
    reps = {r["rep_id"]: r for r in found["reps"]}
    one, two = reps[str(world.rep_a1.id)], reps[str(world.rep_a2.id)]
    assert one["won"] == "20000.00" and two["won"] == "5000.00"
    assert one["methods"] == {
        "reps_calls": None, "manager_call": None,
        "commit": "50000.00",  # 20,000 + 30,000
        "best_case": "60000.00",  # + 10,000
        "weighted_pipeline": "49100.00",  # 20,000 + 22,500 + 5,000 + 1,600
        "conversion": "49100.00",  # too few closed deals: the configured chances
        "run_rate": run_rate(20000, 20000)}
    assert two["methods"]["commit"] == "5000.00" and two["methods"]["best_case"] == "17000.00"
    assert two["methods"]["weighted_pipeline"] == "11000.00"  # 5,000 + 6,000
    assert found["open"] == {"commit": "30000.00", "best_case": "22000.00",
                             "pipeline": "8000.00", "overdue": "40000.00"}
    assert found["won"] == "25000.00" and found["target"] == "100000.00"
    assert found["period"] == PERIOD and found["as_of"] == str(TODAY)


def test_rep_rows_add_up_to_the_client_for_every_method_but_the_managers_call(world, as_user):
    two_reps(world, as_user)
    found = forecast(as_user(world.manager_a), world.client_a)
    for method in METHODS:
        total = sum(float(r["methods"][method]) for r in found["reps"])
        assert money(total) == found["methods"][method], method
    assert found["methods"]["commit"] == "55000.00"
    assert found["methods"]["best_case"] == "77000.00"
    assert found["methods"]["weighted_pipeline"] == "60100.00"


def test_the_headline_defaults_to_the_weighted_pipeline_and_gives_the_gap(world, as_user):
    two_reps(world, as_user)
    found = forecast(as_user(world.manager_a), world.client_a)
    headline = found["headline"]
    assert headline["method"] == "weighted_pipeline" and headline["value"] == "60100.00"
    assert headline["periods_measured"] == 0 and headline["mean_error"] is None
    assert not headline["capped"] and "fewer than 3 ended periods" in headline["basis"]
    assert found["gap_to_target"] == "39900.00"


def test_the_headline_is_held_at_won_commit_and_best_case(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, stage="closed_won")
    deal(rep, 20000, stage="negotiation", forecast_category="commit", expected_close_on=MONTH_END)
    deal(rep, 200000, stage="negotiation", expected_close_on=MONTH_END)  # pipeline category
    found = forecast(as_user(world.manager_a), world.client_a)
    assert found["methods"]["weighted_pipeline"] == "175000.00"  # 10,000 + 15,000 + 150,000
    assert found["headline"]["value"] == "30000.00" and found["headline"]["capped"]
    assert found["headline"]["method"] == "weighted_pipeline"


def test_a_deal_14_days_past_its_close_still_counts_15_days_does_not(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 30000, name="Fourteen", stage="negotiation", forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=14))
    deal(rep, 40000, name="Fifteen", stage="negotiation", forecast_category="commit",
         expected_close_on=TODAY - timedelta(days=15))
    found = forecast(as_user(world.manager_a), world.client_a)
    assert found["methods"]["commit"] == "30000.00"
    assert found["open"]["overdue"] == "40000.00"
    [late] = found["overdue"]
    assert late["name"] == "Fifteen" and late["days_overdue"] == 15
    assert late["forecast_category"] == "commit" and late["amount"] == "40000.00"


def test_a_past_period_is_forecast_as_of_its_last_day_by_default(world, as_user):
    found = forecast(as_user(world.manager_a), world.client_a, period=f"{LAST_MONTH.start:%Y-%m}")
    assert found["as_of"] == str(LAST_MONTH.end) and found["period_end"] == str(LAST_MONTH.end)


def test_a_period_or_as_of_that_does_not_fit_is_422(world, as_user):
    manager = as_user(world.manager_a)
    url = f"/api/v1/clients/{world.client_a.id}/forecast"
    for bad in ("2026-13", "2026-Q1", "December", "1800-01"):
        problem(manager.get(url, params={"period": bad}), 422)
    problem(manager.get(url, params={"period": PERIOD, "as_of": str(LAST_MONTH.end)}), 422)


def test_owners_read_it_reps_may_not_and_another_company_gets_404(world, as_user):
    url = f"/api/v1/clients/{world.client_a.id}/forecast"
    assert as_user(world.owner_a).get(url).status_code == 200
    problem(as_user(world.rep_user_a1).get(url), 403)
    problem(as_user(world.manager_b).get(url), 404)
    problem(as_user(world.owner_b).get(url), 404)


def test_proposal_conversion_counts_only_decided_proposals(world, as_user):
    rep = as_user(world.rep_user_a1)
    for stage, extra in (("closed_won", {}), ("closed_lost", {"lost_reason": "price_terms"}),
                         (None, {})):
        created = deal(rep, 10000, stage="proposal")
        if stage:
            response = rep.patch(f"/api/v1/deals/{created['id']}", json={"stage": stage, **extra})
            assert response.status_code == 200
    figures = as_user(world.manager_a).get(f"/api/v1/clients/{world.client_a.id}/kpis").json()
    assert figures["proposal_conversion"]["value"] == 0.5  # 1 won of 2 decided; 1 undecided
    assert figures["proposal_conversion"]["deals"] == 2
