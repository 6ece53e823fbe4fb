"""Sets of the documents a query matches, read a posting block at a time, for totals and filters.

Whoosh counts the total of a top-N search by running the query again and
stepping through every match in Python, one posting at a time: at 100k
snippets that second pass was a third of a query's time; and it filters by
a tag by leapfrogging two posting lists, again one posting at a time.
Here each term's posting list is read a block at a time into a set, and
the query's boolean structure becomes set algebra (union, intersection,
difference), which runs in C. Queries this module does not know (phrases,
ranges) are read through Whoosh's own matcher, so the sets are always exact.
"""
from __future__ import annotations

from collections import OrderedDict

from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import (
    And, AndMaybe, AndNot, DisjunctionMax, Every, MultiTerm, Not, NullQuery, Or, Query, Term,
    WrappingQuery,
)
from whoosh.searching import Searcher


def count_matches(searcher: Searcher, query: Query, within: set[int] | None = None) -> int:
    """The number of live documents `query` matches (among the docnums `within`, if given)."""
    if within is not None:
        return len(matching_docs(searcher, query) & within)
    return sum(len(_docset(query, leaf)) for leaf, _offset in searcher.leaf_searchers())


def matching_docs(searcher: Searcher, query: Query) -> set[int]:
    """The searcher-wide document numbers of the live documents `query` matches."""
    docs: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        local = _docset(query, leaf)
        docs |= set(map(offset.__add__, local)) if offset else local
    return docs


class FilterCache:
    """The matching docsets of recent filter queries, kept while the searcher stays the same.

    A filter (a tag, an owner) is shared by many searches; reading its
    posting list once per index version instead of once per search is
    what Lucene's filter cache does too. Callers serialize access.
    """

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._searcher: Searcher | None = None
        self._docs: OrderedDict[Query, set[int]] = OrderedDict()

    def docs(self, searcher: Searcher, query: Query) -> set[int]:
        if searcher is not self._searcher:
            self._searcher = searcher
            self._docs.clear()
        if query in self._docs:
            self._docs.move_to_end(query)
            return self._docs[query]
        docs = self._docs[query] = matching_docs(searcher, query)
        if len(self._docs) > self._size:
            self._docs.popitem(last=False)
        return docs


def _docset(query: Query, searcher: Searcher) -> set[int]:
    """Segment-local document numbers (deleted ones excluded) that `query` matches in one leaf."""
    if query is NullQuery:
        return set()
    if isinstance(query, Term):
        return _term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, (Or, DisjunctionMax)) and not getattr(query, "minmatch", 0):
        return set().union(*(_docset(q, searcher) for q in query.subqueries))
    if isinstance(query, And):
        return _intersection(searcher, query.subqueries)
    if isinstance(query, AndNot):
        return _docset(query.a, searcher) - _docset(query.b, searcher)
    if isinstance(query, AndMaybe):
        return _docset(query.a, searcher)
    if isinstance(query, Not):
        return _live_docs(searcher) - _docset(query.query, searcher)
    if isinstance(query, Every) and not query.fieldname:
        return _live_docs(searcher)
    if isinstance(query, WrappingQuery):
        return _docset(query.child, searcher)
    if isinstance(query, MultiTerm):  # prefix*, wild?card, fuzzy~: the union of the terms it expands to
        simple = query.simplify(searcher.reader())
        if not isinstance(simple, MultiTerm):
            return _docset(simple, searcher)
    return set(query.docs(searcher))


def _intersection(searcher: Searcher, queries: list[Query]) -> set[int]:
    result: set[int] | None = None
    for sub in queries:
        docs = _docset(sub, searcher)
        result = docs if result is None else result & docs
        if not result:
            return set()
    return result if result is not None else set()


def _term_docs(searcher: Searcher, fieldname: str, text) -> set[int]:
    reader = searcher.reader()
    if fieldname not in searcher.schema:
        return set()
    try:
        btext = searcher.schema[fieldname].to_bytes(text)
    except ValueError:
        return set()
    if (fieldname, btext) not in reader:
        return set()
    matcher = reader.postings(fieldname, btext)
    deleted = set()
    if isinstance(matcher, FilterMatcher):  # the segment has deletions
        matcher, deleted = matcher.child, set(reader.segment().deleted_docs())
    return _block_ids(matcher) - deleted


def _block_ids(matcher) -> set[int]:
    """All ids of a fresh leaf matcher: a block at a time for Whoosh 3 postings, else one by one."""
    if not all(hasattr(matcher, name) for name in ("_read_ids", "_next_block", "_ids")):
        return set(matcher.all_ids())
    ids: set[int] = set()
    while matcher.is_active():
        matcher._read_ids()
        ids.update(matcher._ids)
        matcher._next_block()
    return ids


def _live_docs(searcher: Searcher) -> set[int]:
    return set(searcher.reader().all_doc_ids())
