"""The demo's reports: for each client, its last ended period published (the figures
frozen as that period ended) and a draft for the current one."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.core.periods import period_containing, period_label
from app.models import Client, Report, User
from app.models.enums import MeasurementPeriod
from app.models.reporting.report import ReportCreate
from app.services.access.principal import principal_for_user
from app.services.reporting import reports

PUBLISHED = {
    "wins": ["Every rep held a weekly one-on-one", "Win rate steady on proposals sent"],
    "concerns": ["Near-term pipeline thin for the coming weeks"],
    "decisions_needed": ["Approve a referral incentive for existing customers"]}


def seed_reports_unscoped(session: Session, client: Client, manager: User, *,
                          today: date) -> int:
    """Both reports, once per client; how many were made."""
    if session.exec(select(Report.id).where(Report.client_id == client.id)).first():
        return 0
    boss = principal_for_user(session, manager)
    kind = MeasurementPeriod(client.measurement_period)
    current = period_containing(today, kind)
    ended = period_containing(current.start - timedelta(days=1), kind)
    last = reports.create_report(session, boss, client.id,
                                 ReportCreate(period=period_label(ended), **PUBLISHED))
    figures = reports.get_report(session, boss, client.id, period_label(ended)).figures
    outlook = figures.outlook
    last.summary = (
        f"{period_label(ended)} closed at {figures.results.attainment or 0:.0%} of target. "
        f"Pipeline coverage stands at {figures.coverage.pipeline_coverage or 0:.1f}x, "
        f"{figures.coverage.trend} over the period; {outlook.next_period} is forecast at "
        f"{outlook.next_period_headline:,.0f} against {outlook.next_period_target:,.0f}.")
    reports.publish(session, boss, last.id, if_match=None)
    reports.create_report(session, boss, client.id, ReportCreate(
        period=period_label(current), summary="Draft: to finish before the owner meeting."))
    return 2
