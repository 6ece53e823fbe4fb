"""Snippet documents for the search tests (imported by the other test_search_* modules)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from search import SnippetDoc

EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def snippet(name: str, *, owner: str = "alice", title: str = "", blurb: str = "", tags=(),
            paths=("main.py",), code: str = "", day: int = 0, rating: float = 0.0,
            forks: int = 0) -> SnippetDoc:
    return SnippetDoc(id=f"{owner}/{name}", owner=owner, name=name, title=title or name,
                      blurb=blurb, tags=list(tags), paths=list(paths), code=code,
                      created=EPOCH, updated=EPOCH + timedelta(days=day), rating=rating, forks=forks)
