"""Fragments of a hit's text around the matched words, `<mark>`ed and HTML-escaped."""
from __future__ import annotations

import html

from whoosh.highlight import ContextFragmenter, Formatter, Highlighter, get_text
from whoosh.searching import Hit

HIGHLIGHT_FIELDS = ("blurb", "paths", "code")


class _MarkFormatter(Formatter):
    """Wraps matches in <mark>, escapes everything else, and keeps fragments apart."""

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False) -> str:
        return "<mark>" + html.escape(get_text(text, token, replace), quote=False) + "</mark>"

    def format(self, fragments, replace=False) -> list[str]:
        return [self.format_fragment(f, replace=replace).strip() for f in fragments]


_highlighter = Highlighter(fragmenter=ContextFragmenter(maxchars=160, surround=50),
                           formatter=_MarkFormatter())


def hit_highlights(hit: Hit, limit: int = 3) -> list[str]:
    fragments: list[str] = []
    for field in HIGHLIGHT_FIELDS:
        if len(fragments) >= limit:
            break
        fragments += _highlighter.highlight_hit(hit, field, top=limit - len(fragments))
    return fragments
