"""Read-only `hg clone` and `hg pull` over HTTP: Mercurial's own hgweb, speaking only the wire protocol.

Every request gets a fresh hgweb around a fresh repository object (they are
not thread-safe, and opening one costs a millisecond). Pushes (and other
writes such as pushkey) are refused by configuration; hgweb's HTML browser
and archives answer 404: the site's own pages are the browser.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from mercurial import wireprotov1server
from mercurial.hgweb import hgweb_mod

from .hgapi import mapped_errors, open_repo
from .store import RepoStore

_READ_ONLY = {
    b"allow-push": b"",  # nobody
    b"deny_push": b"*",
}


def clone_app(store: RepoStore, owner: str, name: str, label: str) -> Callable:
    """A WSGI app serving `owner/name` read-only; `label` is the name clients are shown."""
    with mapped_errors():
        repo = open_repo(store.path_for(owner, name))
        for key, value in _READ_ONLY.items():
            repo.ui.setconfig(b"web", key, value, b"snipcell")
        return _wire_protocol_only(hgweb_mod.hgweb(repo, name=label.encode("utf-8")))


def _wire_protocol_only(app: Callable) -> Callable:
    """hgweb also answers `?cmd=log`, `?cmd=archive`... with its HTML browser: only Mercurial clients get through."""

    def serve(environ, start_response):
        command = parse_qs(environ.get("QUERY_STRING", "")).get("cmd", [""])[0]
        if command.encode("utf-8", "replace") not in wireprotov1server.commands:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Only Mercurial's wire protocol is served here: hg clone this URL.\n"]
        return app(environ, start_response)

    return serve
