"""Plain values handed out by the store, free of Mercurial types."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Changeset:
    """One version of a snippet. `rev` is the 40-hex node, `number` the local revision."""

    rev: str
    number: int
    parents: list[str]
    author: str
    date: datetime
    message: str
    files_changed: list[str]


@dataclass(frozen=True)
class FileInfo:
    """A file present at some revision and its size in bytes."""

    path: str
    size: int
