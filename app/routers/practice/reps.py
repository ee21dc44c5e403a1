"""/api/v1/reps: salespeople of each client."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.models.enums import RepStatus
from app.models.page import Page
from app.models.practice.rep import RepCreate, RepRead, RepUpdate
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    UTCTime,
    with_etag,
)
from app.services.practice import reps

router = APIRouter(route_class=AppRoute, prefix="/reps", tags=[Tag.reps])


@router.get("", name="list", summary="List reps", response_model=Page[RepRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: uuid.UUID | None = None, status: RepStatus | None = None,
          archived: Annotated[bool | None, Query(
              description="false (default): current reps only; true: archived only.")] = False,
          updated_since: UTCTime | None = None):
    """The reps the caller may see (a rep sees only themselves), newest first."""
    return reps.list_reps(session, principal, page, client_id=client_id, status=status,
                          archived=archived, updated_since=updated_since)


@router.post("", name="create", summary="Create a rep", response_model=RepRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: RepCreate, response: Response):
    """A new rep of a client."""
    return with_etag(response, reps.create_rep(session, principal, body))


@router.get("/{rep_id}", name="get", summary="Get a rep", response_model=RepRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID, response: Response):
    """One rep, with its ETag."""
    return with_etag(response, reps.get_rep(session, principal, rep_id))


@router.patch("/{rep_id}", name="update", summary="Update a rep", response_model=RepRead,
              responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID, body: RepUpdate,
           response: Response, if_match: IfMatch = None):
    """Change a rep; a rep may change only their name and title."""
    return with_etag(response, reps.update_rep(session, principal, rep_id, body,
                                               if_match=if_match))


@router.post("/{rep_id}/archive", name="archive", summary="Archive a rep",
             response_model=RepRead, responses=READ)
def archive(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
            response: Response):
    """Archive the rep: hidden from lists by default, history kept."""
    return with_etag(response, reps.set_archived(session, principal, rep_id, archived=True))


@router.post("/{rep_id}/unarchive", name="unarchive", summary="Restore a rep",
             response_model=RepRead, responses=READ)
def unarchive(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
              response: Response):
    """Bring an archived rep back."""
    return with_etag(response, reps.set_archived(session, principal, rep_id, archived=False))
