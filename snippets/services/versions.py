"""Versions of a snippet: commit, history, files, contents and diffs."""

from __future__ import annotations

from dataclasses import dataclass

from repos import Changeset, EmptyCommit, FileInfo, HeadMoved, UnknownPath, UnknownRevision
from snippets import validation
from snippets.errors import Conflict, Invalid, NotFound
from snippets.models import Snippet, User
from snippets.services import indexing
from snippets.services.snippets import find, repo_key, require_owner, set_head


@dataclass(frozen=True)
class NewVersion:
    """A validated request for a new version."""

    parent: str
    files: dict[str, bytes]
    delete: list[str]
    message: str

    @classmethod
    def from_json(cls, data: dict, config) -> NewVersion:
        parent = validation.field(data, "parent", str, required=True)
        files = validation.files(
            data.get("files"), max_files=config.max_files, max_file_bytes=config.max_file_bytes, required=False
        )
        delete = validation.delete_list(data.get("delete"))
        if not files and not delete:
            raise Invalid("A new version must add, change or delete at least one file.")
        both = set(files) & set(delete)
        if both:
            raise Invalid(f"'{sorted(both)[0]}' cannot be both changed and deleted.")
        return cls(parent, files, delete, validation.message(data.get("message"), default="Update"))


def key(snippet: Snippet) -> tuple[str, str]:
    return repo_key(snippet.owner.username, snippet.name)


def add_version(site, user: User, owner: str, name: str, new: NewVersion) -> Changeset:
    """Commit on top of ``parent``; a stale parent is a 409 naming the head, and nothing is lost."""
    with site.db.session() as session:
        snippet = find(session, owner, name)
        require_owner(user, snippet)
    try:
        head = site.repos.commit(*key(snippet), new.parent, new.files, new.delete, new.message, user.username)
    except HeadMoved as moved:
        raise Conflict(
            "Someone committed first: your parent is not the current head; retry on the head.",
            head={"rev": moved.head.rev, "number": moved.head.number},
        ) from None
    except UnknownPath as error:
        raise Invalid(f"There is no file '{error.args[0] if error.args else '?'}' to delete in the parent version.") from None
    except EmptyCommit:
        raise Invalid("This version changes nothing.") from None
    except UnknownRevision:
        raise Conflict("The parent is not a version of this snippet.", head={"rev": snippet.head_rev, "number": snippet.head_number}) from None
    file_count = len(site.repos.files(*key(snippet), head.rev))
    with site.db.transaction() as session:
        row = session.get(Snippet, snippet.id)
        if row is not None and row.head_number < head.number:
            set_head(row, head, file_count)
    indexing.changed(site, snippet.id)
    return head


def resolve(site, snippet: Snippet, rev: str | None) -> Changeset:
    """A changeset of the snippet by node, prefix, number or 'tip'; 404 if unknown."""
    try:
        return site.repos.resolve(*key(snippet), rev or "tip")
    except UnknownRevision:
        raise NotFound(f"'{snippet.full_id}' has no version '{rev}'.") from None


def history(site, snippet: Snippet) -> list[Changeset]:
    return site.repos.log(*key(snippet))


def files(site, snippet: Snippet, rev: str | None = None) -> tuple[Changeset, list[FileInfo]]:
    changeset = resolve(site, snippet, rev)
    return changeset, site.repos.files(*key(snippet), changeset.rev)


def contents(site, snippet: Snippet, rev: str | None) -> tuple[Changeset, dict[str, bytes]]:
    """A version and all its files' bytes, read together (not one repository open per file)."""
    changeset = resolve(site, snippet, rev)
    return changeset, site.repos.contents(*key(snippet), changeset.rev)


def head_files(site, snippet: Snippet) -> list[FileInfo]:
    """The files of the head version, named by the node cached on the row (no lookup)."""
    return site.repos.files(*key(snippet), snippet.head_rev)


def first_version(snippet: Snippet, files: dict[str, bytes]) -> tuple[list[Changeset], list[FileInfo]]:
    """History and files of a snippet just created from ``files``, without reading them back."""
    head = Changeset(
        rev=snippet.head_rev,
        number=snippet.head_number,
        parents=[],
        author=snippet.head_author,
        date=snippet.head_date,
        message=snippet.head_message,
        files_changed=sorted(files),
    )
    return [head], [FileInfo(path, len(data)) for path, data in sorted(files.items())]


def read(site, snippet: Snippet, rev: str | None, path: str) -> bytes:
    changeset = resolve(site, snippet, rev)
    try:
        return site.repos.read(*key(snippet), changeset.rev, path)
    except UnknownPath:
        raise NotFound(f"Version {changeset.rev[:12]} of '{snippet.full_id}' has no file '{path}'.") from None


def diff(site, snippet: Snippet, rev_from: str | None, rev_to: str | None) -> str:
    old = resolve(site, snippet, rev_from) if rev_from else None
    new = resolve(site, snippet, rev_to)
    if old is None:
        old = resolve(site, snippet, new.parents[0]) if new.parents else new
    return site.repos.diff(*key(snippet), old.rev, new.rev)


def clone_app(site, snippet: Snippet):
    """The WSGI app that serves `hg clone`/`hg pull` of the snippet (read-only)."""
    from repos import clone_app as app

    return app(site.repos, *key(snippet), snippet.full_id)


def archive(site, snippet: Snippet, rev: str | None) -> tuple[Changeset, bytes]:
    changeset = resolve(site, snippet, rev)
    prefix = f"{snippet.name}-{changeset.rev[:12]}"
    return changeset, site.repos.archive_zip(*key(snippet), changeset.rev, prefix)
