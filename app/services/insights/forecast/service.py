"""The forecast of a client's period as of a day: every method for each rep and for the
client (their sum), the headline, the calls in hand and the deals left out."""

import uuid
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import parse_period_field, period_label
from app.core.sql import dialect_of
from app.errors import invalid_field
from app.models import Client, Rep
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast import ClientForecast, RepForecast, StageChances
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select
from app.services.insights.engine.figures import deal_figures
from app.services.insights.engine.windows import window_for, windows_table
from app.services.insights.forecast.call_reads import call_read, latest_calls
from app.services.insights.forecast.chances import chances_of
from app.services.insights.forecast.choice import chosen_methods
from app.services.insights.forecast.methods import (
    add_open,
    add_up,
    headline_of,
    methods_of,
    money,
    open_due,
)
from app.services.insights.forecast.overdue import overdue_deals
from app.services.practice.in_force import in_force_unscoped

ZERO = Decimal(0)


def get_forecast(session: Session, principal: Principal, client_id: uuid.UUID, *,
                 period: str | None, as_of: date | None) -> ClientForecast:
    """GET /clients/{id}/forecast: the period named (default: the one containing `as_of`),
    as of `as_of` (default: today, or the period's last day for an ended period)."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.forecasts,
                        action=Action.read)
    return forecast_of(session, principal, client,
                       day_in(session, client, period=period, as_of=as_of))


def day_in(session: Session, client: Client, *, period: str | None, as_of: date | None) -> date:
    """The day a forecast is taken as of: `as_of`, which must fall in `period` if both are
    given; else within the period, today or its last day."""
    today = today_of(session, client.timezone)
    if period is None:
        return as_of or today
    chosen = parse_period_field(period, MeasurementPeriod(client.measurement_period),
                                location="query")
    if as_of is not None:
        if not chosen.start <= as_of <= chosen.end:
            raise invalid_field("as_of", f"as_of must fall in {period_label(chosen)}.",
                                location="query")
        return as_of
    return min(max(today, chosen.start), chosen.end)


def forecast_of(session: Session, principal: Principal, client: Client,
                as_of: date) -> ClientForecast:
    """The forecast of the client's period containing `as_of`, as it stood at its end."""
    w = window_for(client, as_of)
    table = windows_table([w], dialect_of(session))
    rows = deal_figures(session, principal, [w], table)
    chances = chances_of(session, principal, [w], table)[client.id]
    calls = latest_calls(session, principal, [w])[client.id]
    choice = chosen_methods(session, principal, [w])[client.id]
    days_left = (w.period.end - as_of).days
    reps = session.exec(scoped_select(principal, Rep).where(Rep.client_id == client.id)
                        .order_by(Rep.full_name, Rep.id)).all()
    rep_rows = []
    for rep in reps:
        row = rows.get((client.id, str(rep.id)))
        if row is None and rep.archived_at is not None:
            continue  # a rep who left and carries no deal
        row = row or {}
        call = calls.get(str(rep.id))
        rep_rows.append(RepForecast(
            rep_id=rep.id, full_name=rep.full_name, won=money(row.get("revenue_won")),
            open=open_due(row), call=call and call_read(call, w.period),
            methods=methods_of(row, chances, days_left=days_left,
                               call=call.commit if call else None, manager_call=None)))
    manager = calls.get("client")
    methods = add_up([r.methods for r in rep_rows],
                     manager_call=manager.commit if manager else None)
    headline = headline_of(methods, choice)
    target = in_force_unscoped(session, [client.id]).target(client, w.period, reps)
    return ClientForecast(
        client_id=client.id, period=period_label(w.period), period_start=w.period.start,
        period_end=w.period.end, as_of=as_of, target=target,
        won=sum((r.won for r in rep_rows), ZERO), open=add_open([r.open for r in rep_rows]),
        methods=methods, headline=headline, gap_to_target=target - headline.value,
        manager_call=manager and call_read(manager, w.period),
        chances=StageChances(configured=chances.configured, conversion=chances.learned,
                             conversion_deals=chances.deals),
        reps=rep_rows, overdue=overdue_deals(session, principal, w, table))
