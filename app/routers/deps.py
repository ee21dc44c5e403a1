"""What handlers receive: the unit-of-work session, the caller, paging and preconditions."""

import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlmodel import Session, SQLModel
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from app.core.pagination import PageRequest
from app.core.versioning import etag_of
from app.errors import AppError, MethodNotAllowed
from app.http.credentials import credential_of
from app.http.idempotency import (
    KeyHeader,
    claim_key,
    keep_response,
    release_claim,
    settle_claim,
)
from app.models.base import Day, UTCTime  # noqa: F401  (re-exported for routers)
from app.openapi import API_PREFIX
from app.services.access.principal import Principal, load_principal
from app.services.integrations.audit import set_actor
from app.settings import Settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(
    name="X-API-Key", scheme_name="ApiKey", auto_error=False,
    description="An API key from POST /api/v1/api-keys (`fsm_...`); it may also be sent as "
                "`Authorization: Bearer <key>`.")


async def get_settings(request: Request) -> Settings:
    # async: no I/O, so no hop to the thread pool (a sync dependency takes one per request)
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: commit once after the handler, roll back on any error.

    Used with `scope="function"`, so the commit happens before the response is sent: a
    client never sees a success that was not stored. An idempotent request's answer is kept
    in the same transaction (app.http.idempotency).

    async: making a session does no I/O (it connects on first use, in the handler's thread),
    so only the end of the unit of work takes a hop to a thread, shielded from cancellation
    and outside the thread pool's limit (as FastAPI ends sync dependencies: waiting for a
    pool thread while holding a connection could deadlock).
    """
    async with _unit_of_work(request) as session:
        yield session


@asynccontextmanager
async def _unit_of_work(request: Request, *, read_only: bool = False) -> AsyncIterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        if read_only:  # a read-only transaction: it takes no write lock (SQLite)
            await run_in_threadpool(session.connection, execution_options={"read_only": True})
        yield session
    except BaseException as exc:
        await _in_thread(_abandon, session, exc)
        raise
    else:
        await _in_thread(_complete, session, request)


async def _in_thread(func: Callable[..., None], *args: Any) -> None:
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(func, *args, limiter=anyio.CapacityLimiter(1))


def _complete(session: Session, request: Request) -> None:
    try:
        keep_response(session, request)
        session.commit()
        settle_claim(request)
    finally:
        session.close()


def _abandon(session: Session, exc: BaseException) -> None:
    try:
        if isinstance(exc, AppError) and exc.keeps_writes:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_principal(request: Request, session: SessionDep, settings: SettingsDep,
                  _token: Annotated[str | None, Depends(oauth2_scheme)],
                  _api_key: Annotated[str | None, Depends(api_key_scheme)]) -> Principal:
    """The caller, from the credential the request carries (read once per request; the two
    schemes are declared for the docs); the request's writes are audited as theirs."""
    principal = load_principal(session, credential_of(request.scope, settings))
    set_actor(session, principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def idempotent(request: Request, settings: SettingsDep,
                     idempotency_key: KeyHeader = None) -> AsyncIterator[None]:
    """Marks a creating route as replayable with an Idempotency-Key: the key is claimed
    before the route runs, and released unless its answer was kept with its writes."""
    await claim_key(request, settings, idempotency_key)
    try:
        yield
    finally:
        await run_in_threadpool(release_claim, request)


Idempotent = Depends(idempotent, scope="function")


def only(router: APIRouter, path: str, *allowed: str) -> None:
    """Answer 405 (with Allow) for the other methods of a fixed path that a `/{id}` path of
    the same router would otherwise take (PATCH /activities/batch is no activity's id).
    Register it before the `/{id}` routes."""
    others = [m for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m not in allowed]

    @router.api_route(path, methods=others, include_in_schema=False)
    async def refuse() -> None:
        raise MethodNotAllowed(path, allowed)


async def no_store(response: Response) -> None:
    """An answer that holds a token or a secret: no cache may keep it (RFC 6749 5.1)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"


NoStore = Depends(no_store)


class AppRoute(APIRoute):
    """A route that refuses query parameters it doesn't know (400 naming them, rather than
    answering as if they weren't there), and whose built response the unit of work sees
    before it commits (to keep an idempotent answer in the same transaction as the writes
    it reports)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = query_names(self.dependant)

        async def run(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                raise unknown_query_parameters(unknown, known)
            response = await handler(request)
            if response.status_code == 201 and "location" not in response.headers and (
                    location := location_of(request, response)):
                response.headers["Location"] = location
            request.state.response = response
            return response

        return run


def location_of(request: Request, response: Response) -> str | None:
    """Where a created record can be read: the collection's path and its id (POST /deals:
    /deals/{id}), else the top-level collection of that name (POST /clients/{id}/comp-plans:
    /comp-plans/{id}); none when no GET serves either."""
    try:
        created = json.loads(response.body)
    except (AttributeError, ValueError):
        return None
    if not isinstance(created, dict) or not isinstance(created.get("id"), str):
        return None
    path = request.url.path.rstrip("/")
    collection = path.rsplit("/", 1)[-1]
    for candidate in (f"{path}/{created['id']}", f"{API_PREFIX}/{collection}/{created['id']}"):
        scope = {**request.scope, "path": candidate, "method": "GET", "root_path": ""}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            return candidate
    return None


def query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters an operation takes, its dependencies' included."""
    names, todo = set(), [dependant]
    while todo:
        current = todo.pop()
        names.update(p.alias for p in current.query_params)
        todo.extend(current.dependencies)
    return frozenset(names)


def unknown_query_parameters(unknown: list[str], known: frozenset[str]) -> AppError:
    accepted = ", ".join(sorted(known)) or "none"
    return AppError(f"Unknown query parameter(s): {', '.join(unknown)}. This operation takes: "
                    f"{accepted}.", errors=[
                        {"field": f"query.{name}", "loc": ["query", name],
                         "message": "Unknown query parameter", "type": "unknown_parameter"}
                        for name in unknown])


async def page_request(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page (1-200).")] = 50,
    cursor: Annotated[str | None, Query(max_length=512,
                                        description="`next_cursor` of the previous page.")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


PageDep = Annotated[PageRequest, Depends(page_request)]


def expand_param(kinds: tuple[str, ...], example: str) -> Any:
    """The `expand` query parameter of a read: a comma-separated list of `kinds` whose id
    and name fill in the field of that name (null otherwise); a frozenset for the service."""
    one = "|".join(kinds)

    async def expand(expand: Annotated[str | None, Query(
            pattern=rf"^({one})(,({one}))*$", description=(
                "Comma-separated: " + ", ".join(f"`{k}`" for k in kinds) + ". Fills in the "
                "field of that name with the related record's id and name (null otherwise)."),
            examples=[example])] = None) -> frozenset[str]:
        return frozenset(expand.split(",")) if expand else frozenset()

    return Depends(expand)


IfMatch = Annotated[str | None, Header(
    description="ETag from a previous GET; 412 if the record changed since.", max_length=512)]


def with_etag(response: Response, obj: SQLModel) -> SQLModel:
    """Send the row's ETag with it."""
    response.headers["ETag"] = etag_of(obj)
    return obj


async def get_stream_session(request: Request) -> AsyncIterator[Session]:
    """A read-only session that lives until a streamed response has been sent."""
    async with _unit_of_work(request, read_only=True) as session:
        yield session


StreamSessionDep = Annotated[Session, Depends(get_stream_session, scope="request")]


def csv_attachment(filename: str) -> dict[str, str]:
    """Headers that make a browser save the CSV under this name."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


AsOf = Annotated[Day | None, Query(
    ge=date(1990, 1, 1), le=date(2100, 12, 31),
    description="Reproduce the figures for a past day (deals as they stood then); default: "
                "today in the client's time zone.")]
