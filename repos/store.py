"""RepoStore: one Mercurial repository per snippet fork, driven in process."""

import contextlib
import errno
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from mercurial import context, mdiff, patch
from mercurial.node import nullrev

from .errors import EmptyCommit, HeadMoved, InvalidPath, RepoExists, UnknownPath, UnknownRepo
from .forking import link_store
from .hgapi import changeset, create_repo, mapped_errors, open_repo, recover_abandoned, text
from .model import Changeset, FileInfo
from .paths import check_path, check_tree, repo_dir
from .revisions import lookup
from .snapshot import SnapshotFile, write_tree, zip_bytes
from .spares import SparePool

_DIFF_OPTS = mdiff.diffopts(git=True, nobinary=True)

# Threads of one process serialise on these before taking Mercurial's file lock,
# whose waiters poll once a second; processes still meet at the file lock.
_THREAD_LOCKS = [threading.Lock() for _ in range(64)]


def _thread_lock(path: Path) -> threading.Lock:
    return _THREAD_LOCKS[hash(str(path)) % len(_THREAD_LOCKS)]


def _checked_writes(files: Mapping[str, bytes]) -> dict[str, bytes]:
    writes = {}
    for path, data in files.items():
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"content of {path!r} must be bytes, not {type(data).__name__}")
        writes[check_path(path)] = bytes(data)
    return writes


def _check_user(user: str) -> None:
    """Mercurial would invent 'user@host' for an empty user; the caller must name one."""
    if not isinstance(user, str) or not user.strip():
        raise ValueError("a commit needs a non-empty user")


def _commit(repo, parent_ctx, writes: dict[str, bytes], deletes: Sequence[str], message: str, user: str):
    """Commit `writes` and `deletes` on top of `parent_ctx` with memctx; return the new changectx."""
    manifest = parent_ctx.manifest()
    for path in deletes:
        if path.encode() not in manifest:
            raise UnknownPath(path)
    changed = {
        path: data
        for path, data in writes.items()
        if path.encode() not in manifest or parent_ctx[path.encode()].data() != data
    }
    if not changed and not deletes:
        raise EmptyCommit("nothing changes")
    remaining = {text(p) for p in manifest} - set(deletes)
    check_tree(remaining | changed.keys())

    def filectx(repo, memctx, path: bytes):
        name = path.decode()
        if name not in changed:
            return None
        executable = b"x" in manifest.flags(path) if path in manifest else False
        return context.memfilectx(repo, memctx, path, changed[name], isexec=executable)

    memctx = context.memctx(
        repo,
        [parent_ctx.node(), None],
        message.encode(),
        [p.encode() for p in (*changed, *deletes)],
        filectx,
        user=user.encode(),
        date=(int(time.time()), 0),
    )
    return repo[repo.commitctx(memctx)]


def _head_must_be(repo, parent: str) -> None:
    tip = repo[repo.changelog.tiprev()]
    if tip.hex().decode() != parent:
        raise HeadMoved(changeset(tip))


def _snapshot(ctx) -> Iterator[SnapshotFile]:
    manifest = ctx.manifest()
    for path in manifest:
        yield SnapshotFile(text(path), ctx[path].data(), b"x" in manifest.flags(path))


class RepoStore:
    """All repositories under `root`; every method takes `owner, name` first.

    Every error is a RepoError (Mercurial's are mapped by `mapped_errors`),
    except ValueError/TypeError for a missing user or non-bytes content.

    Safe to share between threads and processes: repository objects are opened
    per call, commits take the repository lock, and new repositories appear by
    renaming a finished staging directory into place.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root).absolute()
        self._spares = SparePool(self.root)

    def path_for(self, owner: str, name: str) -> Path:
        return repo_dir(self.root, owner, name)

    def exists(self, owner: str, name: str) -> bool:
        return (self.path_for(owner, name) / ".hg").is_dir()

    @mapped_errors()
    def create(self, owner: str, name: str, files: Mapping[str, bytes], message: str, user: str) -> Changeset:
        """Make the repository and its first commit; nothing is left behind on failure."""
        writes = _checked_writes(files)
        _check_user(user)
        if not writes:
            raise EmptyCommit("a new repository needs at least one file")
        final = self.path_for(owner, name)
        if self.exists(owner, name):
            raise RepoExists(f"{owner}/{name}")
        with self._staging(final) as staging:
            repo = self._spares.claim(staging) or create_repo(staging)
            first = changeset(_commit(repo, repo[nullrev], writes, [], message, user))
            self._publish(staging, final, f"{owner}/{name}")
        return first

    @mapped_errors()
    def commit(
        self,
        owner: str,
        name: str,
        parent: str,
        files: Mapping[str, bytes],
        delete: Sequence[str],
        message: str,
        user: str,
    ) -> Changeset:
        """Commit a new version on top of `parent`, which must still be the head."""
        writes = _checked_writes(files)
        _check_user(user)
        deletes = [check_path(path) for path in delete]
        both = writes.keys() & set(deletes)
        if both:
            raise InvalidPath(f"written and deleted at once: {sorted(both)}")
        path = self.path_for(owner, name)
        with _thread_lock(path):
            repo = open_repo(path)
            _head_must_be(repo, parent)  # cheap refusal before waiting on the file lock
            with repo.lock():  # taking the lock re-reads the changelog
                recover_abandoned(repo)
                _head_must_be(repo, parent)
                return changeset(_commit(repo, repo[repo.changelog.tiprev()], writes, deletes, message, user))

    @mapped_errors()
    def fork(self, src_owner: str, src_name: str, owner: str, name: str) -> Changeset:
        """Clone `src` with its full history into `owner/name`; the store files are hardlinks."""
        source_path = self.path_for(src_owner, src_name)
        final = self.path_for(owner, name)
        if self.exists(owner, name):
            raise RepoExists(f"{owner}/{name}")
        with _thread_lock(source_path):
            source = open_repo(source_path)
            with self._staging(final) as staging:
                with source.lock():
                    recover_abandoned(source)
                    link_store(source, staging)
                    head = changeset(source[source.changelog.tiprev()])
                self._publish(staging, final, f"{owner}/{name}")
        return head

    def delete(self, owner: str, name: str) -> None:
        """Remove the repository: renamed away first, so it vanishes at once."""
        path = self.path_for(owner, name)
        if not self.exists(owner, name):
            raise UnknownRepo(f"{owner}/{name}")
        doomed = path.with_name(f".del-{path.name}-{secrets.token_hex(4)}")
        try:
            os.rename(path, doomed)
        except FileNotFoundError as exc:  # another caller deleted it first
            raise UnknownRepo(f"{owner}/{name}") from exc
        shutil.rmtree(doomed)

    def head(self, owner: str, name: str) -> Changeset:
        return self.resolve(owner, name, "tip")

    @mapped_errors()
    def resolve(self, owner: str, name: str, rev: str) -> Changeset:
        return changeset(self._ctx(owner, name, rev))

    @mapped_errors()
    def log(self, owner: str, name: str) -> list[Changeset]:
        """Every changeset, newest first."""
        repo = self._open(owner, name)
        return [changeset(repo[number]) for number in reversed(range(len(repo)))]

    @mapped_errors()
    def nodes(self, owner: str, name: str) -> set[str]:
        changelog = self._open(owner, name).changelog
        return {changelog.node(number).hex() for number in changelog}

    @mapped_errors()
    def files(self, owner: str, name: str, rev: str) -> list[FileInfo]:
        ctx = self._ctx(owner, name, rev)
        found = [FileInfo(text(path), ctx[path].size()) for path in ctx.manifest()]
        return sorted(found, key=lambda info: info.path)

    @mapped_errors()
    def read(self, owner: str, name: str, rev: str, path: str) -> bytes:
        ctx = self._ctx(owner, name, rev)
        key = path.encode("utf-8", "surrogateescape") if isinstance(path, str) else b""
        if key not in ctx.manifest():
            raise UnknownPath(path)
        return ctx[key].data()

    @mapped_errors()
    def diff(self, owner: str, name: str, rev_from: str, rev_to: str) -> str:
        """Git-style unified diff from `rev_from` to `rev_to`; '' when the trees are equal."""
        repo = self._open(owner, name)
        old, new = lookup(repo, rev_from), lookup(repo, rev_to)
        return text(b"".join(patch.diff(repo, old.node(), new.node(), opts=_DIFF_OPTS)))

    @mapped_errors()
    def contents(self, owner: str, name: str, rev: str) -> dict[str, bytes]:
        """Every file of `rev`, path to bytes, sorted by path: one repository open for all."""
        return {f.path: f.data for f in sorted(_snapshot(self._ctx(owner, name, rev)), key=lambda f: f.path)}

    @mapped_errors()
    def archive_zip(self, owner: str, name: str, rev: str, prefix: str) -> bytes:
        ctx = self._ctx(owner, name, rev)
        return zip_bytes(_snapshot(ctx), prefix, changeset(ctx).date)

    @mapped_errors()
    def export(self, owner: str, name: str, rev: str, dest: str | os.PathLike) -> None:
        """Write the files of `rev` into `dest` (created if missing), subfolders included."""
        write_tree(_snapshot(self._ctx(owner, name, rev)), Path(dest))

    def _open(self, owner: str, name: str):
        return open_repo(self.path_for(owner, name))

    def _ctx(self, owner: str, name: str, rev: str):
        return lookup(self._open(owner, name), rev)

    def leftovers(self, older_than: float = 3600.0) -> list[Path]:
        """Staging and doomed folders left by a process killed mid-create, mid-fork or mid-delete."""
        cutoff = time.time() - older_than
        found = [*self.root.glob("??/.tmp-*"), *self.root.glob("??/.del-*"), *self.root.glob(".spares/.tmp-*")]
        return sorted(p for p in found if p.is_dir() and p.stat().st_mtime < cutoff)

    def remove_leftovers(self, older_than: float = 3600.0) -> list[Path]:
        removed = self.leftovers(older_than)
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        return removed

    @contextlib.contextmanager
    def _staging(self, final: Path) -> Iterator[Path]:
        """A private directory beside `final`, removed unless it was published."""
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = final.with_name(f".tmp-{final.name}-{secrets.token_hex(4)}")
        staging.mkdir()
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @staticmethod
    def _publish(staging: Path, final: Path, label: str) -> None:
        """Move a finished repository into place; losing a race means RepoExists."""
        try:
            os.rename(staging, final)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise RepoExists(label) from exc
            raise
