"""Ratings: one per user per snippet; a new one replaces the old."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from snippets.errors import Invalid
from snippets.models import Rating, Snippet, User, utcnow
from snippets.services import indexing
from snippets.services.snippets import find


@dataclass(frozen=True)
class RatingSummary:
    average: float
    count: int
    mine: int | None


def rate(site, user: User, owner: str, name: str, stars) -> RatingSummary:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Invalid("'stars' must be a whole number from 1 to 5.")
    with site.db.transaction() as session:
        snippet = find(session, owner, name)
        rating = session.get(Rating, (snippet.id, user.id))
        if rating is None:
            session.add(Rating(snippet_id=snippet.id, user_id=user.id, stars=stars))
        else:
            rating.stars, rating.updated = stars, utcnow()
        session.flush()
        total, count = session.execute(
            select(func.coalesce(func.sum(Rating.stars), 0), func.count()).where(Rating.snippet_id == snippet.id)
        ).one()
        snippet.rating_sum, snippet.rating_count = total, count
        snippet_id = snippet.id
    indexing.changed(site, snippet_id)
    return RatingSummary(round(total / count, 2) if count else 0.0, count, stars)


def summary(site, snippet: Snippet, user: User | None) -> RatingSummary:
    mine = None
    if user is not None:
        with site.db.session() as session:
            rating = session.get(Rating, (snippet.id, user.id))
            mine = rating.stars if rating else None
    return RatingSummary(snippet.rating_average, snippet.rating_count, mine)
