"""Screenshots of the main pages, desktop and phone, into test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from snippets.demo import load_demo
from snippets.models import Comment, Snippet
from tests.browser.conftest import ARTIFACTS

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
DEMO_OWNER, DEMO_PASSWORD = "ada", "demo-ada-analytical-engine"


@pytest.fixture(scope="module")
def demo(pages_server):
    """The demo corpus, and its busiest snippet (line comments first, then forks)."""
    site = pages_server.site
    load_demo(site)
    site.indexer.flush()
    with site.db.session() as session:
        commented = session.scalar(select(Comment.snippet_id).where(Comment.line.is_not(None)).limit(1))
        busiest = session.get(Snippet, commented) if commented else session.scalars(
            select(Snippet).order_by(Snippet.forks_count.desc())
        ).first()
        owned = session.scalars(select(Snippet).join(Snippet.owner).where(Snippet.owner.has(username=DEMO_OWNER))).first()
        most_versions = session.scalars(select(Snippet).order_by(Snippet.head_number.desc())).first()
        first_tag = busiest.tags[0].name.split("/")[0] if busiest.tags else "calculus"
        return {"snippet": busiest.full_id, "owned": owned.full_id, "tag": first_tag, "versions": most_versions.full_id}


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_the_main_pages(page, pages_server, demo, size, console_errors):
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    base = pages_server.url
    page.set_viewport_size(SIZES[size])
    anonymous = {
        "home": "/",
        "snippet": f"/{demo['snippet']}",
        "diff": f"/{demo['versions']}/diff",
        "tag": f"/tags/{demo['tag']}",
        "search": "/search?q=prime",
        "login": "/login",
    }
    for name, path in anonymous.items():
        page.goto(base + path)
        page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
    page.goto(base + "/login")
    page.get_by_label("Username").fill(DEMO_OWNER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    for name, path in {"new": "/new", "edit": f"/{demo['owned']}/edit", "snippet-logged-in": f"/{demo['snippet']}"}.items():
        page.goto(base + path)
        page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
    assert sorted(p.name for p in out.glob(f"*-{size}.png")) == sorted(
        f"{n}-{size}.png" for n in [*anonymous, "new", "edit", "snippet-logged-in"]
    )
    assert console_errors == []
