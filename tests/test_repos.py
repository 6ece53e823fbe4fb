"""RepoStore against real Mercurial repositories on disk."""

import hashlib
import io
import os
import subprocess
import sys
import threading
import zipfile
from datetime import timezone
from pathlib import Path

import pytest
from hgcli import hg_binaries, run_hg

from repos import (
    Changeset,
    EmptyCommit,
    FileInfo,
    HeadMoved,
    InvalidPath,
    RepoError,
    RepoExists,
    RepoStore,
    UnknownPath,
    UnknownRepo,
    UnknownRevision,
)

SNIPPET = {
    "main.py": b"from pkg.mod import f\nprint(f(2))\n",
    "pkg/mod.py": b"def f(x):\n    return x * x\n",
    "README.md": b"# squares\n",
}


@pytest.fixture
def store(tmp_path: Path) -> RepoStore:
    return RepoStore(tmp_path / "repos")


@pytest.fixture
def first(store: RepoStore) -> Changeset:
    return store.create("alice", "squares", SNIPPET, "first version", "alice")


def leftovers(store: RepoStore) -> list[str]:
    """Staging or doomed directories that should never survive an operation."""
    if not store.root.exists():
        return []
    return [p.name for p in store.root.glob("*/.*") if p.parent.name != ".spares"]


def test_path_is_sha1_of_owner_and_name_split_2_38(store):
    digest = hashlib.sha1(b"Alice/Squares").hexdigest()
    assert store.path_for("Alice", "Squares") == store.root / digest[:2] / digest[2:]
    assert store.path_for("alice", "squares") != store.path_for("Alice", "Squares")


def test_create_makes_first_commit(store, first):
    assert store.exists("alice", "squares")
    assert first.number == 0
    assert len(first.rev) == 40 and int(first.rev, 16) >= 0
    assert first.parents == []
    assert first.author == "alice"
    assert first.message == "first version"
    assert first.date.tzinfo == timezone.utc
    assert first.files_changed == ["README.md", "main.py", "pkg/mod.py"]
    assert store.head("alice", "squares") == first
    assert store.log("alice", "squares") == [first]
    assert store.files("alice", "squares", "tip") == [
        FileInfo("README.md", 10),
        FileInfo("main.py", len(SNIPPET["main.py"])),
        FileInfo("pkg/mod.py", len(SNIPPET["pkg/mod.py"])),
    ]
    assert store.read("alice", "squares", first.rev, "pkg/mod.py") == SNIPPET["pkg/mod.py"]


def test_create_twice_raises_repo_exists(store, first):
    with pytest.raises(RepoExists):
        store.create("alice", "squares", {"x.py": b"1"}, "again", "alice")
    assert store.log("alice", "squares") == [first]
    assert leftovers(store) == []


@pytest.mark.parametrize(
    "files, user, error",
    [
        ({}, "alice", EmptyCommit),
        ({"../evil.py": b"x"}, "alice", InvalidPath),
        ({"ok.py": b"x"}, "two\nlines", RepoError),
        ({"ok.py": b"x"}, "", ValueError),
    ],
)
def test_failed_create_leaves_nothing(store, files, user, error):
    with pytest.raises(error):
        store.create("alice", "broken", files, "m", user)
    assert not store.exists("alice", "broken")
    assert not store.path_for("alice", "broken").exists()
    assert leftovers(store) == []


def test_commit_replaces_adds_and_deletes(store, first):
    second = store.commit(
        "alice",
        "squares",
        first.rev,
        {"main.py": b"print('v2')\n", "pkg/sub/deep.py": b"DEEP = 1\n"},
        ["README.md"],
        "second version",
        "bob <bob@example.org>",
    )
    assert second.number == 1
    assert second.parents == [first.rev]
    assert second.author == "bob <bob@example.org>"
    assert second.files_changed == ["README.md", "main.py", "pkg/sub/deep.py"]
    assert [f.path for f in store.files("alice", "squares", "tip")] == [
        "main.py",
        "pkg/mod.py",
        "pkg/sub/deep.py",
    ]
    assert store.read("alice", "squares", "tip", "pkg/sub/deep.py") == b"DEEP = 1\n"
    assert store.read("alice", "squares", "0", "main.py") == SNIPPET["main.py"]
    with pytest.raises(UnknownPath):
        store.read("alice", "squares", "tip", "README.md")
    assert store.log("alice", "squares") == [second, first]
    assert store.nodes("alice", "squares") == {first.rev, second.rev}


def test_commit_only_changed_files_are_recorded(store, first):
    second = store.commit(
        "alice", "squares", first.rev, {**SNIPPET, "main.py": b"print(3)\n"}, [], "one change", "alice"
    )
    assert second.files_changed == ["main.py"]


def test_unicode_message_and_author_round_trip(store, first):
    second = store.commit("alice", "squares", first.rev, {"a.py": b"1"}, [], "héllo ✓ ∑", "Zoë")
    assert store.resolve("alice", "squares", second.rev).message == "héllo ✓ ∑"
    assert store.head("alice", "squares").author == "Zoë"


def test_stale_parent_raises_head_moved_and_loses_nothing(store, first):
    second = store.commit("alice", "squares", first.rev, {"a.py": b"1"}, [], "m", "alice")
    with pytest.raises(HeadMoved) as caught:
        store.commit("alice", "squares", first.rev, {"b.py": b"2"}, [], "m", "carol")
    assert caught.value.head == second
    assert store.log("alice", "squares") == [second, first]


def test_delete_of_missing_path_raises_unknown_path(store, first):
    with pytest.raises(UnknownPath):
        store.commit("alice", "squares", first.rev, {}, ["nope.py"], "m", "alice")
    assert store.log("alice", "squares") == [first]


def test_identical_content_raises_empty_commit(store, first):
    with pytest.raises(EmptyCommit):
        store.commit("alice", "squares", first.rev, {"main.py": SNIPPET["main.py"]}, [], "m", "alice")
    with pytest.raises(EmptyCommit):
        store.commit("alice", "squares", first.rev, {}, [], "m", "alice")


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../x.py", "a/../b.py", "./a.py", "a//b.py", "a/", "", ".hg/hgrc", "pkg/.HG/x",
     "a\\b.py", "a\0b.py", "a\nb.py"],
)
def test_dangerous_paths_are_refused(store, first, path):
    with pytest.raises(InvalidPath):
        store.commit("alice", "squares", first.rev, {path: b"x"}, [], "m", "alice")
    with pytest.raises(InvalidPath):
        store.commit("alice", "squares", first.rev, {}, [path], "m", "alice")
    with pytest.raises(InvalidPath):
        store.create("mallory", "evil", {path: b"x"}, "m", "mallory")
    assert store.log("alice", "squares") == [first]


def test_file_and_folder_of_the_same_name_are_refused(store, first):
    with pytest.raises(InvalidPath):
        store.commit("alice", "squares", first.rev, {"main.py/inner.py": b"x"}, [], "m", "alice")
    with pytest.raises(InvalidPath):
        store.commit("alice", "squares", first.rev, {"pkg": b"x"}, [], "m", "alice")
    with pytest.raises(InvalidPath):
        store.commit("alice", "squares", first.rev, {"a.py": b"x"}, ["a.py"], "m", "alice")


def test_replacing_a_folder_by_a_file_after_deleting_it_is_allowed(store, first):
    second = store.commit("alice", "squares", first.rev, {"pkg": b"now a file"}, ["pkg/mod.py"], "m", "a")
    assert store.read("alice", "squares", second.rev, "pkg") == b"now a file"


def test_resolve_accepts_tip_node_prefix_and_number(store, first):
    second = store.commit("alice", "squares", first.rev, {"a.py": b"1"}, [], "m", "alice")
    for rev in ("tip", second.rev, second.rev[:4], second.rev[:12], second.rev.upper(), "1"):
        assert store.resolve("alice", "squares", rev) == second
    assert store.resolve("alice", "squares", "0") == first


@pytest.mark.parametrize("rev", ["", "abc", "zzzz", "2", "-1", "01", "1.0", " tip", "0" * 40, "0000", "f" * 40, "ffff",
                                 "tip~1", "default", "."])
def test_resolve_refuses_anything_else(store, first, rev):
    if first.rev.startswith(rev.lower()) and len(rev) >= 4:
        pytest.skip("the random node happens to start with this prefix")
    with pytest.raises(UnknownRevision):
        store.resolve("alice", "squares", rev)


def test_ambiguous_prefix_is_unknown_revision(store, first):
    seen: dict[str, str] = {first.rev[:4]: first.rev}
    parent = first.rev
    for number in range(3000):
        parent = store.commit("alice", "squares", parent, {"n.txt": str(number).encode()}, [], "m", "a").rev
        if parent[:4] in seen:
            break
        seen[parent[:4]] = parent
    else:
        pytest.fail("no two nodes shared a 4-hex prefix in 3000 commits")
    with pytest.raises(UnknownRevision):
        store.resolve("alice", "squares", parent[:4])
    assert store.resolve("alice", "squares", parent[:12]).rev == parent


def test_diff_is_git_style_and_empty_for_equal_trees(store, first):
    second = store.commit(
        "alice", "squares", first.rev, {"pkg/mod.py": b"def f(x):\n    return x ** 2\n"}, ["README.md"], "m", "a"
    )
    diff = store.diff("alice", "squares", first.rev, second.rev)
    assert "diff --git a/pkg/mod.py b/pkg/mod.py" in diff
    assert "-    return x * x\n+    return x ** 2\n" in diff
    assert "diff --git a/README.md b/README.md\ndeleted file mode 100644" in diff
    assert "main.py" not in diff
    assert store.diff("alice", "squares", "tip", second.rev) == ""
    reverse = store.diff("alice", "squares", "tip", "0")
    assert "+    return x * x\n" in reverse and "new file mode 100644" in reverse


def test_archive_zip_puts_every_file_under_prefix(store, first):
    data = store.archive_zip("alice", "squares", first.rev, "squares-" + first.rev[:12])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == [f"squares-{first.rev[:12]}/{path}" for path in sorted(SNIPPET)]
        for path, content in SNIPPET.items():
            assert archive.read(f"squares-{first.rev[:12]}/{path}") == content
    assert store.archive_zip("alice", "squares", first.rev, "squares-" + first.rev[:12]) == data
    with pytest.raises(InvalidPath):
        store.archive_zip("alice", "squares", "tip", "../up")


def test_export_writes_files_into_new_or_existing_directory(store, first, tmp_path):
    store.export("alice", "squares", first.rev, tmp_path / "new" / "dir")
    for path, content in SNIPPET.items():
        assert (tmp_path / "new" / "dir" / path).read_bytes() == content
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_bytes(b"mine")
    store.export("alice", "squares", "tip", str(existing))
    assert (existing / "keep.txt").read_bytes() == b"mine"
    assert (existing / "pkg" / "mod.py").read_bytes() == SNIPPET["pkg/mod.py"]


def test_fork_keeps_history_and_is_independent(store, first):
    second = store.commit("alice", "squares", first.rev, {"main.py": b"print(2)\n"}, [], "v2", "alice")
    head = store.fork("alice", "squares", "bob", "squares")
    assert head == second
    assert store.log("bob", "squares") == store.log("alice", "squares")

    bobs = store.commit("bob", "squares", second.rev, {"main.py": b"print('bob')\n"}, [], "bob's", "bob")
    alices = store.commit("alice", "squares", second.rev, {"main.py": b"print('alice')\n"}, [], "alice's", "alice")
    assert store.read("bob", "squares", "tip", "main.py") == b"print('bob')\n"
    assert store.read("alice", "squares", "tip", "main.py") == b"print('alice')\n"
    assert store.nodes("bob", "squares") - store.nodes("alice", "squares") == {bobs.rev}
    assert store.nodes("alice", "squares") - store.nodes("bob", "squares") == {alices.rev}
    assert store.read("bob", "squares", second.rev, "main.py") == b"print(2)\n"


def test_fork_hardlinks_every_file_and_survives_source_changes(store, first):
    store.fork("alice", "squares", "bob", "squares")
    source, fork = store.path_for("alice", "squares"), store.path_for("bob", "squares")
    fork_files = [p for p in fork.rglob("*") if p.is_file()]
    assert fork_files
    for path in fork_files:
        twin = source / path.relative_to(fork)
        assert os.stat(path).st_ino == os.stat(twin).st_ino
    store.commit("alice", "squares", first.rev, {"main.py": b"changed\n"}, ["README.md"], "m", "alice")
    store.delete("alice", "squares")
    assert store.log("bob", "squares") == [first]
    assert store.read("bob", "squares", "tip", "README.md") == SNIPPET["README.md"]


def test_fork_errors(store, first):
    store.create("bob", "squares", {"x.py": b"x"}, "m", "bob")
    with pytest.raises(RepoExists):
        store.fork("alice", "squares", "bob", "squares")
    with pytest.raises(UnknownRepo):
        store.fork("nobody", "nothing", "bob", "other")
    assert not store.path_for("bob", "other").exists()
    assert leftovers(store) == []


def test_delete_removes_the_directory(store, first):
    store.delete("alice", "squares")
    assert not store.exists("alice", "squares")
    assert not store.path_for("alice", "squares").exists()
    with pytest.raises(UnknownRepo):
        store.delete("alice", "squares")
    assert leftovers(store) == []


def test_every_read_of_a_missing_repo_raises_unknown_repo(store):
    calls = [
        lambda: store.head("x", "y"),
        lambda: store.resolve("x", "y", "tip"),
        lambda: store.log("x", "y"),
        lambda: store.nodes("x", "y"),
        lambda: store.files("x", "y", "tip"),
        lambda: store.read("x", "y", "tip", "a.py"),
        lambda: store.diff("x", "y", "0", "tip"),
        lambda: store.archive_zip("x", "y", "tip", "p"),
        lambda: store.export("x", "y", "tip", store.root / "out"),
        lambda: store.commit("x", "y", "0" * 40, {"a.py": b"1"}, [], "m", "u"),
    ]
    for call in calls:
        with pytest.raises(UnknownRepo):
            call()
    assert issubclass(UnknownRepo, RepoError)


def test_corrupt_repository_raises_repo_error_not_mercurial(store, first):
    changelog = store.path_for("alice", "squares") / ".hg" / "store" / "00changelog.i"
    changelog.write_bytes(b"\xff" * 10)
    with pytest.raises(RepoError) as caught:
        store.log("alice", "squares")
    assert not type(caught.value).__module__.startswith("mercurial")


CRASH_MID_COMMIT = """
import os, signal, sys
from mercurial import manifest
import repos

def die(*args, **kwargs):  # after the file revisions are written, before the changelog
    os.kill(os.getpid(), signal.SIGKILL)

manifest.manifestrevlog.add = die
repos.RepoStore(sys.argv[1]).commit("alice", "squares", sys.argv[2], {"lost.py": b"x" * 5000}, [], "m", "a")
"""


def test_a_writer_killed_mid_commit_is_rolled_back_by_the_next_commit(store, first):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    crashed = subprocess.run([sys.executable, "-c", CRASH_MID_COMMIT, str(store.root), first.rev], env=env)
    assert crashed.returncode == -9
    repo = store.path_for("alice", "squares")
    assert (repo / ".hg" / "store" / "journal").exists()
    assert store.log("alice", "squares") == [first]

    second = store.commit("alice", "squares", first.rev, {"kept.py": b"y"}, [], "after the crash", "alice")
    assert store.log("alice", "squares") == [second, first]
    assert [f.path for f in store.files("alice", "squares", "tip")] == ["README.md", "kept.py", "main.py", "pkg/mod.py"]
    assert not (repo / ".hg" / "store" / "journal").exists()
    run_hg(hg_binaries()[0], "verify", "-q", cwd=repo)


def test_racing_creates_of_one_name_make_exactly_one_repository(store):
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def create(label: str) -> None:
        barrier.wait()
        try:
            store.create("alice", "same", {"who.txt": label.encode()}, label, label)
            outcomes.append("created")
        except RepoExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=create, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "exists", "exists", "exists"]
    (only,) = store.log("alice", "same")
    assert store.read("alice", "same", "tip", "who.txt").decode() == only.message
    assert leftovers(store) == []


def test_hooks_in_a_repository_hgrc_never_run(store, first):
    hgrc = store.path_for("alice", "squares") / ".hg" / "hgrc"
    hgrc.write_text("[hooks]\npretxncommit = false\n[extensions]\nevil = /nonexistent/evil.py\n")
    second = store.commit("alice", "squares", first.rev, {"a.py": b"1"}, [], "m", "alice")
    assert store.head("alice", "squares") == second


def _race_threads(store: RepoStore, parent: str, workers: int, count: int, retry: bool) -> list[str]:
    """Commit from `workers` threads started together; return the outcomes ("won"/"moved")."""
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []

    def work(label: str) -> None:
        head = parent
        barrier.wait()
        done = 0
        while done < count:
            try:
                head = store.commit("race", "repo", head, {f"{label}-{done}.txt": b"x"}, [], label, label).rev
                outcomes.append("won")
                done += 1
            except HeadMoved as moved:
                outcomes.append("moved")
                if not retry:
                    return
                head = moved.head.rev

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _race_processes(store: RepoStore, parent: str, workers: int, count: int, retry: bool) -> list[str]:
    """The same race between separate Python processes, released together by a file."""
    go_file = store.root / "go"
    worker = Path(__file__).with_name("repos_commit_worker.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    mode = "retry" if retry else "once"
    procs = [
        subprocess.Popen(
            [sys.executable, str(worker), str(store.root), str(go_file), f"w{n}", parent, str(count), mode],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(workers)
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    go_file.touch()
    outcomes = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        outcomes += [line.split()[0] for line in out.splitlines()]
    return outcomes


def _assert_linear_history(store: RepoStore, expected_versions: int) -> None:
    log = store.log("race", "repo")
    assert len(log) == expected_versions
    for newer, older in zip(log, log[1:]):
        assert newer.parents == [older.rev]


@pytest.mark.parametrize("race", [_race_threads, _race_processes], ids=["threads", "processes"])
def test_concurrent_committers_on_one_parent_exactly_one_wins(store, race):
    root = store.create("race", "repo", {"base.txt": b"0"}, "base", "race")
    outcomes = race(store, root.rev, workers=4, count=1, retry=False)
    assert sorted(outcomes) == ["moved", "moved", "moved", "won"]
    _assert_linear_history(store, 2)


@pytest.mark.parametrize("race", [_race_threads, _race_processes], ids=["threads", "processes"])
def test_concurrent_committers_retrying_never_lose_a_version(store, race):
    root = store.create("race", "repo", {"base.txt": b"0"}, "base", "race")
    outcomes = race(store, root.rev, workers=3, count=3, retry=True)
    assert outcomes.count("won") == 9
    _assert_linear_history(store, 10)
    files = {info.path for info in store.files("race", "repo", "tip")}
    assert files == {"base.txt"} | {f"w{worker}-{n}.txt" for worker in range(3) for n in range(3)}


def test_readers_in_threads_see_whole_versions_while_a_writer_commits(store):
    head = store.create("race", "repo", {"n.txt": b"0", "m.txt": b"0"}, "v0", "w").rev
    stop = threading.Event()
    failures: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                tip = store.head("race", "repo")
                n = store.read("race", "repo", tip.rev, "n.txt")
                assert store.read("race", "repo", tip.rev, "m.txt") == n == str(tip.number).encode()
                assert len(store.log("race", "repo")) >= tip.number + 1
        except BaseException as exc:
            failures.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for number in range(1, 31):
        data = str(number).encode()
        head = store.commit("race", "repo", head, {"n.txt": data, "m.txt": data}, [], f"v{number}", "w").rev
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == []
    _assert_linear_history(store, 31)


@pytest.mark.parametrize("hg", hg_binaries())
def test_hg_command_line_sees_the_same_history_and_content(store, first, hg):
    second = store.commit("alice", "squares", first.rev, {"pkg/mod.py": b"def f(x):\n    return 0\n"}, [], "v2", "a")
    store.fork("alice", "squares", "bob", "squares")
    store.commit("bob", "squares", second.rev, {"bob.py": b"b"}, ["README.md"], "bob's", "bob")
    store.commit("alice", "squares", second.rev, {"pkg/mod.py": b"alice\n"}, [], "alice's", "alice")
    for owner in ("alice", "bob"):
        repo = store.path_for(owner, "squares")

        def run(*args: str) -> str:
            return run_hg(hg, *args, cwd=repo).stdout

        assert run("log", "-T", "{node}\n").split() == [c.rev for c in store.log(owner, "squares")]
        assert run("cat", "-r", first.rev, "pkg/mod.py") == SNIPPET["pkg/mod.py"].decode()
        assert run("cat", "-r", second.rev[:12], "pkg/mod.py") == "def f(x):\n    return 0\n"
        run("verify", "-q")


def test_a_repository_opened_before_another_commit_sees_it_once_locked(store, first):
    """The window HeadMoved relies on: open, someone else commits, then take the lock."""
    from repos.hgapi import open_repo

    early = open_repo(store.path_for("alice", "squares"))
    assert early.changelog.tiprev() == 0
    store.commit("alice", "squares", first.rev, {"a.py": b"1"}, [], "m", "alice")
    with early.lock():
        assert early.changelog.tiprev() == 1


def test_creates_use_spare_repositories_made_ahead(store, tmp_path):
    import time

    store.create("ada", "warm-up", SNIPPET, "first", "ada")  # starts the background filler
    spares = store.root / ".spares"
    deadline = time.monotonic() + 30
    while len([p for p in spares.iterdir() if p.name.startswith("ready-")]) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    ready = {p.name for p in spares.iterdir() if p.name.startswith("ready-")}
    assert len(ready) == 4
    made = []
    for i in range(3):
        spare_inodes = {p.stat().st_ino for p in spares.iterdir() if p.name.startswith("ready-")}
        made.append(store.create("ada", f"s{i}", SNIPPET, "first", "ada"))
        assert store.path_for("ada", f"s{i}").stat().st_ino in spare_inodes, "the create took a spare (renamed, same inode)"
    for i, head in enumerate(made):
        assert store.log("ada", f"s{i}") == [head]
        assert store.read("ada", f"s{i}", head.rev, "main.py") == SNIPPET["main.py"]
    run_hg(hg_binaries()[0], "verify", "-R", str(store.path_for("ada", "s0")))  # raises unless it exits 0
