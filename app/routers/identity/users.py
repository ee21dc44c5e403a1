"""/api/v1/users: logins of owners and reps."""

import uuid

from fastapi import APIRouter, Response, status

from app.models.enums import Role
from app.models.identity.user import UserCreate, UserRead, UserUpdate
from app.models.page import Page
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
from app.services.identity import users

router = APIRouter(route_class=AppRoute, prefix="/users", tags=[Tag.users])


@router.get("", name="list", summary="List logins", response_model=Page[UserRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: uuid.UUID | None = None, role: Role | None = None,
          is_active: bool | None = None, updated_since: UTCTime | None = None):
    """The logins of the caller's clients (a rep sees only their own), newest first."""
    return users.list_users(session, principal, page, client_id=client_id, role=role,
                            is_active=is_active, updated_since=updated_since)


@router.post("", name="create", summary="Create a login", response_model=UserRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: UserCreate, response: Response):
    """A login for an owner or a rep (managers), or for a rep (owners)."""
    return with_etag(response, users.create_user(session, principal, body))


@router.get("/{user_id}", name="get", summary="Get a login", response_model=UserRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, user_id: uuid.UUID, response: Response):
    """One login, with its ETag."""
    return with_etag(response, users.get_user(session, principal, user_id))


@router.patch("/{user_id}", name="update", summary="Update or deactivate a login",
              response_model=UserRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, user_id: uuid.UUID, body: UserUpdate,
           response: Response, if_match: IfMatch = None):
    """Rename, set a new password, or deactivate (`is_active: false`) a login."""
    user = users.update_user(session, principal, user_id, body, if_match=if_match)
    return with_etag(response, user)
