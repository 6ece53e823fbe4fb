"""The single cell in Chromium against a live server with the real compute device.

Each test drives the /run page (or a page of another origin that includes embed.js),
runs real Python in the sandbox and checks what the page shows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from playwright.sync_api import expect

from snippets.services.shortlinks import decode_code
from tests.browser.conftest import drag_to_end

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
needs_vendor = pytest.mark.skipif(not (VENDOR / "codemirror").is_dir(), reason="run scripts/vendor.sh first")


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    """Cells run real Python on a shared 2-core machine: wait up to 15 s for what should appear."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def set_code(page, code: str, index: int = 0) -> None:
    """Put ``code`` into the index-th cell of the page (CodeMirror would auto-indent typed newlines)."""
    page.locator(".snipcell-cell").nth(index).evaluate("(root, code) => { root.snipcell.code = code; }", code)


def run_cell(page, code: str, index: int = 0):
    """Set the code, press Run and wait until the cell is no longer running; returns its output area."""
    cell = page.locator(".snipcell-cell").nth(index)
    set_code(page, code, index)
    cell.locator(".snipcell-run").click()
    expect(cell).to_have_attribute("data-state", re.compile(r".+"), timeout=20_000)
    return cell.locator(".snipcell-output")


@pytest.fixture
def run_page(page, live, console_errors):
    page.goto(f"{live.url}/run")
    page.locator(".snipcell-cell").wait_for()
    return page


@needs_vendor
def test_shift_enter_runs_print_and_shows_2(run_page, console_errors):
    page = run_page
    expect(page.locator(".snipcell-cell .CodeMirror")).to_be_visible()
    page.locator(".snipcell-cell .CodeMirror").click()
    page.keyboard.type("print(1+1")
    expect(page.locator(".snipcell-cell .cm-builtin")).to_have_text("print")
    page.keyboard.press("Shift+Enter")
    expect(page.locator(".snipcell-stdout")).to_have_text("2\n", timeout=20_000)
    expect(page.locator(".snipcell-cell")).to_have_attribute("data-state", "ok")
    expect(page.locator(".snipcell-status")).to_have_text("")
    assert console_errors == []


def test_stdout_and_stderr_are_shown_apart(run_page, console_errors):
    output = run_cell(run_page, 'import sys\nprint("to out")\nprint("to err", file=sys.stderr)\nprint("out again")')
    expect(output.locator(".snipcell-stdout").first).to_have_text("to out\n")
    expect(output.locator(".snipcell-stderr")).to_have_text("to err\n")
    expect(output.locator(".snipcell-stdout").last).to_have_text("out again\n")
    out_color = output.locator(".snipcell-stdout").first.evaluate("e => getComputedStyle(e).color")
    err_color = output.locator(".snipcell-stderr").evaluate("e => getComputedStyle(e).color")
    assert out_color != err_color
    assert console_errors == []


def test_error_shows_traceback_without_ansi(run_page, console_errors):
    output = run_cell(run_page, "def f(x):\n    return 1 / x\n\nf(0)")
    error = output.locator(".snipcell-error")
    expect(error).to_contain_text("Traceback (most recent call last)")
    expect(error).to_contain_text('File "<cell>", line 2, in f')
    expect(error).to_contain_text("ZeroDivisionError: division by zero")
    assert "\x1b" not in error.inner_text()
    expect(run_page.locator(".snipcell-cell")).to_have_attribute("data-state", "error")
    assert console_errors == []


def test_html_output_stays_in_a_sandboxed_frame(run_page, console_errors):
    code = (
        "display(HTML('<p id=\"injected\">hello from the cell</p>"
        "<script>document.getElementById(\"injected\").dataset.ran = String(window.parent === window)</script>'))"
    )
    output = run_cell(run_page, code)
    frame = output.locator("iframe.snipcell-html")
    expect(frame).to_have_attribute("sandbox", "allow-scripts")
    assert "allow-same-origin" not in frame.get_attribute("sandbox")
    inside = output.frame_locator("iframe.snipcell-html").locator("#injected")
    expect(inside).to_have_text("hello from the cell")
    expect(inside).to_have_attribute("data-ran", "false")
    assert run_page.locator("#injected").count() == 0
    frame.evaluate("(frame) => new Promise((done) => { const check = () => frame.offsetHeight < 60 ? done() : setTimeout(check, 50); check(); })")
    assert run_page.evaluate("document.querySelectorAll('.snipcell-output p, .snipcell-output script').length") == 0
    assert console_errors == []


def test_pandas_like_table_goes_into_the_frame_and_plain_tables_into_pre(run_page, console_errors):
    code = (
        "class Frame:\n"
        "    def _repr_html_(self):\n"
        "        return '<table><tr><th>a</th></tr><tr><td>1</td></tr></table>'\n"
        "    def __repr__(self):\n"
        "        return '   a\\n0  1'\n"
        "display(Frame())\n"
        "print('x  y\\n1  2')"
    )
    output = run_cell(run_page, code)
    expect(output.frame_locator("iframe.snipcell-html").locator("td")).to_have_text("1")
    expect(output.locator("pre.snipcell-stdout")).to_have_text("x  y\n1  2\n")
    assert run_page.locator(".snipcell-output table").count() == 0
    assert console_errors == []


@needs_vendor
def test_latex_renders_through_mathjax(run_page, console_errors):
    output = run_cell(run_page, "import sympy\nx = sympy.Symbol('x')\nsympy.Integral(sympy.sqrt(x), x)")
    math = output.locator(".snipcell-latex")
    expect(math).to_have_attribute("data-typeset", "mathjax", timeout=20_000)
    expect(math.locator("mjx-container svg")).to_have_count(1)
    assert "$$" not in math.inner_text()
    assert console_errors == []


def test_images_show(run_page, console_errors):
    code = (
        "import matplotlib.pyplot as plt\n"
        "plt.plot([0, 1, 2], [0, 1, 4])\n"
        "plt.show()\n"
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\">"
        "<rect width=\"40\" height=\"30\" fill=\"teal\"/></svg>'))"
    )
    output = run_cell(run_page, code)
    images = output.locator("img.snipcell-image")
    expect(images).to_have_count(2)
    for index in range(2):
        image = images.nth(index)
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 0
    assert images.nth(0).get_attribute("src").startswith("data:image/png;base64,")
    assert images.nth(1).evaluate("img => img.naturalWidth") == 40
    assert console_errors == []


def test_a_written_file_is_a_download_link(run_page, console_errors):
    output = run_cell(run_page, "with open('table.csv', 'w') as f:\n    f.write('a,b\\n1,2\\n')\nprint('written')")
    link = output.locator(".snipcell-files a", has_text="table.csv")
    expect(link).to_be_visible()
    with run_page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "table.csv"
    assert Path(download.value.path()).read_text() == "a,b\n1,2\n"
    assert console_errors == []


def test_limit_message_is_shown_clearly(run_page, console_errors):
    output = run_cell(run_page, "while True:\n    print('x' * 10000)")
    expect(output.locator(".snipcell-limit")).to_contain_text("output size limit")
    expect(output.locator(".snipcell-limit")).to_have_attribute("role", "alert")
    assert console_errors == []


def test_refused_run_says_why(run_page):
    output = run_cell(run_page, "x = 1\n" * 12_000)
    expect(output.locator(".snipcell-problem")).to_have_text("Code is limited to 64 KiB.")
    expect(run_page.locator(".snipcell-cell")).to_have_attribute("data-state", "failed")


def test_snippet_page_cell_runs_with_the_snippets_files(page, live, ada_token, console_errors):
    created = requests.post(
        f"{live.url}/api/v1/snippets",
        json={"title": "Twice", "files": {"twice.py": "def twice(x):\n    return 2 * x\n"}, "cell": "print(twice(21))"},
        headers={"Authorization": f"Bearer {ada_token}"},
        timeout=10,
    ).json()
    page.goto(f"{live.url}/{created['id']}")
    cell = page.locator(".snipcell-cell")
    assert cell.evaluate("root => root.snipcell.code") == "print(twice(21))"
    assert cell.evaluate("root => [root.snipcell.snippet, root.snipcell.rev]") == [created["id"], created["head"]["rev"]]
    cell.locator(".snipcell-run").click()
    expect(cell.locator(".snipcell-stdout")).to_have_text("42\n", timeout=20_000)
    assert console_errors == []


def test_cell_works_without_vendor_files(page, live):
    """Without static/vendor (CodeMirror missing) the cell is a plain textarea that still runs."""
    page.route("**/static/vendor/**", lambda route: route.abort())
    page.goto(f"{live.url}/run")
    textarea = page.locator("textarea.snipcell-code")
    expect(textarea).to_have_class(re.compile("snipcell-plain"))
    textarea.fill("print(3 * 7)")
    textarea.press("Shift+Enter")
    expect(page.locator(".snipcell-stdout")).to_have_text("21\n", timeout=20_000)
    assert page.locator(".CodeMirror").count() == 0


def test_run_page_permalink_round_trips_the_code(run_page, live, context, console_errors):
    code = "# permalink ünïcode ✓\nfor i in range(3):\n    print('line', i)\n"
    run_cell(run_page, code)
    expect(run_page).to_have_url(re.compile(r"/run\?z="))
    z = parse_qs(urlsplit(run_page.url).query)["z"][0]
    assert decode_code(z, 64 * 1024) == code
    assert run_page.locator("#permalink").get_attribute("href") == run_page.url
    other = context.new_page()
    other.goto(run_page.url)
    expect(other.locator(".snipcell-cell")).to_be_visible()
    assert other.locator(".snipcell-cell").evaluate("root => root.snipcell.code") == code
    other.close()
    assert console_errors == []


def test_short_link_opens_the_same_code(run_page, live, console_errors):
    code = "print('short and sweet')"
    run_cell(run_page, code)
    run_page.get_by_role("button", name="Make a short link").click()
    link = run_page.locator("#short-link a")
    expect(link).to_have_text(re.compile(rf"^{re.escape(live.url)}/s/[A-Za-z0-9_-]{{12}}$"))
    run_page.goto(link.inner_text())
    expect(run_page).to_have_url(re.compile(r"/run\?z="))
    assert run_page.locator(".snipcell-cell").evaluate("root => root.snipcell.code") == code
    assert console_errors == []


# ---------------------------------------------------------------- other origins


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def other_site(tmp_path) -> Iterator[tuple[str, Path]]:
    """A static site on another port (another origin), serving the files written into its folder."""
    root = tmp_path / "other-site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}", root
    finally:
        server.shutdown()
        server.server_close()


def embed_page(live_url: str, body: str, script_type: str = "text/javascript") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Someone else's page</title>"
        "<meta name='csrf-token' content='not-ours'><link rel='icon' href='data:,'></head><body><h1>A blog post</h1>"
        f"{body}<script type='{script_type}' src='{live_url}/static/js/embed.js'></script></body></html>"
    )


@pytest.mark.parametrize("script_type", ["text/javascript", "module"])
def test_embed_script_makes_a_working_cell_on_another_origin(page, live, other_site, console_errors, script_type):
    url, root = other_site
    (root / "post.html").write_text(embed_page(live.url, "<div class='snipcell'>\n    print(6 * 7)\n</div>", script_type))
    page.goto(f"{url}/post.html")
    cell = page.locator(".snipcell-cell")
    expect(cell).to_be_visible()
    assert cell.evaluate("root => root.snipcell.code") == "print(6 * 7)"
    cell.locator(".snipcell-run").click()
    expect(cell.locator(".snipcell-stdout")).to_have_text("42\n", timeout=20_000)
    assert page.evaluate("location.origin") != live.url
    assert console_errors == []


def test_images_by_url_load_from_the_cells_server(page, live, other_site, console_errors):
    url, root = other_site
    (root / "plot.html").write_text(embed_page(live.url, "<div class='snipcell'></div>"))
    page.goto(f"{url}/plot.html")
    output = run_cell(page, "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.savefig('plot.png')\nplt.close()")
    expect(output.locator(".snipcell-files a", has_text="plot.png")).to_be_visible()
    stored = f"/files/{page.locator('.snipcell-cell').get_attribute('data-computation')}/plot.png"
    output = run_cell(
        page,
        f"display({{'image/png': {{'application/x-url': '{stored}'}}, 'text/plain': 'a plot'}}, raw=True)\n"
        f"display({{'application/x-url': '{stored}', 'text/plain': 'the same plot'}}, raw=True)",
    )
    images = output.locator("img.snipcell-image")
    expect(images).to_have_count(2)
    for index, alt in enumerate(["a plot", "the same plot"]):
        image = images.nth(index)
        assert image.get_attribute("src") == live.url + stored
        assert image.get_attribute("alt") == alt
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.naturalWidth") > 0
    assert console_errors == []


def test_two_cells_on_one_page_run_independently(page, live, other_site, console_errors):
    url, root = other_site
    cells = "<textarea class='snipcell'>print('first')</textarea><div class='snipcell'>print('second')</div>"
    (root / "two.html").write_text(embed_page(live.url, cells))
    page.goto(f"{url}/two.html")
    expect(page.locator(".snipcell-cell")).to_have_count(2)
    set_code(page, "import time\ntime.sleep(1)\nprint('slow one')", 0)
    set_code(page, "print('quick one')\n1/0", 1)
    page.locator(".snipcell-run").nth(0).click()
    page.locator(".snipcell-run").nth(1).click()
    first, second = page.locator(".snipcell-cell").nth(0), page.locator(".snipcell-cell").nth(1)
    expect(first.locator(".snipcell-status")).to_have_text("Running…")
    expect(second).to_have_attribute("data-state", "error", timeout=20_000)
    expect(first).to_have_attribute("data-state", "ok", timeout=20_000)
    expect(first.locator(".snipcell-output")).to_have_text("slow one\n")
    expect(second.locator(".snipcell-stdout")).to_have_text("quick one\n")
    expect(second.locator(".snipcell-error")).to_contain_text("ZeroDivisionError")
    assert first.get_attribute("data-computation") != second.get_attribute("data-computation")
    assert console_errors == []


def test_embedded_cell_runs_against_a_snippet(page, live, other_site, ada_token, console_errors):
    created = requests.post(
        f"{live.url}/api/v1/snippets",
        json={"title": "Twice", "files": {"twice.py": "def twice(x):\n    return 2 * x\n"}},
        headers={"Authorization": f"Bearer {ada_token}"},
        timeout=10,
    ).json()
    url, root = other_site
    div = f"<div class='snipcell' data-snippet='{created['id']}' data-rev='{created['head']['rev']}'>print(twice(21))</div>"
    (root / "snippet.html").write_text(embed_page(live.url, div))
    page.goto(f"{url}/snippet.html")
    page.locator(".snipcell-run").click()
    expect(page.locator(".snipcell-stdout")).to_have_text("42\n", timeout=20_000)
    assert console_errors == []


@pytest.fixture
def ada_token(live) -> str:
    requests.post(f"{live.url}/api/v1/users", json={"username": "ada", "password": "correct horse"}, timeout=10)
    return requests.post(
        f"{live.url}/api/v1/tokens", json={"username": "ada", "password": "correct horse"}, timeout=10
    ).json()["token"]


# ---------------------------------------------------------------- interacts


def test_interact_slider_changes_the_output(run_page, console_errors):
    code = "@interact\ndef square(n=(1, 10, 1)):\n    print('square', n * n)"
    output = run_cell(run_page, code)
    area = output.locator(".interact-output")
    expect(area.locator(".snipcell-stdout")).to_have_text("square 1\n")
    slider = output.get_by_role("slider")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    expect(area.locator(".snipcell-stdout")).to_have_text("square 16\n", timeout=20_000)
    drag_to_end(run_page, slider)
    expect(area.locator(".snipcell-stdout")).to_have_text("square 100\n", timeout=20_000)
    expect(area.locator(".snipcell-stdout")).to_have_count(1)
    assert console_errors == []
