"""Facet counts over every match of a search: the tags one level below the current one, and the owners.

Counts are intersections of the search's document set with each tag's
(cached) document set, so they are exact for the whole result, not for
one page of it. Tags are hierarchical: without a tag filter the facets
are the top-level tags, under `calculus` they are `calculus/*`.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable

from whoosh.query import Query, Term
from whoosh.searching import Searcher

from .model import TagCount
from .schema import TAG_SEPARATOR

TAG_CANDIDATES = 24
"""Tags counted per search: the most used ones at the level shown."""
MAX_OWNER_DOCS = 20_000
"""Owners are read per matching document; beyond this many matches they are not faceted."""


def tag_facets(searcher: Searcher, docs: set[int], parent: str | None,
               docs_of: Callable[[Query], set[int]], limit: int) -> list[TagCount]:
    """The most frequent tags directly under `parent` (top-level tags if None) among `docs`."""
    reader = searcher.reader()
    names = tag_names(reader, "under", parent + TAG_SEPARATOR if parent else "", children_only=True)
    names = heapq.nlargest(TAG_CANDIDATES, names, key=lambda name: reader.doc_frequency("under", name))
    counts = [TagCount(name, len(docs & docs_of(Term("under", name)))) for name in names]
    return most_common(counts, limit)


def owner_facets(searcher: Searcher, docs: set[int], limit: int) -> list[TagCount]:
    """The owners with the most snippets among `docs` (none past MAX_OWNER_DOCS matches)."""
    if len(docs) > MAX_OWNER_DOCS:
        return []
    owner_of = searcher.reader().column_reader("owner")
    counts = Counter(map(owner_of.__getitem__, docs))
    return most_common([TagCount(name, count) for name, count in counts.items()], limit)


def tag_names(reader, field: str, prefix: str, children_only: bool) -> list[str]:
    """Tags indexed in `field` that start with `prefix`; with `children_only`, none deeper than its last `/`."""
    names = [text.decode("utf-8") for text in reader.expand_prefix(field, prefix)]
    if children_only:
        depth = prefix.count(TAG_SEPARATOR)
        names = [name for name in names if name.count(TAG_SEPARATOR) == depth]
    return names


def most_common(counts: list[TagCount], limit: int) -> list[TagCount]:
    """The `limit` largest non-zero counts, ties by name."""
    counts = [c for c in counts if c.count]
    counts.sort(key=lambda c: (-c.count, c.name))
    return counts[:limit]
