"""A pure ASGI guard that refuses request bodies over the limit with a 413 problem. The CSV
import routes take larger files, streamed through (hashed on the way for Idempotency-Key)
rather than held in memory."""

import hashlib
import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.request_context import current_request_id

BODY_KEY = "body"
DIGEST_KEY = "body_digest"  # a hashlib object over a streamed body, once it is read
STREAMED = re.compile(r"^/api/v1/clients/[^/]+/imports/(deals|activities)$")


class BodySizeLimit:
    """Reject bodies larger than `max_bytes`, by Content-Length or as they stream in."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_stream_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_stream_bytes = max_stream_bytes or max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if scope.get("method") == "POST" and STREAMED.match(scope.get("path", "")):
            if length is not None and (not length.isdigit()
                                       or int(length) > self.max_stream_bytes):
                await self._reject(scope, send, self.max_stream_bytes)
                return
            await self.app(scope, self._streamed(scope, receive), send)
            return
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

    def _streamed(self, scope: Scope, receive: Receive) -> Receive:
        """Pass the body through as it comes, hashing it; past the limit the request ends as
        if the client had gone (a declared Content-Length over it is refused up front)."""
        digest = hashlib.sha256()
        scope.setdefault("state", {})[DIGEST_KEY] = digest
        size = 0

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.max_stream_bytes:
                    return {"type": "http.disconnect"}
                digest.update(message.get("body", b""))
            return message

        return counted

    async def _reject(self, scope: Scope, send: Send, limit: int | None = None) -> None:
        body = json.dumps({
            "type": "/problems/payload-too-large", "title": "Payload too large", "status": 413,
            "detail": f"The request body exceeds {limit or self.max_bytes} bytes.",
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
