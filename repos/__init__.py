"""Snippet repositories: one Mercurial repository per fork; the only importer of `mercurial`."""

from . import hgenv  # noqa: F401  (first: sets Mercurial's environment before it is imported)
from .errors import (
    EmptyCommit,
    HeadMoved,
    InvalidPath,
    RepoError,
    RepoExists,
    UnknownPath,
    UnknownRepo,
    UnknownRevision,
)
from .model import Changeset, FileInfo
from .serving import clone_app
from .store import RepoStore

__all__ = [
    "Changeset",
    "EmptyCommit",
    "FileInfo",
    "HeadMoved",
    "InvalidPath",
    "RepoError",
    "RepoExists",
    "RepoStore",
    "UnknownPath",
    "UnknownRepo",
    "UnknownRevision",
    "clone_app",
]
