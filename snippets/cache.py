"""Micro-caching of what anonymous readers see, so a popular snippet costs little to serve.

Entries are dropped by any commit in this process that changes snippets, tags,
comments, ratings or users (a generation counter bumped from SQLAlchemy's
session events), and expire after a short TTL so writes made by other
processes (a standalone device, the CLI) show up soon too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any

from flask import Response, current_app, g, make_response, request, session
from sqlalchemy.orm import Session

from snippets.models import Comment, Rating, Snippet, SnippetTag, Tag, User

CSRF_PLACEHOLDER = "__snipcell_csrf_placeholder__"
WATCHED = (Snippet, Comment, Rating, SnippetTag, Tag, User)


class ViewCache:
    """A small LRU of rendered answers, valid for one generation and a few seconds."""

    def __init__(self, ttl: float = 2.0, size: int = 1024) -> None:
        self.ttl = ttl
        self.size = size
        self.generation = 0
        self._entries: OrderedDict[Hashable, tuple[int, float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            generation, expires, value = entry
            if generation != self.generation or expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any, ttl: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (self.generation, time.monotonic() + (ttl or self.ttl), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()


def watch_writes(cache: ViewCache, db) -> None:
    """Bump the cache's generation after any commit of ``db`` that touched what pages show."""

    def mark(session: Session, _context) -> None:
        if any(isinstance(o, WATCHED) for o in (*session.new, *session.dirty, *session.deleted)):
            session.info["snipcell_changed"] = True

    def bump(session: Session) -> None:
        if session.info.pop("snipcell_changed", False):
            cache.invalidate()

    db.listen("after_flush", mark)
    db.listen("after_commit", bump)


def anonymous_request() -> bool:
    return (
        request.method == "GET"
        and "Authorization" not in request.headers
        and "user_id" not in session
        and "_flashes" not in session
    )


def cached_page(key: Callable[..., Hashable]) -> Callable:
    """Serve anonymous GETs of a page from the cache; the CSRF token is filled in per request."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not anonymous_request():
                return view(*args, **kwargs)
            from snippets.auth import csrf_token

            cache: ViewCache = current_app.extensions["snipcell"].cache
            cache_key = (view.__name__, key(*args, **kwargs))
            body = cache.get(cache_key)
            if body is None:
                g.csrf_placeholder = True
                try:
                    response = make_response(view(*args, **kwargs))
                finally:
                    g.csrf_placeholder = False
                if response.status_code != 200:
                    return response
                body = response.get_data(as_text=True)
                cache.put(cache_key, body)
            return Response(body.replace(CSRF_PLACEHOLDER, csrf_token()), mimetype="text/html")

        return wrapper

    return decorate
