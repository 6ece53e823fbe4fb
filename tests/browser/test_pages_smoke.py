"""Smoke: the home page renders in Chromium without console errors."""


def test_home_has_no_console_errors(page, pages_server, console_errors):
    page.goto(pages_server.url + "/")
    assert page.locator("h1").first.is_visible()
    assert console_errors == []
