"""SearchIndex: the snippet index on disk, its one writer thread and a cached searcher."""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Every, Or, Query, Term
from whoosh.searching import Searcher
from whoosh.writing import CLEAR

from .docsets import FilterCache, count_matches, matching_docs
from .facets import most_common, owner_facets, tag_facets, tag_names
from .highlights import Highlights
from .model import Facets, SearchHit, SearchResult, SnippetDoc, TagCount
from .queries import QueryParser, suggest
from .schema import FILTER_FIELDS, TAG_SEPARATOR, build_schema, document_fields, normalize_tag, tag_with_ancestors
from .writer import WriterThread, acquire_writer

log = logging.getLogger(__name__)

SORTS = {"relevance": None, "date": "updated", "rating": "rating", "forks": "forks"}
MAX_PER_PAGE = 100
_WRITE_LOCK = "MAIN_WRITELOCK"  # the file Whoosh's own writers lock


class SearchIndex:
    """The Whoosh index of snippets in `index_dir` (a folder this object owns).

    Opens the index there. A missing index, a damaged one or one built with
    another schema is (re)created empty and `needs_rebuild` is set, so the
    app can call `rebuild()` with every snippet. One instance per process,
    shared by its threads; any number of processes may write to one folder.
    """

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.schema = build_schema()
        self.needs_rebuild = False
        self._ix = self._open_or_create()
        self._parser = QueryParser(self.schema)
        self._search_lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._filter_cache = FilterCache(size=48)  # room for a level of tag facets and the filters
        self._writer = WriterThread(self._ix)

    # -- writing ---------------------------------------------------------

    def update(self, doc: SnippetDoc) -> None:
        """Queue adding or replacing the snippet `doc.id`; visible within a second."""
        self._writer.put(doc.id, document_fields(doc))

    def delete(self, snippet_id: str) -> None:
        self._writer.put(snippet_id, None)

    def flush(self, timeout: float = 10) -> None:
        """Wait until every queued change is committed and visible to searches."""
        self._writer.flush(timeout)

    def rebuild(self, docs: Iterable[SnippetDoc], memory_mb: int | None = None, procs: int = 1) -> int:
        """Replace the whole index by `docs` in one commit; searches see the old one until then.

        `memory_mb` (default `rebuild_memory_mb()`) bounds Whoosh's in-memory
        posting pools, shared by the `procs` processes; each time a pool fills,
        a sorted run goes to disk and is merged back at commit, which at 100k
        snippets cuts the indexing rate by 40% (see bench/results/search.md).
        """
        memory_mb = memory_mb or rebuild_memory_mb()
        self.flush()
        # procs > 1 indexes in that many forked processes, each writing its own segment:
        # for the `snipcell reindex` command, not for a threaded server process.
        options = {"procs": procs, "multisegment": True} if procs > 1 else {"procs": 1}
        writer = acquire_writer(self._ix, limitmb=memory_mb // max(procs, 1), **options)
        count = 0
        try:
            for doc in docs:
                writer.add_document(**document_fields(doc))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR)
        self.needs_rebuild = False
        return count

    # -- reading ---------------------------------------------------------

    def search(self, q: str = "", *, tag: str | None = None, owner: str | None = None,
               sort: str = "relevance", page: int = 1, per_page: int = 20,
               prefix_last: bool = False, facets: int = 0) -> SearchResult:
        """One page of snippets matching `q` (see queries.py) under the tag/owner filters.

        `prefix_last=True` (search as you type) also matches words that the
        query's last word only begins: `taylor se` finds "taylor series".
        `facets=n` also counts, over every match, the n commonest tags one
        level under `tag` and the n commonest owners (`result.facets`).
        """
        if sort not in SORTS:
            raise ValueError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}.")
        text = q.strip()
        query, filters = self._plan(text, tag, owner, prefix_last)
        listing = query is None
        if listing:
            query, filters = _all_of(filters) or Every(), []
            sort = "date" if sort == "relevance" else sort
        sortedby = SORTS[sort]
        with self._reading() as searcher:
            # Filters become a set of allowed documents (cached per tag/owner):
            # the search then skips what is not in it, where intersecting posting
            # lists would leapfrog through them one posting at a time.
            allowed = self._filter_cache.docs(searcher, _all_of(filters)) if filters else None
            results = searcher.search(query, limit=page * per_page, filter=allowed,
                                      sortedby=sortedby, reverse=sortedby is not None)
            highlights = Highlights(query, searcher) if text else None
            hits = [self._hit(h, highlights) for h in results[(page - 1) * per_page: page * per_page]]
            found = None
            if facets:  # one set of every match gives the total and the facets
                docs = self._filter_cache.docs(searcher, query) if listing else matching_docs(searcher, query)
                docs = docs & allowed if allowed is not None else docs
                total = len(docs)
                found = Facets(tags=tag_facets(searcher, docs, normalize_tag(tag) if tag else None,
                                               partial(self._filter_cache.docs, searcher), facets),
                               owners=owner_facets(searcher, docs, facets))
            elif allowed is None and results.has_exact_length():
                total = len(results)
            else:
                total = count_matches(searcher, query, within=allowed)
            suggestion = suggest(searcher, query, text) if text else None
        return SearchResult(hits=hits, total=total, page=page, per_page=per_page,
                            suggestion=suggestion, facets=found)

    def tags(self, prefix: str = "", parent: str | None = None, limit: int = 50) -> list[TagCount]:
        """Tags starting with `prefix` (or direct children of `parent`), most used first."""
        prefix = prefix.strip().lower()
        if parent is not None:
            prefix = normalize_tag(parent) + TAG_SEPARATOR + prefix
        with self._reading() as searcher:
            reader = searcher.reader()
            names = tag_names(reader, "tags", prefix, children_only=parent is not None)
            counts = [TagCount(name, _live_doc_frequency(reader, "tags", name)) for name in names]
        return most_common(counts, limit)

    def more_like_this(self, snippet_id: str, limit: int = 5) -> list[SearchHit]:
        """Snippets sharing the most distinctive words and the tags of `snippet_id`."""
        with self._reading() as searcher:
            docnum = searcher.document_number(id=snippet_id)
            if docnum is None:
                return []
            terms = [Term(field, word, boost=weight)
                     for field in ("title", "blurb", "code")
                     for word, weight in searcher.key_terms([docnum], field, numterms=8)]
            for tag in searcher.stored_fields(docnum).get("tag_list", []):
                terms += [Term("tags", t, boost=1.0 + t.count(TAG_SEPARATOR))
                          for t in tag_with_ancestors(tag)]
            if not terms:
                return []
            results = searcher.search(Or(terms), limit=limit, mask=Term("id", snippet_id))
            return [self._hit(h, None) for h in results]

    def doc_count(self) -> int:
        with self._reading() as searcher:
            return searcher.doc_count()

    def is_fresh(self, expected_count: int) -> bool:
        """True if the index holds `expected_count` snippets and needs no rebuild."""
        return not self.needs_rebuild and self.doc_count() == expected_count

    def close(self) -> None:
        self._writer.close(timeout=10)
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # -- internals -------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Searcher]:
        """The cached searcher, refreshed if any process committed since (a directory listing)."""
        with self._search_lock:
            try:
                self._searcher = self._searcher.refresh() if self._searcher else self._ix.searcher()
            except OSError:  # another process's merge removed a segment while we opened it
                self._searcher = self._ix.searcher()
            yield self._searcher

    def _plan(self, text: str, tag: str | None, owner: str | None,
              prefix_last: bool) -> tuple[Query | None, list[Term]]:
        """The parsed query (None if `text` is empty) and the filter terms every match must have."""
        query = self._parser.parse(text, prefix_last) if text else None
        return _split_filters(query, self._filters(tag, owner))

    @staticmethod
    def _filters(tag: str | None, owner: str | None) -> list[Term]:
        terms = []
        if tag:
            terms.append(Term("under", normalize_tag(tag)))
        if owner:
            terms.append(Term("owner", owner.lower()))
        return terms

    @staticmethod
    def _hit(hit, highlights: Highlights | None) -> SearchHit:
        stored = hit.fields()
        return SearchHit(id=stored["id"], title=stored["title"], blurb=stored["blurb"],
                         tags=list(stored.get("tag_list", [])), owner=stored["owner"],
                         score=float(hit.score or 0.0),
                         highlights=highlights.of(stored) if highlights else [])

    def _open_or_create(self) -> whoosh_index.FileIndex:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        try:
            return self._open_checked()
        except FileNotFoundError:
            log.info("no search index in %s yet; creating an empty one", self.index_dir)
        except Exception as problem:  # a damaged index raises anything from EOFError to UnpicklingError
            log.warning("search index in %s unusable (%s); recreating it empty", self.index_dir, problem)
        self.needs_rebuild = True
        return self._recreate()

    def _open_checked(self) -> whoosh_index.FileIndex:
        if not whoosh_index.exists_in(self.index_dir):
            raise FileNotFoundError("no index yet")
        ix = whoosh_index.open_dir(self.index_dir)
        if _schema_signature(ix.schema) != _schema_signature(self.schema):
            raise ValueError("the index was built with another schema")
        with ix.searcher() as searcher:
            searcher.doc_count()
            for _ in searcher.reader().iter_docs():
                break
        return ix

    def _recreate(self) -> whoosh_index.FileIndex:
        """Empty the folder and create the index, holding the write lock against other processes."""
        storage = FileStorage(str(self.index_dir))
        lock = storage.lock(_WRITE_LOCK)
        lock.acquire(blocking=True)
        try:
            try:  # another process may have recreated it while we waited
                return self._open_checked()
            except Exception:
                pass
            for path in self.index_dir.iterdir():
                if path.is_file() and path.name != _WRITE_LOCK:
                    path.unlink()
            return whoosh_index.create_in(self.index_dir, self.schema)
        finally:
            lock.release()


def rebuild_memory_mb() -> int:
    """A quarter of the machine's memory, between 256 MB and 4 GB (a process peaks ~1.3x its share)."""
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError):
        return 1024
    return max(256, min(4096, total_mb // 4))


def _split_filters(query: Query | None, filters: list[Term]) -> tuple[Query | None, list[Term]]:
    """Move `tag:`/`owner:` terms that every result must have out of the query, into `filters`.

    They score the same for every document (see schema.py), so a filter
    gives the same ranking; a query of filters only becomes None, so it
    lists like a tag page: newest first.
    """
    if isinstance(query, Term) and query.fieldname in FILTER_FIELDS:
        return None, filters + [query]
    if type(query) is And:
        required = [q for q in query.subqueries if isinstance(q, Term) and q.fieldname in FILTER_FIELDS]
        rest = [q for q in query.subqueries if not any(q is r for r in required)]
        if required:
            return (And(rest) if len(rest) > 1 else (rest[0] if rest else None)), filters + required
    return query, filters


def _all_of(terms: list[Term]) -> Query | None:
    terms = sorted(set(terms), key=lambda t: (t.fieldname, t.text))
    return And(terms) if len(terms) > 1 else (terms[0] if terms else None)


def _schema_signature(schema) -> list[tuple[str, str, bool]]:
    return sorted((name, type(field).__name__, bool(field.column_type)) for name, field in schema.items())


def _live_doc_frequency(reader, field: str, text: str) -> int:
    """Documents containing the term, not counting deleted ones still on disk."""
    total = 0
    for leaf, _offset in reader.leaf_readers():
        if not leaf.has_deletions():
            total += leaf.doc_frequency(field, text)
        elif (field, text) in leaf:
            total += sum(1 for _ in leaf.postings(field, text).all_ids())
    return total
