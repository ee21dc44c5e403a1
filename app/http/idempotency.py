"""Safe retries: a route marked idempotent (`dependencies=[Idempotent]`, the creating POSTs)
takes an `Idempotency-Key`; a retry with the same key and body replays the first answer
instead of creating twice.

The key is claimed before the route runs, in its own short transaction (so a parallel retry
sees it: 409). A successful answer is kept in the same transaction as the route's writes
(app.routers.deps.get_session), so a crash between the commit and the answer cannot lead a
retry to create a second record. An answer that failed (validation, a refusal, a server
error) is not kept: the key is released and a corrected retry runs.
"""

import hashlib
import logging
from datetime import timedelta
from typing import Annotated

from fastapi import Header, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.errors import AppError, Unauthorized
from app.http.body_limit import BODY_KEY, DIGEST_KEY
from app.http.credentials import credential_of
from app.security import Credential
from app.services.access.credentials import authenticate_api_key
from app.services.integrations import idempotency
from app.services.integrations.idempotency import StoredResponse
from app.settings import Settings

log = logging.getLogger("app.http.idempotency")

MAX_KEY_CHARS = 255
KEPT_HEADERS = ("content-type", "location", "etag")
CLAIM_KEY = "idempotency_claim"
RESPONSE_KEY = "response"

KeyHeader = Annotated[str | None, Header(
    alias="Idempotency-Key",
    description="Any unique string (1-255 characters, e.g. a UUID): a retry with the same key "
                "and body replays the first successful response (marked `Idempotent-Replayed: "
                "true`) instead of creating twice; kept 24 hours per user.",
    examples=["3f1c2b9e-create-client-42"])]


class Replayed(Exception):
    """The stored answer of an earlier request with this key: sent instead of running."""

    def __init__(self, stored: StoredResponse) -> None:
        self.stored = stored


def replay_response(_request: Request, exc: Replayed) -> Response:
    headers = dict(exc.stored.headers) | {"Idempotent-Replayed": "true"}
    return Response(exc.stored.body, status_code=exc.stored.status, headers=headers)


async def claim_key(request: Request, settings: Settings, key: str | None) -> None:
    """Claim the key for this caller and request, or raise Replayed / 409 / 422 / 400.

    It runs before the route opens its unit of work (whose transaction would hold SQLite's
    write lock), so the caller is named by the request's credential: a verified token's
    user, or an API key's (looked up in the claim's own transaction). A request without a
    valid credential claims nothing; the route answers it 401."""
    credential = credential_of(request.scope, settings)
    if key is None or credential is None or credential.problem is not None:
        return
    key = key.strip()
    if not key or len(key) > MAX_KEY_CHARS:
        raise AppError(f"The Idempotency-Key must be 1-{MAX_KEY_CHARS} characters.")
    body = getattr(request.state, BODY_KEY, None)
    digest = getattr(request.state, DIGEST_KEY, None)
    if digest is not None:  # a streamed upload, read by now (the form is parsed first)
        body = digest.hexdigest().encode()
    elif body is None:
        body = await request.body()
    request_hash = hashlib.sha256(request.url.query.encode() + b"\n" + body).hexdigest()
    claimed = await run_in_threadpool(_claim, request, credential, key, request_hash)
    if claimed is None:
        return
    if isinstance(claimed, StoredResponse):
        raise Replayed(claimed)
    request.state.idempotency_claim = claimed


def _claim(request: Request, credential: Credential, key: str, request_hash: str):
    state = request.app.state
    with state.sessionmaker() as session:
        if credential.api_key is not None:
            try:
                user_id = authenticate_api_key(session, credential.api_key).user_id
            except Unauthorized:
                return None
        elif credential.claims is not None:
            user_id = credential.claims.user_id
        else:
            return None
        claimed = idempotency.claim(
            session, user_id=user_id, key=key, method_path=_route_of(request),
            request_hash=request_hash,
            keep_for=timedelta(hours=state.settings.idempotency_hours))
        session.commit()
        return claimed


def keep_response(session: Session, request: Request) -> None:
    """Before the unit of work commits: keep a successful answer with the claimed key, in the
    same transaction as the writes it reports."""
    claim = getattr(request.state, CLAIM_KEY, None)
    response: Response | None = getattr(request.state, RESPONSE_KEY, None)
    if claim is None or response is None or not 200 <= response.status_code < 300:
        return
    headers = {k: v for k, v in response.headers.items() if k in KEPT_HEADERS}
    idempotency.complete(session, claim, StoredResponse(response.status_code, headers,
                                                        bytes(response.body)))


def settle_claim(request: Request) -> None:
    """The unit of work committed: a kept answer needs no release."""
    response: Response | None = getattr(request.state, RESPONSE_KEY, None)
    if response is not None and 200 <= response.status_code < 300:
        request.state.idempotency_claim = None


def release_claim(request: Request) -> None:
    """The request failed, or its answer was not kept: forget its claim, so that a retry
    runs again."""
    claim = getattr(request.state, CLAIM_KEY, None)
    if claim is None:
        return
    request.state.idempotency_claim = None
    try:
        with request.app.state.sessionmaker() as session:
            idempotency.release(session, claim)
            session.commit()
    except Exception:  # the claim expires after a while anyway
        log.exception("could not release an idempotency claim")


def _route_of(request: Request) -> str:
    """What a key is tied to: the method and path, a digest when the path is too long to keep
    (the column holds 600 characters)."""
    route = f"{request.method} {request.url.path}"
    if len(route) <= 300:
        return route
    return f"{request.method} sha256:{hashlib.sha256(request.url.path.encode()).hexdigest()}"

