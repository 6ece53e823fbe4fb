"""Lists the browse pages need beyond the plain snippet list: a user's own snippets
versus forks, and the tag cloud."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from snippets.models import Snippet
from snippets.services import snippets, tags
from snippets.services.paging import Page


def user_snippets(site, username: str, forked: bool, page: int, per_page: int) -> Page:
    """A user's snippets, either those they started (``forked=False``) or their forks; newest first."""
    stmt = snippets.filtered(snippets.ListQuery(owner=username))
    stmt = stmt.where(Snippet.forked_from_id.is_not(None) if forked else Snippet.forked_from_id.is_(None))
    with site.db.session() as session:
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = session.scalars(
            stmt.order_by(*snippets.SORTS["recent"]).offset((page - 1) * per_page).limit(per_page)
        ).all()
    return Page(list(rows), total, page, per_page)


@dataclass(frozen=True)
class CloudTag:
    name: str
    count: int
    weight: int  # 1 (least used) to 5 (most used)


def tag_cloud(site, limit: int = 40) -> list[CloudTag]:
    """The most used tags, alphabetically, each weighted by its use relative to the others."""
    counted = tags.list_tags(site, limit=limit)
    if not counted:
        return []
    most = max(t.count for t in counted)
    cloud = [CloudTag(t.name, t.count, 1 + round(4 * (t.count - 1) / max(most - 1, 1))) for t in counted]
    return sorted(cloud, key=lambda t: t.name)
