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
    """A small LRU of rendered answers, valid for one generation and a few seconds.

    ``get_or_make`` renders a missing answer once however many requests ask at
    the same moment; when an entry has only outlived its TTL (no write in this
    process changed it), one request renders it again while the others are
    served the previous copy.
    """

    def __init__(self, ttl: float = 2.0, size: int = 1024) -> None:
        self.ttl = ttl
        self.size = size
        self.generation = 0
        self._entries: OrderedDict[Hashable, tuple[int, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Event] = {}

    def _lookup(self, key: Hashable) -> tuple[Any | None, bool]:
        """(value, fresh): a value of this generation, and whether its TTL still holds."""
        entry = self._entries.get(key)
        if entry is None or entry[0] != self.generation:
            return None, False
        self._entries.move_to_end(key)
        return entry[2], entry[1] >= time.monotonic()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value, fresh = self._lookup(key)
            return value if fresh else None

    def put(self, key: Hashable, value: Any, ttl: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (self.generation, time.monotonic() + (ttl or self.ttl), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get_or_make(self, key: Hashable, make: Callable[[], Any | None]) -> Any | None:
        """The cached value, or ``make()`` run by one caller at a time (None is not cached)."""
        while True:
            with self._lock:
                value, fresh = self._lookup(key)
                if fresh:
                    return value
                making = self._making.get(key)
                if making is None:
                    making = self._making[key] = threading.Event()
                    break
                if value is not None:
                    return value  # stale by age only: someone is already renewing it
            making.wait(timeout=30)
        try:
            value = make()
            if value is not None:
                self.put(key, value)
            return value
        finally:
            with self._lock:
                del self._making[key]
            making.set()

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
    """Serve anonymous GETs of a page from the cache.

    Anonymous pages carry no CSRF token; should a template ask for one anyway,
    it renders a placeholder that is replaced per request, so no visitor ever
    receives another's token.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not anonymous_request():
                return view(*args, **kwargs)
            cache: ViewCache = current_app.extensions["snipcell"].cache

            def render() -> str | None:
                g.csrf_placeholder = True
                try:
                    response = make_response(view(*args, **kwargs))
                finally:
                    g.csrf_placeholder = False
                return response.get_data(as_text=True) if response.status_code == 200 else None

            body = cache.get_or_make((view.__name__, key(*args, **kwargs)), render)
            if body is None:
                return view(*args, **kwargs)  # not cacheable (an error page): answer it directly
            if CSRF_PLACEHOLDER in body:
                from snippets.auth import csrf_token

                body = body.replace(CSRF_PLACEHOLDER, csrf_token())
            return Response(body, mimetype="text/html")

        return wrapper

    return decorate
