"""/api/v1/sales-meetings, and /api/v1/clients/{id}/sales-meetings/attendance."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.models.base import Day
from app.models.coaching.coaching_change import CoachingChangeRead
from app.models.coaching.sales_meeting import (
    OwnerAttendance,
    SalesMeetingCreate,
    SalesMeetingRead,
    SalesMeetingUpdate,
)
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag, problems
from app.routers.deps import (
    AppRoute,
    AsOf,
    Idempotent,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    with_etag,
)
from app.services.coaching import attendance as attendance_service
from app.services.coaching import sales_meetings
from app.services.coaching.sales_meetings import SalesMeetingFilters

router = APIRouter(route_class=AppRoute, tags=[Tag.sales_meetings])
URL = "/sales-meetings"


async def meeting_filters(
    client_id: uuid.UUID | None = None,
    held_from: Annotated[Day | None, Query(description="First meeting day.")] = None,
    held_to: Annotated[Day | None, Query(description="Last meeting day.")] = None,
    archived: Annotated[bool | None, Query(
        description="false (default): current ones only; true: archived only.")] = False,
) -> SalesMeetingFilters:
    return SalesMeetingFilters(client_id=client_id, held_from=held_from, held_to=held_to,
                               archived=archived)


@router.get(URL, name="list", summary="List sales meetings",
            response_model=Page[SalesMeetingRead], responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          filters: Annotated[SalesMeetingFilters, Depends(meeting_filters)]):
    """The team meetings of the caller's clients (a rep: their team's), latest first."""
    return sales_meetings.list_sales_meetings(session, principal, page, filters=filters)


@router.post(URL, name="create", summary="Record a sales meeting",
             response_model=SalesMeetingRead, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent],
             responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: SalesMeetingCreate,
           response: Response):
    """A team meeting of one of the manager's clients: the reps who attended, whether the
    owner did, notes and decisions."""
    return with_etag(response, sales_meetings.create_sales_meeting(session, principal, body))


@router.get(URL + "/{meeting_id}", name="get", summary="Get a sales meeting",
            response_model=SalesMeetingRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, meeting_id: uuid.UUID,
        response: Response):
    """One sales meeting, with its ETag."""
    return with_etag(response, sales_meetings.get_sales_meeting(session, principal, meeting_id))


@router.patch(URL + "/{meeting_id}", name="update", summary="Update a sales meeting",
              response_model=SalesMeetingRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, meeting_id: uuid.UUID,
           body: SalesMeetingUpdate, response: Response, if_match: IfMatch = None):
    """Change the day, attendees, notes or decisions (managers)."""
    return with_etag(response, sales_meetings.update_sales_meeting(
        session, principal, meeting_id, body, if_match=if_match))


@router.post(URL + "/{meeting_id}/archive", name="archive", summary="Archive a sales meeting",
             response_model=SalesMeetingRead, responses=READ)
def archive(session: SessionDep, principal: PrincipalDep, meeting_id: uuid.UUID,
            response: Response):
    """Hide it from lists and the owner's attendance (managers); its history stays."""
    return with_etag(response, sales_meetings.set_archived(session, principal, meeting_id,
                                                           archived=True))


@router.post(URL + "/{meeting_id}/unarchive", name="unarchive",
             summary="Restore a sales meeting", response_model=SalesMeetingRead,
             responses=READ)
def unarchive(session: SessionDep, principal: PrincipalDep, meeting_id: uuid.UUID,
              response: Response):
    """Bring an archived sales meeting back (managers)."""
    return with_etag(response, sales_meetings.set_archived(session, principal, meeting_id,
                                                           archived=False))


@router.get(URL + "/{meeting_id}/history", name="history", summary="A sales meeting's history",
            response_model=Page[CoachingChangeRead], responses=READ)
def history(session: SessionDep, principal: PrincipalDep, meeting_id: uuid.UUID,
            page: PageDep):
    """Every change of the meeting, with who and when (managers and owners)."""
    return sales_meetings.sales_meeting_history(session, principal, meeting_id, page)


@router.get("/clients/{client_id}/sales-meetings/attendance", name="attendance",
            summary="The owner's attendance of sales meetings",
            response_model=OwnerAttendance, responses=READ | problems(422))
def attendance(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
               as_of: AsOf = None):
    """Meetings held over the three months up to `as_of` (from the same day three months
    before) and how many the owner attended (managers and owners)."""
    return attendance_service.owner_attendance(session, principal, client_id,
                                                     as_of=as_of)
