"""Domain errors of the repository store; the web layer maps them to HTTP statuses."""


class RepoError(Exception):
    """Base of every error raised by `repos`; Mercurial's own never leak out."""


class UnknownRepo(RepoError):
    """No repository exists for this owner/name."""


class RepoExists(RepoError):
    """A repository already exists for this owner/name."""


class UnknownRevision(RepoError):
    """The revision string names no changeset (unknown, ambiguous or malformed)."""


class UnknownPath(RepoError):
    """The path names no file at that revision."""


class InvalidPath(RepoError):
    """A path that must never enter a repository (absolute, `..`, `.hg`, ...)."""


class EmptyCommit(RepoError):
    """The commit would leave the files exactly as they are."""


class HeadMoved(RepoError):
    """The parent given is no longer the head; `head` is the current head changeset."""

    def __init__(self, head: object) -> None:
        super().__init__(f"head moved to {getattr(head, 'rev', head)}")
        self.head = head
