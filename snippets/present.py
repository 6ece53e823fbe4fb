"""JSON shapes of API.md, in one place so pages and the API agree."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import url_for

from repos import Changeset, FileInfo
from snippets.highlight import language_for
from snippets.models import Comment, Snippet


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, as API.md asks."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def head(snippet: Snippet) -> dict[str, Any]:
    return {
        "rev": snippet.head_rev,
        "number": snippet.head_number,
        "message": snippet.head_message,
        "author": snippet.head_author,
        "date": iso(snippet.head_date),
    }


def summary(snippet: Snippet, forked_from: dict | None = None) -> dict[str, Any]:
    """What lists show: no repository is opened."""
    owner, name = snippet.owner.username, snippet.name
    return {
        "id": f"{owner}/{name}",
        "owner": owner,
        "name": name,
        "title": snippet.title,
        "blurb": snippet.blurb,
        "tags": [t.name for t in snippet.tags],
        "url": url_for("pages.snippet", owner=owner, name=name, _external=True),
        "created": iso(snippet.created),
        "updated": iso(snippet.updated),
        "head": head(snippet),
        "forked_from": forked_from,
        "forks_count": snippet.forks_count,
        "rating": {"average": snippet.rating_average, "count": snippet.rating_count},
        "files_count": snippet.file_count,
    }


def forked_from(snippet: Snippet) -> dict[str, Any] | None:
    source = snippet.forked_from
    if source is None:
        return None
    return {"id": source.full_id, "rev": snippet.forked_from_rev}


def file_info(info: FileInfo) -> dict[str, Any]:
    return {"path": info.path, "size": info.size, "language": language_for(info.path)}


def full(snippet: Snippet, files: list[FileInfo], credits, source: dict | None) -> dict[str, Any]:
    data = summary(snippet, source)
    data["files"] = [file_info(f) for f in files]
    data["cell"] = snippet.cell
    data["credits"] = {
        "author": credits.author,
        "contributors": credits.contributors,
        "committers": credits.committers,
    }
    return data


def changeset(cs: Changeset) -> dict[str, Any]:
    return {
        "rev": cs.rev,
        "number": cs.number,
        "parents": cs.parents,
        "author": cs.author,
        "date": iso(cs.date),
        "message": cs.message,
        "files_changed": cs.files_changed,
    }


def comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "author": c.author.username,
        "body": c.body,
        "rev": c.rev,
        "path": c.path,
        "line": c.line,
        "created": iso(c.created),
    }


def network_node(node) -> dict[str, Any]:
    s = node.snippet
    return {
        "id": s.full_id,
        "forked_from": s.forked_from.full_id if s.forked_from_id and s.forked_from else None,
        "forked_from_rev": s.forked_from_rev,
        "head": {"rev": s.head_rev, "date": iso(s.head_date), "message": s.head_message},
        "versions_ahead": node.versions_ahead,
        "owner": s.owner.username,
        "title": s.title,
    }
