"""Request counters per caller and minute: in process, or in Redis shared by every worker.

A fixed one-minute window: the first request of a minute starts the count, which expires with
the minute. Redis does INCR and EXPIRE in one pipeline (one round trip).
"""

import asyncio
import logging
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from app.core.clock import Clock

log = logging.getLogger("app.http.rate_limit")
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Count:
    """Requests counted in the current window, and seconds until it ends."""

    used: int
    reset: int


def _window(now: float) -> tuple[int, int]:
    window = int(now // WINDOW_SECONDS)
    return window, max(1, (window + 1) * WINDOW_SECONDS - int(now))


class MemoryCounter:
    """Counts in this process only (one worker): the embedded default."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    async def hit(self, bucket: str) -> Count:
        window, reset = _window(self._clock.now().timestamp())
        with self._lock:
            if window != self._window:  # a new minute: forget the last one's counts
                self._window, self._counts = window, {}
            self._counts[bucket] = used = self._counts.get(bucket, 0) + 1
        return Count(used, reset)

    async def peek(self, bucket: str) -> int:
        """The bucket's count in the current window, without counting."""
        window, _ = _window(self._clock.now().timestamp())
        with self._lock:
            return self._counts.get(bucket, 0) if window == self._window else 0


class RedisCounter:
    """Counts in Redis, shared by every worker and server; if Redis fails, let requests
    through (logged) rather than refuse them all."""

    def __init__(self, url: str, clock: Clock, prefix: str = "fsm:rl:") -> None:
        self._clock = clock
        self.url = url
        self.prefix = prefix
        self._clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _client(self) -> aioredis.Redis:
        # One client per event loop: a connection pool belongs to the loop that opened it.
        loop = asyncio.get_running_loop()
        if loop not in self._clients:
            self._clients[loop] = aioredis.from_url(self.url, socket_timeout=0.5,
                                                    socket_connect_timeout=0.5)
        return self._clients[loop]

    async def hit(self, bucket: str) -> Count | None:
        window, reset = _window(self._clock.now().timestamp())
        key = f"{self.prefix}{bucket}:{window}"
        try:
            pipe: Any
            async with self._client().pipeline(transaction=True) as pipe:
                used, _ = await pipe.incr(key).expire(key, WINDOW_SECONDS + 5).execute()
        except (RedisError, OSError):
            log.warning("rate limit counter unavailable at %s; request let through", self.url)
            return None
        return Count(int(used), reset)

    async def peek(self, bucket: str) -> int:
        """The bucket's count in the current window, without counting (0 if Redis fails)."""
        window, _ = _window(self._clock.now().timestamp())
        try:
            return int(await self._client().get(f"{self.prefix}{bucket}:{window}") or 0)
        except (RedisError, OSError):
            return 0


def make_counter(redis_url: str | None, clock: Clock) -> MemoryCounter | RedisCounter:
    """Redis when REDIS_URL is set, else in process; the minutes are the clock's."""
    return RedisCounter(redis_url, clock) if redis_url else MemoryCounter(clock)
