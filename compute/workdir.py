"""Host side of a child's directory: a fresh copy of the snippet's files, and what the cell changed in it.

The child owns its directory and may plant symlinks or swap entries while a
session lives, so every read here walks with O_NOFOLLOW and never leaves it.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Iterator

_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


def create(path: Path, files_dir: Path | None, uid: int) -> None:
    """Make `path` (mode 0700, owned by `uid`) holding a real copy (no hardlinks) of `files_dir`."""
    os.mkdir(path, 0o700)
    if files_dir is not None:
        shutil.copytree(files_dir, path, dirs_exist_ok=True, copy_function=shutil.copyfile, symlinks=False)
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                os.chown(os.path.join(root, name), uid, uid)
    os.chown(path, uid, uid)


def _walk(dir_fd: int, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, lstat) of every regular file below `dir_fd`, not following symlinks."""
    with os.scandir(dir_fd) as entries:
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            rel = prefix + entry.name
            if stat.S_ISREG(info.st_mode):
                yield rel, info
            elif stat.S_ISDIR(info.st_mode):
                try:
                    sub = os.open(entry.name, _OPEN_DIR, dir_fd=dir_fd)
                except OSError:
                    continue
                try:
                    yield from _walk(sub, rel + "/")
                finally:
                    os.close(sub)


def _files(path: Path) -> Iterator[tuple[str, os.stat_result]]:
    root = os.open(path, _OPEN_DIR)
    try:
        yield from _walk(root, "")
    finally:
        os.close(root)


def usage(path: Path) -> int:
    """Bytes of the regular files in `path` (apparent or allocated size, whichever is larger)."""
    return sum(max(info.st_size, info.st_blocks * 512) for _, info in _files(path))


def _open_inside(path: Path, rel: str) -> int:
    """An fd of `path/rel` reached without following any symlink."""
    fd = os.open(path, _OPEN_DIR)
    try:
        *dirs, name = rel.split("/")
        for part in dirs:
            sub = os.open(part, _OPEN_DIR, dir_fd=fd)
            os.close(fd)
            fd = sub
        return os.open(name, _OPEN_FILE, dir_fd=fd)
    finally:
        os.close(fd)


def _same_content(path: Path, rel: str, original: Path) -> bool:
    try:
        fd = _open_inside(path, rel)
    except OSError:
        return True
    with open(fd, "rb") as mine, open(original, "rb") as theirs:
        while True:
            a, b = mine.read(1 << 16), theirs.read(1 << 16)
            if a != b:
                return False
            if not a:
                return True


def changed(path: Path, files_dir: Path | None, since: dict[str, tuple[int, int]] | None = None) -> list[str]:
    """Relative paths of files the cell created or changed, compared with `files_dir`
    (or, for an interact update, with a `snapshot` taken before it)."""
    result = []
    for rel, info in _files(path):
        if since is not None:
            if since.get(rel) != (info.st_size, info.st_mtime_ns):
                result.append(rel)
            continue
        original = files_dir / rel if files_dir is not None else None
        if original is None or not original.is_file() or original.stat().st_size != info.st_size \
                or not _same_content(path, rel, original):
            result.append(rel)
    return sorted(result)


def snapshot(path: Path) -> dict[str, tuple[int, int]]:
    return {rel: (info.st_size, info.st_mtime_ns) for rel, info in _files(path)}


def collect(path: Path, rels: list[str], dest: Path) -> list[tuple[str, Path]]:
    """Copy the files `rels` of `path` under `dest`, through fds only: the child's processes may still
    be running and swapping entries for symlinks, so a path-based rename could move a host file."""
    result = []
    for rel in rels:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = _open_inside(path, rel)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            with open(fd, "rb", closefd=False) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
        finally:
            os.close(fd)
        os.chown(target, os.getuid(), os.getgid())
        os.chmod(target, 0o644)
        result.append((rel, target))
    return result


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
