"""Per-revision copies of snippet files, made once and shared read-only by every run."""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

Exporter = Callable[[str, str, Path], None]
"""export(snippet "owner/name", rev, destination directory)."""


class FileCache:
    """``root/<sha1 of owner/name>/<rev>/`` holds the files of that version."""

    def __init__(self, root: Path, exporter: Exporter) -> None:
        self.root = root
        self.exporter = exporter
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)

    def directory(self, snippet: str, rev: str) -> Path:
        """The cached folder of ``snippet`` at ``rev``, exported on first use (atomically)."""
        target = self.root / hashlib.sha1(snippet.lower().encode()).hexdigest() / rev
        if target.is_dir():
            return target
        with self._lock:
            if not target.is_dir():
                target.parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
                try:
                    self.exporter(snippet, rev, staging)
                    staging.rename(target)
                except BaseException:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise
        return target

    @staticmethod
    def files_in(directory: Path) -> list[str]:
        return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def repo_exporter(repos) -> Exporter:
    """Export straight from the RepoStore (embedded device, same machine)."""

    def export(snippet: str, rev: str, destination: Path) -> None:
        owner, name = snippet.lower().split("/", 1)
        repos.export(owner, name, rev, destination)

    return export


def http_exporter(site_url: str) -> Exporter:
    """Fetch ``/zip/<owner>/<name>/<rev>`` from the site (a device on another machine)."""
    import requests

    def export(snippet: str, rev: str, destination: Path) -> None:
        response = requests.get(f"{site_url.rstrip('/')}/zip/{snippet}/{rev}", timeout=30)
        response.raise_for_status()
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            for member in archive.infolist():
                parts = member.filename.split("/")[1:]  # drop the <name>-<rev> folder
                if member.is_dir() or not parts or any(p in ("", "..") for p in parts):
                    continue
                target = destination.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))

    return export
