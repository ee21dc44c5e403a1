"""Snapshots of each client's forecast: once a week, at every call, and at the days accuracy
is measured on (the first day of a period, its middle, a week before its end), so what was
forecast, by whom and how, can be read later. A checkpoint that passed before anyone took
it (a period from before the product was used) is replayed from the deal history and says
so."""

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.core.clock import today_of
from app.core.periods import (
    Period,
    iso_week,
    parse_period,
    period_containing,
    period_label,
    periods_before,
)
from app.errors import invalid_field
from app.models import Client, ForecastSnapshot
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast import ClientForecast, MethodFigures
from app.models.insights.forecast_history import (
    Checkpoint,
    ForecastHistory,
    SnapshotRead,
    SnapshotReason,
    Source,
)
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal, system_principal_for
from app.services.access.scope import get_parent, scoped_select
from app.services.insights.forecast.service import day_in, forecast_of

BACKFILL_PERIODS = 6  # ended periods whose checkpoints are replayed when missing


def checkpoint_days(period: Period) -> dict[Checkpoint, date]:
    """The first day, the middle day (the 15th of a 30-day month), a week before the end."""
    return {Checkpoint.day_one: period.start,
            Checkpoint.mid_period: period.start + timedelta(days=(period.days - 1) // 2),
            Checkpoint.last_week: period.end - timedelta(days=7)}


def snapshot_of(forecast: ClientForecast, *, reason: SnapshotReason, source: Source,
                checkpoint: Checkpoint | None = None, once: str | None = None
                ) -> ForecastSnapshot:
    figures = {"methods": forecast.methods.model_dump(mode="json"),
               "reps": [{"rep_id": str(r.rep_id), "won": str(r.won),
                         "methods": r.methods.model_dump(mode="json")} for r in forecast.reps]}
    return ForecastSnapshot(
        client_id=forecast.client_id, period_start=forecast.period_start,
        period_end=forecast.period_end, as_of=forecast.as_of, reason=reason.value,
        checkpoint=checkpoint and checkpoint.value, source=source.value, once=once,
        target=forecast.target, won=forecast.won, headline_method=forecast.headline.method,
        headline=forecast.headline.value, figures=figures)


def take_due(session: Session, principal: Principal, client: Client) -> int:
    """This week's snapshot and every checkpoint due (of this period and of up to 6 ended
    ones) that is missing; how many were taken. Each in a savepoint: one another worker
    took meanwhile is skipped."""
    today = today_of(session, client.timezone)
    kind = MeasurementPeriod(client.measurement_period)
    current = period_containing(today, kind)
    due: list[tuple[str, date, Checkpoint | None]] = [(f"weekly:{iso_week(today)}", today, None)]
    # Oldest first: each replayed headline goes by the checkpoints of the periods before it.
    for period in [*reversed(periods_before(current, BACKFILL_PERIODS)), current]:
        for checkpoint, day in checkpoint_days(period).items():
            if day <= today:
                due.append((f"{checkpoint.value}:{day}", day, checkpoint))
    taken = {once for once in session.exec(
        scoped_select(principal, ForecastSnapshot).with_only_columns(ForecastSnapshot.once)
        .where(ForecastSnapshot.client_id == client.id,
               col(ForecastSnapshot.once).in_([once for once, _, _ in due]))).all()}
    made = 0
    for once, day, checkpoint in due:
        if once in taken:
            continue
        forecast = forecast_of(session, principal, client, day)
        snapshot = snapshot_of(
            forecast, reason=SnapshotReason.checkpoint if checkpoint else SnapshotReason.weekly,
            source=Source.live if day == today else Source.backtest, checkpoint=checkpoint,
            once=once)
        try:
            with session.begin_nested():
                session.add(snapshot)
        except IntegrityError:
            continue
        made += 1
    return made


def take_all(session_factory: Callable[[], Session]) -> int:
    """take_due for every active client, each in its own unit of work (the worker, hourly,
    and `python -m app snapshot-forecasts`); how many snapshots were taken."""
    with session_factory() as session:
        ids = session.exec(select(Client.id).where(col(Client.archived_at).is_(None))).all()
    made = 0
    for client_id in ids:
        with session_factory() as session:
            client = session.get(Client, client_id)
            if client is None:
                continue
            made += take_due(session, system_principal_for(client.id), client)
            session.commit()
    return made


def history(session: Session, principal: Principal, client_id: uuid.UUID, *,
            period: str | None) -> ForecastHistory:
    """GET /clients/{id}/forecast/history: the period's snapshots, oldest first."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.forecasts,
                        action=Action.read)
    kind = MeasurementPeriod(client.measurement_period)
    chosen = (period_containing(day_in(session, client, period=None, as_of=None), kind)
              if period is None else _parse(period, kind))
    found = session.exec(scoped_select(principal, ForecastSnapshot).where(
        ForecastSnapshot.client_id == client.id, ForecastSnapshot.period_start == chosen.start)
        .order_by(ForecastSnapshot.as_of, ForecastSnapshot.taken_at)).all()
    return ForecastHistory(client_id=client.id, period=period_label(chosen), items=[
        SnapshotRead(taken_at=s.taken_at, as_of=s.as_of, reason=SnapshotReason(s.reason),
                     checkpoint=s.checkpoint and Checkpoint(s.checkpoint),
                     source=Source(s.source), target=s.target, won=s.won,
                     headline_method=s.headline_method, headline=s.headline,
                     methods=MethodFigures.model_validate(s.figures["methods"]))
        for s in found])


def _parse(period: str, kind: MeasurementPeriod) -> Period:
    try:
        return parse_period(period, kind)
    except ValueError as exc:
        raise invalid_field("period", f"period {exc}.", location="query") from None
