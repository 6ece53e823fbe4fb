"""The one place that configures Mercurial: a clean ui, repository opening, error mapping."""

import contextlib
import io
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from mercurial import encoding, hg
from mercurial import ui as uimod
from mercurial.node import hex as hexnode

from .errors import RepoError, UnknownRepo
from .model import Changeset

encoding.encoding = b"utf-8"  # in case something imported mercurial before repos.hgenv ran

# Readable by Debian's hg 6.3 too: zlib, no persistent nodemap, no dirstate-v2.
_CONFIG = {
    b"ui": {
        b"quiet": b"true",
        b"interactive": b"false",
        b"paginate": b"false",
        b"report_untrusted": b"false",
        b"timeout": b"60",
    },
    b"phases": {b"new-commit": b"public", b"publish": b"true"},
    b"format": {
        b"usestore": b"true",
        b"usefncache": b"true",
        b"dotencode": b"true",
        b"generaldelta": b"true",
        b"sparse-revlog": b"true",
        b"revlog-compression": b"zlib",
        b"use-persistent-nodemap": b"false",
        b"use-dirstate-v2": b"false",
        b"use-share-safe": b"true",
    },
}


class _LogSink(io.RawIOBase):
    """Where Mercurial's own messages go: the log, not the server's stderr."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__()
        self._logger = logger

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        message = bytes(data).decode("utf-8", "replace").rstrip()
        if message:
            self._logger.info("%s", message)
        return len(data)


def _make_ui() -> uimod.ui:
    """A ui built from nothing but `_CONFIG` (no `ui.load()`, so no hgrc is read)."""
    base = uimod.ui()
    base.fout = base.ferr = _LogSink(logging.getLogger("repos.mercurial"))
    for section, items in _CONFIG.items():
        for key, value in items.items():
            base.setconfig(section, key, value, b"snipcell")
    return base


BASE_UI = _make_ui()


@contextlib.contextmanager
def mapped_errors() -> Iterator[None]:
    """Turn any exception raised by Mercurial into a RepoError (a context manager or decorator)."""
    try:
        yield
    except RepoError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("mercurial"):
            detail = exc.args[0] if exc.args else exc
            if isinstance(detail, bytes):
                detail = detail.decode("utf-8", "replace")
            raise RepoError(f"mercurial: {detail}") from exc
        raise


def _no_cache_warming(_transaction):
    return lambda _closed_transaction: None


def _prepared(repo):
    """The unfiltered repository, without the cache warming that follows each transaction.

    Warming (branch map, rev-branch cache) costs about a quarter of a commit and
    writes files into every repository; nothing here reads those caches, and
    Mercurial rebuilds them on demand for the CLI or a clone.
    """
    repo = repo.unfiltered()
    repo._buildcacheupdater = _no_cache_warming
    return repo


def open_repo(path: Path):
    """Open the repository at `path` (a fresh object per call: they are not thread-safe)."""
    if not (path / ".hg").is_dir():
        raise UnknownRepo(str(path))
    return _prepared(hg.repository(BASE_UI, os.fsencode(path)))


def create_repo(path: Path):
    """Create an empty repository at `path` (which must not exist yet)."""
    return _prepared(hg.repository(BASE_UI, os.fsencode(path), create=True))


def recover_abandoned(repo) -> None:
    """Roll back a transaction left by a crashed writer; call with the repository lock held."""
    if repo.svfs.exists(b"journal"):
        repo.recover()


def text(value: bytes) -> str:
    """Decode Mercurial's UTF-8 bytes for display, never failing."""
    return value.decode("utf-8", "replace")


def changeset(ctx) -> Changeset:
    """Convert a Mercurial changectx into a plain Changeset."""
    timestamp, _offset = ctx.date()
    return Changeset(
        rev=hexnode(ctx.node()).decode("ascii"),
        number=ctx.rev(),
        parents=[hexnode(p.node()).decode("ascii") for p in ctx.parents() if p.rev() >= 0],
        author=text(ctx.user()),
        date=datetime.fromtimestamp(timestamp, tz=timezone.utc),
        message=text(ctx.description()),
        files_changed=[text(f) for f in ctx.files()],
    )


