"""Liveness and readiness, outside /api/v1."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.core.health import database_ready
from app.openapi import Tag
from app.routers.deps import AppRoute

router = APIRouter(route_class=AppRoute, tags=[Tag.health])


@router.get("/healthz", name="alive", summary="Liveness",
            responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}})
async def alive() -> dict[str, str]:
    """The process answers (async: no thread-pool hop for a probe)."""
    return {"status": "ok"}


@router.get("/readyz", name="ready", summary="Readiness", responses={
    200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}},
    503: {"description": "Database unreachable", "content": {"application/json": {
        "example": {"status": "unavailable", "database": "unreachable"}}}}})
def ready(request: Request) -> JSONResponse:
    """The database answers a query."""
    if database_ready(request.app.state.engine):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
