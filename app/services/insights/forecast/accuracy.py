"""How right each method has been: for each ended period, the forecast at its checkpoints
(from the snapshot taken then, else replayed from the deal history, and said so) against
what was won; the mean error per method; and how each rep's calls compared with what they
won, with the sign (optimism or sandbagging), for coaching."""

import uuid
from decimal import Decimal

from sqlmodel import Session, col

from app.core.clock import today_of
from app.core.periods import period_containing, period_label, periods_before
from app.models import Client, ForecastSnapshot, Rep
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast import ForecastMethod, MethodFigures
from app.models.insights.forecast_history import (
    Checkpoint,
    CheckpointAccuracy,
    ForecastAccuracy,
    MethodAccuracy,
    PeriodAccuracy,
    RepCallAccuracy,
    Source,
)
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select
from app.services.insights.forecast.actuals import won_in_periods
from app.services.insights.forecast.choice import choose, error
from app.services.insights.forecast.service import forecast_of
from app.services.insights.forecast.snapshots import checkpoint_days
from app.services.practice.in_force import in_force_unscoped

ON_TARGET = 0.05  # a rep whose calls are off by less than this on average is on target


def forecast_accuracy(session: Session, principal: Principal, client_id: uuid.UUID, *,
                      periods: int) -> ForecastAccuracy:
    """GET /clients/{id}/forecast-accuracy: the last `periods` ended periods."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.forecasts,
                        action=Action.read)
    current = period_containing(today_of(session, client.timezone),
                                MeasurementPeriod(client.measurement_period))
    ended = periods_before(current, periods)
    stored = {(s.period_start, s.checkpoint): s for s in session.exec(
        scoped_select(principal, ForecastSnapshot).where(
            ForecastSnapshot.client_id == client.id, col(ForecastSnapshot.checkpoint).is_not(None),
            col(ForecastSnapshot.period_start).in_([p.start for p in ended])))}
    won = won_in_periods(session, principal, [(client.id, p) for p in ended])
    errors: dict[Checkpoint, dict[ForecastMethod, list[float]]] = {c: {} for c in Checkpoint}
    calls: dict[uuid.UUID, list[float]] = {}
    held = in_force_unscoped(session, [client.id])
    rows = []
    for period in ended:
        by_rep = won[(client.id, period.start)]
        total = sum(by_rep.values(), Decimal(0))
        checkpoints = []
        for checkpoint, day in checkpoint_days(period).items():
            point, rep_calls = _checkpoint(session, principal, client, stored.get(
                (period.start, checkpoint.value)), checkpoint, day)
            for method in ForecastMethod:
                found = point.errors[method.value] = error(point.methods.of(method), total)
                if found is not None:
                    errors[checkpoint].setdefault(method, []).append(found)
            for rep_id, call in rep_calls.items():
                mine = by_rep.get(rep_id, Decimal(0))
                if mine > 0:
                    calls.setdefault(rep_id, []).append(float((call - mine) / mine))
            checkpoints.append(point)
        rows.append(PeriodAccuracy(period=period_label(period), period_start=period.start,
                                   period_end=period.end,
                                   target=held.set_target(client, period),
                                   won=total, checkpoints=checkpoints))
    return ForecastAccuracy(client_id=client.id, periods=rows,
                            methods=_methods(errors),
                            best_method=_best(errors[Checkpoint.mid_period]),
                            reps=_reps(session, principal, client, calls))


def _checkpoint(session: Session, principal: Principal, client: Client,
                snapshot: ForecastSnapshot | None, checkpoint: Checkpoint,
                day) -> tuple[CheckpointAccuracy, dict[uuid.UUID, Decimal]]:
    """The forecast at a checkpoint (stored, else replayed) and each rep's commit call then."""
    if snapshot is not None:
        calls = {uuid.UUID(r["rep_id"]): Decimal(r["methods"]["reps_calls"])
                 for r in snapshot.figures.get("reps", [])
                 if r["methods"].get("reps_calls") is not None}
        return CheckpointAccuracy(
            checkpoint=checkpoint, as_of=snapshot.as_of, source=Source(snapshot.source),
            methods=MethodFigures.model_validate(snapshot.figures["methods"]),
            headline_method=snapshot.headline_method, errors={}), calls
    forecast = forecast_of(session, principal, client, day)
    calls = {r.rep_id: r.methods.reps_calls for r in forecast.reps
             if r.methods.reps_calls is not None}
    return CheckpointAccuracy(checkpoint=checkpoint, as_of=day, source=Source.backtest,
                              methods=forecast.methods, headline_method=forecast.headline.method,
                              errors={}), calls


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _methods(errors: dict[Checkpoint, dict[ForecastMethod, list[float]]]) -> list[MethodAccuracy]:
    mid = errors[Checkpoint.mid_period]
    out = [MethodAccuracy(method=m, mean_error=_mean(mid.get(m, [])), periods=len(mid.get(m, [])),
                          by_checkpoint={c.value: _mean(errors[c].get(m, [])) for c in Checkpoint})
           for m in ForecastMethod]
    return sorted(out, key=lambda a: (a.mean_error is None, a.mean_error or 0,
                                      list(ForecastMethod).index(a.method)))


def _best(mid: dict[ForecastMethod, list[float]]) -> ForecastMethod | None:
    choice = choose(mid)
    return choice.method if choice.periods else None


def _reps(session: Session, principal: Principal, client: Client,
          calls: dict[uuid.UUID, list[float]]) -> list[RepCallAccuracy]:
    reps = session.exec(scoped_select(principal, Rep).where(Rep.client_id == client.id)
                        .order_by(Rep.full_name, Rep.id)).all()
    out = []
    for rep in reps:
        signed = calls.get(rep.id, [])
        if not signed and rep.archived_at is not None:
            continue
        bias = _mean(signed)
        leaning = (None if bias is None else "on_target" if abs(bias) < ON_TARGET
                   else "optimistic" if bias > 0 else "sandbagging")
        out.append(RepCallAccuracy(rep_id=rep.id, full_name=rep.full_name, calls=len(signed),
                                   mean_error=_mean([abs(v) for v in signed]), mean_bias=bias,
                                   leaning=leaning))
    return out
