"""Our error hierarchy and the handlers that render every error as problem+json (RFC 9457)."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Form
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.core.request_context import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger("app.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class AppError(Exception):
    """Base of every error the services raise on purpose."""

    status = 400
    slug = "bad-request"
    title = "Bad request"
    # True when the writes of the failing request must still be kept (e.g. a failed login count).
    keeps_writes = False

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None,
                 **extensions: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extensions = extensions


class Unauthorized(AppError):
    status, slug, title = 401, "unauthorized", "Not authenticated"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class MethodNotAllowed(StarletteHTTPException):
    """A 405 that knows its Allow (a fixed path guarding against a `/{id}` path); any other
    405 lists every method some route serves at the path."""

    def __init__(self, path: str, allowed: tuple[str, ...]) -> None:
        super().__init__(405, f"{path} takes {', '.join(allowed)} only.",
                         headers={"Allow": ", ".join(allowed)})


class InvalidToken(Unauthorized):
    """A bearer token that was sent but can't be used (RFC 6750, 3.1): the header says why,
    so a client can tell an expired token (refresh it) from a bad one (log in again)."""

    def __init__(self, detail: str, *, expired: bool = False) -> None:
        reason = "The token expired" if expired else "The token is invalid"
        super().__init__(detail, headers={"WWW-Authenticate": (
            f'Bearer error="invalid_token", error_description="{reason}"')})


class InvalidCredentials(Unauthorized):
    """A failed login: the attempt it recorded must survive the rollback."""

    keeps_writes = True


class Forbidden(AppError):
    status, slug, title = 403, "forbidden", "Not allowed"


class NotFound(AppError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, slug, title = 409, "conflict", "Conflict"


class Gone(AppError):
    status, slug, title = 410, "gone", "Gone"


class PreconditionFailed(AppError):
    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(AppError):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class Unprocessable(AppError):
    status, slug, title = 422, "validation-error", "Invalid input"


class TooManyRequests(AppError):
    status, slug, title = 429, "too-many-requests", "Too many requests"


def problem(status: int, slug: str, title: str, detail: str, request: Request | None = None,
            headers: dict[str, str] | None = None, **extensions: Any) -> JSONResponse:
    """A problem+json response, naming the request id (also for the 500s rendered outside
    the request-id middleware)."""
    body: dict[str, Any] = {"type": f"/problems/{slug}", "title": title, "status": status,
                            "detail": detail}
    if request is not None:
        body["instance"] = request.url.path
    body.update(extensions)
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
        headers = {**(headers or {}), REQUEST_ID_HEADER: request_id}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        message = err.get("msg", "Invalid value")
        if err.get("type") == "extra_forbidden":
            message = "Unknown or read-only field; it cannot be set here"
        errors.append({"field": ".".join(loc), "loc": loc, "message": message,
                       "type": err.get("type", "value_error")})
        if loc[:2] == ["body", "items"] and len(loc) > 2 and loc[2].isdigit():
            errors[-1]["row"] = int(loc[2])  # a batch row, named like the service's errors
    return errors


async def _app_error(request: Request, exc: AppError) -> JSONResponse:
    return problem(exc.status, exc.slug, exc.title, exc.detail, request, exc.headers,
                   **exc.extensions)


def _json_syntax(exc: RequestValidationError) -> str | None:
    """Where a body that isn't valid JSON breaks, as line and column (1-based)."""
    found = next((e for e in exc.errors() if e.get("type") == "json_invalid"), None)
    if found is None:
        return None
    doc = exc.body if isinstance(exc.body, str) else ""
    loc = found.get("loc", ())
    pos = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    line = doc.count("\n", 0, pos) + 1
    column = pos - (doc.rfind("\n", 0, pos) + 1) + 1
    reason = (found.get("ctx") or {}).get("error", "invalid JSON")
    return f"The body is not valid JSON: {reason} at line {line}, column {column}."


def _unsupported_media_type(request: Request,
                            exc: RequestValidationError) -> tuple[str, str] | None:
    """A body sent with a content type the operation doesn't read (e.g. JSON as text/plain)."""
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    if field is None or not any(e.get("loc", ())[:1] == ("body",) for e in exc.errors()):
        return None
    sent = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not sent and not request.headers.get("content-length", "0").strip("0"):
        return None  # no body at all: the fields are missing (422)
    wanted: tuple[str, ...]
    if isinstance(field.field_info, Form):
        wanted = ("multipart/form-data", "application/x-www-form-urlencoded")
        ok = sent in wanted
    else:
        wanted = ("application/json",)
        ok = sent == "application/json" or sent.endswith("+json")
    return None if ok else (f"This operation reads {' or '.join(wanted)}; the body was sent "
                            f"as {sent or 'no content type'}.", ", ".join(wanted))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    if unsupported := _unsupported_media_type(request, exc):
        detail, accepted = unsupported
        header = "Accept-Patch" if request.method == "PATCH" else "Accept-Post"
        return problem(415, "unsupported-media-type", "Unsupported media type", detail,
                       request, {header: accepted})
    if syntax := _json_syntax(exc):
        return problem(400, "bad-request", "Bad request", syntax, request)
    errors = _field_errors(exc)
    fields = ", ".join(e["field"] for e in errors[:5])
    return problem(422, "validation-error", "Invalid input",
                   f"{len(errors)} invalid field(s): {fields}", request, errors=errors)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    titles = {400: ("bad-request", "Bad request"), 401: ("unauthorized", "Not authenticated"),
              404: ("not-found", "Not found"), 405: ("method-not-allowed", "Method not allowed"),
              413: ("payload-too-large", "Payload too large")}
    slug, title = titles.get(exc.status_code, ("http-error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405 and not isinstance(exc, MethodNotAllowed):
        allowed = _methods_of_path(request)
        headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        detail = f"{request.method} is not allowed here; this path takes {', '.join(allowed)}."
    return problem(exc.status_code, slug, title, detail, request, headers)


def _methods_of_path(request: Request) -> list[str]:
    """Every method some route of the app serves at the request's path (Starlette names only
    the first route that matched the path)."""
    routes = request.app.router.routes
    methods = {method for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
               if any(route.matches({**request.scope, "method": method})[0] is Match.FULL
                      for route in routes)}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
    log.info("integrity error on %s: %s", request.url.path, exc.orig)
    return problem(409, "conflict", "Conflict",
                   "The change conflicts with an existing record or a missing reference.",
                   request)


async def _data_error(request: Request, exc: DataError) -> JSONResponse:
    log.info("data error on %s: %s", request.url.path, exc.orig)
    return problem(422, "validation-error", "Invalid input",
                   "A value is out of range or of the wrong kind for its field.", request,
                   errors=[])


async def _stale_error(request: Request, exc: StaleDataError) -> JSONResponse:
    return problem(412, "precondition-failed", "Precondition failed",
                   "The record changed while this request was being handled; fetch it again.",
                   request)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "internal-error", "Internal server error",
                   "Something went wrong on our side; it has been logged.", request)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as problem+json."""
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(IntegrityError, _integrity_error)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _data_error)  # type: ignore[arg-type]
    app.add_exception_handler(StaleDataError, _stale_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def invalid_field(field: str, message: str, *, location: str = "body") -> Unprocessable:
    """A 422 naming one field of the request."""
    return Unprocessable(message, errors=[{"field": f"{location}.{field}",
                                           "loc": [location, field], "message": message,
                                           "type": "value_error"}])
