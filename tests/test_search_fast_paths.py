"""The search package's fast paths give exactly what Whoosh's own slow paths give.

CodeText counts words instead of streaming Tokens, count_matches counts
with sets instead of a second matcher pass, SnippetCodec reads lengths
from memory, and the tag= filter intersects with an unscored field: each
is checked here against the Whoosh code it replaces, on a real index of
several segments with deleted documents.
"""
from __future__ import annotations

import random

import pytest
from test_search_helpers import snippet
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import TEXT

from search import SearchIndex
from search.analysis import CodeText, code_analyzer
from search.codec import SnippetCodec
from search.docsets import count_matches
from search.queries import QueryParser

WORDS = ("taylor series sine plot circle matrix prime newton euler gamma zeta fourier "
         "limit sum root vector graph tree sort random").split()
TAGS = ("calculus", "calculus/taylor", "calculus/limits", "plotting/2d", "algebra/linear", "numbers")


def _code(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(2, 8)):
        a, b = rng.sample(WORDS, 2)
        lines.append(rng.choice([f"def {a}_{b}(x):", f"    {a}{b.capitalize()} = {b}(x) + {rng.randint(0, 99)}",
                                 f"    # {a} {b} HTTPServer2", f"print({a.upper()}_{b})"]))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """120 snippets committed in four batches (four segments at least), then 15 deleted."""
    rng = random.Random(7)
    index = SearchIndex(tmp_path_factory.mktemp("fast") / "index")
    for batch in range(4):
        for n in range(30):
            number = batch * 30 + n
            index.update(snippet(f"s{number}", owner=f"user{number % 5}",
                                 title=" ".join(rng.sample(WORDS, 3)), blurb=" ".join(rng.sample(WORDS, 6)),
                                 tags=rng.sample(TAGS, 2), code=_code(rng), paths=[f"{rng.choice(WORDS)}.py"],
                                 day=number, rating=rng.uniform(1, 5)))
        index.flush()
    for number in range(0, 120, 8):
        index.delete(f"user{number % 5}/s{number}")
    index.flush()
    yield index
    index.close()


@pytest.mark.parametrize("code", [
    "def taylor_series(x, n=10):\n    plotPoints = HTTPServer2(x) + x_y  # don't\n" * 2,
    "αβ_γ = naïveValue + ÉtéFinal\nABC_def ghi_JKL x1 1x _private __dunder__\n",
    "",
])
def test_code_text_indexes_the_terms_the_tokenizer_gives(code):
    fast = sorted(CodeText().index(code))
    slow = sorted(TEXT(analyzer=code_analyzer(), phrase=False).index(code))
    assert fast == slow


QUERIES = ["taylor", "sine plot", "taylor OR matrix", "taylor AND NOT sine", "NOT prime",
           "tree ANDMAYBE sort", '"sine plot"', "tag:calculus", "owner:user2 zeta", "path:circle*",
           "ser*", "code:taylor_series", "title:newton OR blurb:euler", "(gamma OR zeta) AND tag:numbers",
           "nosuchword", "code:http"]


@pytest.mark.parametrize("text", QUERIES)
def test_count_matches_equals_whoosh_counting_every_match(segmented, text):
    query = QueryParser(segmented.schema).parse(text)
    with segmented._ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        expected = sum(1 for _ in searcher.docs_for_query(query))
        assert count_matches(searcher, query) == expected


def test_search_totals_match_whoosh_beyond_the_first_page(segmented):
    with segmented._ix.searcher() as searcher:
        for text in ("taylor", "sine plot", "ser*"):
            result = segmented.search(text, per_page=5)
            query = QueryParser(segmented.schema).parse(text)
            assert result.total == sum(1 for _ in searcher.docs_for_query(query)) > 5


def test_lengths_read_from_memory_equal_whoosh_column_reads(segmented):
    with segmented._ix.searcher() as searcher:
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            assert isinstance(reader.segment().codec(), SnippetCodec)
            slow = W3PerDocReader(reader.storage(), reader.segment())
            for docnum in range(reader.doc_count_all() + 1):
                for field in ("title", "blurb", "code", "tags", "paths", "name"):
                    assert reader.doc_field_length(docnum, field) == slow.doc_field_length(docnum, field)


@pytest.mark.parametrize("text", ["taylor", "sine plot", "matrix OR prime"])
def test_tag_filter_narrows_without_reordering(segmented, text):
    everything = segmented.search(text, per_page=100)
    under = segmented.search(text, tag="calculus", per_page=100)
    expected = [hit.id for hit in everything.hits
                if any(t == "calculus" or t.startswith("calculus/") for t in hit.tags)]
    assert [hit.id for hit in under.hits] == expected
    assert under.total == len(expected)
    typed = segmented.search(f"({text}) tag:calculus", per_page=100)
    assert [hit.id for hit in typed.hits] == expected and typed.total == len(expected)


def test_owner_and_tag_filters_combine_and_alone_list_by_date(segmented):
    both = segmented.search("", tag="calculus", owner="user1", per_page=100)
    assert both.hits and all(h.owner == "user1" and any(t.startswith("calculus") for t in h.tags)
                             for h in both.hits)
    assert both.total == len(both.hits)
    assert [h.id for h in segmented.search("owner:user1 tag:calculus", per_page=100).hits] == \
        [h.id for h in both.hits]
    assert [h.id for h in segmented.search("tag:calculus", per_page=100).hits] == \
        [h.id for h in segmented.search("", tag="calculus", per_page=100).hits]


def test_a_rebuild_in_two_processes_writes_snippet_codec_segments(tmp_path):
    index = SearchIndex(tmp_path / "index")
    try:
        docs = [snippet(f"s{n}", title=f"{WORDS[n % len(WORDS)]} demo", code=f"x_{n} = plotPoints({n})")
                for n in range(60)]
        assert index.rebuild(docs, procs=2) == 60
        with index._ix.searcher() as searcher:
            assert all(isinstance(leaf.reader().segment().codec(), SnippetCodec)
                       for leaf, _offset in searcher.leaf_searchers())
        assert index.search("plot").total == 60
        assert index.search("demo", tag="", owner="alice").total == 60
    finally:
        index.close()


@pytest.mark.parametrize("text", ["taylor", "", "sine OR tag:numbers"])
def test_facets_count_every_match_one_tag_level_down(segmented, text):
    total = segmented.search(text).total
    top = segmented.search(text, facets=12).facets
    assert top.tags and all("/" not in f.name for f in top.tags)
    for facet in top.tags:
        assert facet.count == segmented.search(text, tag=facet.name).total
    assert sum(f.count for f in top.owners) == total
    for facet in top.owners:
        assert facet.count == segmented.search(text, owner=facet.name).total
    below = segmented.search(text, tag="Calculus", facets=12).facets
    assert below.tags and all(f.name.startswith("calculus/") for f in below.tags)
    for facet in below.tags:
        assert facet.count == segmented.search(text, tag=facet.name).total
    assert sum(f.count for f in below.owners) == segmented.search(text, tag="calculus").total
