"""/api/v1/api-keys: the caller's API keys (for Zapier and other integrations)."""

import uuid

from fastapi import APIRouter, status

from app.models.identity.api_key import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from app.models.page import Page
from app.openapi import LIST, Tag, problems
from app.routers.deps import AppRoute, NoStore, PageDep, PrincipalDep, SessionDep
from app.services.identity import api_keys

router = APIRouter(route_class=AppRoute, prefix="/api-keys", tags=[Tag.api_keys])


@router.post("", name="create", summary="Create an API key", response_model=ApiKeyCreated,
             status_code=status.HTTP_201_CREATED, responses=problems(401, 403, 409, 422),
             dependencies=[NoStore])
def create(session: SessionDep, principal: PrincipalDep, body: ApiKeyCreate):
    """A key that acts as you, with your scope; the key is shown in this answer only."""
    return api_keys.create_api_key(session, principal, body)


@router.get("", name="list", summary="List your API keys", response_model=Page[ApiKeyRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep):
    """Your keys that are not revoked, newest first (never the key itself)."""
    return api_keys.list_api_keys(session, principal, page)


@router.delete("/{key_id}", name="revoke", summary="Revoke an API key",
               status_code=status.HTTP_204_NO_CONTENT, responses=problems(401, 403, 404))
def revoke(session: SessionDep, principal: PrincipalDep, key_id: uuid.UUID) -> None:
    """The key stops working at once."""
    api_keys.revoke_api_key(session, principal, key_id)
