"""Pygments: language names and highlighted, line-anchored HTML, cached per content."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_for_filename
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

MAX_HIGHLIGHT_BYTES = 300_000


@lru_cache(maxsize=1024)
def _lexer_for(path: str):
    try:
        return get_lexer_for_filename(path, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def language_for(path: str) -> str:
    """The language's name as Pygments knows it (``Python``, ``Text only``...)."""
    return _lexer_for(path).name


@lru_cache(maxsize=512)
def highlight(path: str, text: str, anchor_prefix: str) -> Markup:
    """HTML table of the file with line numbers; line N is the anchor ``<prefix>-N``."""
    lexer = _lexer_for(path)
    if len(text) > MAX_HIGHLIGHT_BYTES:
        lexer = TextLexer(stripnl=False)
    formatter = HtmlFormatter(
        linenos="table",
        lineanchors=anchor_prefix,
        anchorlinenos=True,
        linespans=f"{anchor_prefix}-line",
        cssclass="highlight",
        wrapcode=True,
    )
    return Markup(pygments_highlight(text, lexer, formatter))


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The colours for highlighted code, served as one CSS file."""
    return HtmlFormatter(style="default").get_style_defs(".highlight")
