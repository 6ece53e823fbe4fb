"""Fragments of a hit's text around the matched words, `<mark>`ed and HTML-escaped.

The query's words are looked up once per search, and only the lines of a
hit that contain one of them are re-analyzed: re-tokenizing whole code
files for every hit would cost more than the search itself.
"""
from __future__ import annotations

import html

from whoosh.highlight import ContextFragmenter, Formatter, get_text, highlight
from whoosh.query import Query
from whoosh.searching import Searcher

HIGHLIGHT_FIELDS = ("blurb", "paths", "code")
_MAX_LINES = 12


class _MarkFormatter(Formatter):
    """Wraps matches in <mark>, escapes everything else, and keeps fragments apart."""

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False) -> str:
        return "<mark>" + html.escape(get_text(text, token, replace), quote=False) + "</mark>"

    def format(self, fragments, replace=False) -> list[str]:
        return [self.format_fragment(f, replace=replace).strip() for f in fragments]


_formatter = _MarkFormatter()
_fragmenter = ContextFragmenter(maxchars=160, surround=50)


class Highlights:
    """Highlights for the hits of one search."""

    def __init__(self, query: Query, searcher: Searcher) -> None:
        reader, schema = searcher.reader(), searcher.schema
        self._analyzers = {field: schema[field].analyzer for field in HIGHLIGHT_FIELDS}
        self._words = {
            field: frozenset(schema[field].from_bytes(text)
                             for _, text in query.existing_terms(reader, fieldname=field, expand=True))
            for field in HIGHLIGHT_FIELDS}

    def of(self, stored: dict, limit: int = 3) -> list[str]:
        fragments: list[str] = []
        for field in HIGHLIGHT_FIELDS:
            words = self._words[field]
            text = _lines_with_any(stored.get(field) or "", words) if words else ""
            if text and len(fragments) < limit:
                fragments += highlight(text, words, self._analyzers[field], _fragmenter, _formatter,
                                       top=limit - len(fragments), mode="index")
        return fragments


def _lines_with_any(text: str, words: frozenset[str]) -> str:
    kept = []
    for line in text.splitlines():
        lowered = line.lower()
        if any(word in lowered for word in words):
            kept.append(line)
            if len(kept) == _MAX_LINES:
                break
    return "\n".join(kept)
