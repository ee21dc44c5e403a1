"""The caller's own record and scope."""

from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from app.models import User
from app.models.identity.me import MeRead
from app.services.access.principal import Principal


def get_me(session: Session, principal: Principal) -> MeRead:
    """The caller's user row, with the clients it may see and its rep record."""
    user = session.get(User, principal.user_id)
    return MeRead.model_validate(user, update={
        "rep_id": principal.rep_id, "client_ids": sorted(principal.client_ids, key=str)})


def is_loaded(session: Session, principal: Principal) -> bool:
    """Whether the caller's row is already in the unit of work (read with the principal), so
    that get_me does no I/O."""
    return session.identity_map.get(identity_key(User, principal.user_id)) is not None
