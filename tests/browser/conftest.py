"""Browser tests: Debian's Chromium driven by Playwright against a real HTTP server.

Every test under tests/browser/ is marked ``browser``. ``pages_server`` is a
module-scoped site without a compute device (fast, for page tests); tests that
run cells use ``live`` from tests/conftest.py. ``console_errors`` collects
every console error and uncaught exception of a page so a test can assert
there were none.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from snippets import create_app
from tests.conftest import LiveServer, serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {"executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def pages_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A real HTTP server for page tests, without a compute device, shared by a module."""
    app = create_app({"instance": tmp_path_factory.mktemp("instance"), "testing": True, "embedded_device": False})
    yield from serve(app)


def drag_to_end(page, slider) -> None:
    """Drag a range input's thumb from its left end to its right end, as a hand would."""
    box = slider.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors, uncaught exceptions and failed requests of ``page``, as they happen.

    A request aborted on purpose (leaving the page, a superseded fetch) is not an error.
    """
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on(
        "requestfailed",
        lambda r: None if r.failure == "net::ERR_ABORTED" else errors.append(f"requestfailed: {r.url} {r.failure}"),
    )
    return errors


def sign_up(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Create an account through the form; the browser is logged in afterwards."""
    page.goto(f"{base_url}/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{base_url}/")


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


_EDITOR_OF = """(name) => {
  const field = [...document.querySelectorAll('[aria-label]')].find((e) => e.getAttribute('aria-label') === name);
  return field.closest('.CodeMirror')?.CodeMirror ?? null;
}"""


def fill_code(page, label: str, text: str) -> None:
    """Type ``text`` into the code editor named ``label`` (CodeMirror, or its plain textarea)."""
    page.wait_for_function(f"({_EDITOR_OF})({label!r}) !== null || !window.CodeMirror", timeout=10_000)
    page.evaluate(
        f"""([name, text]) => {{
          const editor = ({_EDITOR_OF})(name);
          if (editor) editor.setValue(text);
          else [...document.querySelectorAll('textarea')].find((e) => e.getAttribute('aria-label') === name).value = text;
        }}""",
        [label, text],
    )


def code_in(page, label: str) -> str:
    """The text in the code editor named ``label``."""
    page.wait_for_function(f"({_EDITOR_OF})({label!r}) !== null || !window.CodeMirror", timeout=10_000)
    return page.evaluate(
        f"""(name) => {{
          const editor = ({_EDITOR_OF})(name);
          return editor ? editor.getValue()
            : [...document.querySelectorAll('textarea')].find((e) => e.getAttribute('aria-label') === name).value;
        }}""",
        label,
    )
