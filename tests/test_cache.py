"""The micro-cache of anonymous pages: fresh after writes, never shares a CSRF token, one render at a time."""

import threading
import time

from snippets.cache import ViewCache


def test_a_write_shows_at_once_on_the_cached_page(ada, client):
    ada.create(title="Before")
    assert b"Before" in client.get("/ada/before").data
    ada.patch("/api/v1/snippets/ada/before", json={"title": "After the edit"})
    assert b"After the edit" in client.get("/ada/before").data


def test_cached_pages_carry_no_token_and_logged_in_pages_are_not_cached(ada, app):
    ada.create(title="Page")
    anonymous = app.test_client()
    first = anonymous.get("/ada/page").get_data(as_text=True)
    assert "csrf" not in first.lower().replace("x-csrf", "")
    assert "__snipcell_csrf" not in first
    browser = app.test_client()
    browser.post("/api/v1/users", json={"username": "cy", "password": "long enough"})
    token = browser.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    browser.post("/login", data={"username": "cy", "password": "long enough", "csrf_token": token})
    mine = browser.get("/ada/page").get_data(as_text=True)
    session_token = mine.split('name="csrf-token" content="')[1].split('"')[0]
    assert session_token and "__snipcell_csrf" not in mine and "cy" in mine
    assert browser.get("/ada/page").get_data(as_text=True).count(session_token) >= 1


def test_one_render_for_many_simultaneous_misses():
    cache = ViewCache(ttl=60)
    renders = []

    def make():
        renders.append(1)
        time.sleep(0.2)
        return "page"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_make("k", make))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["page"] * 8 and len(renders) == 1


def test_stale_by_age_is_served_while_one_caller_renews():
    cache = ViewCache(ttl=0.01)
    cache.put("k", "old")
    time.sleep(0.02)
    started, release = threading.Event(), threading.Event()

    def slow_make():
        started.set()
        release.wait(5)
        return "new"

    renewer = threading.Thread(target=lambda: cache.get_or_make("k", slow_make))
    renewer.start()
    started.wait(5)
    assert cache.get_or_make("k", lambda: "unexpected") == "old"
    release.set()
    renewer.join()
    assert cache.get("k") == "new"


def test_a_new_generation_never_serves_stale():
    cache = ViewCache(ttl=60)
    cache.put("k", "old")
    cache.invalidate()
    assert cache.get_or_make("k", lambda: "new") == "new"
