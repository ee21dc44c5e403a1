"""The caller's own record and scope."""

from sqlmodel import Session

from app.models import User
from app.models.identity.me import MeRead
from app.services.access.principal import Principal


def get_me(session: Session, principal: Principal) -> MeRead:
    """The caller's user row, with the clients it may see and its rep record."""
    user = session.get(User, principal.user_id)
    return MeRead.model_validate(user, update={
        "rep_id": principal.rep_id, "client_ids": sorted(principal.client_ids, key=str)})
