"""Loads the demo corpus (snippets/demo/) into an empty instance, through the services."""

from __future__ import annotations

import json
from pathlib import Path

from snippets.services import comments, forks, ratings, snippets, users, versions

DEMO = Path(__file__).parent / "demo"


def _read_folder(folder: Path) -> tuple[dict, dict[str, str]]:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    files = {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "meta.json" and "__pycache__" not in p.parts
    }
    return meta, files


def load_demo(site, root: Path = DEMO) -> int:
    """Create the demo users, snippets, forks, versions, comments and ratings; 0 if users exist."""
    with site.db.session() as session:
        from sqlalchemy import func, select

        from snippets.models import User

        if session.scalar(select(func.count()).select_from(User)):
            return 0
    people = {}
    for person in json.loads((root / "users.json").read_text("utf-8")):
        people[person["username"]] = users.create_user(site, person["username"], person["password"], person.get("email"))
    first_revs: dict[str, str] = {}
    count = 0
    for folder in sorted(p for p in (root / "snippets").iterdir() if (p / "meta.json").is_file()):
        meta, files = _read_folder(folder)
        new = snippets.NewSnippet.from_json({**meta, "files": files}, site.config)
        created = snippets.create(site, people[meta["owner"]], new)
        first_revs[created.full_id] = created.head_rev
        count += 1
    _load_activity(site, people, json.loads((root / "activity.json").read_text("utf-8")), first_revs)
    return count


def make_thumbnails(site, timeout: float = 120.0) -> int:
    """Run every snippet's cell once on the device; the first image it shows becomes its thumbnail."""
    import time

    from sqlalchemy import select

    from snippets.models import Snippet
    from snippets.services import computations

    with site.db.session() as session:
        wanted = session.execute(select(Snippet.id, Snippet.cell).where(Snippet.thumbnail_png.is_(None))).all()
    site.start_device()
    started = []
    for snippet_id, cell in wanted:
        with site.db.session() as session:
            full_id = session.get(Snippet, snippet_id).full_id
        started.append(computations.create(site, {"code": cell or "", "snippet": full_id}).id)
    deadline = time.monotonic() + timeout
    for computation_id in started:
        done = False
        while not done and time.monotonic() < deadline:
            _, done = computations.messages(site, computation_id, 0, 5)
    with site.db.session() as session:
        return sum(1 for snippet_id, _ in wanted if session.get(Snippet, snippet_id).thumbnail_png)


def _commit(site, user, snippet_id: str, version: dict) -> None:
    owner, name = snippet_id.split("/")
    current = snippets.get(site, owner, name)
    new = versions.NewVersion.from_json({"parent": current.head_rev, **version}, site.config)
    versions.add_version(site, user, owner, name, new)


def _load_activity(site, people: dict, activity: dict, first_revs: dict[str, str]) -> None:
    for version in activity.get("versions", []):
        owner = version["snippet"].split("/")[0]
        _commit(site, people[owner], version["snippet"], {k: v for k, v in version.items() if k != "snippet"})
    for spec in activity.get("forks", []):
        owner, name = spec["from"].split("/")
        fork = forks.fork(site, people[spec["owner"]], owner, name, spec.get("name"))
        first_revs.setdefault(fork.full_id, fork.head_rev)
        for version in spec.get("versions", []):
            _commit(site, people[spec["owner"]], fork.full_id, version)
    for spec in activity.get("comments", []):
        owner, name = spec["snippet"].split("/")
        rev = first_revs.get(spec["snippet"]) if spec.get("version") == "first" else None
        body = {"body": spec["body"], "rev": rev, "path": spec.get("path"), "line": spec.get("line")}
        comments.add(site, people[spec["author"]], owner, name, body)
    for spec in activity.get("ratings", []):
        owner, name = spec["snippet"].split("/")
        ratings.rate(site, people[spec["user"]], owner, name, spec["stars"])
