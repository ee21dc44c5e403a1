"""/api/v1/clients/{id}/reports: the owner's progress report for a period, as JSON, as a
page and as a PDF; the manager's draft, its edits and its publication."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from fastapi.responses import HTMLResponse

from app.models.reporting.report import (
    Narrative,
    ReportCreate,
    ReportList,
    ReportRead,
    ReportUpdate,
)
from app.openapi import READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, Idempotent, IfMatch, PrincipalDep, SessionDep, with_etag
from app.services.reporting import page, reports

router = APIRouter(route_class=AppRoute, tags=[Tag.reports])

PeriodPath = Annotated[str, Path(max_length=16, description=(
    "The period, as YYYY-MM (monthly clients) or YYYY-Qn (quarterly clients)."),
    examples=["2026-11"])]
PAGE = {200: {"content": {"text/html": {"schema": {"type": "string"}}},
              "description": "One self-contained page: styles and charts inline."}}
PDF = {200: {"content": {"application/pdf": {"schema": {"type": "string",
                                                        "format": "binary"}}},
             "description": "The same report as a PDF."}}


@router.get("/clients/{client_id}/reports", name="list", summary="A client's reports",
            response_model=ReportList, responses=READ)
def list_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """Drafts and published reports, the latest period first (owners: published only)."""
    return reports.list_reports(session, principal, client_id)


@router.post("/clients/{client_id}/reports", name="create", summary="Start a report's draft",
             response_model=Narrative, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           body: ReportCreate, response: Response):
    """The manager's draft for a period that has begun (one per period): the narrative now
    or later; the figures are computed when read and frozen when published."""
    return with_etag(response, reports.create_report(session, principal, client_id, body))


@router.get("/clients/{client_id}/reports/{period}.html", name="page",
            summary="A period's report as a page", response_class=HTMLResponse,
            responses=PAGE | READ | problems(422))
def page_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
          period: PeriodPath):
    """The report as one HTML page with its charts (won revenue against the target's pace,
    pipeline coverage against its floor, activity per rep against target, the forecast by
    method against the target); nothing on it is fetched from elsewhere."""
    report = reports.get_report(session, principal, client_id, period)
    return HTMLResponse(page.render_html(report))


@router.get("/clients/{client_id}/reports/{period}.pdf", name="pdf",
            summary="A period's report as a PDF", response_class=Response,
            responses=PDF | READ | problems(422))
def pdf(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
        period: PeriodPath):
    """The page, as a PDF to send or print."""
    report = reports.get_report(session, principal, client_id, period)
    return Response(page.render_pdf(report), media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="report-{report.period}.pdf"'})


@router.get("/clients/{client_id}/reports/{period}", name="get",
            summary="A period's report", response_model=ReportRead,
            responses=READ | problems(422))
def get(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
        period: PeriodPath):
    """Results against target with the 3 periods before, the forecast of this period by
    method and of the next, both coverages and their trend, each rep's revenue against quota
    and activity weeks met, the deals won and lost with the reasons, people, coaching
    cadence, the alarms raised, standing and cleared over the period, and the engagement's
    return. A published report is the one frozen when it was published; managers also read
    the figures of a period without one, with their draft. Owners: published only."""
    return reports.get_report(session, principal, client_id, period)


@router.patch("/reports/{report_id}", name="update", summary="Edit a report's draft",
              response_model=Narrative, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, report_id: uuid.UUID,
           body: ReportUpdate, response: Response, if_match: IfMatch = None):
    """The narrative only; a published report no longer changes (409)."""
    return with_etag(response, reports.update_report(session, principal, report_id, body,
                                                     if_match=if_match))


@router.post("/reports/{report_id}/publish", name="publish", summary="Publish a report",
             response_model=Narrative, responses=WRITE)
def publish(session: SessionDep, principal: PrincipalDep, report_id: uuid.UUID,
            response: Response, if_match: IfMatch = None):
    """Freeze its figures as they stand (the period's last day for an ended period), show it
    to the owner and tell `report.published` subscribers."""
    return with_etag(response, reports.publish(session, principal, report_id,
                                               if_match=if_match))
