"""The forecast measured on the scenario teams: for each ended month of each team's
history, every method's forecast at mid-period (replayed from the history as of that day)
against what the month really won, and the headline as the product would have chosen it
then (from the mid-period checkpoints of the months before only, stored as the worker
would have stored them)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import sessionmaker

from app.core.periods import period_containing, periods_before
from app.core.sql import dialect_of
from app.models import Client
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast import ForecastMethod
from app.models.insights.forecast_history import Checkpoint, SnapshotReason, Source
from app.services.access.principal import system_principal_for
from app.services.insights.engine.figures import deal_figures
from app.services.insights.engine.windows import window_for, windows_table
from app.services.insights.forecast import forecast_of
from app.services.insights.forecast.actuals import won_in_periods
from app.services.insights.forecast.chances import Chances
from app.services.insights.forecast.methods import methods_of
from app.services.insights.forecast.snapshots import checkpoint_days, snapshot_of
from bench.signals.simulate import LEAD_IN, WEEKS, Team, day_session, monday_of

MEASURED = [m for m in ForecastMethod if m not in (ForecastMethod.reps_calls,
                                                   ForecastMethod.manager_call)]
# The true chance of a deal in each stage, from the simulation's fates (of 25: 9 won; 6
# drop after discovery, 9 at the proposal, 1 in commit): what no estimator that knows only
# the stages can beat. "ideal" weighs the open deals by them.
TRUE_CHANCES = {"prospecting": 9 / 25, "discovery": 9 / 25, "proposal": 9 / 19,
                "negotiation": 9 / 10}
WARM_UP_WEEKS = 7  # a month begun before the team's first wins came in is not measured


@dataclass
class ForecastScores:
    # per team: per method (and "headline"), the absolute errors of its months
    errors: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    headline_methods: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def measure(sessions: sessionmaker, teams: list[Team], *, today: date) -> ForecastScores:
    scores = ForecastScores()
    start = monday_of(today) - timedelta(weeks=WEEKS)
    current = period_containing(today, MeasurementPeriod.month)
    for team in teams:
        first = start + timedelta(weeks=team.scenario.first_week - LEAD_IN + WARM_UP_WEEKS)
        months = [p for p in reversed(periods_before(current, 24)) if p.start >= first]
        view = system_principal_for(team.client.id)
        for month in months:  # oldest first: each headline goes by the months before it
            mid = checkpoint_days(month)[Checkpoint.mid_period]
            with day_session(sessions, month.end + timedelta(days=1), hour=6) as session:
                client = session.get(Client, team.client.id)
                forecast = forecast_of(session, view, client, mid)
                ideal = _ideal(session, view, client, mid)
                won = sum(won_in_periods(session, view, [(client.id, month)])
                          [(client.id, month.start)].values(), Decimal(0))
                session.add(snapshot_of(forecast, reason=SnapshotReason.checkpoint,
                                        source=Source.backtest,
                                        checkpoint=Checkpoint.mid_period,
                                        once=f"mid_period:{mid}"))
                session.commit()
            if won <= 0:
                continue
            mine = scores.errors[team.scenario.slug]
            for method in MEASURED:
                mine[method.value].append(_error(forecast.methods.of(method), won))
            mine["headline"].append(_error(forecast.headline.value, won))
            mine["ideal"].append(_error(ideal, won))
            scores.headline_methods[team.scenario.slug].append(forecast.headline.method)
    return scores


def _ideal(session, view, client: Client, as_of: date) -> Decimal:
    """Won + the open deals due by the period's end, each times its stage's true chance."""
    w = window_for(client, as_of)
    table = windows_table([w], dialect_of(session))
    chances = Chances(TRUE_CHANCES, TRUE_CHANCES, {})
    rows = deal_figures(session, view, [w], table)
    return sum((methods_of(row, chances, days_left=0, call=None, manager_call=None).conversion
                for (client_id, _), row in rows.items() if client_id == client.id), Decimal(0))


def _error(forecast: Decimal, won: Decimal) -> float:
    return float(abs(forecast - won) / won)


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
