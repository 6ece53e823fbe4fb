"""The one writer of a process: a thread that drains queued changes into Whoosh commits.

Whoosh allows one writer per index, guarded by a file lock. Every process
(gunicorn worker, device, `snipcell reindex`) gets exactly one thread that
takes that lock, retrying while another process holds it, so callers never
see a LockError and nothing queued is dropped.
"""
from __future__ import annotations

import logging
import threading
import time

from whoosh.index import FileIndex, LockError
from whoosh.writing import SegmentWriter

from .codec import SnippetCodec

log = logging.getLogger(__name__)

_LOCK_POLL = 0.01
_MAX_BACKOFF = 2.0


def acquire_writer(ix: FileIndex, **options) -> SegmentWriter:
    """Open a writer (of SnippetCodec segments), waiting for as long as another writer holds the index lock."""
    while True:
        try:
            return ix.writer(timeout=1.0, delay=_LOCK_POLL, codec=SnippetCodec(), **options)
        except LockError:
            continue


COALESCE_SECONDS = 0.2
"""How long the writer waits for more changes before committing (unless someone flushes)."""


class WriterThread:
    """Queues `(snippet_id, fields or None for delete)` and commits them in batches."""

    def __init__(self, ix: FileIndex) -> None:
        self._ix = ix
        self._cond = threading.Condition()
        self._queue: list[tuple[str, dict | None]] = []
        self._enqueued = 0
        self._committed = 0
        self._closing = False
        self._flushing = 0
        self._thread = threading.Thread(target=self._run, name="search-writer", daemon=True)
        self._thread.start()

    def put(self, snippet_id: str, fields: dict | None) -> None:
        with self._cond:
            if self._closing:
                raise RuntimeError("The search index is closed.")
            self._queue.append((snippet_id, fields))
            self._enqueued += 1
            self._cond.notify_all()

    def flush(self, timeout: float) -> None:
        """Block until everything queued before this call is committed."""
        with self._cond:
            target = self._enqueued
            self._flushing += 1
            self._cond.notify_all()
            try:
                if not self._cond.wait_for(lambda: self._committed >= target, timeout):
                    raise TimeoutError(f"Search index updates were not committed within {timeout} s.")
            finally:
                self._flushing -= 1

    def close(self, timeout: float) -> None:
        """Commit what is queued, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._closing)
                # Gather what arrives in the next moment into the same commit: a Whoosh
                # commit costs far more than one document, and it shares the GIL with requests.
                self._cond.wait_for(lambda: self._closing or self._flushing, COALESCE_SECONDS)
                if not self._queue:
                    return
                batch, self._queue = self._queue, []
                upto = self._enqueued
            self._commit_until_done(batch)
            with self._cond:
                self._committed = upto
                self._cond.notify_all()

    def _commit_until_done(self, batch: list[tuple[str, dict | None]]) -> None:
        # Only the last change per snippet counts: Whoosh's update_document
        # cannot replace a document added earlier in the same writer.
        latest = dict(batch)
        backoff = 0.05
        while True:
            try:
                self._commit(latest)
                return
            except Exception:  # disk full, files swept away...: keep the batch, retry
                log.exception("search index commit failed; retrying in %.2f s", backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF)

    def _commit(self, latest: dict[str, dict | None]) -> None:
        writer = acquire_writer(self._ix)
        try:
            for snippet_id, fields in latest.items():
                if fields is None:
                    writer.delete_by_term("id", snippet_id)
                else:
                    writer.update_document(**fields)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
