"""Weekly forecast calls: a rep calls their own period, the manager calls the client's (and
says why when it differs from what the reps' calls add up to). Every revision is kept; each
call is snapshotted with the forecast it was made against and told to webhook subscribers
(forecast.submitted)."""

import uuid
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session

from app.core.changes import Change, record
from app.core.clock import today_of
from app.core.periods import Period, parse_period, period_containing, period_label
from app.errors import Forbidden, invalid_field
from app.models import Client, ForecastCall, Rep
from app.models.enums import MeasurementPeriod, RepStatus, Role
from app.models.insights.forecast_call import (
    CLIENT_CALL,
    CallTotals,
    ForecastCallPut,
    ForecastCallRead,
    ForecastCalls,
)
from app.models.insights.forecast_history import SnapshotReason, Source
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal, system_principal_for
from app.services.access.scope import get_parent, scoped_select
from app.services.insights.forecast.call_reads import call_read
from app.services.insights.forecast.service import forecast_of
from app.services.insights.forecast.snapshots import snapshot_of


def put_call(session: Session, principal: Principal, client_id: uuid.UUID, period: str,
             data: ForecastCallPut) -> ForecastCallRead:
    """PUT /clients/{id}/forecast-calls/{period}: a new version of the caller's call (a
    rep's own; the manager's for the client) for the client's current period."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.forecast_calls,
                        action=Action.create)
    chosen = _period(client, period)
    today = today_of(session, client.timezone)
    current = period_containing(today, chosen.kind)
    if chosen != current:
        raise invalid_field("period", f"Calls are made for the current period, "
                                      f"{period_label(current)}.", location="path")
    rep_id, subject = _subject(principal)
    if principal.role is Role.manager:
        _check_override(session, principal, client, current, data)
    version = session.exec(
        scoped_select(principal, ForecastCall)
        .with_only_columns(func.max(ForecastCall.revision))
        .where(ForecastCall.client_id == client.id, ForecastCall.period_start == current.start,
               ForecastCall.subject == subject)).one() or 0
    call = ForecastCall(client_id=client.id, period_start=current.start, rep_id=rep_id,
                        subject=subject, revision=version + 1, commit=data.commit,
                        best_case=data.best_case, note=data.note.strip(),
                        submitted_by=principal.user_id)
    session.add(call)
    session.flush()
    read = call_read(call, current)
    record(session, Change("forecast_call", client.id, rep_id, read.model_dump(mode="json")))
    whole = forecast_of(session, system_principal_for(client.id), client, today)
    session.add(snapshot_of(whole, reason=SnapshotReason.call, source=Source.live))
    return read


def list_calls(session: Session, principal: Principal, client_id: uuid.UUID,
               period: str | None) -> ForecastCalls:
    """GET /clients/{id}/forecast-calls/{period}: the latest call of each rep (a rep: their
    own) and of the manager, what the reps' add up to, and every version, newest first."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.forecast_calls,
                        action=Action.list)
    chosen = (_period(client, period) if period else period_containing(
        today_of(session, client.timezone), MeasurementPeriod(client.measurement_period)))
    calls = session.exec(scoped_select(principal, ForecastCall).where(
        ForecastCall.client_id == client.id, ForecastCall.period_start == chosen.start)
        .order_by(ForecastCall.submitted_at.desc(), ForecastCall.revision.desc())).all()
    latest: dict[str, ForecastCall] = {}
    for call in calls:
        latest.setdefault(call.subject, call)
    manager = latest.pop(CLIENT_CALL, None)
    reps = session.exec(scoped_select(principal, Rep).where(
        Rep.client_id == client.id, Rep.archived_at.is_(None),
        Rep.status != RepStatus.exited)).all()
    return ForecastCalls(
        client_id=client.id, period=period_label(chosen),
        manager_call=manager and call_read(manager, chosen),
        reps_total=CallTotals(commit=sum((c.commit for c in latest.values()), Decimal(0)),
                              best_case=sum((c.best_case for c in latest.values()), Decimal(0)),
                              reps_called=len(latest), reps=len(reps)),
        latest=[call_read(c, chosen) for c in sorted(latest.values(), key=lambda c: c.subject)],
        versions=[call_read(c, chosen) for c in calls])


def _period(client: Client, period: str) -> Period:
    try:
        return parse_period(period, MeasurementPeriod(client.measurement_period))
    except ValueError as exc:
        raise invalid_field("period", f"period {exc}.", location="path") from None


def _subject(principal: Principal) -> tuple[uuid.UUID | None, str]:
    if principal.role is Role.rep:
        if principal.rep_id is None:
            raise Forbidden("This login is not linked to a rep.")
        return principal.rep_id, str(principal.rep_id)
    return None, CLIENT_CALL


def _check_override(session: Session, principal: Principal, client: Client, period: Period,
                    data: ForecastCallPut) -> None:
    """A manager's call that differs from the sum of the reps' latest calls needs a note."""
    calls = session.exec(scoped_select(principal, ForecastCall).where(
        ForecastCall.client_id == client.id, ForecastCall.period_start == period.start,
        ForecastCall.subject != CLIENT_CALL)).all()
    latest: dict[str, ForecastCall] = {}
    for call in sorted(calls, key=lambda c: c.revision):
        latest[call.subject] = call
    if not latest:
        return
    total = sum((c.commit for c in latest.values()), Decimal(0))
    if data.commit != total and not data.note.strip():
        raise invalid_field("note", f"The reps' calls add up to {total:,.2f}; a client call of "
                                    f"{data.commit:,.2f} overrides them and needs a note "
                                    "saying why.")

