"""A pure ASGI guard that refuses request bodies over the limit with a 413 problem."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.request_context import current_request_id

BODY_KEY = "body"


class BodySizeLimit:
    """Reject bodies larger than `max_bytes`, by Content-Length or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._reject(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away: nothing to handle
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        scope.setdefault("state", {})[BODY_KEY] = body  # read once: idempotency hashes it
        await self.app(scope, replay_body(body, receive), send)

    async def _reject(self, scope: Scope, send: Send) -> None:
        body = json.dumps({
            "type": "/problems/payload-too-large", "title": "Payload too large", "status": 413,
            "detail": f"The request body exceeds {self.max_bytes} bytes.",
            "instance": scope.get("path", ""), "request_id": current_request_id(),
        }).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the already-read body to the app once, then the real one's."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
