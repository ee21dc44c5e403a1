"""Forecast call missing: once a client's forecast calls have begun, every active rep calls
each week by the client's call day and hour (default Monday 12:00 in its zone). The alarm
stands from that deadline until the rep calls."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col

from app.models import Client, ForecastCall, Rep
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.forecast_call import CLIENT_CALL
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, raise_alarm
from app.services.insights.engine.windows import Window


@dataclass(frozen=True)
class CallLog:
    first: datetime | None  # the client's first call of all
    by_rep: dict[uuid.UUID, list[datetime]]  # each rep's calls since the earliest week start


def deadline(client: Client, at: datetime) -> tuple[datetime, datetime]:
    """The last call deadline passed by `at`, and the start (Monday 00:00) of its week, in
    UTC."""
    zone, rules = ZoneInfo(client.timezone), client.rules
    local = at.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    due = _at(monday + timedelta(days=rules.forecast_call_weekday), rules.forecast_call_hour, zone)
    if due > at:
        monday -= timedelta(weeks=1)
        due -= timedelta(weeks=1)
    return due, _at(monday, 0, zone)


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def call_log(session: Session, principal: Principal, windows: list[Window],
             now: datetime) -> dict[uuid.UUID, CallLog]:
    """Per client, its first call and each rep's calls of the weeks judged (two statements)."""
    clients = [w.client.id for w in windows]
    first = dict(session.execute(
        scoped_select(principal, ForecastCall)
        .with_only_columns(ForecastCall.client_id, func.min(ForecastCall.submitted_at))
        .where(col(ForecastCall.client_id).in_(clients))
        .group_by(ForecastCall.client_id)).all())
    started = [w for w in windows if w.client.id in first]
    if not started:
        return {}
    since = min(deadline(w.client, min(w.state_at, now))[1] for w in started)
    out = {w.client.id: CallLog(first[w.client.id], {}) for w in started}
    for client_id, rep_id, at in session.execute(
            scoped_select(principal, ForecastCall)
            .with_only_columns(ForecastCall.client_id, ForecastCall.rep_id,
                               ForecastCall.submitted_at)
            .where(col(ForecastCall.client_id).in_([w.client.id for w in started]),
                   ForecastCall.subject != CLIENT_CALL, ForecastCall.submitted_at >= since)):
        out[client_id].by_rep.setdefault(rep_id, []).append(_utc(at))
    return out


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def calls_alarms(client: Client, reps: dict[uuid.UUID, Rep], w: Window, log: CallLog | None,
                 now: datetime) -> list[Raised]:
    """One warning per active rep without a call since the week of the last deadline."""
    if log is None or log.first is None:
        return []
    at = min(w.state_at, now)
    due, week_start = deadline(client, at)
    if _utc(log.first) >= week_start:
        return []  # calls began this week: nobody was due yet
    out = []
    for rep in reps.values():
        calls = [c for c in log.by_rep.get(rep.id, []) if week_start <= c <= at]
        if calls or (rep.hire_date and rep.hire_date > due.date()):
            continue
        local = due.astimezone(ZoneInfo(client.timezone))
        out.append(raise_alarm(
            AlarmCode.forecast_call_missing, Severity.warning, client, rep.id,
            {"due_at": due.isoformat(), "week_of": str(week_start.astimezone(
                ZoneInfo(client.timezone)).date())},
            f"{rep.full_name} has not made this week's forecast call, due {local:%A %H:%M} "
            f"({client.timezone}): ask for it before the forecast meeting.",
            float((at - due).total_seconds() / 86400)))
    return out
