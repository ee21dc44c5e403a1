"""The request's credential, read from its headers once and shared by whoever needs it: the
rate limit (whose count), the caller's principal (who), idempotency (whose key)."""

from starlette.types import Scope

from app.security import Credential, read_credential
from app.settings import Settings

STATE_KEY = "credential"


def credential_of(scope: Scope, settings: Settings) -> Credential | None:
    """The credential the request carries (None: none), parsed and verified on first use."""
    state = scope.setdefault("state", {})
    if STATE_KEY not in state:
        headers = dict(scope.get("headers") or [])
        state[STATE_KEY] = read_credential(
            settings, authorization=_header(headers, b"authorization"),
            api_key=_header(headers, b"x-api-key"))
    return state[STATE_KEY]


def _header(headers: dict[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value is not None else None
