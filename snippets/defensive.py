"""Rate limiting as one decorator: a token bucket per client address and endpoint."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request

from snippets.errors import RateLimited

F = TypeVar("F", bound=Callable[..., Any])


class RateLimiter:
    """Token buckets that refill at ``per_minute`` tokens a minute, one per (address, endpoint)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: tuple[str, str], scale: float = 1.0) -> bool:
        rate = max(1.0, self.per_minute * scale)
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (rate, now))
            tokens = min(rate, tokens + (now - stamp) * rate / 60.0)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > 100_000:
                self._buckets.clear()  # a flood of addresses: forget rather than grow without bound
            return allowed


def ratelimit(scale: float = 1.0) -> Callable[[F], F]:
    """Allow ``scale`` x the configured requests per minute per address on this endpoint."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            limiter: RateLimiter = current_app.extensions["snipcell"].limiter
            if not limiter.allow((request.remote_addr or "?", view.__name__), scale):
                raise RateLimited("Too many requests; wait a little and try again.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
