"""The id of the request being handled, for logs and the audit log.

Minimal on this branch: whoever handles request ids sets `request_id_var` per request (a
middleware); until then `current_request_id()` answers None.
"""

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The current request's id, or None outside a request (or before one was assigned)."""
    return request_id_var.get()
