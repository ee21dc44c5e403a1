"""Safe retries: an `Idempotency-Key` on any POST that creates (answers 201) replays the
first response instead of creating twice. A pure ASGI middleware, inside the body limit; the
records live in the database (app/services/idempotency.py), per user, for IDEMPOTENCY_HOURS.
"""

import hashlib
import logging
import re
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import AppError, Unauthorized, problem
from app.middleware import replay_body
from app.services import idempotency
from app.services.access import load_principal
from app.services.idempotency import StoredResponse

log = logging.getLogger("app.idempotency")

HEADER = b"idempotency-key"
MAX_KEY_CHARS = 255
KEPT_HEADERS = ("content-type", "location", "etag")
# Creating routes whose answer holds a secret we must not keep: the header is ignored there.
NOT_REPLAYED = {"api_keys_create": "its answer holds the new key, which is never stored",
                "webhooks_create": "its answer holds the signing secret, which may be rotated "
                                   "or the subscription deleted before a retry"}


class Idempotency:
    """Claims the key, runs the request, keeps its answer; or replays, 409, 422, 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or []) if scope["type"] == "http" else {}
        raw_key = headers.get(HEADER)
        if raw_key is None or scope["method"] != "POST" or not _creates(scope):
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_CHARS:
            await _problem(scope, receive, send, AppError(
                f"The Idempotency-Key must be 1-{MAX_KEY_CHARS} characters."))
            return
        body = await _read_body(receive)
        request_hash = hashlib.sha256(scope.get("query_string", b"") + b"\n" + body).hexdigest()
        try:
            claimed = await run_in_threadpool(_claim, scope, headers, key, request_hash)
        except AppError as exc:
            await _problem(scope, receive, send, exc)
            return
        if claimed is None:  # not authenticated: the route answers its 401 itself
            await self.app(scope, replay_body(body, receive), send)
            return
        if isinstance(claimed, StoredResponse):
            await _send_stored(send, claimed)
            return
        await self._run(scope, replay_body(body, receive), send, claimed)

    async def _run(self, scope: Scope, receive: Receive, send: Send, record_id) -> None:
        limit = scope["app"].state.settings.max_body_bytes
        start: Message | None = None
        chunks: list[bytes] = []
        size, passing_through = 0, False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing_through
            if passing_through:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
            else:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > limit:  # too big to keep: send it on, forget the claim
                    passing_through = True
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(chunks),
                                "more_body": message.get("more_body", False)})

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            await run_in_threadpool(_finish, scope, record_id, None)
            raise
        status = start["status"] if start else 500
        keep = not passing_through and status < 500 and status not in (401, 429)
        body = b"".join(chunks)
        stored = StoredResponse(status, _kept_headers(start), body) if keep else None
        await run_in_threadpool(_finish, scope, record_id, stored)
        if not passing_through and start is not None:
            await send(start)
            await send({"type": "http.response.body", "body": body})


def _creates(scope: Scope) -> bool:
    """True when the request goes to a POST route that answers 201 and may be replayed."""
    return any(pattern.match(scope["path"]) and operation_id not in NOT_REPLAYED
               for pattern, operation_id in _creating_posts(scope["app"]))


def _creating_posts(app) -> list[tuple[re.Pattern[str], str]]:
    # Read from the app's own spec (built once): every POST documented to answer 201.
    found = getattr(app.state, "creating_posts", None)
    if found is None:
        found = [(compile_path(path)[0], item["post"].get("operationId", ""))
                 for path, item in app.openapi()["paths"].items()
                 if "201" in item.get("post", {}).get("responses", {})]
        app.state.creating_posts = found
    return found


def _claim(scope: Scope, headers: dict[bytes, bytes], key: str, request_hash: str):
    state = scope["app"].state
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, token = authorization.partition(" ")
    api_key = headers.get(b"x-api-key")
    with state.sessionmaker() as session:
        try:
            principal = load_principal(
                session, state.settings, token.strip() if scheme.lower() == "bearer" else None,
                api_key.decode("latin-1") if api_key else None)
        except Unauthorized:
            return None
        claimed = idempotency.claim(
            session, user_id=principal.user_id, key=key,
            method_path=_route_of(scope['path']), request_hash=request_hash,
            keep_for=timedelta(hours=state.settings.idempotency_hours))
        session.commit()
        return claimed


def _finish(scope: Scope, record_id, stored: StoredResponse | None) -> None:
    try:
        with scope["app"].state.sessionmaker() as session:
            if stored is None:
                idempotency.release(session, record_id)
            else:
                idempotency.complete(session, record_id, stored)
            session.commit()
    except Exception:  # the response itself was fine: send it, the claim expires later
        log.exception("could not record the idempotent response")


async def _read_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)




def _kept_headers(start: Message | None) -> dict[str, str]:
    if start is None:
        return {}
    found = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]}
    return {name: found[name] for name in KEPT_HEADERS if name in found}


async def _send_stored(send: Send, stored: StoredResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers.items()]
    headers += [(b"idempotent-replayed", b"true"),
                (b"content-length", str(len(stored.body)).encode())]
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})


async def _problem(scope: Scope, receive: Receive, send: Send, exc: AppError) -> None:
    response = problem(exc.status, exc.slug, exc.title, exc.detail, Request(scope),
                       exc.headers, **exc.extensions)
    await response(scope, receive, send)


def _route_of(path: str) -> str:
    """What a key is tied to: the method and path, a digest when the path is too long to keep
    (the column holds 600 characters; the route answers such a path itself)."""
    route = f"POST {path}"
    if len(route) <= 300:
        return route
    return f"POST sha256:{hashlib.sha256(path.encode()).hexdigest()}"
