"""One page of a longer list, with what the prev/next links need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from snippets import validation

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def first_number(self) -> int:
        """The 1-based position of the first item shown."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0


def page_args(args, default_per_page: int = 20, max_page: int = 10_000) -> tuple[int, int]:
    """``page`` and ``per_page`` from a query string, validated (bad values are a 400)."""
    page = validation.positive_int(args.get("page"), "page", default=1, maximum=max_page)
    per_page = validation.positive_int(args.get("per_page"), "per_page", default=default_per_page, maximum=MAX_PER_PAGE)
    return page, per_page
