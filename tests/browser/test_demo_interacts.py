"""A visitor opens demo interacts, presses Run, and the controls stay live (issue: live interacts)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from snippets import create_app
from snippets.demo import load_demo
from tests.browser.conftest import drag_to_end
from tests.conftest import serve


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    app = create_app({"instance": tmp_path_factory.mktemp("demo") / "instance", "testing": True,
                      "embedded_device": False, "rate_limit_per_minute": 100000})
    site = app.extensions["snipcell"]
    load_demo(site)
    site.start_device()
    yield from serve(app)


def run_snippet(page, url: str):
    page.goto(url)
    cell = page.locator(".snipcell-cell").first
    cell.locator(".snipcell-run").click()
    area = cell.locator(".interact-output").first
    expect(area.locator("img")).to_have_count(1, timeout=30_000)
    return cell, area


def test_slider_redraws_the_plot(page, demo_site, console_errors):
    cell, area = run_snippet(page, f"{demo_site.url}/ada/taylor-series")
    first_plot = area.locator("img").get_attribute("src")
    expect(area.locator(".snipcell-stdout")).to_contain_text("T_3(x)")
    degree = cell.get_by_label("degree n")
    degree.focus()
    degree.press("ArrowRight")
    expect(area.locator(".snipcell-stdout")).to_contain_text("T_4(x)", timeout=30_000)
    expect(area.locator("img")).to_have_count(1)
    assert area.locator("img").get_attribute("src") != first_plot, "the plot was redrawn"
    drag_to_end(page, degree)
    expect(area.locator(".snipcell-stdout")).to_contain_text("T_12(x)", timeout=30_000)
    assert console_errors == []


def test_typing_in_an_input_box_reruns(page, demo_site, console_errors):
    cell, area = run_snippet(page, f"{demo_site.url}/bo/newton-method")
    expect(area.locator(".snipcell-stdout")).to_contain_text("x_k")
    before = area.locator(".snipcell-stdout").inner_text()
    box = cell.get_by_label("f(x)")
    box.fill("x**2 - 2")
    box.press("Enter")
    expect(area.locator(".snipcell-stdout")).not_to_have_text(before, timeout=30_000)
    expect(area.locator(".snipcell-stdout")).to_contain_text("1.41421356", timeout=30_000)
    assert console_errors == []
