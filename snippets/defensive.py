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
_buckets: dict[tuple[str, str], tuple[float, float]] = {}
_lock = threading.Lock()


def _allow(key: tuple[str, str], per_minute: int) -> bool:
    now = time.monotonic()
    with _lock:
        tokens, stamp = _buckets.get(key, (float(per_minute), now))
        tokens = min(float(per_minute), tokens + (now - stamp) * per_minute / 60.0)
        if tokens < 1:
            _buckets[key] = (tokens, now)
            return False
        _buckets[key] = (tokens - 1, now)
        return True


def ratelimit(scale: float = 1.0) -> Callable[[F], F]:
    """Allow ``scale`` x the configured requests per minute per address on this endpoint."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            config = current_app.extensions["snipcell"].config
            per_minute = max(1, int(config.rate_limit_per_minute * scale))
            if not _allow((request.remote_addr or "?", view.__name__), per_minute):
                raise RateLimited("Too many requests; wait a little and try again.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
