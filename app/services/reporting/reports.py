"""The life of a report: the manager writes a draft for a period, edits it and publishes
it; publishing freezes the figures as they stand and tells `report.published` subscribers.
Owners read published reports only; reps read none."""

import uuid
from datetime import date

from sqlmodel import Session

from app.core.changes import Change, record
from app.core.clock import now_of, today_of
from app.core.periods import Period, parse_period, parse_period_field, period_label
from app.core.versioning import apply_changes, check_if_match
from app.errors import Conflict, NotFound, invalid_field
from app.models import Client, Report
from app.models.enums import MeasurementPeriod, Role
from app.models.reporting.figures import ReportFigures
from app.models.reporting.report import (
    Narrative,
    ReportCreate,
    ReportList,
    ReportRead,
    ReportStatus,
    ReportSummary,
    ReportUpdate,
)
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.reporting.figures import report_figures

PUBLISHED = ReportStatus.published.value


def get_report(session: Session, principal: Principal, client_id: uuid.UUID,
               label: str) -> ReportRead:
    """The period's report: a published one as it was frozen; otherwise (managers) the
    figures as they stand, with the draft's narrative if there is one."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.reports,
                        action=Action.read)
    period = _period(session, client, label, location="path")
    report = _row(session, principal, client, period)
    if report is not None and report.status == PUBLISHED:
        return _read(client, period, report, report.as_of,
                     ReportFigures.model_validate(report.figures))
    if principal.role is not Role.manager:
        raise NotFound(f"No published report for {period_label(period)}.")
    as_of = min(today_of(session, client.timezone), period.end)
    return _read(client, period, report, as_of,
                 report_figures(session, principal, client, period, as_of))


def list_reports(session: Session, principal: Principal, client_id: uuid.UUID) -> ReportList:
    client = get_parent(session, principal, Client, client_id, resource=Resource.reports,
                        action=Action.list)
    stmt = scoped_select(principal, Report).where(Report.client_id == client.id)
    if principal.role is not Role.manager:
        stmt = stmt.where(Report.status == PUBLISHED)
    rows = session.exec(stmt.order_by(Report.period_start.desc())).all()
    return ReportList(items=[summary(r) for r in rows])


def create_report(session: Session, principal: Principal, client_id: uuid.UUID,
                  data: ReportCreate) -> Report:
    client = get_parent(session, principal, Client, client_id, resource=Resource.reports,
                        action=Action.create)
    period = _period(session, client, data.period, location="body")
    if _row(session, principal, client, period) is not None:
        raise Conflict(f"{client.name} has a report for {period_label(period)} already: "
                       "edit it with PATCH.")
    report = Report(client_id=client.id, period_start=period.start,
                    period=period_label(period), created_by=principal.user_id,
                    **data.model_dump(exclude={"period"}))
    session.add(report)
    session.flush()
    return report


def update_report(session: Session, principal: Principal, report_id: uuid.UUID,
                  data: ReportUpdate, *, if_match: str | None) -> Report:
    report = _for_update(session, principal, report_id)
    changes = requested_changes(principal, Resource.reports, report, data, if_match=if_match)
    _still_draft(report)
    apply_changes(report, changes)
    session.flush()
    return report


def publish(session: Session, principal: Principal, report_id: uuid.UUID, *,
            if_match: str | None) -> Report:
    """Freeze the figures as they stand today (the period's last day for an ended one)."""
    report = _for_update(session, principal, report_id)
    check_if_match(report, if_match)
    _still_draft(report)
    client = session.get(Client, report.client_id)
    period = parse_period(report.period, MeasurementPeriod(client.measurement_period))
    as_of = min(today_of(session, client.timezone), period.end)
    figures = report_figures(session, principal, client, period, as_of)
    apply_changes(report, {"status": PUBLISHED, "figures": figures.model_dump(mode="json"),
                           "as_of": as_of, "published_at": now_of(session),
                           "published_by": principal.user_id})
    session.flush()
    record(session, Change("report", client.id, None, summary(report).model_dump(mode="json")))
    return report


def _for_update(session: Session, principal: Principal, report_id: uuid.UUID) -> Report:
    """The row, locked; a draft is nobody's business but the manager's (404), and an owner
    may read a published one but not change it (403)."""
    report = get_scoped(session, principal, Report, report_id, resource=Resource.reports,
                        action=Action.read, for_update=True)
    if principal.role is not Role.manager and report.status != PUBLISHED:
        raise NotFound(f"No report with id {report_id}.")
    authorize(principal, Resource.reports, Action.update)
    return report


def summary(report: Report) -> ReportSummary:
    return ReportSummary(id=report.id, client_id=report.client_id, period=report.period,
                         period_start=report.period_start, status=ReportStatus(report.status),
                         published_at=report.published_at, updated_at=report.updated_at)


def _period(session: Session, client: Client, label: str, *, location: str) -> Period:
    period = parse_period_field(label, MeasurementPeriod(client.measurement_period),
                                location=location)
    if period.start > today_of(session, client.timezone):
        raise invalid_field("period", f"{period_label(period)} has not begun: a report tells "
                                      "a period that has.", location=location)
    return period


def _row(session: Session, principal: Principal, client: Client,
         period: Period) -> Report | None:
    return session.exec(scoped_select(principal, Report).where(
        Report.client_id == client.id, Report.period_start == period.start)).first()


def _still_draft(report: Report) -> None:
    if report.status == PUBLISHED:
        raise Conflict(f"The report for {report.period} is published: it no longer changes.")


def _read(client: Client, period: Period, report: Report | None, as_of: date | None,
          figures: ReportFigures) -> ReportRead:
    narrative = None if report is None else Narrative.model_validate(report)
    return ReportRead(client_id=client.id, client_name=client.name,
                      period=period_label(period), period_start=period.start,
                      period_end=period.end, as_of=as_of or period.end,
                      currency=client.currency, timezone=client.timezone,
                      narrative=narrative, figures=figures)
