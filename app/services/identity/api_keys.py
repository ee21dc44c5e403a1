"""The caller's own API keys: create (the key is shown once), list, revoke."""

import uuid

from sqlalchemy import func
from sqlmodel import Session, select

from app.core.clock import now_of
from app.core.pagination import Page, PageRequest, paginate
from app.core.sql import serialize_on
from app.errors import Conflict, NotFound, invalid_field
from app.models import ApiKey
from app.models.identity.api_key import ApiKeyCreate, ApiKeyCreated
from app.security import new_api_key, token_digest
from app.services.access.policy import Action, Resource, authorize, check_session_login
from app.services.access.principal import Principal
from app.services.access.scope import owned_select

MAX_LIVE_KEYS = 50


def create_api_key(session: Session, principal: Principal, data: ApiKeyCreate) -> ApiKeyCreated:
    """A new key acting as the caller; the key itself is in this answer only."""
    authorize(principal, Resource.api_keys, Action.create)
    check_session_login(principal, "create API keys")
    now = now_of(session)
    if data.expires_at is not None and data.expires_at <= now:
        raise invalid_field("expires_at", "The expiry must be in the future.")
    serialize_on(session, f"api-keys:{principal.user_id}")  # parallel creations count in turn
    live = session.exec(select(func.count()).select_from(_live(principal).subquery())).one()
    if live >= MAX_LIVE_KEYS:
        raise Conflict(f"You have {live} API keys; revoke one before creating another.")
    key, prefix = new_api_key()
    row = ApiKey(user_id=principal.user_id, name=data.name, prefix=prefix,
                 key_hash=token_digest(key), created_at=now, expires_at=data.expires_at)
    session.add(row)
    session.flush()
    return ApiKeyCreated.model_validate(row, from_attributes=True, update={"key": key})


def list_api_keys(session: Session, principal: Principal, page: PageRequest) -> Page[ApiKey]:
    """The caller's keys that are not revoked (expired ones included), newest first."""
    authorize(principal, Resource.api_keys, Action.list)
    return paginate(session, _live(principal), ApiKey, page)


def revoke_api_key(session: Session, principal: Principal, key_id: uuid.UUID) -> None:
    """Revoke one of the caller's keys: it stops working at once (another's key: 404)."""
    row = session.exec(_live(principal).where(ApiKey.id == key_id)).first()
    if row is None:
        raise NotFound(f"No API key with id {key_id}.")
    authorize(principal, Resource.api_keys, Action.delete)
    row.revoked_at = now_of(session)
    session.add(row)


def _live(principal: Principal):
    return owned_select(principal, ApiKey).where(ApiKey.revoked_at.is_(None))
