"""Forks: copying a snippet with its history, the fork tree and the credits it implies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from repos import Changeset
from snippets import validation
from snippets.errors import Conflict
from snippets.models import Snippet, User
from snippets.services import snippets as snippet_service
from snippets.services.snippets import claim_name, find, get, repo_key
from snippets.services.versions import key


def fork(site, user: User, owner: str, name: str, new_name: str | None) -> Snippet:
    """A copy owned by ``user`` with the full history, remembering where it came from."""
    if new_name is not None:
        new_name = validation.snippet_name(new_name)
    with site.db.session() as session:
        source = find(session, owner, name)
    if source.owner_id == user.id and new_name is None:
        raise Conflict("You own this snippet; give the fork a new name.")
    def make_repo(candidate: str) -> Changeset:
        return site.repos.fork(*key(source), *repo_key(user.username, candidate))

    chosen, head = claim_name(site, user, new_name, source.name, make_repo)
    snippet = Snippet(
        owner_id=user.id,
        name=chosen,
        name_lower=chosen.lower(),
        title=source.title,
        blurb=source.blurb,
        cell=source.cell,
        forked_from_id=source.id,
        forked_from_rev=head.rev,
        root_id=source.root_id or source.id,
        thumbnail_png=source.thumbnail_png,
    )
    snippet_service.set_head(snippet, head, source.file_count)
    snippet_service.insert_or_remove_repo(site, snippet, user, [t.name for t in source.tags], repo_key(user.username, chosen))
    return get(site, user.username, chosen)


def direct_forks(site, owner: str, name: str) -> list[Snippet]:
    with site.db.session() as session:
        source = find(session, owner, name)
        return list(session.scalars(select(Snippet).where(Snippet.forked_from_id == source.id).order_by(Snippet.created)))


@dataclass(frozen=True)
class NetworkNode:
    snippet: Snippet
    versions_ahead: int


def network(site, owner: str, name: str) -> tuple[Snippet, list[NetworkNode]]:
    """Every snippet of the fork tree, newest activity first, with versions ahead of its parent."""
    with site.db.session() as session:
        snippet = find(session, owner, name)
        members = list(session.scalars(select(Snippet).where(Snippet.root_id == snippet.root_id)))
    by_id = {m.id: m for m in members}
    root = by_id.get(snippet.root_id) or snippet
    node_sets: dict[int, set[str]] = {}

    def nodes_of(member: Snippet) -> set[str]:
        if member.id not in node_sets:
            node_sets[member.id] = site.repos.nodes(*key(member))
        return node_sets[member.id]

    result = []
    for member in members:
        parent = by_id.get(member.forked_from_id) if member.forked_from_id else None
        ahead = len(nodes_of(member) - nodes_of(parent)) if parent else 0
        result.append(NetworkNode(member, ahead))
    result.sort(key=lambda n: n.snippet.head_date, reverse=True)
    return root, result


@dataclass(frozen=True)
class Credits:
    author: str
    contributors: list[str]
    committers: list[str]


def credits(site, snippet: Snippet, history: list[Changeset] | None = None) -> Credits:
    """Author: who made the first version. Committers: everyone with a changeset in this
    history. Contributors: committers and owners of forks that built on it, minus the author."""
    history = history if history is not None else site.repos.log(*key(snippet))
    committers = _unique(c.author for c in reversed(history))
    author = committers[0] if committers else snippet.owner.username
    with site.db.session() as session:
        fork_owners = session.scalars(
            select(User.username)
            .join(Snippet, Snippet.owner_id == User.id)
            .where(Snippet.forked_from_id == snippet.id, Snippet.head_rev != Snippet.forked_from_rev)
        ).all()
    contributors = [u for u in _unique([*committers, *fork_owners]) if u != author]
    return Credits(author, contributors, committers)


def _unique(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return list(seen)
