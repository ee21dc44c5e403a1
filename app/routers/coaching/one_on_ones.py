"""/api/v1/one-on-ones, and /api/v1/reps/{id}/next-one-on-one: weekly one-on-ones."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.models.base import Day
from app.models.coaching.action_item import ActionItemCreate, ActionItemRead
from app.models.coaching.coaching_change import CoachingChangeRead
from app.models.coaching.next_one_on_one import NextOneOnOne
from app.models.coaching.one_on_one import (
    AgendaItemCreate,
    OneOnOneCreate,
    OneOnOneRead,
    OneOnOneUpdate,
)
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag, problems
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    with_etag,
)
from app.services.coaching import next_one_on_one, one_on_ones
from app.services.coaching.one_on_ones import OneOnOneFilters

router = APIRouter(route_class=AppRoute, tags=[Tag.one_on_ones])
URL = "/one-on-ones"


async def one_on_one_filters(
    client_id: uuid.UUID | None = None, rep_id: uuid.UUID | None = None,
    held_from: Annotated[Day | None, Query(description="First meeting day.")] = None,
    held_to: Annotated[Day | None, Query(description="Last meeting day.")] = None,
    archived: Annotated[bool | None, Query(
        description="false (default): current ones only; true: archived only.")] = False,
) -> OneOnOneFilters:
    return OneOnOneFilters(client_id=client_id, rep_id=rep_id, held_from=held_from,
                           held_to=held_to, archived=archived)


@router.get(URL, name="list", summary="List one-on-ones", response_model=Page[OneOnOneRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          filters: Annotated[OneOnOneFilters, Depends(one_on_one_filters)]):
    """The one-on-ones the caller may see (a rep: their own), latest meeting first; private
    notes only for the manager who wrote them."""
    return one_on_ones.list_one_on_ones(session, principal, page, filters=filters)


@router.post(URL, name="create", summary="Record a one-on-one", response_model=OneOnOneRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: OneOnOneCreate,
           response: Response):
    """A one-on-one with a rep of one of the manager's clients, with its action items; the
    rep's KPIs are kept as of the meeting day."""
    return with_etag(response, one_on_ones.create_one_on_one(session, principal, body))


@router.get(URL + "/{one_on_one_id}", name="get", summary="Get a one-on-one",
            response_model=OneOnOneRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
        response: Response):
    """One one-on-one with its action items, KPI snapshot and the change since the rep's
    previous one-on-one."""
    return with_etag(response, one_on_ones.get_one_on_one(session, principal, one_on_one_id))


@router.patch(URL + "/{one_on_one_id}", name="update", summary="Update a one-on-one",
              response_model=OneOnOneRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
           body: OneOnOneUpdate, response: Response, if_match: IfMatch = None):
    """Change the day, agenda, notes, focus or deals reviewed (managers; private notes only
    their author)."""
    return with_etag(response, one_on_ones.update_one_on_one(
        session, principal, one_on_one_id, body, if_match=if_match))


@router.post(URL + "/{one_on_one_id}/agenda", name="add_agenda_item",
             summary="Add an agenda item", response_model=OneOnOneRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def add_agenda_item(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
                    body: AgendaItemCreate, response: Response):
    """Append an agenda item: the manager any time, the rep until the day of the meeting."""
    return with_etag(response, one_on_ones.add_agenda_item(session, principal, one_on_one_id,
                                                           body))


@router.post(URL + "/{one_on_one_id}/action-items", name="add_action_item",
             summary="Add an action item", response_model=ActionItemRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def add_action_item(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
                    body: ActionItemCreate, response: Response):
    """A new action item of the one-on-one, for its rep or its manager (managers)."""
    return with_etag(response, one_on_ones.add_action_item(session, principal, one_on_one_id,
                                                           body))


@router.post(URL + "/{one_on_one_id}/archive", name="archive", summary="Archive a one-on-one",
             response_model=OneOnOneRead, responses=READ)
def archive(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
            response: Response):
    """Hide it from lists, agendas and KPI changes (managers); its history stays."""
    return with_etag(response, one_on_ones.set_archived(session, principal, one_on_one_id,
                                                        archived=True))


@router.post(URL + "/{one_on_one_id}/unarchive", name="unarchive",
             summary="Restore a one-on-one", response_model=OneOnOneRead, responses=READ)
def unarchive(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
              response: Response):
    """Bring an archived one-on-one back (managers)."""
    return with_etag(response, one_on_ones.set_archived(session, principal, one_on_one_id,
                                                        archived=False))


@router.get(URL + "/{one_on_one_id}/history", name="history",
            summary="A one-on-one's history", response_model=Page[CoachingChangeRead],
            responses=READ)
def history(session: SessionDep, principal: PrincipalDep, one_on_one_id: uuid.UUID,
            page: PageDep):
    """Every change of the one-on-one and its action items, with who and when; private
    notes appear (without their text) only to their author."""
    return one_on_ones.one_on_one_history(session, principal, one_on_one_id, page)


@router.get("/reps/{rep_id}/next-one-on-one", name="next",
            summary="The agenda for a rep's next one-on-one", response_model=NextOneOnOne,
            responses=READ | problems(422))
def next_(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID):
    """Open action items carried over (overdue first), the rep's deals needing attention
    with the reasons, their current alarms, and today's figures against the previous
    one-on-one."""
    return next_one_on_one.next_one_on_one(session, principal, rep_id)
