"""/api/v1/clients/{id}/engagement (docs/domain.md, "Cost and return": the revenue growth since
the start against the fees) on a small fixed data set, and /api/v1/tools/cost-comparison.

The engagement starts 2026-01-05 at 8,500 a month; as of 2026-11-23:
  before  2025-01-05 .. 2026-01-04, 365 days: 300,000 + 65,000 = 365,000 (1,000 a day)
  since   2026-01-05 .. 2026-11-23, 323 days: 600,000 + 46,000 = 646,000 (2,000 a day)
  fees    billed on the 5th from January to November: 11 x 8,500 = 93,500
  annualised since 646,000 x 365 / 323 = 730,000; growth 100%
  baseline for the span 365,000 x 323 / 365 = 323,000; growth 646,000 - 323,000 = 323,000
  return on fees 323,000 / 93,500 = 3.4545... -> 3.45
Not counted: a win the day before the window, lost and open deals, company B's deals.
"""

import pytest

from tests.support.assertions import problem

AS_OF = "2026-11-23"


def url(client) -> str:
    return f"/api/v1/clients/{client.id}/engagement"


def won(manager, rep, amount, closed_on, stage="closed_won", **extra) -> None:
    response = manager.post("/api/v1/deals", json={
        "name": "D", "rep_id": str(rep.id), "amount": str(amount), "stage": stage,
        "closed_on": closed_on} | extra)
    assert response.status_code == 201, response.text


def setup_a(world, as_user, **client) -> None:
    manager = as_user(world.manager_a)
    fields = {"engagement_started_on": "2026-01-05", "monthly_fee": "8500.00"} | client
    assert manager.patch(f"/api/v1/clients/{world.client_a.id}", json=fields).status_code == 200
    won(manager, world.rep_a1, 50000, "2025-01-04")
    won(manager, world.rep_a1, 300000, "2025-01-05")
    won(manager, world.rep_a2, 65000, "2026-01-04")
    won(manager, world.rep_a2, 600000, "2026-01-05")
    won(manager, world.rep_a1, 46000, "2026-11-23")
    won(manager, world.rep_a1, 70000, "2026-03-01", stage="closed_lost", lost_reason="price_terms")
    assert manager.post("/api/v1/deals", json={"name": "Open", "rep_id": str(world.rep_a1.id),
                                               "amount": "90000"}).status_code == 201
    won(as_user(world.manager_b), world.rep_b1, 999000, "2026-06-01")


def get(caller, client, **params) -> dict:
    response = caller.get(url(client), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_return_of_an_engagement_on_a_fixed_data_set(world, as_user):
    setup_a(world, as_user)
    got = get(as_user(world.manager_a), world.client_a, as_of=AS_OF)
    assert got["before"] == {"start": "2025-01-05", "end": "2026-01-04", "days": 365,
                             "revenue_won": "365000.00", "deals_won": 2}
    assert got["since"] == {"start": "2026-01-05", "end": "2026-11-23", "days": 323,
                            "revenue_won": "646000.00", "deals_won": 2}
    assert got["annualised_since"] == "730000.00" and got["growth_pct"] == 100.0
    assert got["baseline_for_span"] == "323000.00" and got["revenue_growth"] == "323000.00"
    assert got["months_billed"] == 11 and got["fees_to_date"] == "93500.00"
    assert got["return_on_fees"] == 3.45
    assert got["monthly_fee"] == "8500.00" and got["engagement_started_on"] == "2026-01-05"
    assert got["notes"] == [] and got["reason"] is None and got["as_of"] == AS_OF


def test_the_day_before_the_billing_day_one_fee_fewer(world, as_user):
    setup_a(world, as_user)
    got = get(as_user(world.manager_a), world.client_a, as_of="2026-11-04")
    # since 2026-01-05 .. 2026-11-04: 304 days, 600,000; ten fees of 8,500
    assert got["months_billed"] == 10 and got["fees_to_date"] == "85000.00"
    assert got["since"]["days"] == 304 and got["since"]["revenue_won"] == "600000.00"
    # baseline 365,000 x 304 / 365 = 304,000; growth 296,000; / 85,000 = 3.482... -> 3.48
    assert got["baseline_for_span"] == "304000.00" and got["revenue_growth"] == "296000.00"
    assert got["return_on_fees"] == 3.48
    # annualised 600,000 x 365 / 304 = 720,394.736... -> 720,394.74; growth 97.37%
    assert got["annualised_since"] == "720394.74" and got["growth_pct"] == 97.37


def test_an_engagement_that_ended_is_measured_to_its_end(world, as_user):
    setup_a(world, as_user, engagement_ended_on="2026-06-30")
    got = get(as_user(world.manager_a), world.client_a, as_of=AS_OF)
    # 2026-01-05 .. 2026-06-30: 177 days, 600,000; fees January to June: 6 x 8,500
    assert got["since"]["end"] == "2026-06-30" and got["since"]["days"] == 177
    assert got["since"]["revenue_won"] == "600000.00" and got["fees_to_date"] == "51000.00"
    # baseline 365,000 x 177 / 365 = 177,000; growth 423,000; / 51,000 = 8.294... -> 8.29
    assert got["revenue_growth"] == "423000.00" and got["return_on_fees"] == 8.29


def test_revenue_that_fell_gives_a_negative_growth_and_return(world, as_user):
    manager = as_user(world.manager_a)
    manager.patch(f"/api/v1/clients/{world.client_a.id}", json={
        "engagement_started_on": "2026-01-01", "monthly_fee": "10000"})
    won(manager, world.rep_a1, 365000, "2025-06-01")
    won(manager, world.rep_a1, 10000, "2026-01-10")
    got = get(manager, world.client_a, as_of="2026-01-31")
    # 31 days: baseline 31,000; growth -21,000; one fee of 10,000
    assert got["revenue_growth"] == "-21000.00" and got["return_on_fees"] == -2.1
    assert got["annualised_since"] == "117741.94"  # 10,000 x 365 / 31
    assert got["growth_pct"] == -67.74
    assert got["notes"] == ["Fewer than 90 days since the start: the annualised figures are a "
                            "rough guide."]


def test_without_a_start_date_the_figures_are_null_and_the_reason_says_why(world, as_user):
    got = get(as_user(world.owner_a), world.client_a)
    assert got["reason"] == ("The client has no engagement_started_on: set it on the client to "
                             "measure the engagement's return.")
    for key in ("before", "since", "annualised_since", "baseline_for_span", "revenue_growth",
                "growth_pct", "months_billed", "fees_to_date", "return_on_fees"):
        assert got[key] is None, key


def test_before_the_start_there_is_nothing_to_measure(world, as_user):
    setup_a(world, as_user)
    got = get(as_user(world.manager_a), world.client_a, as_of="2026-01-04")
    assert got["reason"] == ("The engagement starts on 2026-01-05, after 2026-01-04: there is "
                             "nothing to measure yet.")
    assert got["since"] is None and got["fees_to_date"] is None


def test_no_won_deal_before_the_start_leaves_growth_unmeasured(world, as_user):
    manager = as_user(world.manager_a)
    manager.patch(f"/api/v1/clients/{world.client_a.id}", json={
        "engagement_started_on": "2026-01-05"})
    won(manager, world.rep_a1, 1000, "2026-02-01")
    got = get(manager, world.client_a, as_of=AS_OF)
    assert got["before"]["deals_won"] == 0 and got["since"]["revenue_won"] == "1000.00"
    assert got["revenue_growth"] is None and got["growth_pct"] is None
    assert got["return_on_fees"] is None and got["fees_to_date"] == "0.00"
    assert got["notes"] == [
        "No won deal on record in the 12 months before the start: growth can't be measured "
        "(record the earlier deals to measure it).",
        "No monthly fee is set on the client: no return on fees."]


def test_reps_may_not_see_the_engagement_and_another_company_is_not_found(world, as_user):
    problem(as_user(world.rep_user_a1).get(url(world.client_a)), 403)
    for user in (world.manager_a, world.owner_a, world.rep_user_a1):
        problem(as_user(user).get(url(world.client_b)), 404)
    problem(as_user(world.manager_a).get(url(world.client_a), params={"as_of": "yesterday"}),
            422)


# --- cost comparison -------------------------------------------------------------------------

COSTS = "/api/v1/tools/cost-comparison"


def test_the_defaults_come_from_the_texts(world, as_user):
    got = as_user(world.manager_a).get(COSTS).json()
    # 300,000 + 25% = 375,000; 100,000 / 12 = 8,333.33 a month = 99,999.96 a year
    assert got["full_time_salary"] == "300000.00" and got["benefits_pct"] == "25.00"
    assert got["full_time_yearly"] == "375000.00"
    assert got["fractional_monthly_fee"] == "8333.33" and got["fractional_yearly"] == "99999.96"
    assert got["saving"] == "275000.04" and got["saving_pct"] == 73.33
    assert len(got["assumptions"]) == 3


def test_given_figures_are_computed_exactly(world, as_user):
    got = as_user(world.owner_a).get(COSTS, params={
        "full_time_salary": "250000", "benefits_pct": "20", "fractional_monthly_fee": "10000.50"
    }).json()
    # 250,000 x 1.2 = 300,000; 10,000.50 x 12 = 120,006; saving 179,994 = 59.998%
    assert got["full_time_yearly"] == "300000.00" and got["fractional_yearly"] == "120006.00"
    assert got["saving"] == "179994.00" and got["saving_pct"] == 60.0


def test_a_fee_above_the_full_time_cost_is_a_negative_saving(world, as_user):
    got = as_user(world.manager_a).get(COSTS, params={
        "full_time_salary": "100000", "benefits_pct": "0", "fractional_monthly_fee": "9000"
    }).json()
    assert got["saving"] == "-8000.00" and got["saving_pct"] == -8.0


def test_a_zero_salary_has_no_saving_percentage(world, as_user):
    got = as_user(world.manager_a).get(COSTS, params={"full_time_salary": "0"}).json()
    assert got["saving"] == "-99999.96" and got["saving_pct"] is None


@pytest.mark.parametrize("params", [
    {"full_time_salary": "-1"}, {"full_time_salary": "abc"}, {"benefits_pct": "101"},
    {"benefits_pct": "-5"}, {"fractional_monthly_fee": "-100"},
    {"full_time_salary": "1.005"}, {"full_time_salary": "NaN"},
    {"full_time_salary": "1e13"},
])
def test_invalid_figures_are_422(world, as_user, params):
    body = problem(as_user(world.manager_a).get(COSTS, params=params), 422)
    assert body["errors"][0]["field"] == f"query.{next(iter(params))}"


def test_reps_may_not_use_the_calculator_and_it_needs_a_login(world, as_user, client):
    problem(as_user(world.rep_user_a1).get(COSTS), 403)
    problem(client.get(COSTS), 401)
