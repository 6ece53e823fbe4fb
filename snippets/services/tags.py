"""Tags: autocomplete and hierarchy come from the search index's tag counts."""

from __future__ import annotations


def list_tags(site, prefix: str = "", parent: str | None = None, limit: int = 50) -> list:
    """Tags starting with ``prefix`` or the direct children of ``parent``, with snippet counts."""
    return site.search.tags(prefix=prefix, parent=parent, limit=limit)


def ancestors(tag: str) -> list[str]:
    """``a/b/c`` -> ``['a', 'a/b', 'a/b/c']``: the breadcrumb of a tag page."""
    parts = tag.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
