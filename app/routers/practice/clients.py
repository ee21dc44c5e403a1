"""/api/v1/clients: client companies and their managers."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.models.page import Page
from app.models.practice.client import ClientCreate, ClientRead, ClientUpdate
from app.models.practice.client_manager import ClientManagerAssign, ClientManagerRead
from app.openapi import LIST, READ, WRITE, Tag, problems
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
from app.services.practice import clients

router = APIRouter(route_class=AppRoute, prefix="/clients", tags=[Tag.clients])


@router.get("", name="list", summary="List clients", response_model=Page[ClientRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          updated_since: UTCTime | None = None,
          archived: Annotated[bool | None, Query(
              description="false (default): active only; true: archived only.")] = False,
          q: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$",
                                         description="Part of the name.")] = None):
    """The clients the caller may see, newest first."""
    return clients.list_clients(session, principal, page, updated_since=updated_since,
                                archived=archived, q=q)


@router.post("", name="create", summary="Create a client", response_model=ClientRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: ClientCreate,
           response: Response):
    """A new client company; its creator is assigned as its manager."""
    return with_etag(response, clients.create_client(session, principal, body))


@router.get("/{client_id}", name="get", summary="Get a client", response_model=ClientRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID, response: Response):
    """One client, with its ETag."""
    return with_etag(response, clients.get_client(session, principal, client_id))


@router.patch("/{client_id}", name="update", summary="Update a client",
              response_model=ClientRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           body: ClientUpdate, response: Response, if_match: IfMatch = None):
    """Change a client's settings; send If-Match to avoid overwriting someone else's change."""
    client = clients.update_client(session, principal, client_id, body, if_match=if_match)
    return with_etag(response, client)


@router.post("/{client_id}/archive", name="archive", summary="Archive a client",
             response_model=ClientRead, responses=READ)
def archive(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
            response: Response):
    """Archive the client: hidden from lists by default, nothing deleted."""
    client = clients.set_archived(session, principal, client_id, archived=True)
    return with_etag(response, client)


@router.post("/{client_id}/unarchive", name="unarchive", summary="Restore a client",
             response_model=ClientRead, responses=READ)
def unarchive(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
              response: Response):
    """Bring an archived client back."""
    client = clients.set_archived(session, principal, client_id, archived=False)
    return with_etag(response, client)


@router.get("/{client_id}/managers", name="managers_list", summary="List a client's managers",
            response_model=list[ClientManagerRead], responses=READ)
def managers_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """The managers assigned to the client."""
    return clients.list_managers(session, principal, client_id)


@router.post("/{client_id}/managers", name="managers_assign",
             summary="Assign a manager to a client", response_model=list[ClientManagerRead],
             responses=problems(401, 403, 404, 422))
def managers_assign(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                    body: ClientManagerAssign):
    """Assign another manager of the practice, by email; answers the client's managers."""
    return clients.assign_manager(session, principal, client_id, email=body.email)


@router.delete("/{client_id}/managers/{user_id}", name="managers_remove",
               summary="Remove a manager from a client", status_code=status.HTTP_204_NO_CONTENT,
               responses=problems(401, 403, 404, 409))
def managers_remove(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                    user_id: uuid.UUID) -> None:
    """Unassign a manager; a client keeps at least one."""
    clients.unassign_manager(session, principal, client_id, user_id)
