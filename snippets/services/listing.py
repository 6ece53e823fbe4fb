"""A file as highlighted lines, so the page can put line comments right under their line."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers.special import TextLexer

from snippets.highlight import MAX_HIGHLIGHT_BYTES, _lexer_for

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def highlighted_lines(path: str, text: str) -> tuple[Markup, ...]:
    """One balanced HTML fragment per line (Pygments closes its spans at each line end)."""
    lexer = _lexer_for(path) if len(text) <= MAX_HIGHLIGHT_BYTES else TextLexer(stripnl=False)
    html = pygments_highlight(text, lexer, _FORMATTER)
    lines = html.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(Markup(line) for line in lines) or (Markup(""),)


def line_anchor(path: str, line: int) -> str:
    """The fragment of one line of one file, stable across versions: ``main.py-L12``."""
    return f"{path}-L{line}"
