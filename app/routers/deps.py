"""What handlers receive: the unit-of-work session, the caller, paging and preconditions."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Query, Request, Response
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlmodel import Session, SQLModel

from app.db import get_session
from app.models.base import UTCTime  # noqa: F401  (re-exported for routers)
from app.services.access import Principal, load_principal
from app.services.audit import set_actor
from app.services.pagination import PageRequest
from app.services.versioning import etag_of
from app.settings import Settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(
    name="X-API-Key", scheme_name="ApiKey", auto_error=False,
    description="An API key from POST /api/v1/api-keys (`fsm_...`); it may also be sent as "
                "`Authorization: Bearer <key>`.")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_principal(session: SessionDep, settings: SettingsDep,
                  token: Annotated[str | None, Depends(oauth2_scheme)],
                  api_key: Annotated[str | None, Depends(api_key_scheme)]) -> Principal:
    """The caller; the request's writes are audited as theirs."""
    principal = load_principal(session, settings, token, api_key)
    set_actor(session, principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def page_request(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page (1-200).")] = 50,
    cursor: Annotated[str | None, Query(max_length=512,
                                        description="`next_cursor` of the previous page.")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


PageDep = Annotated[PageRequest, Depends(page_request)]


IfMatch = Annotated[str | None, Header(
    description="ETag from a previous GET; 412 if the record changed since.", max_length=512)]


def with_etag(response: Response, obj: SQLModel) -> SQLModel:
    """Send the row's ETag with it."""
    response.headers["ETag"] = etag_of(obj)
    return obj


def get_stream_session(request: Request) -> Iterator[Session]:
    """A read-only session that lives until a streamed response has been sent."""
    for session in get_session(request):
        session.connection(execution_options={"read_only": True})
        yield session


StreamSessionDep = Annotated[Session, Depends(get_stream_session, scope="request")]


def csv_attachment(filename: str) -> dict[str, str]:
    """Headers that make a browser save the CSV under this name."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


AsOf = Annotated[date | None, Query(
    ge=date(1990, 1, 1), le=date(2100, 12, 31),
    description="Reproduce the figures for a past day (deals as they stood then); default: "
                "today in the client's time zone.")]
