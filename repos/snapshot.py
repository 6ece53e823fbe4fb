"""Write the files of one revision out as a zip or into a directory; no Mercurial here."""

import io
import os
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from .paths import check_path

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class SnapshotFile(NamedTuple):
    """One file of a revision: relative path, content, executable bit."""

    path: str
    data: bytes
    executable: bool


def _mode(file: SnapshotFile) -> int:
    return 0o755 if file.executable else 0o644


def zip_bytes(files: Iterable[SnapshotFile], prefix: str, date: datetime) -> bytes:
    """A deflated zip with every file under `prefix/`, stamped with `date` so equal revs give equal bytes."""
    check_path(prefix)
    stamp = max(_ZIP_EPOCH, date.timetuple()[:6])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"{prefix}/{check_path(file.path)}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | _mode(file)) << 16
            archive.writestr(info, file.data)
    return buffer.getvalue()


def write_tree(files: Iterable[SnapshotFile], dest: Path) -> None:
    """Write regular files (never symlinks) under `dest`, creating it and subfolders."""
    dest.mkdir(parents=True, exist_ok=True)
    for file in files:
        target = dest / check_path(file.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_bytes(file.data)
        os.chmod(target, _mode(file))
