"""Value types crossing the search package boundary (no Whoosh types leak out)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SnippetDoc:
    """Everything the index knows about one snippet (one fork), fed by the app."""

    id: str
    owner: str
    name: str
    title: str
    blurb: str
    tags: list[str]
    paths: list[str]
    code: str
    created: datetime
    updated: datetime
    rating: float = 0.0
    forks: int = 0


@dataclass(frozen=True)
class SearchHit:
    """One result; `highlights` are plain-text fragments with `<mark>` around matches, HTML-escaped."""

    id: str
    title: str
    blurb: str
    tags: list[str]
    owner: str
    score: float
    highlights: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts over every match of a search, to narrow it: tags one level down, and owners."""

    tags: list[TagCount]
    owners: list[TagCount]


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    suggestion: str | None
    facets: Facets | None = None  # only when asked for


class QuerySyntaxError(ValueError):
    """The query string cannot be understood; the message is one sentence for the user."""
