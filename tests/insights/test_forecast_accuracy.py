"""What was forecast and how right it was: the snapshots the worker takes (weekly, and the
checkpoints of this and the ended periods, replayed from the deal history when missed),
the history of a period, accuracy hand-computed on a replayed period, the headline chosen by
it (at least 3 periods measured), and who may read them.

Last month, as replayed: one 60,000 deal of rep 1, in negotiation and commit since before the
month began, due on its 25th, won on its 20th (so after mid-period, before the last week).
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import select

from app.models import ForecastCall, ForecastSnapshot
from app.services.access.principal import system_principal_for
from app.services.insights.forecast import take_due
from tests.support.alarm_helpers import backdate, change, deal
from tests.support.assertions import problem
from tests.support.forecast_helpers import (
    LAST_MONTH,
    MONTH,
    MONTH_END,
    THREE_AGO,
    TWO_AGO,
    forecast,
)

ACCURACY = "/api/v1/clients/{}/forecast-accuracy"


def at(day, hour=17) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def won_last_month(world, as_user, db) -> None:
    rep = as_user(world.rep_user_a1)
    created = deal(rep, 60000, stage="negotiation", forecast_category="commit",
                   expected_close_on=LAST_MONTH.start + timedelta(days=24))
    backdate(db, created, at(LAST_MONTH.start - timedelta(days=10)))
    change(rep, created, stage="closed_won", closed_on=LAST_MONTH.start + timedelta(days=19))
    backdate(db, created, at(LAST_MONTH.start + timedelta(days=19)))


def accuracy(caller, client, periods=1) -> dict:
    response = caller.get(ACCURACY.format(client.id), params={"periods": periods})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_replayed_period_hand_computed(world, as_user, db):
    won_last_month(world, as_user, db)
    found = accuracy(as_user(world.manager_a), world.client_a)
    [period] = found["periods"]
    assert period["period"] == f"{LAST_MONTH.start:%Y-%m}" and period["won"] == "60000.00"
    day_one, mid, last_week = period["checkpoints"]
    for point in (day_one, mid):  # open in commit: 60,000 in the roll-ups, 45,000 weighted
        assert point["source"] == "backtest"
        assert point["methods"]["commit"] == "60000.00"
        assert point["methods"]["weighted_pipeline"] == "45000.00"
        assert point["methods"]["run_rate"] == "0.00"  # nothing won in the 90 days before
        assert point["errors"]["commit"] == 0.0 and point["errors"]["weighted_pipeline"] == 0.25
        assert point["errors"]["run_rate"] == 1.0 and point["errors"]["reps_calls"] is None
    assert last_week["as_of"] == str(LAST_MONTH.end - timedelta(days=7))
    assert last_week["methods"]["weighted_pipeline"] == "60000.00"  # won by then
    daily = (Decimal("60000") / 90 * 7).quantize(Decimal("0.01"))  # 7 days left
    assert last_week["methods"]["run_rate"] == f"{Decimal(60000) + daily}"
    assert last_week["errors"]["run_rate"] == round(float(daily / 60000), 4)
    methods = {m["method"]: m for m in found["methods"]}
    assert methods["commit"]["mean_error"] == 0.0 and methods["commit"]["periods"] == 1
    assert found["methods"][0]["method"] == "commit"  # the most accurate first
    assert found["best_method"] is None  # one period is not enough to choose


def test_a_reps_calls_are_judged_with_their_sign(world, as_user, db):
    won_last_month(world, as_user, db)
    db.add(ForecastCall(client_id=world.client_a.id, period_start=LAST_MONTH.start,
                        rep_id=world.rep_a1.id, subject=str(world.rep_a1.id), revision=1,
                        commit=Decimal(72000), best_case=Decimal(80000),
                        submitted_by=world.rep_user_a1.id,
                        submitted_at=at(LAST_MONTH.start + timedelta(days=2))))
    db.flush()
    found = accuracy(as_user(world.owner_a), world.client_a)  # owners read it too
    mid = found["periods"][0]["checkpoints"][1]
    assert mid["methods"]["reps_calls"] == "72000.00" and mid["errors"]["reps_calls"] == 0.2
    rep = next(r for r in found["reps"] if r["rep_id"] == str(world.rep_a1.id))
    assert rep["calls"] == 2  # at mid-period and a week before the end (made on day 3)
    assert rep["mean_bias"] == 0.2 and rep["leaning"] == "optimistic"


def test_the_worker_snapshots_weekly_and_the_checkpoints_once(world, as_user, db):
    won_last_month(world, as_user, db)
    view = system_principal_for(world.client_a.id)
    made = take_due(db, view, world.client_a)
    assert made >= 1 + 3 * 6  # this week, and 3 checkpoints of each of 6 ended periods
    assert take_due(db, view, world.client_a) == 0  # nothing more is due
    mine = db.exec(select(ForecastSnapshot).where(
        ForecastSnapshot.period_start == LAST_MONTH.start)).all()
    assert sorted(s.checkpoint for s in mine) == ["day_one", "last_week", "mid_period"]
    assert {s.source for s in mine} == {"backtest"}
    found = accuracy(as_user(world.manager_a), world.client_a)  # read from the snapshots
    assert found["periods"][0]["checkpoints"][1]["methods"]["commit"] == "60000.00"
    history = as_user(world.manager_a).get(
        f"/api/v1/clients/{world.client_a.id}/forecast/history",
        params={"period": f"{LAST_MONTH.start:%Y-%m}"}).json()
    assert [i["checkpoint"] for i in history["items"]] == ["day_one", "mid_period", "last_week"]
    assert history["items"][1]["headline"] == "45000.00"


def _measured(db, client, period, *, commit, weighted, won) -> None:
    """A mid-period snapshot of an ended period, and what it ended at."""
    db.add(ForecastSnapshot(
        client_id=client.id, period_start=period.start, period_end=period.end,
        as_of=period.start + timedelta(days=14), reason="checkpoint", checkpoint="mid_period",
        source="live", once=f"mid_period:{period.start}", target=Decimal(100000),
        won=Decimal(0), headline_method="weighted_pipeline", headline=Decimal(weighted),
        figures={"methods": {"commit": str(commit), "best_case": str(commit),
                             "weighted_pipeline": str(weighted), "conversion": str(weighted),
                             "run_rate": "0.00", "reps_calls": None, "manager_call": None},
                 "reps": []}))
    db.flush()


def _won_in(as_user, world, db, period, amount) -> None:
    """A deal won on the period's 21st, its history dated then."""
    won_on = period.start + timedelta(days=20)
    created = deal(as_user(world.rep_user_a1), amount, stage="closed_won", closed_on=won_on)
    backdate(db, created, at(won_on))


def test_the_headline_goes_by_the_method_most_accurate_over_three_periods(world, as_user, db):
    for period in (LAST_MONTH, TWO_AGO):
        _measured(db, world.client_a, period, commit=100000, weighted=80000, won=100000)
        _won_in(as_user, world, db, period, 100000)
    manager = as_user(world.manager_a)
    assert forecast(manager, world.client_a)["headline"]["method"] == "weighted_pipeline"
    _measured(db, world.client_a, THREE_AGO, commit=90000, weighted=80000, won=100000)
    _won_in(as_user, world, db, THREE_AGO, 100000)
    headline = forecast(manager, world.client_a)["headline"]
    assert headline["method"] == "commit" and headline["periods_measured"] == 3
    assert headline["mean_error"] == round((0 + 0 + 0.1) / 3, 4)  # weighted: 0.2 each
    kpis = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis").json()
    assert kpis["forecast"]["method"] == "commit"  # the dashboards go by the same choice
    assert accuracy(manager, world.client_a, periods=3)["best_method"] == "commit"


def test_the_run_rate_may_stand_above_the_roll_up_and_says_so(world, as_user, db):
    for period in (LAST_MONTH, TWO_AGO, THREE_AGO):
        db.add(ForecastSnapshot(
            client_id=world.client_a.id, period_start=period.start, period_end=period.end,
            as_of=period.start + timedelta(days=14), reason="checkpoint",
            checkpoint="mid_period", source="live", once=f"mid_period:{period.start}",
            target=Decimal(100000), won=Decimal(0), headline_method="weighted_pipeline",
            headline=Decimal(0), figures={"methods": {
                "commit": "10000.00", "best_case": "10000.00", "weighted_pipeline": "10000.00",
                "conversion": "10000.00", "run_rate": "50000.00", "reps_calls": None,
                "manager_call": None}, "reps": []}))
        _won_in(as_user, world, db, period, 50000)
    db.flush()
    # As of the month's first day, with days left for the run rate to add.
    headline = forecast(as_user(world.manager_a), world.client_a, as_of=MONTH.start)["headline"]
    assert headline["method"] == "run_rate" and headline["mean_error"] == 0.0
    assert headline["above_roll_up"] and not headline["capped"]


def test_who_may_read_history_and_accuracy(world, as_user):
    for path in ("forecast/history", "forecast-accuracy"):
        url = f"/api/v1/clients/{world.client_a.id}/{path}"
        assert as_user(world.owner_a).get(url).status_code == 200
        problem(as_user(world.rep_user_a1).get(url), 403)
        problem(as_user(world.manager_b).get(url), 404)
    problem(as_user(world.manager_a).get(ACCURACY.format(world.client_a.id),
                                         params={"periods": 13}), 422)


def test_the_dashboards_use_the_clients_own_conversion_when_it_is_chosen(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    for n in range(10):  # 8 won, 2 lost from negotiation (and 3 won below: 11 of 13)
        created = deal(rep, 1000, stage="negotiation")
        change(rep, created, stage="closed_won" if n < 8 else "closed_lost",
               **({} if n < 8 else {"lost_reason": "price_terms"}))
    deal(rep, 100000, stage="negotiation", forecast_category="commit",
         expected_close_on=MONTH_END)
    for period in (LAST_MONTH, TWO_AGO, THREE_AGO):
        _measured(db, world.client_a, period, commit=50000, weighted=50000, won=100000)
        snapshot = db.exec(select(ForecastSnapshot).where(
            ForecastSnapshot.period_start == period.start)).one()
        snapshot.figures = {**snapshot.figures, "methods": {
            **snapshot.figures["methods"], "conversion": "100000.00"}}
        _won_in(as_user, world, db, period, 100000)
    db.flush()
    manager = as_user(world.manager_a)
    found = forecast(manager, world.client_a)
    assert found["chances"]["conversion"]["negotiation"] == round(11 / 13, 4)
    assert found["headline"]["method"] == "conversion"
    expected = Decimal(8000) + (Decimal(100000) * Decimal(str(round(11 / 13, 4))))
    assert found["headline"]["value"] == f"{expected:.2f}"  # 8,000 won this month
    kpis = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis").json()
    assert kpis["forecast"] == {**kpis["forecast"], "method": "conversion",
                                "period_end": f"{expected:.2f}"}
