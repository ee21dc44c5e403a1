"""The leading indicators, with hand-computed expectations on small data sets.

Company A: monthly target 100,000 (tests.factories), floors 3x and 2x, UTC, default stage
probabilities 10/20/50/75 %.
"""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlmodel import select

from app.models import DealChange
from tests.support.assertions import problem

TODAY = date.today()


def deal(caller, amount, **fields) -> dict:
    response = caller.post("/api/v1/deals", json={"name": "D", "amount": str(amount)} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def kpis(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/kpis", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_texts_example_250k_open_on_a_100k_target_is_2_5x(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 150000)
    deal(rep, 100000)
    figures = kpis(as_user(world.manager_a), world.client_a)
    assert figures["open_pipeline"] == "250000.00" and figures["pipeline_coverage"] == 2.5
    assert figures["pipeline_coverage_floor"] == 3.0
    deal(rep, 50000)
    assert kpis(as_user(world.owner_a), world.client_a)["pipeline_coverage"] == 3.0


def test_near_term_pipeline_counts_deals_expected_within_30_days(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 120000, expected_close_on=str(TODAY + timedelta(days=10)))
    deal(rep, 200000, expected_close_on=str(TODAY + timedelta(days=45)))
    deal(rep, 5000)  # no expected close: not near term
    figures = kpis(as_user(world.manager_a), world.client_a)
    assert figures["near_term_window_days"] == 30
    assert figures["near_term_pipeline"] == "120000.00"
    assert figures["near_term_coverage"] == 1.2


def test_revenue_won_counts_this_periods_wins_only(world, as_user):
    rep = as_user(world.rep_user_a1)
    won = deal(rep, 40000)
    assert rep.patch(f"/api/v1/deals/{won['id']}", json={"stage": "closed_won"}).status_code == 200
    earlier = deal(rep, 70000)
    last_month = TODAY.replace(day=1) - timedelta(days=1)
    rep.patch(f"/api/v1/deals/{earlier['id']}", json={"stage": "closed_won",
                                                       "closed_on": str(last_month)})
    figures = kpis(as_user(world.manager_a), world.client_a)
    assert figures["revenue_won"] == "40000.00" and figures["attainment"] == 0.4
    assert figures["open_pipeline"] == "0.00"
    assert figures["period_start"] == str(TODAY.replace(day=1))


def test_rates_say_how_many_deals_they_rest_on_and_flag_too_few(world, as_user):
    rep = as_user(world.rep_user_a1)
    for amount, stage, extra in ((30000, "closed_won", {}), (10000, "closed_won", {}),
                                 (20000, "closed_lost", {"lost_reason": "price_terms"})):
        created = deal(rep, amount)
        rep.patch(f"/api/v1/deals/{created['id']}", json={"stage": stage, **extra})
    deal(rep, 10000, stage="proposal", expected_close_on=str(TODAY + timedelta(days=10)))
    figures = kpis(as_user(world.manager_a), world.client_a)
    assert figures["win_rate"] == {"value": 0.6667, "deals": 3, "insufficient_data": True}
    assert figures["average_won_deal"]["value"] == "20000.00"
    assert figures["forecast"]["method"] == "weighted_pipeline"  # no ended period measured
    next_30 = figures["forecast"]["windows"][0]
    assert next_30["days"] == 30 and next_30["weighted_pipeline"] == "5000.00"
    assert next_30["expected"] == next_30["weighted_pipeline"]


def test_as_of_a_past_day_uses_the_deal_as_it_stood_then(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    created = deal(rep, 100000)
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    for change in db.exec(select(DealChange).where(DealChange.deal_id == UUID(created["id"]))):
        change.changed_at = ten_days_ago
    db.flush()
    rep.patch(f"/api/v1/deals/{created['id']}", json={"amount": "200000"})
    manager = as_user(world.manager_a)
    past = kpis(manager, world.client_a, as_of=str(TODAY - timedelta(days=5)))
    assert past["open_pipeline"] == "100000.00" and past["as_of"] == str(TODAY - timedelta(5))
    assert kpis(manager, world.client_a)["open_pipeline"] == "200000.00"
    before = kpis(manager, world.client_a, as_of=str(TODAY - timedelta(days=20)))
    assert before["open_pipeline"] == "0.00"


def test_rep_rows_carry_their_own_figures_against_quota(world, as_user):
    deal(as_user(world.rep_user_a1), 75000)
    deal(as_user(world.rep_user_a2), 25000)
    rows = {r["rep_id"]: r for r in kpis(as_user(world.manager_a), world.client_a)["reps"]}
    first = rows[str(world.rep_a1.id)]
    assert first["open_pipeline"] == "75000.00" and first["target"] == "25000.00"
    assert first["pipeline_coverage"] == 3.0
    assert rows[str(world.rep_a2.id)]["open_pipeline"] == "25000.00"


def test_activity_of_the_last_four_full_iso_weeks_against_targets(world, as_user):
    rep = as_user(world.rep_user_a1)
    as_of = TODAY - timedelta(days=TODAY.weekday()) + timedelta(days=2)  # this Wednesday
    last_monday = as_of - timedelta(days=as_of.weekday() + 7)
    log = [("call", "10"), ("meeting", "2"), ("proposal", "3"), ("prospecting", "5.5")]
    response = rep.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(last_monday + timedelta(days=1)), "kind": kind, "quantity": q}
        for kind, q in log]})
    assert response.status_code == 201, response.text
    rows = kpis(as_user(world.manager_a), world.client_a, as_of=str(as_of))["reps"]
    weeks = next(r for r in rows if r["rep_id"] == str(world.rep_a1.id))["activity"]
    assert [w["starts_on"] for w in weeks] == [
        str(last_monday - timedelta(weeks=n)) for n in (3, 2, 1, 0)]
    assert weeks[-1]["calls_meetings"] == 12 and weeks[-1]["prospecting_hours"] == 5.5
    assert weeks[-1]["below_target"] == ["calls_meetings"]
    assert weeks[0]["below_target"] == ["calls_meetings", "proposals", "prospecting_hours"]


def test_every_day_of_an_iso_week_counts_in_that_week(world, as_user):
    rep = as_user(world.rep_user_a1)
    as_of = TODAY - timedelta(days=TODAY.weekday())  # this Monday
    last_monday = as_of - timedelta(days=7)
    days = [last_monday - timedelta(days=1)] + [last_monday + timedelta(days=n)
                                                 for n in range(7)]
    response = rep.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(day), "kind": "call", "quantity": str(n + 1)}
        for n, day in enumerate(days)]})
    assert response.status_code == 201, response.text
    rows = kpis(as_user(world.manager_a), world.client_a, as_of=str(as_of))["reps"]
    weeks = next(r for r in rows if r["rep_id"] == str(world.rep_a1.id))["activity"]
    # Sunday before: 1 call; Monday..Sunday: 2+3+...+8 = 35.
    assert [w["calls_meetings"] for w in weeks] == [0, 0, 1, 35]


def test_week_boundaries_follow_the_clients_time_zone(world, as_user, db):
    world.client_a.timezone = "Pacific/Kiritimati"  # UTC+14: its today may be UTC's tomorrow
    db.flush()
    figures = kpis(as_user(world.manager_a), world.client_a)
    local_today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    assert figures["as_of"] == str(local_today)


def test_who_sees_which_figures(world, as_user):
    rep, manager = as_user(world.rep_user_a1), as_user(world.manager_a)
    problem(rep.get(f"/api/v1/clients/{world.client_a.id}/kpis"), 403)
    problem(as_user(world.owner_a).get(f"/api/v1/clients/{world.client_b.id}/kpis"), 404)
    assert rep.get(f"/api/v1/reps/{world.rep_a1.id}/kpis").status_code == 200
    problem(rep.get(f"/api/v1/reps/{world.rep_a2.id}/kpis"), 404)
    assert manager.get(f"/api/v1/reps/{world.rep_a2.id}/kpis").json()["rep_id"] == str(
        world.rep_a2.id)
    problem(manager.get(f"/api/v1/reps/{world.rep_b1.id}/kpis"), 404)
    problem(manager.get(f"/api/v1/clients/{world.client_a.id}/kpis",
                        params={"as_of": "not-a-date"}), 422)


def test_practice_medians_compare_without_naming_other_clients(world, as_user, db):
    from decimal import Decimal

    from app.models import Deal
    from tests.support import factories

    third = factories.make_client(db, managers=[world.manager_b], name="Charlie Co")
    rep_c = factories.make_rep(db, third)
    closed = TODAY - timedelta(days=5)
    created = datetime.now(UTC) - timedelta(days=25)
    # win rates: A 1/2, B 2/2, C 1/4 -> median 0.5; average won deal: 10k, 30k, 50k -> 30k
    plan = [(world.client_a, world.rep_a1, ["closed_won", "closed_lost"], 10000),
            (world.client_b, world.rep_b1, ["closed_won", "closed_won"], 30000),
            (third, rep_c, ["closed_won"] + ["closed_lost"] * 3, 50000)]
    for client, rep, stages, amount in plan:
        for stage in stages:
            db.add(Deal(client_id=client.id, rep_id=rep.id, name="P", amount=Decimal(amount),
                        stage=stage, forecast_category="closed", closed_on=closed,
                        lost_reason=None if stage == "closed_won" else "other",
                        created_at=created))
    db.flush()
    body = as_user(world.owner_a).get(f"/api/v1/clients/{world.client_a.id}/kpis")
    practice = body.json()["practice"]
    assert practice["clients"] == 3 and practice["median_win_rate"] == 0.5
    assert practice["median_average_won_deal"] == 30000.0
    assert practice["median_cycle_days"] == 20.0
    assert str(world.client_b.id) not in body.text and str(third.id) not in body.text


def test_an_archived_rep_without_deals_still_has_figures(world, as_user):
    manager = as_user(world.manager_a)
    assert manager.post(f"/api/v1/reps/{world.rep_a2.id}/archive").status_code == 200
    for params in ({}, {"as_of": "2000-01-01"}):
        response = manager.get(f"/api/v1/reps/{world.rep_a2.id}/kpis", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["open_pipeline"] == "0.00"


def test_todays_figures_read_the_deals_table_exactly_as_history_would(world, as_user, db):
    """The fast path (deals table, for a moment not yet past) and the history replay agree."""
    from app.services.access.principal import principal_for_user
    from app.services.insights.engine.deal_state import deal_state_at

    rep, manager = as_user(world.rep_user_a1), as_user(world.manager_a)
    first = deal(rep, 1000, expected_close_on=str(TODAY + timedelta(days=5)))
    rep.patch(f"/api/v1/deals/{first['id']}", json={
        "stage": "proposal", "amount": "1500", "expected_close_on": str(TODAY + timedelta(9))})
    second = deal(rep, 2000, forecast_category="commit")
    manager.patch(f"/api/v1/deals/{second['id']}", json={"rep_id": str(world.rep_a2.id)})
    rep.patch(f"/api/v1/deals/{first['id']}", json={"stage": "closed_lost",
                                                     "lost_reason": "stall"})
    principal = principal_for_user(db, world.manager_a)
    dialect = db.get_bind().dialect.name
    now = datetime.now(UTC)

    def rows(at):  # up to now the history is replayed; from a second later the table is read
        state = deal_state_at(principal, at, now=now + timedelta(seconds=1), dialect=dialect)
        return sorted(tuple(str(v) for v in row) for row in db.execute(select(state)))

    assert rows(now + timedelta(hours=1)) == rows(now) and len(rows(now)) == 2
