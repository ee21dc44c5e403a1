"""The demo's forecast calls and snapshots: every rep called last week and, once this week's
Monday morning has passed, all but one called again (the one who hasn't is the alarm the
manager would chase); the manager calls the client below the reps' sum, with a note. Then
the snapshots of the weeks and checkpoints the product would have taken, replayed from the
deal history."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from app.core.clock import now_of
from app.core.periods import period_containing
from app.models import Client, ForecastCall, Rep
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast_call import CLIENT_CALL
from app.services.access.principal import system_principal_for
from app.services.insights.forecast import forecast_of, take_due

OPTIMIST = {"acme": "Jordan Lee", "intelligence": "Morgan Diaz"}  # calls above what they hold
SILENT = {"acme": "Riley Garcia", "intelligence": "Drew Fischer"}  # not called this week


def seed_forecast_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                           manager_id, today: date) -> int:
    """Calls (skipped when the client already has some) and the snapshots due; how many
    calls were made."""
    view = system_principal_for(client.id)
    made = 0
    if session.exec(select(ForecastCall.id).where(ForecastCall.client_id == client.id)).first():
        return made
    zone = ZoneInfo(client.timezone)
    monday = today - timedelta(days=today.weekday())
    now = now_of(session)
    for week_start in (monday - timedelta(weeks=1), monday):
        at = datetime.combine(week_start, time(10), tzinfo=zone).astimezone(UTC)
        if at > now:
            continue
        forecast = forecast_of(session, view, client, week_start)
        period = period_containing(week_start, MeasurementPeriod(client.measurement_period))
        rows = {r.rep_id: r for r in forecast.reps}
        total = Decimal(0)
        for rep in reps:
            row = rows.get(rep.id)
            if row is None or (week_start == monday and rep.full_name == SILENT.get(slug)):
                continue
            lift = Decimal("1.3") if rep.full_name == OPTIMIST.get(slug) else Decimal(1)
            commit = _thousands(row.methods.commit * lift)
            best = max(commit, _thousands(row.methods.best_case * lift))
            session.add(ForecastCall(
                client_id=client.id, period_start=period.start, rep_id=rep.id,
                subject=str(rep.id), revision=_version(session, client, period.start, str(rep.id)),
                commit=commit, best_case=best, note="", submitted_by=rep.user_id or manager_id,
                submitted_at=at))
            total += commit
            made += 1
        session.add(ForecastCall(
            client_id=client.id, period_start=period.start, rep_id=None, subject=CLIENT_CALL,
            revision=_version(session, client, period.start, CLIENT_CALL),
            commit=_thousands(total * Decimal("0.9")), best_case=_thousands(total * Decimal("1.1")),
            note="Holding back a tenth: two commits depend on budget sign-off.",
            submitted_by=manager_id, submitted_at=at + timedelta(hours=2)))
        made += 1
        session.flush()
    take_due(session, view, client)
    return made


def _version(session: Session, client: Client, start: date, subject: str) -> int:
    found = session.exec(select(ForecastCall.revision).where(
        ForecastCall.client_id == client.id, ForecastCall.period_start == start,
        ForecastCall.subject == subject)).all()
    return max(found, default=0) + 1


def _thousands(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_DOWN) * 1000
