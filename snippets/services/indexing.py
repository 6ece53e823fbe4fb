"""Keeps the search index in step with SQL and the repositories."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

from sqlalchemy import select

from snippets.models import Snippet

log = logging.getLogger(__name__)
MAX_CODE_CHARS = 200_000


def document(site, snippet: Snippet):
    """The search document of a snippet: its row plus the text of its head files."""
    from search import SnippetDoc
    from snippets.services.snippets import repo_key

    files = site.repos.contents(*repo_key(snippet.owner.username, snippet.name), snippet.head_rev)
    code_parts, size = [], 0
    for data in files.values():
        if size > MAX_CODE_CHARS:
            break
        text = data.decode("utf-8", "replace")
        code_parts.append(text)
        size += len(text)
    return SnippetDoc(
        id=snippet.full_id,
        owner=snippet.owner.username,
        name=snippet.name,
        title=snippet.title,
        blurb=snippet.blurb,
        tags=[t.name for t in snippet.tags],
        paths=list(files),
        code="\n".join(code_parts)[:MAX_CODE_CHARS],
        created=snippet.created,
        updated=snippet.updated,
        rating=snippet.rating_average,
        forks=snippet.forks_count,
    )


class IndexFeeder:
    """Builds search documents off the request path: writes queue a snippet id and return.

    One thread reads the snippet's row and head files and hands the document to
    the index, whose own writer thread commits it (visible within a second).
    """

    def __init__(self, site) -> None:
        self.site = site
        self._pending: dict[int, None] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="index-feeder", daemon=True)
        self._thread.start()

    def changed(self, snippet_id: int) -> None:
        with self._cond:
            self._pending[snippet_id] = None
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued snippet is indexed and searchable."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError("the search index did not catch up in time")
        self.site.search.flush(timeout=max(0.1, deadline - time.monotonic()))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if not self._pending:
                    return
                snippet_id = next(iter(self._pending))
                del self._pending[snippet_id]
                self._busy = True
            try:
                self._index(snippet_id)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _index(self, snippet_id: int) -> None:
        try:
            with self.site.db.session() as session:
                snippet = session.get(Snippet, snippet_id)
                if snippet is not None:
                    self.site.search.update(document(self.site, snippet))
        except Exception:  # a search failure never fails a write; `snipcell doctor` repairs the index
            log.exception("could not index snippet %s", snippet_id)


def changed(site, snippet_id: int) -> None:
    """Queue the snippet's new state for the index."""
    site.indexer.changed(snippet_id)


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


def reindex(site, procs: int = 1) -> int:
    """Rebuild the whole index from SQL and the repositories (``procs`` > 1: in parallel)."""
    return site.search.rebuild(all_documents(site), procs=procs)
