"""One rep's input must never break the manager's dashboards: the largest accepted amounts,
in many deals, give exact figures everywhere (no overflow in SQL, in SQLite's floats or in the
response schemas), and the other client's figures and alarms go on as before."""

from datetime import timedelta
from decimal import Decimal

from app.core.clock import Clock
from app.models import Deal
from tests.support.factories import make_client, make_rep_with_login

MAX_AMOUNT = "9999999999.99"  # the largest amount a deal accepts (app.models.base)
DEALS = 40


def _open_and_won(rep, today, n=DEALS):
    for i in range(n):
        body = {"name": f"Huge {i}", "amount": MAX_AMOUNT, "stage": "negotiation",
                "forecast_category": "commit", "gross_margin_pct": "40",
                "expected_close_on": str(today + timedelta(days=10))}
        deal = rep.post("/api/v1/deals", json=body)
        assert deal.status_code == 201, deal.text
        if i % 2:
            won = rep.patch(f"/api/v1/deals/{deal.json()['id']}",
                            json={"stage": "closed_won"})
            assert won.status_code == 200, won.text


def test_the_largest_amounts_in_many_deals_break_no_figure(world, as_user, db):
    today = Clock.system().today(world.client_a.timezone)
    rep = as_user(world.rep_user_a1)
    manager = as_user(world.manager_a)
    _open_and_won(rep, today)
    half = Decimal(MAX_AMOUNT) * (DEALS // 2)
    client = world.client_a.id
    kpis = manager.get(f"/api/v1/clients/{client}/kpis")
    assert kpis.status_code == 200, kpis.text
    body = kpis.json()
    assert Decimal(body["open_pipeline"]) == half
    assert Decimal(body["revenue_won"]) == half
    for url in (f"/api/v1/clients/{client}/kpis/weekly",
                f"/api/v1/clients/{client}/pipeline-changes",
                f"/api/v1/reps/{world.rep_a1.id}/kpis",
                f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one",
                "/api/v1/alarms", "/api/v1/portfolio",
                f"/api/v1/clients/{client}/kpis?as_of={today - timedelta(days=1)}",
                f"/api/v1/clients/{client}/engagement",
                f"/api/v1/clients/{client}/bottom-performers"):
        answer = manager.get(url)
        assert answer.status_code == 200, (url, answer.text)
    weekly = manager.get(f"/api/v1/clients/{client}/kpis/weekly").json()
    assert Decimal(weekly["items"][-1]["open_pipeline"]) == half


def test_the_other_clients_figures_are_untouched(world, as_user, db):
    today = Clock.system().today(world.client_a.timezone)
    other = make_client(db, managers=[world.manager_a], name="Other Co")
    _, other_rep = make_rep_with_login(db, other, "other.rep@a.example")
    as_user(other_rep).post("/api/v1/deals", json={"name": "Normal", "amount": "1000.00",
                                                   "stage": "proposal"})
    _open_and_won(as_user(world.rep_user_a1), today, n=6)
    manager = as_user(world.manager_a)
    rows = manager.get("/api/v1/portfolio")
    assert rows.status_code == 200, rows.text
    assert {r["client_id"] for r in rows.json()["items"]} >= {str(other.id),
                                                             str(world.client_a.id)}
    theirs = manager.get(f"/api/v1/clients/{other.id}/kpis").json()
    assert Decimal(theirs["open_pipeline"]) == Decimal("1000.00")


def test_thousands_of_deals_at_the_bound_sum_exactly(world, as_user, db):
    """SQLite adds NUMERIC values as floating point; the sums are taken in whole cents."""
    deals = [Deal(client_id=world.client_a.id, rep_id=world.rep_a1.id, name=f"Bulk {i}",
                  amount=Decimal("9999999999.97"), stage="negotiation",
                  forecast_category="commit") for i in range(2000)]
    db.add_all(deals)
    db.flush()
    body = as_user(world.manager_a).get(f"/api/v1/clients/{world.client_a.id}/kpis").json()
    assert Decimal(body["open_pipeline"]) == Decimal("9999999999.97") * 2000


def test_an_amount_over_the_bound_is_refused(world, as_user):
    answer = as_user(world.rep_user_a1).post(
        "/api/v1/deals", json={"name": "Too big", "amount": "10000000000.00"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body.amount"


def test_the_cost_comparison_holds_its_whole_documented_range(world, as_user):
    spec = as_user(world.manager_a).get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/tools/cost-comparison"]["get"]
              ["parameters"]}
    top = params["fractional_monthly_fee"]["schema"]
    bound = Decimal(str(top.get("maximum") or top["anyOf"][0]["maximum"]))
    answer = as_user(world.manager_a).get(
        "/api/v1/tools/cost-comparison",
        params={"fractional_monthly_fee": str(bound - Decimal("1")),
                "full_time_salary": str(bound - Decimal("1"))})
    assert answer.status_code == 200, answer.text
