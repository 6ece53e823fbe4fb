"""Where files written by computations are kept: SQL blobs, or a folder (the fast option)."""

from __future__ import annotations

import mimetypes
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from snippets.models import StoredFile

MAX_STORED_BYTES = 16 << 20


def content_type_for(path: str) -> str:
    """The type a browser should see; text gets an explicit charset."""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


class FileStore:
    """Saves a computation's files and finds them again by (computation id, path)."""

    def __init__(self, kind: str, directory: Path) -> None:
        if kind not in ("sql", "fs"):
            raise ValueError("filestore must be 'sql' or 'fs'")
        self.kind = kind
        self.directory = directory

    def save(self, session: Session, computation_id: str, path: str, source: Path) -> StoredFile | None:
        """Store ``source`` as ``path`` of the computation; files over the cap are skipped."""
        size = source.stat().st_size
        if size > MAX_STORED_BYTES:
            return None
        row = StoredFile(computation_id=computation_id, path=path, content_type=content_type_for(path), size=size)
        if self.kind == "sql":
            row.data = source.read_bytes()
        else:
            target = self.directory / computation_id / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            row.disk_path = str(target)
        session.add(row)
        return row

    @staticmethod
    def find(session: Session, computation_id: str, path: str) -> StoredFile | None:
        return session.scalar(
            select(StoredFile).where(StoredFile.computation_id == computation_id, StoredFile.path == path)
        )
