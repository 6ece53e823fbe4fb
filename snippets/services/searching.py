"""Full-text search, translating the index's syntax errors into a clear 400."""

from __future__ import annotations

from snippets.errors import BadRequest


def search(site, q: str, **options):
    from search import QuerySyntaxError

    try:
        return site.search.search(q.strip(), **options)
    except QuerySyntaxError as error:
        raise BadRequest(str(error)) from None


def related(site, snippet_id: str, limit: int = 5) -> list:
    """Snippets like this one; empty if the index can't say."""
    try:
        return site.search.more_like_this(snippet_id, limit=limit)
    except Exception:
        return []
