"""Blurbs are Markdown written by users: rendered, then sanitized, so no script gets through."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")
_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "a", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=512)
def markdown_html(text: str) -> Markup:
    """Safe HTML for a blurb; links get rel="nofollow noopener"."""
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def plain_text(text: str, limit: int = 200) -> str:
    """The blurb without markup, shortened: for meta descriptions and cards."""
    words = " ".join(_TAGS.sub(" ", str(markdown_html(text))).split())
    words = Markup(words).unescape()
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
