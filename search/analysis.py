"""Analyzers that make identifiers and file names findable by their parts.

`taylor_series` is indexed as `taylor_series`, `taylor`, `series`; `plotPoints`
as `plotpoints`, `plot`, `points`; `src/plot_utils.py` as `src`, `plot_utils.py`,
`plot`, `utils`, `py`. Parts take consecutive positions so that the phrase
"taylor series" also finds `taylor_series`. Queries are analyzed without
splitting, so `taylor_series` in a query only finds the whole identifier.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token

_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


class SubwordFilter(Filter):
    """Yields each token whole, then (when indexing) its identifier parts, lower-cased."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for t in tokens:
            whole, start = t.text, getattr(t, "startchar", 0)
            parts = [] if t.mode == "query" else list(_PART.finditer(whole))
            if t.positions:
                t.pos += shift
            t.text = whole.lower()
            yield t
            if len(parts) < 2:
                continue
            base_pos = t.pos if t.positions else 0
            for i, part in enumerate(parts):
                t.text = part.group(0).lower()
                if t.positions:
                    t.pos = base_pos + i
                if t.chars:
                    t.startchar, t.endchar = start + part.start(), start + part.end()
                yield t
            shift += len(parts) - 1


def code_analyzer():
    """Words and identifiers of source code, split into their parts."""
    return RegexTokenizer(r"\w+") | SubwordFilter()


def text_analyzer():
    """Prose (titles, blurbs): like code, minus English stop words."""
    return RegexTokenizer(r"\w+(?:[.'-]\w+)*") | SubwordFilter() | StopFilter(renumber=False)


def path_analyzer():
    """File paths: every folder or file name whole, and its parts."""
    return RegexTokenizer(r"[^/\s]+") | SubwordFilter() | LowercaseFilter()
