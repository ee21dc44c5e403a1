"""Logins of owners and reps; deactivated, never deleted."""

import uuid
from datetime import datetime

from sqlmodel import Session, select

from app.core.filters import where_equal, where_updated_since
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, Forbidden, NotFound, invalid_field
from app.models import Rep, User
from app.models.enums import Role
from app.models.identity.user import UserCreate, UserUpdate
from app.security import hash_password, verify_password
from app.services.access.policy import (
    Action,
    Resource,
    authorize,
    check_creatable_role,
    requested_changes,
)
from app.services.access.principal import Principal
from app.services.access.rules import check_user_target
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select
from app.services.identity.auth import revoke_user_tokens


def list_users(session: Session, principal: Principal, page: PageRequest, *,
               client_id: uuid.UUID | None = None, role: Role | None = None,
               is_active: bool | None = None,
               updated_since: datetime | None = None) -> Page[User]:
    """The logins the caller may see, newest first."""
    authorize(principal, Resource.users, Action.list)
    stmt = where_equal(scoped_select(principal, User), (User.client_id, client_id),
                       (User.role, role), (User.is_active, is_active))
    return paginate(session, where_updated_since(stmt, User, updated_since), User, page)


def create_user(session: Session, principal: Principal, data: UserCreate) -> User:
    """A login for an owner or a rep of a client the caller manages."""
    authorize(principal, Resource.users, Action.create)
    check_creatable_role(principal, data.role)
    if data.client_id is None:
        raise invalid_field("client_id", "An owner or rep login belongs to a client.")
    require_client_in_scope(principal, data.client_id)
    rep = rep_to_link(session, principal, data.role, data.rep_id, data.client_id)
    if session.exec(select(User.id).where(User.email == data.email)).first():
        raise Conflict(f"A login with email {data.email} already exists.")
    user = User.model_validate(data.model_dump(exclude={"password", "rep_id"})
                               | {"password_hash": hash_password(data.password)})
    session.add(user)
    session.flush()
    if rep is not None:
        apply_changes(rep, {"user_id": user.id})
        session.flush()
    return user


def get_user(session: Session, principal: Principal, user_id: uuid.UUID) -> User:
    """One login the caller may see."""
    if user_id == principal.user_id:
        return session.get(User, user_id)
    return get_scoped(session, principal, User, user_id, resource=Resource.users,
                      action=Action.read)


def update_user(session: Session, principal: Principal, user_id: uuid.UUID, data: UserUpdate,
                *, if_match: str | None) -> User:
    """Rename, reset the password of, deactivate or reactivate a login."""
    if user_id == principal.user_id:
        user = session.get(User, user_id)
        authorize(principal, Resource.users, Action.update)
    else:
        user = get_scoped(session, principal, User, user_id, resource=Resource.users,
                          action=Action.update, for_update=True)
    check_user_target(principal, user)
    changes = requested_changes(principal, Resource.users, user, data, if_match=if_match)
    current = changes.pop("current_password", None)
    own = user.id == principal.user_id
    if "is_active" in changes and own:
        raise Forbidden("You cannot deactivate or reactivate your own login.")
    password = changes.pop("password", None)
    if password is not None:
        if own and current is None:
            raise invalid_field("current_password", "Give your current password to change it.")
        if own and not verify_password(current, user.password_hash):
            raise Forbidden("The current password is not right.", fields=["current_password"])
        changes["password_hash"] = hash_password(password)
    apply_changes(user, changes)
    if password is not None or changes.get("is_active") is False:
        # Every other session of the login ends at once; the caller's own goes on.
        revoke_user_tokens(session, user.id, keep_session=principal.session_id if own else None)
    session.flush()
    return user


def rep_to_link(session: Session, principal: Principal, role: Role, rep_id: uuid.UUID | None,
                client_id: uuid.UUID | None) -> Rep | None:
    """The rep record a new rep login (or an invitation to one) attaches to."""
    if role != Role.rep:
        if rep_id is not None:
            raise invalid_field("rep_id", "Only a rep login links to a rep record.")
        return None
    if rep_id is None:
        raise invalid_field("rep_id", "A rep login needs the id of its rep record.")
    rep = session.exec(scoped_select(principal, Rep).where(Rep.id == rep_id)).first()
    if rep is None or rep.client_id != client_id:
        raise NotFound(f"No rep with id {rep_id} in that client.")
    if rep.user_id is not None:
        raise Conflict("That rep already has a login.")
    return rep

