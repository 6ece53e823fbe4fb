"""Removal of stale work directories. Zombies never pile up: the zygote waits for its children and
bubblewrap's pid 1 reaps the orphans inside the sandbox; the Runner waits for the zygote."""
from __future__ import annotations

import os
import time
from pathlib import Path

from compute import workdir


def sweep(root: Path, older_than: float, keep: set[str] = frozenset()) -> list[str]:
    """Remove the entries of `root` last modified more than `older_than` seconds ago; return their names."""
    removed = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if entry.name in keep:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        if entry.is_dir(follow_symlinks=False):
            workdir.remove(Path(entry.path))
        else:
            os.unlink(entry.path)
        removed.append(entry.name)
    return removed
