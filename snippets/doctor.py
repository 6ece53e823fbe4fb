"""``snipcell doctor``: find (and repair) disagreements between SQL, disk and the index."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from snippets.models import Snippet
from snippets.services import indexing
from snippets.services.snippets import repo_key


@dataclass
class Report:
    repos_without_rows: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    rows_without_repos: list[str] = field(default_factory=list)
    index_count: int = 0
    sql_count: int = 0
    repaired: list[str] = field(default_factory=list)

    @property
    def index_stale(self) -> bool:
        return self.index_count != self.sql_count

    @property
    def healthy(self) -> bool:
        return not (self.repos_without_rows or self.rows_without_repos or self.index_stale or self.leftovers)

    def lines(self) -> list[str]:
        out = [f"repository without a row: {p}" for p in self.repos_without_rows]
        out += [f"row without a repository: {s}" for s in self.rows_without_repos]
        out += [f"unfinished repository operation left behind: {p}" for p in self.leftovers]
        if self.index_stale:
            out.append(f"search index holds {self.index_count} snippets, SQL {self.sql_count}")
        out += [f"repaired: {r}" for r in self.repaired]
        return out or ["healthy"]


def examine(site, repair: bool = False) -> Report:
    """Compare the three stores; with ``repair``, move orphan repos aside, drop dead rows, reindex."""
    report = Report()
    known = set()
    with site.db.session() as session:
        rows = list(session.scalars(select(Snippet)))
    for snippet in rows:
        path = site.repos.path_for(*repo_key(snippet.owner.username, snippet.name))
        known.add(path.resolve())
        if not path.is_dir():
            report.rows_without_repos.append(snippet.full_id)
    root = site.config.repos_root
    if root.is_dir():
        for path in sorted(root.glob("??/*")):
            if path.is_dir() and not path.name.startswith(".") and path.resolve() not in known:
                report.repos_without_rows.append(str(path.relative_to(root)))
    report.leftovers = [str(p.relative_to(root)) for p in site.repos.leftovers()]
    report.sql_count = len(rows) - len(report.rows_without_repos)
    report.index_count = site.search.doc_count()
    if repair:
        _repair(site, report)
    return report


def _repair(site, report: Report) -> None:
    for path in site.repos.remove_leftovers():
        report.repaired.append(f"removed {path.relative_to(site.config.repos_root)}")
    lost = site.config.instance / "lost+found" / time.strftime("%Y%m%d-%H%M%S")
    for relative in report.repos_without_rows:
        lost.mkdir(parents=True, exist_ok=True)
        shutil.move(str(site.config.repos_root / relative), lost / relative.replace("/", "-"))
        report.repaired.append(f"moved {relative} to {lost}")
    if report.rows_without_repos:
        with site.db.transaction() as session:
            for snippet in session.scalars(select(Snippet)):
                if snippet.full_id in report.rows_without_repos:
                    session.delete(snippet)
                    report.repaired.append(f"removed the row of {snippet.full_id}")
    if report.rows_without_repos or report.index_stale or report.repos_without_rows:
        count = indexing.reindex(site)
        report.repaired.append(f"reindexed {count} snippets")
