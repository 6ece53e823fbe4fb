"""SearchIndex on real Whoosh indexes in tmp_path: queries, fields, tags, highlights, paging."""
from __future__ import annotations

import pytest
from test_search_helpers import snippet

from search import QuerySyntaxError, SearchIndex, TagCount


@pytest.fixture
def index(tmp_path):
    index = SearchIndex(tmp_path / "index")
    yield index
    index.close()


@pytest.fixture
def library(index):
    """A few snippets covering identifiers, tags, owners and paths."""
    for doc in [
        snippet("taylor", title="Taylor series of sine", blurb="Approximates <sin> & friends",
                tags=["calculus/taylor"], code="def taylor_series(x, n):\n    return plotPoints(x)\n",
                paths=["taylor.py", "lib/plot_utils.py"], day=3, rating=4.5, forks=2),
        snippet("limits", owner="bob", title="Limits with sympy", blurb="One sided limits",
                tags=["calculus/limits", "teaching"], code="from sympy import limit\nlimit(1/x, x, 0)\n",
                day=1, rating=3.0, forks=7),
        snippet("circle", title="Plotting a circle", blurb="Parametric curve drawing",
                tags=["plotting/2d"], code="import matplotlib\nplot_circle(radius=1)\n",
                paths=["circle.py"], day=2, rating=5.0, forks=0),
    ]:
        index.update(doc)
    index.flush()
    return index


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_update_is_visible_after_flush_and_counted(library):
    assert library.doc_count() == 3
    assert ids(library.search("sympy")) == ["bob/limits"]


@pytest.mark.parametrize("query", ["taylor", "series", "taylor_series", "plot", "points", "plotpoints"])
def test_identifiers_are_found_whole_and_by_parts(library, query):
    assert "alice/taylor" in ids(library.search(query))


def test_whole_identifier_query_needs_the_whole_identifier(index):
    index.update(snippet("apart", code="taylor = 1\nseries = 2\n"))
    index.update(snippet("joined", code="taylor_series = 1\n"))
    index.flush()
    assert ids(index.search("code:taylor_series")) == ["alice/joined"]
    assert sorted(ids(index.search("code:series"))) == ["alice/apart", "alice/joined"]


def test_fields_owner_path_title_code_and_tag(library):
    assert ids(library.search("owner:bob")) == ["bob/limits"]
    assert ids(library.search("owner:BOB")) == ["bob/limits"]
    assert ids(library.search("path:plot_utils.py")) == ["alice/taylor"]
    assert ids(library.search("path:circle")) == ["alice/circle"]
    assert ids(library.search("title:circle")) == ["alice/circle"]
    assert ids(library.search("code:matplotlib")) == ["alice/circle"]
    assert sorted(ids(library.search("tag:calculus"))) == ["alice/taylor", "bob/limits"]
    assert ids(library.search("tag:calculus/limits")) == ["bob/limits"]


def test_boolean_operators_phrases_and_prefixes(library):
    assert sorted(ids(library.search("sympy OR matplotlib"))) == ["alice/circle", "bob/limits"]
    assert ids(library.search("tag:calculus AND NOT owner:bob")) == ["alice/taylor"]
    assert sorted(ids(library.search("(circle OR sine) NOT teaching"))) == ["alice/circle", "alice/taylor"]
    assert ids(library.search('"taylor series"')) == ["alice/taylor"]
    assert ids(library.search('"series taylor"')) == []
    assert ids(library.search("tay*")) == ["alice/taylor"]
    assert library.search("sympy circle").total == 0  # words are ANDed


def test_filters_are_hierarchical_and_an_empty_query_lists_everything_under_them(library):
    assert sorted(ids(library.search(tag="calculus"))) == ["alice/taylor", "bob/limits"]
    assert ids(library.search(tag="calculus/taylor")) == ["alice/taylor"]
    assert ids(library.search(tag="plotting", owner="alice")) == ["alice/circle"]
    assert ids(library.search("sympy", tag="plotting")) == []
    assert library.search(owner="alice").total == 2
    assert library.search().total == 3


def test_highlights_mark_matches_and_escape_the_rest(library):
    hit = library.search("friends").hits[0]
    assert hit.highlights == ["Approximates &lt;sin&gt; &amp; <mark>friends</mark>"]
    code_hit = library.search("points").hits[0]
    assert any("plot<mark>Points</mark>" in fragment for fragment in code_hit.highlights)
    assert hit.title == "Taylor series of sine" and hit.tags == ["calculus/taylor"] and hit.owner == "alice"


def test_suggestion_for_a_misspelt_word_only(library):
    result = library.search("tayler series")
    assert result.total == 0
    assert result.suggestion == "taylor series"
    assert library.search("sympy").suggestion is None
    assert library.search("calculsu").suggestion == "calculus"


@pytest.mark.parametrize("query, message", [
    ('"taylor series', "quotation mark"),
    ("(taylor OR sine", "never closed"),
    ("taylor)", "never opened"),
    ("foo:bar", 'Unknown field "foo:"'),
    ("tag: calculus", "needs a value"),
])
def test_bad_syntax_raises_a_clear_error(library, query, message):
    with pytest.raises(QuerySyntaxError, match=message) as error:
        library.search(query)
    assert str(error.value).endswith(".")


def test_colons_inside_quotes_are_text(library):
    assert library.search('"http://example.org"').total == 0


def test_paging_and_sorting(index):
    for n in range(25):
        index.update(snippet(f"s{n:02d}", title=f"matrix number {n}", day=n, rating=(n * 7) % 25, forks=n % 5))
    index.flush()
    pages = [index.search("matrix", sort="date", page=p, per_page=10) for p in (1, 2, 3, 4)]
    assert [r.total for r in pages] == [25, 25, 25, 25]
    assert [len(r.hits) for r in pages] == [10, 10, 5, 0]
    by_date = [hit.id for r in pages for hit in r.hits]
    assert by_date == [f"alice/s{n:02d}" for n in range(24, -1, -1)]
    ratings = [int(h.id[-2:]) * 7 % 25 for h in index.search("matrix", sort="rating", per_page=25).hits]
    assert ratings == sorted(ratings, reverse=True)
    forks = [int(h.id[-2:]) % 5 for h in index.search("matrix", sort="forks", per_page=25).hits]
    assert forks == sorted(forks, reverse=True)
    relevance = index.search("matrix", per_page=25).hits
    assert [h.score for h in relevance] == sorted((h.score for h in relevance), reverse=True)
    with pytest.raises(ValueError):
        index.search("matrix", sort="sideways")


def test_update_replaces_and_delete_removes(library):
    library.update(snippet("taylor", title="Maclaurin expansion", tags=["calculus"]))
    library.update(snippet("taylor", title="Maclaurin expansion, again", tags=["calculus"]))
    library.flush()
    assert library.doc_count() == 3
    assert ids(library.search("maclaurin")) == ["alice/taylor"]
    assert library.search("sine").total == 0
    library.delete("bob/limits")
    library.flush()
    assert library.doc_count() == 2
    assert library.search("sympy").total == 0
    assert library.tags(parent="calculus") == []


def test_tags_autocomplete_and_children_with_counts(library):
    library.update(snippet("more", tags=["calculus/limits/epsilon"]))
    library.flush()
    assert library.tags("calc") == [
        TagCount("calculus", 3), TagCount("calculus/limits", 2),
        TagCount("calculus/limits/epsilon", 1), TagCount("calculus/taylor", 1)]
    assert library.tags(parent="calculus") == [TagCount("calculus/limits", 2), TagCount("calculus/taylor", 1)]
    assert library.tags(parent="calculus", prefix="t") == [TagCount("calculus/taylor", 1)]
    assert library.tags("p") == [TagCount("plotting", 1), TagCount("plotting/2d", 1)]
    assert library.tags(limit=1) == [TagCount("calculus", 3)]


def test_more_like_this_prefers_shared_words_and_tags(library):
    library.update(snippet("taylor2", owner="carol", title="Taylor polynomials", tags=["calculus/taylor"],
                           code="def taylor_series(f, n):\n    pass\n"))
    library.flush()
    related = library.more_like_this("alice/taylor", limit=2)
    assert [hit.id for hit in related][0] == "carol/taylor2"
    assert "alice/taylor" not in [hit.id for hit in related]
    assert library.more_like_this("nobody/nothing") == []


def test_rebuild_replaces_everything(library):
    count = library.rebuild(snippet(f"r{n}", title="rebuilt vector") for n in range(30))
    assert count == 30
    assert library.doc_count() == 30
    assert library.search("sympy").total == 0
    assert library.search("vector").total == 30
    assert library.is_fresh(30) and not library.is_fresh(31)


def test_search_as_you_type_reads_the_last_word_as_a_prefix(library):
    assert library.search("taylor ser").total == 0
    assert ids(library.search("taylor ser", prefix_last=True)) == ["alice/taylor"]
    assert ids(library.search("plott", prefix_last=True)) == ["alice/circle"]
    assert library.search('"taylor ser"', prefix_last=True).total == 0  # a closed phrase stays a phrase
    library.update(snippet("orbit", title="Orbit of a moon", tags=["calculus"]))
    library.flush()
    assert library.search("tag:calculus or", prefix_last=True).total == 1
    assert library.search("tag:calculus OR", prefix_last=True).total == 0  # an operator is not a word
