"""The site's pages in Chromium: accounts, creating, forking, editing, history, comments,
ratings, browsing, an edit conflict, phone width and console errors."""

from __future__ import annotations

import re
from itertools import count
from pathlib import Path

import pytest
from playwright.sync_api import expect

from snippets.services import editing, users, versions
from tests.browser.conftest import PASSWORD, code_in, fill_code, log_in, log_out, sign_up

_names = count()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


@pytest.fixture
def seed(pages_server):
    """Make users and snippets straight through the services, for tests about other steps."""
    site = pages_server.site

    class Seed:
        def user(self, name: str):
            return users.create_user(site, name, PASSWORD)

        def snippet(self, owner, title: str, tags: str = "", files=None, blurb: str = ""):
            slots = tuple(editing.FileSlot(p, c) for p, c in (files or {
                "main.py": "from helper import twice\nprint(twice(21))\n",
                "helper.py": "def twice(x):\n    return 2 * x\n",
            }).items())
            created = editing.create(site, owner, editing.SnippetForm(title=title, blurb=blurb, tags=tags, slots=slots))
            site.indexer.flush()
            return created

    return Seed()


def test_sign_up_log_out_and_log_in(page, pages_server):
    base, name = pages_server.url, unique("sam")
    sign_up(page, base, name)
    expect(page.get_by_role("link", name=name)).to_be_visible()
    log_out(page)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    log_in(page, base, name)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_create_a_two_file_snippet_through_the_form(page, pages_server, seed, console_errors):
    base, name = pages_server.url, unique("ann")
    seed.snippet(seed.user(unique("tagger")), "Tagged", tags="calculus/limits")
    sign_up(page, base, name)
    page.get_by_role("link", name="New snippet").click()
    page.get_by_label("Title").fill("Double it")
    page.get_by_label("Description").fill("Doubles a *number*.")
    page.get_by_label("Tags").press_sequentially("calc")
    expect(page.locator("#tag-suggestions option[value='calculus/limits']")).to_have_count(1)
    page.get_by_label("Tags").fill("calculus/limits arithmetic")
    page.get_by_label("File name 1").fill("main.py")
    fill_code(page, "Content of file 1", "from helper import twice\nprint(twice(21))\n")
    page.get_by_role("button", name="Add a file").click()
    expect(page.get_by_label("File name 2")).to_be_focused()
    page.get_by_label("File name 2").fill("helper.py")
    fill_code(page, "Content of file 2", "def twice(x):\n    return 2 * x\n")
    page.get_by_label("Version message").fill("First go")
    page.get_by_role("button", name="Create snippet").click()
    page.wait_for_url(f"{base}/{name}/double-it")
    expect(page.get_by_role("heading", name="Double it", level=1)).to_be_visible()
    expect(page.locator(".blurb em")).to_have_text("number")
    helper = page.locator("table.code[data-path='helper.py']")
    expect(helper.locator("tr#helper\\.py-L1 .k")).to_have_text("def")  # highlighted by Pygments
    expect(page.get_by_role("link", name="calculus/limits")).to_be_visible()
    page.goto(f"{base}/{name}/double-it#main.py-L2")
    expect(page.locator("tr#main\\.py-L2")).to_have_class(re.compile("targeted"))
    assert console_errors == []


def test_fork_edit_history_and_diff(page, pages_server, seed, console_errors):
    base, owner, forker = pages_server.url, unique("ada"), unique("ben")
    seed.snippet(seed.user(owner), "Forkable")
    sign_up(page, base, forker)
    page.goto(f"{base}/{owner}/forkable")
    page.get_by_role("button", name="Fork").click()
    page.wait_for_url(f"{base}/{forker}/forkable")
    expect(page.get_by_text(f"forked from {owner}/forkable")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("File name 1").fill("helpers.py")  # rename helper.py
    fill_code(page, "Content of file 2", "from helpers import twice\nprint(twice(50))\n")
    page.get_by_label("Version message").fill("Rename and fifty")
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(f"{base}/{forker}/forkable")
    expect(page.locator("table.code[data-path='helpers.py']")).to_be_visible()
    expect(page.locator("table.code[data-path='helper.py']")).to_have_count(0)
    history = page.locator(".history li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Rename and fifty")
    page.get_by_role("link", name="Diff of version 1").click()
    expect(page.get_by_role("heading", name="Changes from version 0 to 1")).to_be_visible()
    expect(page.locator("tr.add", has_text="print(twice(50))")).to_be_visible()
    expect(page.locator("tr.del", has_text="print(twice(21))")).to_be_visible()
    expect(page.locator(".status.added")).to_have_text("added")
    page.goto(f"{base}/{owner}/forkable")
    expect(page.locator(".tree")).to_contain_text(f"{forker}/forkable")
    expect(page.locator(".tree .ahead")).to_have_text("1 ahead")
    assert console_errors == []


def test_comment_line_comment_and_rate(page, pages_server, seed, console_errors):
    base, owner, reader = pages_server.url, unique("cat"), unique("dan")
    seed.snippet(seed.user(owner), "Discuss")
    sign_up(page, base, reader)
    page.goto(f"{base}/{owner}/discuss")
    page.get_by_label("Add a comment on version 0").fill("Clear and short.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".comments .comment-body")).to_have_text("Clear and short.")
    line = page.locator("table.code[data-path='helper.py'] a[data-line='2']")
    line.focus()
    page.keyboard.press("Enter")  # keyboard: a line number opens the line comment form
    assert page.url.endswith("#helper.py-L2")
    form_field = page.get_by_label("Comment on helper.py line 2")
    expect(form_field).to_be_focused()
    form_field.fill("Why times two?")
    page.locator("tr.line-comments.new").get_by_role("button", name="Comment").click()
    row_comment = page.locator("tr#helper\\.py-L2 + tr.line-comments .comment-body")
    expect(row_comment).to_have_text("Why times two?")
    page.get_by_role("button", name="Rate 4 stars").click()
    expect(page.locator(".rating-summary")).to_have_text("4.0 from 1 rating")
    expect(page.get_by_role("button", name="Rate 4 stars")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(".rating-mine")).to_have_text("Yours: 4")
    assert console_errors == []


def test_browse_tags_user_and_search(page, pages_server, seed, console_errors):
    base, owner = pages_server.url, unique("eve")
    person = seed.user(owner)
    seed.snippet(person, "Squeeze theorem", tags="analysis/limits", files={"squeeze.py": "def squeeze(lower, upper):\n    return lower\n"})
    seed.snippet(person, "Epsilon delta", tags="analysis/continuity", files={"eps.py": "epsilon = 0.1\n"})
    page.goto(base + "/")
    page.locator(".tag-cloud").get_by_role("link", name=re.compile(r"^analysis \d+$")).click()
    page.wait_for_url(f"{base}/tags/analysis")
    expect(page.locator(".subtags").get_by_role("link", name=re.compile(r"analysis\/limits"))).to_be_visible()
    expect(page.locator(".cards")).to_contain_text("Squeeze theorem")
    expect(page.locator(".cards")).to_contain_text("Epsilon delta")
    page.locator(".subtags").get_by_role("link", name=re.compile(r"analysis\/limits")).click()
    expect(page.locator(".cards .card")).to_have_count(1)
    page.get_by_role("link", name=owner).first.click()
    page.wait_for_url(f"{base}/u/{owner}")
    expect(page.locator(".cards .card")).to_have_count(2)
    search = page.get_by_role("searchbox", name="Search snippets")
    search.fill("squeeze")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=squeeze"))
    expect(page.locator(".result").first).to_contain_text("Squeeze theorem")
    expect(page.locator(".result mark").first).to_be_visible()
    page.goto(f"{base}/search?q=squeze")
    expect(page.get_by_text("Did you mean")).to_be_visible()
    assert console_errors == []


def test_edit_conflict_keeps_what_the_user_typed(page, pages_server, seed, console_errors):
    base, owner = pages_server.url, unique("fay")
    person = seed.user(owner)
    snippet = seed.snippet(person, "Racy")
    log_in(page, base, owner)
    page.goto(f"{base}/{owner}/racy/edit")
    mine = "print('typed in the browser')\n"
    fill_code(page, "Content of file 2", mine)
    # Meanwhile another tab (here: the service) commits a new version.
    theirs = versions.NewVersion(snippet.head_rev, {"main.py": b"print('other tab')\n"}, [], "Other tab")
    versions.add_version(pages_server.site, person, owner, "racy", theirs)
    page.get_by_role("button", name="Save new version").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone committed first")
    assert code_in(page, "Content of file 2") == mine
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(f"{base}/{owner}/racy")
    expect(page.locator("table.code[data-path='main.py']")).to_contain_text("typed in the browser")
    expect(page.locator(".history li")).to_have_count(3)
    # The conflict page is an HTTP 409, which Chromium reports; nothing else may be.
    assert [e for e in console_errors if "409 (CONFLICT)" not in e] == []


def test_tex_in_the_description_is_typeset(page, pages_server, seed, console_errors):
    if not (Path(pages_server.app.static_folder) / "vendor" / "mathjax" / "tex-svg.js").is_file():
        pytest.skip("static/vendor has no MathJax; run scripts/vendor.sh")
    owner = unique("tex")
    seed.snippet(seed.user(owner), "Squares", blurb="The area is $x^2$, **exactly**.")
    page.goto(f"{pages_server.url}/{owner}/squares")
    expect(page.locator(".blurb mjx-container")).to_have_count(1)
    expect(page.locator(".blurb strong")).to_have_text("exactly")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/", "/tags", "/search?q=twice", "/login", "/signup"])
def test_phone_width_has_no_sideways_scroll(page, pages_server, seed, path):
    seed.snippet(seed.user(unique("gus")), "Phone friendly", tags="mobile")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(pages_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_snippet_page_fits_a_phone(page, pages_server, seed):
    owner = unique("hal")
    seed.snippet(seed.user(owner), "Narrow", files={"wide.py": "x = '" + "long " * 60 + "'\n"})
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{pages_server.url}/{owner}/narrow")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # long lines scroll inside their box


def test_main_pages_have_no_console_errors(page, pages_server, seed, console_errors):
    base, owner = pages_server.url, unique("ivy")
    person = seed.user(owner)
    created = seed.snippet(person, "Quiet console", tags="quiet/deep")
    anonymous = ["/", "/tags", "/tags/quiet", f"/u/{owner}", "/search?q=quiet", f"/{owner}/quiet-console",
                 f"/{owner}/quiet-console/diff?to={created.head_rev}", "/login", "/signup"]
    for path in anonymous:
        page.goto(base + path)
    log_in(page, base, owner)
    for path in ["/new", f"/{owner}/quiet-console", f"/{owner}/quiet-console/edit"]:
        page.goto(base + path)
    assert console_errors == []


def test_files_are_edited_in_the_code_editor(page, pages_server, console_errors):
    if not (Path(pages_server.app.static_folder) / "vendor" / "codemirror").is_dir():
        pytest.skip("static/vendor has no CodeMirror; run scripts/vendor.sh")
    base, name = pages_server.url, unique("cm")
    sign_up(page, base, name)
    page.goto(f"{base}/new")
    editor = page.locator(".file-slot .CodeMirror").first
    expect(editor).to_be_visible()
    expect(page.locator("#cell + .CodeMirror")).to_have_count(1)
    page.get_by_label("Title").fill("Typed")
    page.get_by_label("File name 1").fill("main.py")
    editor.click()
    page.keyboard.type("def f(x):\n")
    page.keyboard.type("return x + 1")
    expect(editor.locator(".cm-keyword").first).to_have_text("def")  # Python highlighting
    assert code_in(page, "Content of file 1") == "def f(x):\n    return x + 1"
    page.get_by_role("button", name="Create snippet").click()
    page.wait_for_url(f"{base}/{name}/typed")
    expect(page.locator("table.code[data-path='main.py']")).to_contain_text("return x + 1")
    assert console_errors == []


def test_owner_deletes_a_snippet_after_confirming(page, pages_server, seed, console_errors):
    base, name = pages_server.url, unique("del")
    seed.snippet(seed.user(name), "Short lived")
    log_in(page, base, name)
    page.goto(f"{base}/{name}/short-lived")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("heading", name="Short lived", level=1)).to_be_visible()
    assert page.url == f"{base}/{name}/short-lived"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(f"{base}/u/{name}")
    expect(page.get_by_text(f"Deleted {name}/short-lived")).to_be_visible()
    assert console_errors == []
    assert page.request.get(f"{base}/{name}/short-lived").status == 404
