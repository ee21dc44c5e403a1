"""/api/v1/deals: the pipeline."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import StreamingResponse

from app.models.base import Day, Money
from app.models.enums import DealStatus, ForecastCategory, Owner, Stage
from app.models.page import Page
from app.models.pipeline.deal import DealCreate, DealRead, DealUpdate
from app.models.pipeline.deal_change import DealChangeRead
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    StreamSessionDep,
    UTCTime,
    csv_attachment,
    expand_param,
    only,
    with_etag,
)
from app.services.pipeline import deal_archive, deals, exports
from app.services.pipeline.deals import DealFilters, DealSort

router = APIRouter(route_class=AppRoute, prefix="/deals", tags=[Tag.deals])
CSV_EXAMPLE = ("id,rep_email,name,account_name,amount,...\r\n"
               "8c1f0a2e-...,rep1@acme.demo.example,Line 4 retrofit,Northwind Foods,48000.00,...")


async def deal_filters(
    client_id: uuid.UUID | None = None, rep_id: uuid.UUID | None = None,
    stage: Stage | None = None,
    status: Annotated[DealStatus | None, Query(
        description="open: prospecting to negotiation; closed: won or lost.")] = None,
    forecast_category: ForecastCategory | None = None,
    expected_close_from: Day | None = None, expected_close_to: Day | None = None,
    updated_since: UTCTime | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description=(
        "Case-insensitive text in the deal's name, account name or next step."),
        examples=["northwind"])] = None,
    amount_min: Annotated[Money | None, Query(description="Amount at least this.",
                                              examples=["10000.00"])] = None,
    amount_max: Annotated[Money | None, Query(description="Amount at most this.",
                                              examples=["50000.00"])] = None,
    closed_from: Annotated[Day | None, Query(description=(
        "Closed (won or lost) on or after this day."))] = None,
    closed_to: Annotated[Day | None, Query(description="Closed on or before this day.")] = None,
    owner: Annotated[Owner | None, Query(description=(
        "`me`: the caller's own deals (a rep; 400 for other roles)."))] = None,
    archived: Annotated[bool, Query(description=(
        "true: only the archived deals (left out otherwise, as from every figure)."))] = False,
) -> DealFilters:
    return DealFilters(client_id=client_id, rep_id=rep_id, stage=stage,
                       is_open=None if status is None else status is DealStatus.open,
                       forecast_category=forecast_category,
                       expected_close_from=expected_close_from,
                       expected_close_to=expected_close_to, updated_since=updated_since,
                       q=q, amount_min=amount_min, amount_max=amount_max,
                       closed_from=closed_from, closed_to=closed_to,
                       mine=owner is Owner.me, archived=archived)


DealFiltersDep = Annotated[DealFilters, Depends(deal_filters)]


ExpandDep = Annotated[frozenset[str], expand_param(("rep", "client", "account"),
                                                   "rep,account")]


@router.get("", name="list", summary="List deals", response_model=Page[DealRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep, filters: DealFiltersDep,
          expand: ExpandDep, sort: DealSort = DealSort.newest):
    """The deals the caller may see (a rep: their own), filtered and sorted; `expand` adds
    the rep's, client's and account's names."""
    return deals.list_deals(session, principal, page, filters=filters, sort=sort,
                            expand=expand)


@router.post("", name="create", summary="Create a deal", response_model=DealRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: DealCreate, response: Response):
    """A new deal; a rep creates only their own."""
    return with_etag(response, deals.create_deal(session, principal, body))


@router.get("/export.csv", name="export", summary="Export deals as CSV",
            response_class=StreamingResponse, responses={
                200: {"content": {"text/csv": {"example": CSV_EXAMPLE}}}, **LIST})
def export(session: StreamSessionDep, principal: PrincipalDep, filters: DealFiltersDep):
    """The filtered deals the caller may see, streamed as CSV (columns as in imports)."""
    return StreamingResponse(exports.deals_csv(session, principal, filters),
                             media_type="text/csv", headers=csv_attachment("deals.csv"))


only(router, "/export.csv", "GET")


@router.get("/{deal_id}", name="get", summary="Get a deal", response_model=DealRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, deal_id: uuid.UUID, response: Response,
        expand: ExpandDep):
    """One deal, with its ETag and slip count; `expand` adds the names beside the ids."""
    deal, read = deals.get_deal_read(session, principal, deal_id, expand)
    with_etag(response, deal)
    return read


@router.patch("/{deal_id}", name="update", summary="Update a deal", response_model=DealRead,
              responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, deal_id: uuid.UUID, body: DealUpdate,
           response: Response, if_match: IfMatch = None):
    """Move a deal through its stages, change its amount, dates or owner (managers)."""
    return with_etag(response, deals.update_deal(session, principal, deal_id, body,
                                                 if_match=if_match))


@router.get("/{deal_id}/history", name="history", summary="A deal's history",
            response_model=Page[DealChangeRead], responses=READ)
def history(session: SessionDep, principal: PrincipalDep, deal_id: uuid.UUID, page: PageDep):
    """Every change of stage, amount, expected close, forecast category and owner."""
    return deals.deal_history(session, principal, deal_id, page)


@router.post("/{deal_id}/archive", name="archive", summary="Archive a deal",
             response_model=DealRead, responses=WRITE)
def archive(session: SessionDep, principal: PrincipalDep, deal_id: uuid.UUID,
            response: Response, if_match: IfMatch = None):
    """Take a deal out of the default list and every figure (KPIs, forecast, alarms,
    reports, pay) without deleting it: for a deal entered by mistake or as a test. Managers
    only; 409 when it is archived already. `GET /deals?archived=true` lists them."""
    return with_etag(response, deal_archive.archive_deal(session, principal, deal_id,
                                                         if_match=if_match))


@router.post("/{deal_id}/unarchive", name="unarchive", summary="Restore an archived deal",
             response_model=DealRead, responses=WRITE)
def unarchive(session: SessionDep, principal: PrincipalDep, deal_id: uuid.UUID,
            response: Response, if_match: IfMatch = None):
    """Bring an archived deal back into the lists and figures. Managers only; 409 when it
    is not archived."""
    return with_etag(response, deal_archive.unarchive_deal(session, principal, deal_id,
                                                         if_match=if_match))
