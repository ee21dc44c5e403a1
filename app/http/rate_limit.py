"""Rate limits on /api/: per user (access token), per API key, else per client IP, with the
IETF draft headers (RateLimit-Limit, -Remaining, -Reset) on every response and 429 past it."""


from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import TooManyRequests, problem
from app.http.credentials import credential_of
from app.http.rate_counters import Count, MemoryCounter, RedisCounter
from app.settings import Settings


class RateLimit:
    """Counts each /api/ request against its caller's bucket before it runs."""

    def __init__(self, app: ASGIApp, *, settings: Settings,
                 counter: MemoryCounter | RedisCounter) -> None:
        self.app = app
        self.settings = settings
        self.limit = settings.rate_limit_per_minute
        self.counter = counter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.limit or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        bucket = self.bucket(scope)
        count = await self.counter.hit(bucket)
        if count is None:  # the shared counter is down: no limit, no headers
            await self.app(scope, receive, send)
            return
        refused_keys = None
        if bucket.startswith("key:"):  # forged keys must not dodge the per-IP limit
            refused_keys = f"bad-keys:{_client_ip(scope)}"
            if await self.counter.peek(refused_keys) >= self.limit:
                count = Count(self.limit + 1, count.reset)
        headers = {"RateLimit-Limit": str(self.limit),
                   "RateLimit-Remaining": str(max(0, self.limit - count.used)),
                   "RateLimit-Reset": str(count.reset)}
        if count.used > self.limit:
            await self._refuse(scope, receive, send, count, headers)
            return
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)
        if refused_keys and status == 401:
            await self.counter.hit(refused_keys)

    def bucket(self, scope: Scope) -> str:
        """Whose count a request goes to: the user of a valid access token, an API key (by a
        digest of the whole key; keys refused with 401 also count per client IP, and past the limit
        that IP's API-key requests are refused), else the client IP."""
        credential = credential_of(scope, self.settings)
        if credential is not None and credential.subject:
            return credential.subject
        return f"ip:{_client_ip(scope)}"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, count: Count,
                      headers: dict[str, str]) -> None:
        error = TooManyRequests(f"More than {self.limit} requests a minute; retry in "
                                f"{count.reset} s.")
        response = problem(error.status, error.slug, error.title, error.detail, Request(scope),
                           {**headers, "Retry-After": str(count.reset)})
        await response(scope, receive, send)


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"
