"""Full-text search, translating the index's syntax errors into a clear 400."""

from __future__ import annotations

import logging

from snippets.errors import BadRequest

log = logging.getLogger(__name__)


def search(site, q: str, **options):
    from search import QuerySyntaxError

    try:
        return site.search.search(q.strip(), **options)
    except QuerySyntaxError as error:
        raise BadRequest(str(error)) from None


def related(site, snippet_id: str, limit: int = 5) -> list:
    """Snippets like this one; empty while the index can't be read (a page never fails for it)."""
    try:
        return site.search.more_like_this(snippet_id, limit=limit)
    except (OSError, ValueError):
        log.exception("related snippets of %s unavailable", snippet_id)
        return []
