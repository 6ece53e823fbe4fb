"""Comments on a snippet, on a version, or on one line of one file of one version."""

from __future__ import annotations

from sqlalchemy import select

from snippets import validation
from snippets.errors import Invalid
from snippets.models import Comment, User
from snippets.services.snippets import find
from snippets.services.versions import read, resolve

MAX_BODY = 10_000


def add(site, user: User, owner: str, name: str, data: dict) -> Comment:
    """A comment made on ``rev`` (default: head); a line comment names path and line too."""
    body = validation.field(data, "body", str, required=True).strip()
    if not body:
        raise Invalid("The comment body is empty.")
    if len(body) > MAX_BODY:
        raise Invalid(f"Comments are at most {MAX_BODY} characters.")
    rev = validation.field(data, "rev", str)
    path = validation.field(data, "path", str)
    line = validation.field(data, "line", int)
    if (path is None) != (line is None):
        raise Invalid("A line comment names both 'path' and 'line'.")
    with site.db.session() as session:
        snippet = find(session, owner, name)
    changeset = resolve(site, snippet, rev)
    if path is not None:
        _check_line(site, snippet, changeset.rev, validation.file_path(path), line)
    comment = Comment(snippet_id=snippet.id, author_id=user.id, body=body, rev=changeset.rev, path=path, line=line)
    with site.db.transaction() as session:
        session.add(comment)
    with site.db.session() as session:
        return session.get(Comment, comment.id)


def _check_line(site, snippet, rev: str, path: str, line: int) -> None:
    text = read(site, snippet, rev, path).decode("utf-8", "replace")
    count = len(text.splitlines())
    if not 1 <= line <= count:
        raise Invalid(f"'{path}' has lines 1 to {count} in this version; there is no line {line}.")


def list_comments(site, owner: str, name: str, rev: str | None = None, path: str | None = None) -> list[Comment]:
    """Oldest first; ``rev`` narrows to comments made on that version."""
    with site.db.session() as session:
        snippet = find(session, owner, name)
        stmt = select(Comment).where(Comment.snippet_id == snippet.id)
        if rev:
            stmt = stmt.where(Comment.rev == resolve(site, snippet, rev).rev)
        if path:
            stmt = stmt.where(Comment.path == path)
        return list(session.scalars(stmt.order_by(Comment.created, Comment.id)))
