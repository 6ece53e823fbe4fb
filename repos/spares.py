"""Empty repositories made ahead of time, so creating a snippet only has to commit.

`hg init` is most of the cost of a create (a dozen directories and files on a
slow disk). A background thread keeps a few initialised, empty repositories in
`root/.spares/`; `claim` moves one into the caller's staging directory with a
rename, which only one claimer can win, across threads and processes.
"""

import logging
import os
import secrets
import shutil
import threading
from pathlib import Path

from .hgapi import create_repo, open_repo

log = logging.getLogger(__name__)
SPARES = ".spares"
READY = "ready-"


class SparePool:
    """Keeps up to `size` empty repositories ready under `root/.spares`."""

    def __init__(self, root: Path, size: int = 4) -> None:
        self.dir = root / SPARES
        self.size = size
        self._wanted = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def claim(self, staging: Path):
        """Move a ready repository onto the empty directory `staging` and open it, or None."""
        self._refill()
        try:
            names = [n for n in os.listdir(self.dir) if n.startswith(READY)]
        except FileNotFoundError:
            return None
        for name in names:
            try:
                os.rename(self.dir / name, staging)
            except OSError:
                continue  # another thread or process took it first
            return open_repo(staging)
        return None

    def _refill(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._fill_forever, name="repo-spares", daemon=True)
                self._thread.start()
        self._wanted.set()

    def _ready_count(self) -> int:
        try:
            return sum(1 for n in os.listdir(self.dir) if n.startswith(READY))
        except FileNotFoundError:
            return 0

    def _fill_forever(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                while self._ready_count() < self.size:
                    self._make_one()
            except Exception:  # disk full, root removed...: creates fall back to `hg init` until asked again
                log.warning("could not prepare spare repositories in %s", self.dir, exc_info=True)

    def _make_one(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(6)
        building = self.dir / f".tmp-{token}"
        try:
            create_repo(building)
            os.rename(building, self.dir / f"{READY}{token}")
        finally:
            shutil.rmtree(building, ignore_errors=True)
