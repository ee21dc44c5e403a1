"""/api/v1/activities: what each rep did each day."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import StreamingResponse

from app.models.base import Day
from app.models.enums import ActivityKind
from app.models.page import Page
from app.models.pipeline.activity import ActivityBatch, ActivityCreate, ActivityRead, ActivityUpdate
from app.openapi import LIST, READ, WRITE, Tag, problems
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
from app.services.pipeline import activities, exports
from app.services.pipeline.activities import ActivityFilters

router = APIRouter(route_class=AppRoute, prefix="/activities", tags=[Tag.activities])
CSV_EXAMPLE = ("id,rep_email,occurred_on,kind,quantity,deal_id,note,created_at,updated_at\r\n"
               "1a2b...,rep1@acme.demo.example,2026-11-18,call,6,,Trade show follow-ups,...")


async def activity_filters(
    client_id: uuid.UUID | None = None, rep_id: uuid.UUID | None = None,
    kind: ActivityKind | None = None,
    date_from: Annotated[Day | None, Query(alias="from", description="First day.")] = None,
    date_to: Annotated[Day | None, Query(alias="to", description="Last day.")] = None,
    updated_since: UTCTime | None = None,
) -> ActivityFilters:
    return ActivityFilters(client_id=client_id, rep_id=rep_id, kind=kind, date_from=date_from,
                           date_to=date_to, updated_since=updated_since)


ActivityFiltersDep = Annotated[ActivityFilters, Depends(activity_filters)]
ExpandDep = Annotated[frozenset[str], expand_param(("rep", "client", "deal"), "rep,deal")]


@router.get("", name="list", summary="List activities", response_model=Page[ActivityRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          filters: ActivityFiltersDep, expand: ExpandDep):
    """The activities the caller may see, latest day first; `expand` adds the rep's,
    client's and deal's names."""
    return activities.list_activities(session, principal, page, filters=filters,
                                      expand=expand)


@router.get("/export.csv", name="export", summary="Export activities as CSV",
            response_class=StreamingResponse, responses={
                200: {"content": {"text/csv": {"example": CSV_EXAMPLE}}}, **LIST})
def export(session: StreamSessionDep, principal: PrincipalDep, filters: ActivityFiltersDep):
    """The filtered activities the caller may see, streamed as CSV (columns as in imports)."""
    return StreamingResponse(exports.activities_csv(session, principal, filters),
                             media_type="text/csv", headers=csv_attachment("activities.csv"))


@router.post("", name="create", summary="Log an activity", response_model=ActivityRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: ActivityCreate,
           response: Response):
    """One rep's activity of one kind on one day."""
    return with_etag(response, activities.log_activity(session, principal, body))


@router.post("/batch", name="batch", summary="Log a week of activity",
             response_model=list[ActivityRead], status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent],
             responses=problems(401, 403, 422))
def batch(session: SessionDep, principal: PrincipalDep, body: ActivityBatch):
    """Up to 500 rows, all or nothing; a 422 names every invalid row."""
    return activities.log_batch(session, principal, body.items)


only(router, "/batch", "POST")
only(router, "/export.csv", "GET")


@router.get("/{activity_id}", name="get", summary="Get an activity",
            response_model=ActivityRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, activity_id: uuid.UUID,
        response: Response, expand: ExpandDep):
    """One activity, with its ETag; `expand` adds the names beside the ids."""
    activity, read = activities.get_activity_read(session, principal, activity_id, expand)
    with_etag(response, activity)
    return read


@router.patch("/{activity_id}", name="update", summary="Correct an activity",
              response_model=ActivityRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, activity_id: uuid.UUID,
           body: ActivityUpdate, response: Response, if_match: IfMatch = None):
    """Change the quantity, note or deal of an activity."""
    return with_etag(response, activities.update_activity(session, principal, activity_id,
                                                          body, if_match=if_match))


@router.delete("/{activity_id}", name="delete", summary="Delete an activity",
               status_code=status.HTTP_204_NO_CONTENT, responses=READ)
def delete(session: SessionDep, principal: PrincipalDep, activity_id: uuid.UUID) -> None:
    """Remove an activity logged by mistake."""
    activities.delete_activity(session, principal, activity_id)
