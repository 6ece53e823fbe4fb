"""Create, find, list, edit and delete snippets (SQL row + Mercurial repository)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from repos import Changeset, RepoExists
from snippets import validation
from snippets.errors import Conflict, Forbidden, NotFound
from snippets.models import Snippet, SnippetTag, Tag, User, utcnow
from snippets.services import indexing

SORTS = {
    "recent": (Snippet.updated.desc(), Snippet.id.desc()),
    "created": (Snippet.created.desc(), Snippet.id.desc()),
    "rating": (
        (Snippet.rating_sum * 1.0 / func.nullif(Snippet.rating_count, 0)).desc().nulls_last(),
        Snippet.rating_count.desc(),
        Snippet.id.desc(),
    ),
    "forks": (Snippet.forks_count.desc(), Snippet.updated.desc()),
    "title": (func.lower(Snippet.title), Snippet.id),
}


def repo_key(owner: str, name: str) -> tuple[str, str]:
    """Repositories are keyed case-insensitively, like the names they hold."""
    return owner.lower(), name.lower()


def find(session: Session, owner: str, name: str) -> Snippet:
    """The snippet ``owner/name`` (any case), or 404."""
    snippet = session.scalar(
        select(Snippet)
        .join(Snippet.owner)
        .where(User.username_lower == owner.lower(), Snippet.name_lower == name.lower())
    )
    if snippet is None:
        raise NotFound(f"There is no snippet '{owner}/{name}'.")
    return snippet


def get(site, owner: str, name: str) -> Snippet:
    with site.db.session() as session:
        return find(session, owner, name)


def require_owner(user: User, snippet: Snippet) -> None:
    if snippet.owner_id != user.id:
        raise Forbidden(f"Only {snippet.owner.username} may change '{snippet.full_id}'.")


@dataclass(frozen=True)
class NewSnippet:
    """A validated create request."""

    name: str | None
    title: str
    blurb: str
    cell: str
    tags: list[str]
    files: dict[str, bytes]
    message: str

    @classmethod
    def from_json(cls, data: dict, config) -> NewSnippet:
        title = validation.title(validation.field(data, "title", str, required=True))
        name = data.get("name")
        return cls(
            name=validation.snippet_name(name) if name is not None else None,
            title=title,
            blurb=validation.blurb(validation.field(data, "blurb", str, default="")),
            cell=validation.field(data, "cell", str, default=""),
            tags=validation.tags(data.get("tags")),
            files=validation.files(
                data.get("files"), max_files=config.max_files, max_file_bytes=config.max_file_bytes, required=True
            ),
            message=validation.message(data.get("message"), default=f"Create {title}"),
        )


def _candidate_names(name: str | None, title: str) -> Iterable[str]:
    """The requested name once, or the title's slug then slug-2, slug-3, ..."""
    if name is not None:
        yield name
        return
    base = validation.slugify(title)
    yield base
    for n in range(2, 10_000):
        yield f"{base[:95]}-{n}"


def _names_taken(site, owner: User, requested: str | None, title: str) -> set[str]:
    """The owner's names that the candidates could collide with, in one query."""
    stem = (requested or validation.slugify(title)[:95]).lower()
    with site.db.session() as session:
        return set(
            session.scalars(
                select(Snippet.name_lower).where(
                    Snippet.owner_id == owner.id, Snippet.name_lower.startswith(stem, autoescape=True)
                )
            )
        )


def claim_name(site, owner: User, requested: str | None, title: str, make_repo) -> tuple[str, Changeset]:
    """Create the repository under the first free name; repository first, then SQL."""
    taken = _names_taken(site, owner, requested, title)
    for name in _candidate_names(requested, title):
        if name.lower() not in taken:
            try:
                return name, make_repo(name)
            except RepoExists:
                pass  # a concurrent create won the name, or a repository without a row
        if requested is not None:
            raise Conflict(f"You already have a snippet named '{name}'.")
    raise Conflict("No free name is left for this title.")


def create(site, user: User, new: NewSnippet) -> Snippet:
    """A new snippet: the first commit in a new repository, then its SQL row."""
    def make_repo(name: str) -> Changeset:
        return site.repos.create(*repo_key(user.username, name), new.files, new.message, user.username)

    name, head = claim_name(site, user, new.name, new.title, make_repo)
    snippet = Snippet(
        owner_id=user.id,
        name=name,
        name_lower=name.lower(),
        title=new.title,
        blurb=new.blurb,
        cell=new.cell,
        created=head.date,
        updated=head.date,
    )
    set_head(snippet, head, len(new.files))
    insert_or_remove_repo(site, snippet, user, new.tags, repo_key(user.username, name))
    return get(site, user.username, name)


def insert_or_remove_repo(site, snippet: Snippet, owner: User, tags: list[str], key: tuple[str, str]) -> None:
    """Insert the row; if SQL fails the repository goes too, so nothing is half made."""
    try:
        with site.db.transaction() as session:
            session.add(snippet)
            session.flush()
            if snippet.root_id is None:
                snippet.root_id = snippet.id
            set_tags(session, snippet, tags)
            if snippet.forked_from_id is not None:
                parent = session.get(Snippet, snippet.forked_from_id)
                parent.forks_count += 1
        indexing.changed(site, snippet.id)
        if snippet.forked_from_id is not None:
            indexing.changed(site, snippet.forked_from_id)
    except BaseException as error:
        site.repos.delete(*key)
        if isinstance(error, IntegrityError):
            raise Conflict(f"'{owner.username}/{snippet.name}' was created at the same moment; try again.") from None
        raise


def set_head(snippet: Snippet, head: Changeset, file_count: int) -> None:
    """Cache the head changeset on the row so lists never open repositories."""
    snippet.head_rev = head.rev
    snippet.head_number = head.number
    snippet.head_message = head.message
    snippet.head_author = head.author
    snippet.head_date = head.date
    snippet.file_count = file_count
    snippet.updated = max(head.date, utcnow())


def set_tags(session: Session, snippet: Snippet, names: list[str]) -> None:
    """Replace the snippet's tags, creating the tags that don't exist yet."""
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    for name in names:
        if name not in existing:
            existing[name] = Tag(name=name)
            session.add(existing[name])
    session.flush()
    session.query(SnippetTag).filter(SnippetTag.snippet_id == snippet.id).delete()
    session.add_all(SnippetTag(snippet_id=snippet.id, tag_id=existing[n].id) for n in names)


def update(site, user: User, owner: str, name: str, data: dict) -> Snippet:
    """PATCH: title, blurb, cell and tags; the repository is untouched."""
    with site.db.transaction() as session:
        snippet = find(session, owner, name)
        require_owner(user, snippet)
        if "title" in data:
            snippet.title = validation.title(data["title"])
        if "blurb" in data:
            snippet.blurb = validation.blurb(data["blurb"])
        if "cell" in data:
            snippet.cell = validation.field(data, "cell", str, default="")
        if "tags" in data:
            set_tags(session, snippet, validation.tags(data["tags"]))
        snippet.updated = utcnow()
        snippet_id = snippet.id
    indexing.changed(site, snippet_id)
    return get(site, owner, name)


def delete(site, user: User, owner: str, name: str) -> None:
    """Remove the row, then the repository; forks of it keep their own history."""
    with site.db.transaction() as session:
        snippet = find(session, owner, name)
        require_owner(user, snippet)
        snippet_id, key = snippet.id, repo_key(snippet.owner.username, snippet.name)
        if snippet.forked_from_id is not None:
            parent = session.get(Snippet, snippet.forked_from_id)
            parent.forks_count = max(0, parent.forks_count - 1)
        session.delete(snippet)
    site.repos.delete(*key)
    indexing.removed(site, f"{owner}/{name}", snippet_id)


@dataclass(frozen=True)
class ListQuery:
    q: str = ""
    tag: str | None = None
    owner: str | None = None
    sort: str = "recent"
    page: int = 1
    per_page: int = 20


def filtered(query: ListQuery) -> Select:
    stmt = select(Snippet).join(Snippet.owner)
    if query.owner:
        stmt = stmt.where(User.username_lower == query.owner.lower())
    if query.tag:
        under = select(SnippetTag.snippet_id).join(Tag).where(
            or_(Tag.name == query.tag, Tag.name.startswith(query.tag + "/", autoescape=True))
        )
        stmt = stmt.where(Snippet.id.in_(under))
    if query.q:
        like = f"%{query.q}%"
        stmt = stmt.where(or_(Snippet.title.ilike(like), Snippet.blurb.ilike(like), Snippet.name.ilike(like)))
    return stmt


def list_snippets(site, query: ListQuery) -> tuple[list[Snippet], int]:
    """One page of snippets and the total matching."""
    stmt = filtered(query)
    with site.db.session() as session:
        total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        rows = session.scalars(
            stmt.order_by(*SORTS[query.sort]).offset((query.page - 1) * query.per_page).limit(query.per_page)
        ).all()
    return list(rows), total or 0
