"""The current request's id, for logs, problems and anyone who records who did what."""

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return _request_id.get()


def set_request_id(value: str | None) -> str:
    """Adopt the client's id when it is sane (1-128 of [A-Za-z0-9._-]), else a new one."""
    request_id = value if value and _SANE.match(value) else uuid.uuid4().hex
    _request_id.set(request_id)
    return request_id
