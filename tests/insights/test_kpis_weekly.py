"""The weekly KPI series, with hand-computed expectations on small data sets.

Company A: monthly target 100,000 (tests.factories), UTC unless a test says otherwise. The
series ends with ISO week 2025-W10 (Monday 3 to Sunday 9 March 2025); deals are created
through the API and their history is then moved into those weeks.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlmodel import select

from app.models import Deal, DealChange
from tests.support.assertions import problem

AS_OF = date(2025, 3, 5)  # a Wednesday of 2025-W10
W8, W9, W10 = date(2025, 2, 17), date(2025, 2, 24), date(2025, 3, 3)  # their Mondays
FRESH = datetime(2026, 1, 1, tzinfo=UTC)  # history written by the test itself comes after
ZERO_ACTIVITY = {"call": 0, "meeting": 0, "proposal": 0, "prospecting": 0}


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def weekly(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/kpis/weekly", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def by_monday(series: dict) -> dict[str, dict]:
    return {item["starts_on"]: item for item in series["items"]}


def happened(db, deal_id: str, when: datetime) -> None:
    """Move the history entries the API just wrote for a deal to `when`."""
    changes = db.exec(select(DealChange).where(DealChange.deal_id == UUID(deal_id),
                                               DealChange.changed_at >= FRESH)).all()
    assert changes
    for change in changes:
        change.changed_at = when
    if all(change.old is None for change in changes):
        db.get(Deal, UUID(deal_id)).created_at = when
    db.flush()


def create(db, caller, amount, when: datetime, **fields) -> str:
    response = caller.post("/api/v1/deals", json={"name": "D", "amount": str(amount)} | fields)
    assert response.status_code == 201, response.text
    happened(db, response.json()["id"], when)
    return response.json()["id"]


def change(db, caller, deal_id: str, when: datetime, **fields) -> None:
    response = caller.patch(f"/api/v1/deals/{deal_id}", json=fields)
    assert response.status_code == 200, response.text
    happened(db, deal_id, when)


def log(caller, *entries) -> None:
    response = caller.post("/api/v1/activities/batch", json={"items": [
        {"occurred_on": str(day), "kind": kind, "quantity": quantity}
        for day, kind, quantity in entries]})
    assert response.status_code == 201, response.text


def test_twelve_iso_weeks_oldest_first_ending_with_the_week_of_as_of(world, as_user):
    series = weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF))
    items = series["items"]
    assert len(items) == 12 and series["as_of"] == "2025-03-05"
    assert [i["starts_on"] for i in items] == [str(W10 - timedelta(weeks=n))
                                               for n in range(11, -1, -1)]
    assert items[-1] == {"week": "2025-W10", "starts_on": "2025-03-03", "ends_on": "2025-03-09",
                         "activity": ZERO_ACTIVITY, "new_pipeline": "0.00",
                         "revenue_won": "0.00", "open_pipeline": "0.00",
                         "pipeline_coverage": 0.0}
    assert items[0]["week"] == "2024-W51" and items[0]["ends_on"] == "2024-12-22"
    assert series["target"] == "100000.00" and series["pipeline_coverage_floor"] == 3.0


def test_weeks_across_the_new_year_take_the_iso_year(world, as_user):
    series = weekly(as_user(world.owner_a), world.client_a, as_of="2025-01-01", weeks=2)
    assert [(i["week"], i["starts_on"]) for i in series["items"]] == [
        ("2024-W52", "2024-12-23"), ("2025-W01", "2024-12-30")]


def test_activity_totals_per_kind_for_the_whole_team_in_their_week(world, as_user):
    log(as_user(world.rep_user_a1), (W10, "call", "5"), (W10 + timedelta(2), "meeting", "2"),
        (W9 + timedelta(6), "proposal", "2"), (W10, "prospecting", "1.5"),
        (W8 - timedelta(weeks=11), "call", "9"))  # before the first week: left out
    log(as_user(world.rep_user_a2), (W10 + timedelta(1), "call", "3"),
        (W10 + timedelta(6), "prospecting", "2.25"), (W8, "meeting", "4"))
    weeks = by_monday(weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF)))
    assert weeks[str(W10)]["activity"] == {"call": 8, "meeting": 2, "proposal": 0,
                                           "prospecting": 3.75}
    assert weeks[str(W9)]["activity"] == ZERO_ACTIVITY | {"proposal": 2}
    assert weeks[str(W8)]["activity"] == ZERO_ACTIVITY | {"meeting": 4}
    assert sum(w["activity"]["call"] for w in weeks.values()) == 8


def test_new_pipeline_counts_each_deal_in_the_week_it_was_created(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    first = create(db, rep, 30000, at(W9 + timedelta(1)))
    create(db, rep, 20000, at(W10))
    create(db, rep, 5000, at(W10 + timedelta(6), 23))
    change(db, rep, first, at(W10 + timedelta(1)), amount="50000")  # a change is not new
    create(db, rep, 70000, at(W10 + timedelta(7)))  # the week after as_of
    weeks = by_monday(weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF)))
    assert weeks[str(W9)]["new_pipeline"] == "30000.00"
    assert weeks[str(W10)]["new_pipeline"] == "25000.00"
    assert weeks[str(W8)]["new_pipeline"] == "0.00"
    assert weeks[str(W10)]["open_pipeline"] == "75000.00"


def test_revenue_won_lands_in_the_week_the_deal_closed(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    won = create(db, rep, 40000, at(W8))
    change(db, rep, won, at(W9 + timedelta(2)), stage="closed_won",
           closed_on=str(W9 + timedelta(2)))
    lost = create(db, rep, 15000, at(W8))
    change(db, rep, lost, at(W9), stage="closed_lost", lost_reason="price_terms")
    weeks = by_monday(weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF)))
    assert [weeks[str(m)]["revenue_won"] for m in (W8, W9, W10)] == [
        "0.00", "40000.00", "0.00"]
    assert [weeks[str(m)]["open_pipeline"] for m in (W8, W9, W10)] == [
        "55000.00", "0.00", "0.00"]
    assert weeks[str(W8)]["pipeline_coverage"] == 0.55


def test_coverage_at_a_past_weeks_end_uses_the_deals_as_they_stood(world, as_user, db):
    rep, manager = as_user(world.rep_user_a1), as_user(world.manager_a)
    big = create(db, rep, 150000, at(W8))
    change(db, rep, big, at(W10 + timedelta(1)), amount="250000")
    small = create(db, rep, 50000, at(W8 + timedelta(3)))
    change(db, rep, small, at(W9 + timedelta(4)), stage="closed_lost",
           lost_reason="price_terms")
    weeks = by_monday(weekly(manager, world.client_a, as_of=str(AS_OF)))
    assert [(weeks[str(m)]["open_pipeline"], weeks[str(m)]["pipeline_coverage"])
            for m in (W8 - timedelta(weeks=1), W8, W9, W10)] == [
        ("0.00", 0.0), ("200000.00", 2.0), ("150000.00", 1.5), ("250000.00", 2.5)]
    sunday = W9 + timedelta(6)
    dashboard = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis",
                            params={"as_of": str(sunday)}).json()
    assert dashboard["open_pipeline"] == weeks[str(W9)]["open_pipeline"]


def test_a_deal_closed_after_the_series_was_open_in_it_one_closed_before_it_never(
        world, as_user, db):
    rep, long_ago = as_user(world.rep_user_a1), at(W8 - timedelta(weeks=20))
    later = create(db, rep, 60000, long_ago)
    change(db, rep, later, at(W10 + timedelta(weeks=2)), stage="closed_lost",
           lost_reason="price_terms")
    lost = create(db, rep, 80000, long_ago)
    change(db, rep, lost, at(W8 - timedelta(weeks=15)), stage="closed_lost",
           lost_reason="price_terms")
    won = create(db, rep, 5000, long_ago)
    change(db, rep, won, at(W8 - timedelta(weeks=15)), stage="closed_won",
           closed_on=str(W8 - timedelta(weeks=15)))
    items = weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF))["items"]
    assert {i["open_pipeline"] for i in items} == {"60000.00"}
    assert {(i["new_pipeline"], i["revenue_won"]) for i in items} == {("0.00", "0.00")}


def test_without_a_target_coverage_is_null(world, as_user, db):
    create(db, as_user(world.rep_user_a1), 10000, at(W10))
    world.client_a.period_revenue_target = Decimal("0")
    db.flush()
    last = weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF))["items"][-1]
    assert last["open_pipeline"] == "10000.00" and last["pipeline_coverage"] is None


def test_week_boundaries_follow_the_clients_time_zone(world, as_user, db):
    world.client_a.timezone = "America/Los_Angeles"  # UTC-8 in early March 2025
    db.flush()
    rep = as_user(world.rep_user_a1)
    sunday_evening = datetime(2025, 3, 2, 21, tzinfo=ZoneInfo("America/Los_Angeles"))
    create(db, rep, 10000, sunday_evening.astimezone(UTC))  # already Monday 05:00 in UTC
    create(db, rep, 20000, datetime(2025, 3, 3, 9, tzinfo=UTC))  # Monday 01:00 there
    log(rep, (W9 + timedelta(6), "call", "4"), (W10, "call", "6"))
    weeks = by_monday(weekly(as_user(world.manager_a), world.client_a, as_of=str(AS_OF)))
    assert (weeks[str(W9)]["new_pipeline"], weeks[str(W10)]["new_pipeline"]) == (
        "10000.00", "20000.00")
    assert weeks[str(W9)]["open_pipeline"] == "10000.00"
    assert (weeks[str(W9)]["activity"]["call"], weeks[str(W10)]["activity"]["call"]) == (4, 6)


def test_the_last_week_is_this_week_in_the_clients_time_zone(world, as_user, db):
    world.client_a.timezone = "Pacific/Kiritimati"  # UTC+14: its today may be UTC's tomorrow
    db.flush()
    series = weekly(as_user(world.manager_a), world.client_a, weeks=1)
    local_today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    assert series["as_of"] == str(local_today)
    (week,) = series["items"]
    assert week["starts_on"] == str(local_today - timedelta(days=local_today.weekday()))


def test_weeks_must_be_between_1_and_52(world, as_user):
    manager, url = as_user(world.manager_a), f"/api/v1/clients/{world.client_a.id}/kpis/weekly"
    for weeks in (0, 53, "x"):
        body = problem(manager.get(url, params={"weeks": weeks}), 422)
        assert body["errors"][0]["field"] == "query.weeks"
    problem(manager.get(url, params={"as_of": "not-a-date"}), 422)
    assert len(weekly(manager, world.client_a, weeks=52, as_of=str(AS_OF))["items"]) == 52


def test_managers_and_owners_read_reps_may_not_and_other_companies_are_not_found(
        world, as_user):
    url = f"/api/v1/clients/{world.client_a.id}/kpis/weekly"
    problem(as_user(world.rep_user_a1).get(url), 403)
    problem(as_user(world.manager_b).get(url), 404)
    problem(as_user(world.owner_b).get(url), 404)
    assert as_user(world.owner_a).get(url).status_code == 200
    assert len(weekly(as_user(world.manager_a), world.client_a)["items"]) == 12
