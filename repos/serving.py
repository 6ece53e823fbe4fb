"""Read-only `hg clone` and `hg pull` over HTTP: Mercurial's own hgweb, speaking only the wire protocol.

Every request gets a fresh hgweb around a fresh repository object (they are
not thread-safe, and opening one costs a millisecond). Pushes are refused
by configuration, archives and the HTML browser are off: the site's own
pages are the browser.
"""
from __future__ import annotations

from collections.abc import Callable

from mercurial.hgweb import hgweb_mod

from .hgapi import mapped_errors, open_repo
from .store import RepoStore

_READ_ONLY = {
    b"allow-push": b"",  # nobody
    b"deny_push": b"*",
    b"allow-archive": b"",
    b"allow_archive": b"",
    b"allowbz2": b"false",
    b"allowgz": b"false",
    b"allowzip": b"false",
}


def clone_app(store: RepoStore, owner: str, name: str, label: str) -> Callable:
    """A WSGI app serving `owner/name` read-only; `label` is the name clients are shown."""
    with mapped_errors():
        repo = open_repo(store.path_for(owner, name))
        for key, value in _READ_ONLY.items():
            repo.ui.setconfig(b"web", key, value, b"snipcell")
        return hgweb_mod.hgweb(repo, name=label.encode("utf-8"))
