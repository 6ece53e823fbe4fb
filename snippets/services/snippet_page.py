"""Everything the snippet page shows, gathered in one place so the view stays thin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from repos import Changeset
from snippets.highlight import language_for
from snippets.models import Comment, Snippet, User
from snippets.services import comments, forks, ratings, searching, snippets, versions
from snippets.services.listing import highlighted_lines, line_anchor
from snippets.services.markup import markdown_html, plain_text


@dataclass(frozen=True)
class ShownFile:
    path: str
    size: int
    language: str
    lines: tuple[Markup, ...]
    line_comments: dict[int, list[Comment]]

    def anchor(self, line: int) -> str:
        return line_anchor(self.path, line)


@dataclass
class NetworkBranch:
    """One fork in the tree, with its forks under it, newest activity first."""

    node: forks.NetworkNode
    children: list[NetworkBranch] = field(default_factory=list)


@dataclass(frozen=True)
class ShownComment:
    comment: Comment
    version_number: int | None  # None: the version is not in this snippet's history
    on_shown_version: bool
    older: bool


@dataclass(frozen=True)
class SnippetPage:
    snippet: Snippet
    changeset: Changeset
    at_head: bool
    blurb_html: Markup
    description: str
    files: list[ShownFile]
    history: list[Changeset]
    credits: forks.Credits
    rating: ratings.RatingSummary
    discussion: list[ShownComment]
    network: NetworkBranch | None
    activity: list[forks.NetworkNode]
    related: list
    related_tags: list[str]


def build(site, owner: str, name: str, rev: str | None, user: User | None) -> SnippetPage:
    snippet = snippets.get(site, owner, name)
    changeset, files_data = versions.contents(site, snippet, rev)
    history = versions.history(site, snippet)
    all_comments = comments.list_comments(site, owner, name)
    inline = [c for c in all_comments if c.rev == changeset.rev and c.path is not None]
    files = [_shown_file(path, data, inline) for path, data in files_data.items()]
    shown_paths = {f.path for f in files}
    numbers = {c.rev: c.number for c in history}
    discussion = [
        ShownComment(c, numbers.get(c.rev), c.rev == changeset.rev, numbers.get(c.rev, -1) < changeset.number)
        for c in all_comments
        if not (c.rev == changeset.rev and c.path in shown_paths)
    ]
    network, activity = _network(site, snippet)
    related = searching.related(site, snippet.full_id)
    own_tags = {t.name for t in snippet.tags}
    tag_counts = Counter(t for hit in related for t in hit.tags if t not in own_tags)
    return SnippetPage(
        snippet=snippet,
        changeset=changeset,
        at_head=changeset.rev == snippet.head_rev,
        blurb_html=markdown_html(snippet.blurb),
        description=plain_text(snippet.blurb) or snippet.title,
        files=files,
        history=history,
        credits=forks.credits(site, snippet, history),
        rating=ratings.summary(site, snippet, user),
        discussion=discussion,
        network=network,
        activity=activity,
        related=related,
        related_tags=[t for t, _ in tag_counts.most_common(8)],
    )


def _shown_file(path: str, data: bytes, inline: list[Comment]) -> ShownFile:
    text = data.decode("utf-8", "replace")
    by_line: dict[int, list[Comment]] = {}
    for c in inline:
        if c.path == path:
            by_line.setdefault(c.line, []).append(c)
    return ShownFile(path, len(data), language_for(path), highlighted_lines(path, text), by_line)


def _network(site, snippet: Snippet) -> tuple[NetworkBranch | None, list[forks.NetworkNode]]:
    """The fork tree and the latest activity on other forks; nothing is opened for a lone snippet."""
    if snippet.forked_from_id is None and snippet.forks_count == 0:
        return None, []
    root, nodes = forks.network(site, snippet.owner.username, snippet.name)
    branches = {n.snippet.id: NetworkBranch(n) for n in nodes}
    for node in nodes:  # newest first, so children lists come out newest first
        parent = branches.get(node.snippet.forked_from_id) if node.snippet.forked_from_id else None
        if parent is not None:
            parent.children.append(branches[node.snippet.id])
    tree = branches.get(root.id)
    activity = [n for n in nodes if n.snippet.id != snippet.id][:6]
    return tree, activity
