"""The caller: verified once per request from its credential and its user's current row."""

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import exists, false
from sqlmodel import Session, col, select

from app.errors import InvalidToken, Unauthorized
from app.models import (
    Client,
    ClientManager,
    RefreshToken,
    Rep,
    User,
)
from app.models.enums import Role
from app.security import Credential
from app.services.access.credentials import authenticate_api_key


@dataclass(frozen=True)
class Principal:
    """The caller, built once per request from the verified token and the user's row."""

    user_id: uuid.UUID
    email: str
    role: Role
    client_ids: frozenset[uuid.UUID]
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None  # set when the caller came with an API key
    session_id: uuid.UUID | None = None  # the login session of the caller's access token

    @property
    def is_manager(self) -> bool:
        return self.role is Role.manager


def load_principal(session: Session, credential: Credential | None) -> Principal:
    """The caller of a credential, built from its user's current row: an API key acts as
    its user with the same scope; a deactivated user is refused at once."""
    if credential is None:
        raise Unauthorized("Send an access token (Authorization: Bearer <token>) or an API key "
                           "(X-API-Key: <key>).")
    if credential.problem is not None:
        raise credential.problem
    if credential.api_key is not None:
        key = authenticate_api_key(session, credential.api_key)
        user = session.get(User, key.user_id)
        if user is None or not user.is_active:
            raise InvalidToken("The API key's user is deactivated.")
        return replace(principal_for_user(session, user), api_key_id=key.id)
    claims = credential.claims
    if claims is None:
        raise Unauthorized("Send an access token or an API key.")
    ended = (exists().where(col(RefreshToken.family_id) == claims.session_id,
                            col(RefreshToken.revoked_at).is_not(None))
             if claims.session_id is not None else false())
    found = session.exec(select(User, ended).where(User.id == claims.user_id)).first()
    if found is None or not found[0].is_active or found[0].role != claims.role:
        raise InvalidToken("The access token's user is unknown or deactivated.")
    if found[1]:
        raise InvalidToken("The access token's session has ended (logged out, or the password "
                           "was changed); log in again.")
    return replace(principal_for_user(session, found[0]), session_id=claims.session_id)


def principal_for_user(session: Session, user: User) -> Principal:
    """The scope of an active user: the clients it may see and, for a rep, its rep row."""
    role = Role(user.role)
    if role is Role.manager:
        rows = session.exec(select(ClientManager.client_id).where(ClientManager.user_id == user.id))
        return Principal(user.id, user.email, role, frozenset(rows.all()))
    rep_id = None
    if role is Role.rep:
        rep_id = session.exec(select(Rep.id).where(Rep.user_id == user.id)).first()
    client_ids = frozenset({user.client_id}) if user.client_id else frozenset()
    return Principal(user.id, user.email, role, client_ids, user.client_id, rep_id)


def system_principal_unscoped(session: Session) -> Principal:
    """A manager's view of every client, for the webhook dispatcher's alarm check only (it
    has no caller); what each subscriber receives is filtered again by `may_receive`."""
    ids = frozenset(session.exec(select(Client.id).where(col(Client.archived_at).is_(None))).all())
    return Principal(uuid.UUID(int=0), "webhook-dispatcher", Role.manager, ids)


def system_principal_for(client_id: uuid.UUID) -> Principal:
    """A manager's view of one client for work the system does on its behalf whoever
    triggered it (the snapshot of the whole forecast taken when a rep calls); never returned
    to a caller."""
    return Principal(uuid.UUID(int=0), "system", Role.manager, frozenset({client_id}))
