"""The owner's progress report: figures checked by hand, the draft -> published life cycle
(frozen figures, the owner's view, the webhook), who reads what, and the page and PDF.

Company A (tests.conftest): monthly target 100,000, UTC; reps quota 25,000 each."""

from datetime import timedelta

from sqlmodel import select

from app.core.periods import (
    MeasurementPeriod,
    add_months,
    period_containing,
    period_label,
    periods_before,
)
from app.models import WebhookEvent
from tests.support.alarm_helpers import TODAY, deal, settings
from tests.support.assertions import problem

PERIOD = period_containing(TODAY, MeasurementPeriod.month)
LABEL = period_label(PERIOD)
BEFORE = periods_before(PERIOD, 1)[0]


def url(client, label=LABEL, suffix="") -> str:
    return f"/api/v1/clients/{client.id}/reports/{label}{suffix}"


def report(caller, client, label=LABEL) -> dict:
    response = caller.get(url(client, label))
    assert response.status_code == 200, response.text
    return response.json()


def draft(manager, client, **fields) -> dict:
    response = manager.post(f"/api/v1/clients/{client.id}/reports",
                            json={"period": LABEL} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def closed(world, as_user):
    """Rep 1 wins 30,000 and loses 10,000 (price) and 4,000 (stall) today; rep 2 wins
    12,500 today; rep 1 won 20,000 in the month before."""
    one, two = as_user(world.rep_user_a1), as_user(world.rep_user_a2)
    deal(one, 30000, name="Northwind", account_name="Northwind Foods", stage="closed_won",
         closed_on=TODAY)
    deal(one, 10000, name="Fabrikam", stage="closed_lost", closed_on=TODAY,
         lost_reason="price_terms")
    deal(one, 4000, name="Contoso", stage="closed_lost", closed_on=TODAY, lost_reason="stall")
    deal(two, 12500, name="Tailspin", stage="closed_won", closed_on=TODAY)
    deal(one, 20000, name="Earlier", stage="closed_won", closed_on=BEFORE.end)


def test_the_figures_add_up_by_hand(world, as_user):
    closed(world, as_user)
    found = report(as_user(world.manager_a), world.client_a)
    assert (found["period"], found["period_start"], found["period_end"], found["currency"]) == (
        LABEL, str(PERIOD.start), str(PERIOD.end), "USD")
    assert found["narrative"] is None and found["as_of"] == str(TODAY)
    f = found["figures"]
    results = f["results"]
    assert (results["target"], results["revenue_won"], results["attainment"]) == (
        "100000.00", "42500.00", 0.425)
    assert [(p["period"], p["revenue_won"], p["attainment"]) for p in results["before"]] == [
        (period_label(p), "20000.00" if p == BEFORE else "0.00", 0.2 if p == BEFORE else 0.0)
        for p in reversed(periods_before(PERIOD, 3))]
    reps = {r["full_name"]: r for r in f["reps"]}
    one, two = reps[world.rep_a1.full_name], reps[world.rep_a2.full_name]
    assert (one["quota"], one["revenue_won"], one["attainment"]) == ("25000.00", "30000.00",
                                                                     1.2)
    assert (two["revenue_won"], two["attainment"]) == ("12500.00", 0.5)
    assert [(d["name"], d["account_name"], d["amount"]) for d in f["deals"]["won"]] == [
        ("Northwind", "Northwind Foods", "30000.00"), ("Tailspin", None, "12500.00")]
    assert [(d["name"], d["lost_reason"]) for d in f["deals"]["lost"]] == [
        ("Fabrikam", "price_terms"), ("Contoso", "stall")]
    assert f["deals"]["loss_reasons"] == [{"reason": "price_terms", "deals": 1},
                                          {"reason": "stall", "deals": 1}]
    assert f["outlook"]["target"] == "100000.00"
    assert f["outlook"]["next_period"] == period_label(
        period_containing(PERIOD.end + timedelta(days=1), MeasurementPeriod.month))
    methods = {m["method"]: m["value"] for m in f["outlook"]["methods"]}
    assert methods["commit"] == "42500.00"  # won, no open commit deal


def test_a_new_engagement_has_no_return_until_a_full_month(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, engagement_started_on=str(TODAY - timedelta(days=27)),
             monthly_fee="5000.00")
    young = report(manager, world.client_a)["figures"]["engagement"]
    assert young["insufficient_data"] is True and young["return_on_fees"] is None
    start = TODAY - timedelta(days=28)
    settings(manager, world.client_a, engagement_started_on=str(start))
    grown = report(manager, world.client_a)["figures"]["engagement"]
    months = 2 if add_months(start, 1) <= TODAY else 1  # a fee per month begun
    assert grown["insufficient_data"] is False
    assert grown["fees_to_date"] == f"{5000 * months}.00"


def test_draft_publish_and_freeze(world, as_user, db):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    hook = owner.post("/api/v1/webhooks", json={"target_url": "https://hooks.example.com/r",
                                                "events": ["report.published"]})
    assert hook.status_code == 201, hook.text
    closed(world, as_user)
    created = draft(manager, world.client_a, summary="A good month.", wins=["Northwind"])
    assert created["status"] == "draft" and created["version"] == 1
    assert owner.get(url(world.client_a)).status_code == 404
    assert owner.get(f"/api/v1/clients/{world.client_a.id}/reports").json()["items"] == []
    assert report(manager, world.client_a)["narrative"]["summary"] == "A good month."
    edited = manager.patch(f"/api/v1/reports/{created['id']}",
                           json={"concerns": ["Casey's CRM"]})
    assert edited.status_code == 200 and edited.json()["concerns"] == ["Casey's CRM"]
    published = manager.post(f"/api/v1/reports/{created['id']}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    deal(as_user(world.rep_user_a2), 7000, stage="closed_won", closed_on=TODAY)
    frozen = report(owner, world.client_a)
    assert frozen["figures"]["results"]["revenue_won"] == "42500.00"  # as published
    assert frozen["narrative"]["wins"] == ["Northwind"]
    assert [r["status"] for r in owner.get(
        f"/api/v1/clients/{world.client_a.id}/reports").json()["items"]] == ["published"]
    problem(manager.patch(f"/api/v1/reports/{created['id']}", json={"summary": "x"}), 409)
    problem(manager.post(f"/api/v1/reports/{created['id']}/publish"), 409)
    events = db.exec(select(WebhookEvent).where(WebhookEvent.type == "report.published")).all()
    assert [e.payload["data"]["period"] for e in events] == [LABEL]


def test_who_reads_what(world, as_user):
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    created = draft(manager, world.client_a)
    problem(rep.get(url(world.client_a)), 403)
    problem(rep.get(f"/api/v1/clients/{world.client_a.id}/reports"), 403)
    other = as_user(world.manager_b)
    problem(other.get(url(world.client_a)), 404)
    problem(other.patch(f"/api/v1/reports/{created['id']}", json={"summary": "x"}), 404)
    problem(as_user(world.owner_b).get(url(world.client_a)), 404)
    problem(as_user(world.owner_a).post(f"/api/v1/reports/{created['id']}/publish"), 404)


def test_bad_periods_and_a_second_draft_are_refused(world, as_user):
    manager = as_user(world.manager_a)
    draft(manager, world.client_a)
    problem(manager.post(f"/api/v1/clients/{world.client_a.id}/reports",
                         json={"period": LABEL}), 409)
    ahead = period_label(period_containing(PERIOD.end + timedelta(days=1),
                                           MeasurementPeriod.month))
    problem(manager.post(f"/api/v1/clients/{world.client_a.id}/reports",
                         json={"period": ahead}), 422)
    problem(manager.get(url(world.client_a, ahead)), 422)
    problem(manager.get(url(world.client_a, "2026-Q4")), 422)  # the client goes by month
    problem(manager.post(f"/api/v1/clients/{world.client_a.id}/reports",
                         json={"period": LABEL, "wins": [""]}), 422)


def test_the_page_and_the_pdf_stand_alone(world, as_user):
    closed(world, as_user)
    manager = as_user(world.manager_a)
    draft(manager, world.client_a, summary="Numbers & <notes>")
    page = manager.get(url(world.client_a, suffix=".html"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for chart in ("chart-won", "chart-forecast", "chart-coverage", "chart-activity"):
        start = html.index(f'id="{chart}"')
        assert "<svg" in html[start:start + 400], chart
    assert "Numbers &amp; &lt;notes&gt;" in html  # escaped
    assert "$42,500.00" in html
    for outside in ("src=", "<link", "@import", "url(http", 'href="http'):
        assert outside not in html, outside
    pdf = manager.get(url(world.client_a, suffix=".pdf"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    problem(as_user(world.owner_a).get(url(world.client_a, suffix=".pdf")), 404)
