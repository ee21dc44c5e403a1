"""The caller: verified once per request from its credential and its user's current row."""

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import case, exists, false
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


# session.info key: the caller's User row, held for the unit of work. The session's identity
# map keeps rows only while something refers to them, so without this a route that reads
# the caller's row again (GET /me) would query it a second time.
USER_KEY = "principal_user"


def load_principal(session: Session, credential: Credential | None) -> Principal:
    """The caller of a credential, built from its user's current row: an API key acts as
    its user with the same scope; a deactivated user is refused at once. The user, its
    scope and (for a token of a login session) whether the session has ended are read in
    one statement (an API key: its own lookup first)."""
    if credential is None:
        raise Unauthorized("Send an access token (Authorization: Bearer <token>) or an API key "
                           "(X-API-Key: <key>).")
    if credential.problem is not None:
        raise credential.problem
    if credential.api_key is not None:
        key = authenticate_api_key(session, credential.api_key)
        found = _load_user(session, key.user_id, session_id=None)
        if found is None or not found[0].is_active:
            raise InvalidToken("The API key's user is deactivated.")
        session.info[USER_KEY] = found[0]
        return replace(found[1], api_key_id=key.id)
    claims = credential.claims
    if claims is None:
        raise Unauthorized("Send an access token or an API key.")
    found = _load_user(session, claims.user_id, session_id=claims.session_id)
    if found is None or not found[0].is_active or found[0].role != claims.role:
        raise InvalidToken("The access token's user is unknown or deactivated.")
    if found[2]:
        raise InvalidToken("The access token's session has ended (logged out, or the password "
                           "was changed); log in again.")
    session.info[USER_KEY] = found[0]
    return replace(found[1], session_id=claims.session_id)


def _load_user(session: Session, user_id: uuid.UUID, *, session_id: uuid.UUID | None,
               ) -> tuple[User, Principal, bool] | None:
    """The user's row, its principal and whether the login session `session_id` has ended,
    in one round trip: the user joined to its managed clients (one row each; none for an
    owner or a rep), with its rep row's id and the session's state as scalar subqueries.
    The same scope as `principal_for_user`, which reads it in two."""
    ended = (exists().where(col(RefreshToken.family_id) == session_id,
                            col(RefreshToken.revoked_at).is_not(None))
             if session_id is not None else false())
    # reps.user_id is unique; only a rep's row is looked up (a manager has a row per client)
    rep_id = case((col(User.role) == Role.rep.value,
                   select(Rep.id).where(Rep.user_id == User.id).correlate(User)
                   .scalar_subquery()))
    rows = session.exec(
        select(User, ended, rep_id, ClientManager.client_id)
        .outerjoin(ClientManager, col(ClientManager.user_id) == User.id)
        .where(User.id == user_id)).all()
    if not rows:
        return None
    user = rows[0][0]
    role = Role(user.role)
    if role is Role.manager:
        client_ids = frozenset(row[3] for row in rows if row[3] is not None)
        return user, Principal(user.id, user.email, role, client_ids), bool(rows[0][1])
    client_ids = frozenset({user.client_id}) if user.client_id else frozenset()
    return user, Principal(user.id, user.email, role, client_ids, user.client_id,
                           rows[0][2] if role is Role.rep else None), bool(rows[0][1])


def active_principal(session: Session, user_id: uuid.UUID) -> Principal | None:
    """The principal of an active user as of now (None: unknown or deactivated), in one
    statement: the webhook fan-out's check of each subscriber."""
    found = _load_user(session, user_id, session_id=None)
    return found[1] if found is not None and found[0].is_active else None


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
