"""Turn a user-supplied revision string into a changectx, the way the API promises."""

import string

from mercurial import error
from mercurial.node import bin as binnode

from .errors import UnknownRevision

_HEX = frozenset(string.hexdigits.lower())
_MIN_PREFIX = 4


def lookup(repo, rev: str):
    """'tip', a 40-hex node, a unique hex prefix (>= 4) or a local number; else UnknownRevision."""
    if not isinstance(rev, str) or not rev:
        raise UnknownRevision(repr(rev))
    changelog = repo.changelog
    if rev == "tip":
        return repo[changelog.tiprev()]
    if rev.isdecimal() and rev.isascii() and str(int(rev)) == rev and int(rev) < len(changelog):
        return repo[int(rev)]
    candidate = rev.lower()
    if not (_MIN_PREFIX <= len(candidate) <= 40 and set(candidate) <= _HEX):
        raise UnknownRevision(rev)
    try:
        if len(candidate) == 40:
            node = binnode(candidate)
            found = node if changelog.hasnode(node) else None
        else:
            found = changelog._partialmatch(candidate.encode("ascii"))
    except (error.LookupError, error.WdirUnsupported) as exc:  # ambiguous, or 'ffff...'
        raise UnknownRevision(rev) from exc
    if found is None or found == repo.nullid:
        raise UnknownRevision(rev)
    return repo[found]
