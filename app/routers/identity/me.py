"""/api/v1/me: who am I."""

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from app.models.identity.me import MeRead
from app.openapi import Tag, problems
from app.routers.deps import AppRoute, PrincipalDep, SessionDep
from app.services.identity import me

router = APIRouter(route_class=AppRoute, prefix="/me", tags=[Tag.me])


@router.get("", name="get", summary="The caller", response_model=MeRead,
            responses=problems(401))
async def get(session: SessionDep, principal: PrincipalDep) -> MeRead:
    """The caller's user, role and scope (client ids, and rep id for a rep)."""
    # async: the caller's row was read with the principal, so answering takes no thread hop
    if me.is_loaded(session, principal):
        return me.get_me(session, principal)
    return await run_in_threadpool(me.get_me, session, principal)
