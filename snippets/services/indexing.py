"""Keeps the search index in step with SQL and the repositories."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import select

from snippets.models import Snippet

log = logging.getLogger(__name__)
MAX_CODE_CHARS = 200_000


def document(site, snippet: Snippet):
    """The search document of a snippet: its row plus the text of its head files."""
    from search import SnippetDoc
    from snippets.services.snippets import repo_key

    key = repo_key(snippet.owner.username, snippet.name)
    files = site.repos.files(*key, snippet.head_rev)
    code_parts, size = [], 0
    for info in files:
        if size > MAX_CODE_CHARS:
            break
        text = site.repos.read(*key, snippet.head_rev, info.path).decode("utf-8", "replace")
        code_parts.append(text)
        size += len(text)
    return SnippetDoc(
        id=snippet.full_id,
        owner=snippet.owner.username,
        name=snippet.name,
        title=snippet.title,
        blurb=snippet.blurb,
        tags=[t.name for t in snippet.tags],
        paths=[f.path for f in files],
        code="\n".join(code_parts)[:MAX_CODE_CHARS],
        created=snippet.created,
        updated=snippet.updated,
        rating=snippet.rating_average,
        forks=snippet.forks_count,
    )


def changed(site, snippet_id: int) -> None:
    """Queue the snippet's new state for the index; a search failure never fails the write."""
    try:
        with site.db.session() as session:
            snippet = session.get(Snippet, snippet_id)
            if snippet is not None:
                site.search.update(document(site, snippet))
    except Exception:  # the index is rebuilt by `snipcell reindex` / doctor
        log.exception("could not index snippet %s", snippet_id)


def removed(site, full_id: str, snippet_id: int) -> None:
    try:
        site.search.delete(full_id)
    except Exception:
        log.exception("could not remove snippet %s from the index", snippet_id)


def all_documents(site) -> Iterator:
    """Every snippet's document, for a rebuild."""
    with site.db.session() as session:
        for snippet in session.scalars(select(Snippet).execution_options(yield_per=500)):
            try:
                yield document(site, snippet)
            except Exception:
                log.exception("skipping %s in the rebuild", snippet.full_id)


def reindex(site) -> int:
    """Rebuild the whole index from SQL and the repositories."""
    return site.search.rebuild(all_documents(site))
