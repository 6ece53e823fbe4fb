"""Where a repository lives and which file paths may enter one; no Mercurial here."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .errors import InvalidPath

_FORBIDDEN_CHARS = ("\\", "\0", "\n", "\r")


def repo_key(owner: str, name: str) -> str:
    """sha1 hex of `owner/name`, exactly as given (the web layer normalises case)."""
    return hashlib.sha1(f"{owner}/{name}".encode()).hexdigest()


def repo_dir(root: Path, owner: str, name: str) -> Path:
    """`root/<first 2 hex>/<remaining 38 hex>`: spreads repositories over 256 folders."""
    key = repo_key(owner, name)
    return root / key[:2] / key[2:]


def check_path(path: str) -> str:
    """Return `path` if it is a safe relative file path, else raise InvalidPath.

    The web layer validates first; this is the last line of defence before
    a path reaches a manifest or, later, a directory on disk.
    """
    if not isinstance(path, str) or not path:
        raise InvalidPath(f"empty or non-text path: {path!r}")
    if any(char in path for char in _FORBIDDEN_CHARS):
        raise InvalidPath(f"forbidden character in path: {path!r}")
    if path.startswith("/"):
        raise InvalidPath(f"absolute path: {path!r}")
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidPath(f"empty, '.' or '..' segment in path: {path!r}")
        if segment.lower() == ".hg":
            raise InvalidPath(f"'.hg' segment in path: {path!r}")
    return path


def check_tree(paths: Iterable[str]) -> None:
    """Refuse a file set where a file is also a folder of another ("a" and "a/b")."""
    files = set(paths)
    for path in files:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in files:
                raise InvalidPath(f"{folder!r} is both a file and a folder")
