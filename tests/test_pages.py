"""The server-rendered pages through Flask's test client: real repositories, real SQL, real index."""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from snippets.models import Snippet
from snippets.services.diffs import parse
from snippets.services.markup import markdown_html, plain_text

PASSWORD = "correct horse"


class Browser:
    """A test client that uses the HTML forms, CSRF token included, like a person would."""

    def __init__(self, client) -> None:
        self.client = client

    def csrf(self) -> str:
        """The session's token: in the page head once logged in, in the login form before."""
        found = re.search(r'name="csrf-token" content="([^"]+)"', self.client.get("/").data.decode())
        if found is None:
            found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/login").data.decode())
        return found.group(1)

    def post(self, url: str, data: dict | list, **kwargs):
        items = list(data.items()) if isinstance(data, dict) else list(data)
        items.append(("csrf_token", self.csrf()))
        return self.client.post(url, data=MultiDict(items), **kwargs)

    def log_in(self, username: str) -> Browser:
        response = self.post("/login", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return self

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)


@pytest.fixture
def ada_web(app, ada):
    """ada's browser session (the ``ada`` fixture made the account)."""
    return Browser(app.test_client()).log_in("ada")


@pytest.fixture
def bo_web(app, bo):
    return Browser(app.test_client()).log_in("bo")


def edit_fields(form: dict, files: list[tuple[str, str, str]], delete: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The edit form's fields: (original, filename, content) per file box."""
    items = list(form.items())
    for original, name, content in files:
        items += [("original", original), ("filename", name), ("content", content)]
    items += [("delete", path) for path in delete]
    return items


# Markdown and diffs ---------------------------------------------------------


def test_blurb_markdown_is_sanitized():
    html = str(markdown_html("**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org)"))
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="https://example.org"' in html and "noopener" in html
    assert plain_text("# Title\n\nSome *text* & more") == "Title Some text & more"


def test_diff_parse_numbers_lines():
    text = (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,3 +1,3 @@\n 1\n-2\n+TWO\n 3\n"
        "diff --git a/c.py b/c.py\nnew file mode 100644\n--- /dev/null\n+++ b/c.py\n@@ -0,0 +1,1 @@\n+--- not a header\n"
    )
    first, second = parse(text)
    assert (first.path, first.status, first.added, first.removed) == ("a.py", "modified", 1, 1)
    assert [(l.kind, l.old, l.new) for l in first.hunks[0].lines] == [
        ("ctx", 1, 1), ("del", 2, None), ("add", None, 2), ("ctx", 3, 3)
    ]
    assert second.status == "added" and second.hunks[0].lines[0].text == "--- not a header"


# The snippet page -------------------------------------------------------------


def test_snippet_page_shows_files_blurb_tags_credits_and_meta(ada, client):
    created = ada.create(title="Taylor", blurb="Sum of *terms* <script>x()</script>", tags=["calculus/taylor"])
    html = client.get("/ada/taylor").data.decode()
    assert '<tr id="main.py-L1">' in html and 'href="#helper.py-L2"' in html
    assert '<span class="k">def</span>' in html  # highlighted by Pygments
    assert "<em>terms</em>" in html and "<script>x()" not in html
    assert 'href="/tags/calculus/taylor"' in html
    assert 'property="og:title" content="Taylor"' in html and "og:image" not in html
    assert f'/ada/taylor?rev={created["head"]["rev"]}' in html  # permalink
    assert f'/zip/ada/taylor/{created["head"]["rev"]}' in html
    assert "mastodonshare.com" in html and "facebook.com/sharer" in html
    assert '{% include' not in html and 'data-snippet="ada/taylor"' in html


def test_thumbnail_route_and_og_image(ada, client, site):
    ada.create(title="Pic")
    assert client.get("/ada/pic/thumbnail.png").status_code == 404
    png = b"\x89PNG\r\n\x1a\nfake"
    with site.db.transaction() as session:
        session.query(Snippet).filter_by(name_lower="pic").one().thumbnail_png = png
    response = client.get("/ada/pic/thumbnail.png")
    assert response.status_code == 200 and response.data == png and response.mimetype == "image/png"
    assert 'property="og:image" content="http://localhost/ada/pic/thumbnail.png"' in client.get("/ada/pic").data.decode()


def test_old_version_page_and_diff_page(ada, client):
    first = ada.create(title="Versions")["head"]["rev"]
    ada.post("/api/v1/snippets/ada/versions/versions", json={"parent": first, "files": {"main.py": "print(42)\n"}, "message": "Shorter"})
    old = client.get(f"/ada/versions?rev={first}").data.decode()
    assert "an older version" in old
    diff = client.get("/ada/versions/diff").data.decode()
    assert "Changes from version 0 to 1" in diff
    assert re.search(r'<tr class="del">.*?from helper import twice', diff, re.S)
    assert re.search(r'<tr class="add">.*?print\(42\)', diff, re.S)


def test_line_comment_shows_at_its_line_and_is_marked_on_newer_versions(ada, ada_web, app):
    first = ada.create(title="Talk")["head"]["rev"]
    response = ada_web.post("/ada/talk/comments", {"body": "Why 2?", "rev": first, "path": "helper.py", "line": "2"})
    assert response.status_code == 302 and "#comment-" in response.headers["Location"]
    ada_web.post("/ada/talk/comments", {"body": "Nice overall", "rev": first})
    html = ada_web.get("/ada/talk").data.decode()
    row = html.index('<tr id="helper.py-L2">')
    assert row < html.index("Why 2?") < html.index('id="comments-h"')  # under its line, not in the discussion
    ada.post("/api/v1/snippets/ada/talk/versions", json={"parent": first, "files": {"main.py": "print(1)\n"}})
    newer = ada_web.get("/ada/talk").data.decode()
    assert "on an older version (0)" in newer and "helper.py line 2" in newer
    assert newer.index("Why 2?") > newer.index('id="comments-h"')


def test_comment_form_needs_login_and_a_body(ada, ada_web, client):
    ada.create(title="Quiet")
    response = client.post("/ada/quiet/comments", data={"body": "hi"})
    assert response.status_code in (302, 403)
    assert "/ada/quiet" in ada_web.post("/ada/quiet/comments", {"body": "  "}).headers["Location"]
    assert "The comment body is empty." in ada_web.get("/ada/quiet").data.decode()


def test_fork_network_and_credits(ada, bo, bo_web, ada_web):
    ada.create(title="Root")
    assert bo_web.post("/ada/root/fork", {}).headers["Location"].endswith("/bo/root")
    head = bo.get("/api/v1/snippets/bo/root").json["head"]["rev"]
    bo.post("/api/v1/snippets/bo/root/versions", json={"parent": head, "files": {"main.py": "print(3)\n"}, "message": "Three"})
    html = ada_web.get("/ada/root").data.decode()
    assert "Fork network" in html and 'href="/bo/root"' in html and "1 ahead" in html
    assert "Recent activity on other forks" in html
    assert re.search(r"Contributors</dt><dd>.*bo", html)


# New and edit -----------------------------------------------------------------


def test_new_snippet_form_keeps_text_on_error_and_creates(ada_web):
    fields = [("title", ""), ("filename", "a.py"), ("content", "x = 1\n"), ("filename", "b.py"), ("content", "y = 2\n")]
    failed = ada_web.post("/new", fields)
    assert failed.status_code == 422 and "x = 1" in failed.data.decode()
    fields[0] = ("title", "Two")
    fields.append(("tags", "algebra/linear plotting"))
    created = ada_web.post("/new", fields)
    assert created.headers["Location"].endswith("/ada/two")
    html = ada_web.get("/ada/two").data.decode()
    assert 'id="a.py-L1"' in html and 'id="b.py-L1"' in html and "/tags/algebra/linear" in html


def test_edit_renames_changes_and_retags_in_one_version(ada, ada_web):
    rev = ada.create(title="Edit me", tags=["old"])["head"]["rev"]
    fields = edit_fields(
        {"parent": rev, "title": "Edited", "blurb": "", "tags": "new", "message": "Rename"},
        [("helper.py", "helpers.py", "def twice(x):\n    return x + x\n"), ("main.py", "main.py", "print(1)\n")],
    )
    response = ada_web.post("/ada/edit-me/edit", fields)
    assert response.status_code == 302, response.data.decode()
    data = ada.get("/api/v1/snippets/ada/edit-me").json
    assert [f["path"] for f in data["files"]] == ["helpers.py", "main.py"]
    assert data["title"] == "Edited" and data["tags"] == ["new"] and data["head"]["number"] == 1
    assert ada.get("/raw/ada/edit-me/tip/helpers.py").data == b"def twice(x):\n    return x + x\n"


def test_edit_delete_and_nothing_changed(ada, ada_web):
    rev = ada.create(title="Trim")["head"]["rev"]
    same = [("helper.py", "helper.py", "def twice(x):\n    return 2 * x\n"), ("main.py", "main.py", "from helper import twice\nprint(twice(21))\n")]
    meta = {"parent": rev, "title": "Trim", "blurb": "", "tags": ""}
    unchanged = ada_web.post("/ada/trim/edit", edit_fields(meta, same))
    assert unchanged.status_code == 422 and "Nothing changed" in unchanged.data.decode()
    assert ada_web.post("/ada/trim/edit", edit_fields(meta, same, delete=("helper.py",))).status_code == 302
    assert [f["path"] for f in ada.get("/api/v1/snippets/ada/trim").json["files"]] == ["main.py"]


def test_edit_conflict_keeps_the_text_and_a_second_submit_works(ada, ada_web):
    stale = ada.create(title="Race")["head"]["rev"]
    ada.post("/api/v1/snippets/ada/race/versions", json={"parent": stale, "files": {"main.py": "print('theirs')\n"}})
    mine = "print('mine, typed with care')\n"
    fields = edit_fields({"parent": stale, "title": "Race", "tags": ""}, [("main.py", "main.py", mine)])
    conflict = ada_web.post("/ada/race/edit", fields)
    html = conflict.data.decode()
    assert conflict.status_code == 409 and "Someone committed first" in html
    assert "print(&#39;mine, typed with care&#39;)" in html
    new_parent = re.search(r'name="parent" value="([0-9a-f]{40})"', html).group(1)
    assert new_parent != stale and "/ada/race/diff?from=" in html
    retry = edit_fields({"parent": new_parent, "title": "Race", "tags": ""}, [("main.py", "main.py", mine)])
    assert ada_web.post("/ada/race/edit", retry).status_code == 302
    assert ada.get("/raw/ada/race/tip/main.py").data.decode() == mine


def test_edit_is_for_the_owner_only(ada, bo_web, client):
    ada.create(title="Mine")
    assert bo_web.get("/ada/mine/edit").status_code == 403
    assert "/login" in client.get("/ada/mine/edit").headers["Location"]


# Browse -------------------------------------------------------------------------


def test_tag_pages_list_children_and_everything_under(ada, client, site):
    ada.create(title="Limits", tags=["calculus/limits"])
    ada.create(title="Series", tags=["calculus/series/taylor"])
    ada.create(title="Other", tags=["algebra"])
    site.indexer.flush()
    html = client.get("/tags/calculus").data.decode()
    assert 'href="/tags/calculus/limits"' in html and 'href="/tags/calculus/series"' in html
    assert "Limits" in html and "Series" in html and ">Other<" not in html
    assert "2 snippets under calculus" in html
    assert 'href="/tags/algebra"' in client.get("/tags").data.decode()
    assert client.get("/tags/Not%20A%20Tag!").status_code == 422


def test_user_page_separates_snippets_and_forks(ada, bo, bo_web, client):
    ada.create(title="Original")
    bo.create(title="Own")
    bo_web.post("/ada/original/fork", {})
    own = client.get("/u/bo").data.decode()
    forks = client.get("/u/bo?show=forks").data.decode()
    assert "Own" in own and "/bo/original" not in own
    assert "/bo/original" in forks and ">Own<" not in forks
    assert client.get("/u/nobody").status_code == 404


def test_search_page_results_facets_suggestion_and_errors(ada, client, site):
    ada.create(title="Fibonacci numbers", tags=["sequences"], files={"fib.py": "def fibonacci(n):\n    return n\n"})
    ada.create(title="Prime sieve", tags=["primes"], files={"sieve.py": "def sieve(n):\n    return []\n"})
    site.indexer.flush()
    html = client.get("/search?q=fibonacci").data.decode()
    assert "Fibonacci numbers" in html and "Prime sieve" not in html
    assert "<mark>" in html.lower()
    assert 'href="/search?q=fibonacci&amp;tag=sequences' in html  # a tag facet
    ada.create(title="Fibonacci again", tags=["sequences/fast"], files={"f.py": "fibonacci = 1\n"})
    site.indexer.flush()
    one = client.get("/search?q=fibonacci&per_page=1").data.decode()
    assert re.search(r'tag=sequences[^"]*">sequences</a> <span class="count">2<', one)  # all matches, not a page
    under = client.get("/search?q=fibonacci&tag=sequences").data.decode()
    assert "Under sequences" in under and ">sequences/fast</a> <span class=\"count\">1<" in under
    assert "Did you mean" in client.get("/search?q=fibonaci").data.decode()
    bad = client.get("/search?q=AND(")
    assert bad.status_code == 400 and 'class="flash error"' in bad.data.decode()


def test_paging_links(ada, client):
    for n in range(3):
        ada.create(title=f"Paged {n}", tags=["paged"])
    first = client.get("/tags/paged?per_page=2").data.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first and "Page 1 of 2" in first
    second = client.get("/tags/paged?per_page=2&page=2").data.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get("/tags/paged?page=zero").status_code == 400


def test_home_lists_and_tag_cloud(ada, client, site):
    ada.create(title="Home run", tags=["baseball"])
    site.indexer.flush()
    html = client.get("/").data.decode()
    assert "Home run" in html and 'href="/tags/baseball"' in html and "Top rated" in html


def test_delete_from_the_page_is_for_the_owner_only(ada, bo_web, ada_web, client):
    ada.create(title="Doomed")
    assert 'class="danger">Delete</button>' in ada_web.get("/ada/doomed").data.decode()
    assert 'class="danger"' not in bo_web.get("/ada/doomed").data.decode()
    assert client.post("/ada/doomed/delete").status_code in (302, 400)  # anonymous: login or CSRF, never a delete
    refused = bo_web.post("/ada/doomed/delete", {}, follow_redirects=True)
    assert "Only ada may change" in refused.data.decode()
    assert ada_web.get("/ada/doomed").status_code == 200
    deleted = ada_web.post("/ada/doomed/delete", {})
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/u/ada")
    assert ada_web.get("/ada/doomed").status_code == 404
    assert ada.get("/api/v1/snippets/ada/doomed").status_code == 404
