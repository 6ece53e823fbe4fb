"""Search at scale: indexing rate and query latency of SearchIndex beside bare Whoosh.

    .venv/bin/python bench/bench_search.py --size 100000

Generates a synthetic corpus in memory (titles and blurbs from a
vocabulary, 2-3 hierarchical tags, 20-60 lines of Python-like code), times
SearchIndex.rebuild of it (one process per core, as `snipcell reindex`)
beside Whoosh's stock writer and analyzers on the same documents, then
times a mix of queries through SearchIndex.search (parsing, filters, exact
total, highlights, suggestion) beside Whoosh alone answering the same
parsed query the stock way (filter intersected, top 20, exact count), and
the same search with the search page's facets.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.index import create_in  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402
from whoosh.query import And, Term  # noqa: E402

from search import SearchIndex, SnippetDoc  # noqa: E402
from search.index import rebuild_memory_mb  # noqa: E402
from search.queries import QueryParser as SnippetQueryParser  # noqa: E402

MATH = ("taylor series limit derivative integral matrix vector eigen prime factor sum product "
        "polynomial root plot circle sine cosine fourier transform graph tree sort random "
        "probability gauss newton euler fibonacci gamma zeta spline curve surface").split()
TAG_TREE = {top: [f"{top}/{sub}" for sub in subs] for top, subs in {
    "calculus": ["limits", "taylor", "integrals", "derivatives"],
    "algebra": ["linear", "groups", "rings", "polynomials"],
    "plotting": ["2d", "3d", "animation"],
    "numbers": ["primes", "sequences", "combinatorics"],
    "statistics": ["probability", "regression"],
    "physics": ["mechanics", "waves", "optics"],
    "teaching": ["intro", "exercises"],
}.items()}
KEYWORDS = ("def", "return", "for", "in", "if", "else", "import", "from", "print", "range", "len")


class Corpus:
    """Words and identifiers drawn with Zipf frequencies, as in real prose and code."""

    def __init__(self, rng: random.Random, words: int = 3000, identifiers: int = 8000) -> None:
        syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "be", "so", "di", "fa", "po", "zi", "gu", "ve", "ra"]
        vocab = set(MATH)
        while len(vocab) < words:
            vocab.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
        self.rng = rng
        # Frequency ranks: MATH words sit among the mid-frequency words, as
        # topic words do; the most frequent ranks are filler.
        self.vocab = sorted(vocab - set(MATH))
        for word in MATH:
            self.vocab.insert(rng.randint(50, 1500), word)
        self._word_weights = _zipf_weights(len(self.vocab))
        pool = set()
        while len(pool) < identifiers:
            a, b = self.word(), self.word()
            pool.add(f"{a}_{b}" if rng.random() < 0.6 else a + b.capitalize())
        self.identifiers = sorted(pool)
        rng.shuffle(self.identifiers)
        self._identifier_weights = _zipf_weights(len(self.identifiers))

    def word(self) -> str:
        return self.rng.choices(self.vocab, cum_weights=self._word_weights)[0]

    def words(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.rng.choices(self.vocab, cum_weights=self._word_weights, k=count))

    def identifier(self) -> str:
        return self.rng.choices(self.identifiers, cum_weights=self._identifier_weights)[0]


def _zipf_weights(size: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank
        cumulative.append(total)
    return cumulative


def make_doc(corpus: Corpus, number: int, start: datetime) -> SnippetDoc:
    rng, word, identifier = corpus.rng, corpus.word, corpus.identifier
    lines = []
    for _ in range(rng.randint(20, 60)):
        kind = rng.random()
        if kind < 0.15:
            lines.append(f"def {identifier()}({word()}, n=10):")
        elif kind < 0.3:
            lines.append(f"    for {rng.choice('ijk')} in range({rng.randint(1, 99)}):")
        elif kind < 0.4:
            lines.append(f"    # {corpus.words(3, 8)}")
        else:
            lines.append(f"    {identifier()} = {identifier()}({word()}) + {rng.randint(0, 9)}")
    tops = rng.sample(list(TAG_TREE), rng.randint(2, 3))
    tags = [rng.choice(TAG_TREE[t]) if rng.random() < 0.8 else t for t in tops]
    owner = f"user{rng.randint(1, 2000)}"
    created = start + timedelta(minutes=number)
    return SnippetDoc(
        id=f"{owner}/snippet-{number}", owner=owner, name=f"snippet-{number}",
        title=corpus.words(3, 7).capitalize(), blurb=corpus.words(10, 30), tags=tags,
        paths=[f"{word()}.py"] + (["data/values.csv"] if rng.random() < 0.2 else []),
        code="\n".join(lines), created=created, updated=created + timedelta(days=rng.randint(0, 30)),
        rating=round(rng.uniform(1, 5), 2), forks=rng.randint(0, 50))


KINDS = 7


def query_mix(corpus: Corpus, count: int) -> list[tuple[str, dict]]:
    """(query string, search keyword arguments): words, phrase, tag filter, fields, prefix."""
    rng, vocab = corpus.rng, corpus.vocab[20:1000]  # from common to rarer words
    makers = [
        lambda: (rng.choice(MATH), {}),
        lambda: (f"{rng.choice(MATH)} {rng.choice(vocab)}", {}),
        lambda: (f'"{rng.choice(vocab)} {rng.choice(vocab)}"', {}),
        lambda: (rng.choice(vocab), {"tag": rng.choice(list(TAG_TREE))}),
        lambda: (f"title:{rng.choice(vocab)}", {}),
        lambda: (f"code:{rng.choice(vocab)} tag:{rng.choice(list(TAG_TREE))}", {}),
        lambda: (f"{rng.choice(MATH)[:4]}*", {"sort": "rating"}),
    ]
    assert len(makers) == KINDS
    return [makers[i % len(makers)]() for i in range(count)]


def bare_indexing_rate(folder: Path, docs: list[SnippetDoc]) -> float:
    """The same documents into Whoosh's stock analyzers and writer, one process, one commit."""
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True), blurb=TEXT(stored=True),
                    code=TEXT(stored=True))
    folder.mkdir()
    writer = create_in(str(folder), schema).writer(procs=1, limitmb=rebuild_memory_mb())
    began = time.perf_counter()
    for doc in docs:
        writer.add_document(id=doc.id, title=doc.title, blurb=doc.blurb, code=doc.code)
    writer.commit()
    return len(docs) / (time.perf_counter() - began)


def whoosh_alone(searcher, query, kwargs: dict) -> int:
    """What SearchIndex.search asks of Whoosh, the stock way: filters intersected, top 20, exact count."""
    if kwargs.get("tag"):
        query = And([query, Term("under", kwargs["tag"])])
    sortedby = {"rating": "rating"}.get(kwargs.get("sort", ""))
    return len(searcher.search(query, limit=20, sortedby=sortedby, reverse=sortedby is not None))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed_ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--size", type=int, default=100_000, help="snippets in the corpus")
    options.add_argument("--queries", type=int, default=700, help="queries of the mix to time")
    options.add_argument("--procs", type=int, default=os.cpu_count() or 1,
                         help="indexing processes, as `snipcell reindex` uses (one per core)")
    args = options.parse_args()

    corpus = Corpus(random.Random(42))
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    began = time.perf_counter()
    docs = [make_doc(corpus, n, start) for n in range(args.size)]
    print(f"generated {len(docs)} snippets in {time.perf_counter() - began:.1f} s (not counted below)")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        index = SearchIndex(Path(folder) / "index")
        began = time.perf_counter()
        count = index.rebuild(docs, procs=args.procs)
        seconds = time.perf_counter() - began
        print(f"SearchIndex.rebuild, {args.procs} processes: {count} snippets in {seconds:.1f} s: "
              f"{count / seconds:,.0f} snippets/s")

        bare_rate = bare_indexing_rate(Path(folder) / "bare", docs)
        print(f"bare Whoosh indexing (id + title/blurb/code as stock TEXT fields): {bare_rate:,.0f} snippets/s; "
              f"ratio {count / seconds / bare_rate:.2f}x")
        del docs

        mix = query_mix(corpus, args.queries)
        bare_parser = QueryParser("title", index.schema)
        snippet_parser = SnippetQueryParser(index.schema)
        with index._ix.searcher() as bare_searcher:  # the baseline: Whoosh alone
            for q, kwargs in mix[:20]:  # warm both paths
                index.search(q, **kwargs)
                bare_searcher.search(bare_parser.parse(q), limit=20)
            ours, bare, same, totals, kinds = [], [], [], [], {}
            for number, (q, kwargs) in enumerate(mix):
                ours.append(timed_ms(lambda: totals.append(index.search(q, **kwargs).total)))
                parsed = bare_parser.parse(q)
                bare.append(timed_ms(lambda: bare_searcher.search(parsed, limit=20)))
                fielded = snippet_parser.parse(q)
                same.append(timed_ms(lambda: whoosh_alone(bare_searcher, fielded, kwargs)))
                kinds.setdefault(number % KINDS, []).append((ours[-1], same[-1]))
            facets = [timed_ms(lambda: index.search(q, facets=12, **kwargs)) for q, kwargs in mix[::5]]
        index.close()

    print(f"{len(mix)} queries, median {statistics.median(totals):.0f} matches each")
    for kind, times in sorted(kinds.items()):
        example = mix[kind][0] + "".join(f" {k}={v}" for k, v in mix[kind][1].items())
        print(f"  {example:40s} p50 {statistics.median(t[0] for t in times):6.2f} ms, "
              f"Whoosh alone {statistics.median(t[1] for t in times):6.2f} ms")
    for label, values in (("SearchIndex.search", ours),
                          ("Whoosh alone, same query and filter, top 20 + exact count", same),
                          ("bare Whoosh, query parsed on the title field, top 20", bare)):
        print(f"{label:58s} p50 {percentile(values, 0.5):6.2f} ms  p99 {percentile(values, 0.99):6.2f} ms")
    print(f"{'SearchIndex.search with facets=12 (every 5th query)':58s} p50 {percentile(facets, 0.5):6.2f} ms  "
          f"p99 {percentile(facets, 0.99):6.2f} ms")
    print(f"ratio p50 {percentile(ours, 0.5) / percentile(same, 0.5):.1f}x the same query in bare Whoosh, "
          f"{percentile(ours, 0.5) / percentile(bare, 0.5):.1f}x the title query")


if __name__ == "__main__":
    main()
