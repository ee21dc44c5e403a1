"""/api/v1/me: who am I."""

from fastapi import APIRouter

from app.models.identity.me import MeRead
from app.openapi import Tag, problems
from app.routers.deps import AppRoute, PrincipalDep, SessionDep
from app.services.identity import me

router = APIRouter(route_class=AppRoute, prefix="/me", tags=[Tag.me])


@router.get("", name="get", summary="The caller", response_model=MeRead,
            responses=problems(401))
def get(session: SessionDep, principal: PrincipalDep) -> MeRead:
    """The caller's user, role and scope (client ids, and rep id for a rep)."""
    return me.get_me(session, principal)
