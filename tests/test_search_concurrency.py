"""Several writers on one index: threads of one process, two processes, a held lock."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_search_helpers import snippet
from whoosh import index as whoosh_index

from search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
WRITER_SCRIPT = """
import sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from search import SearchIndex
from test_search_helpers import snippet
index = SearchIndex(sys.argv[1])
sys.stdin.readline()  # start together
for n in range(int(sys.argv[3])):
    index.update(snippet(f"doc{{n}}", owner=sys.argv[2], title=f"shared words {{n}}"))
    if n % 10 == 0:
        index.flush()
index.close()
print("done")
"""


def test_threads_updating_at_once_lose_nothing(tmp_path):
    index = SearchIndex(tmp_path / "index")

    def write(owner: str) -> None:
        for n in range(40):
            index.update(snippet(f"doc{n}", owner=owner, title="thread words"))
            if n % 8 == 0:
                index.flush()

    threads = [threading.Thread(target=write, args=(f"user{t}",)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    index.flush()
    assert index.doc_count() == 240
    assert index.search("thread", per_page=1).total == 240
    index.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    folder = str(tmp_path / "index")
    SearchIndex(folder).close()
    script = WRITER_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
    writers = [subprocess.Popen([sys.executable, "-c", script, folder, owner, "60"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for owner in ("left", "right")]
    here = SearchIndex(folder)  # and this process writes too
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for n in range(30):
        here.update(snippet(f"doc{n}", owner="middle", title="shared words"))
    here.flush()
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert all("LockError" not in err and "Traceback" not in err for _, err in outputs), outputs
    assert here.doc_count() == 150
    for owner, count in (("left", 60), ("right", 60), ("middle", 30)):
        assert here.search("shared", owner=owner).total == count
    here.close()


def test_updates_wait_for_a_lock_held_elsewhere_then_land(tmp_path):
    index = SearchIndex(tmp_path / "index")
    outsider = whoosh_index.open_dir(str(tmp_path / "index")).writer()  # holds the write lock
    index.update(snippet("patient", title="waiting writer"))
    with pytest.raises(TimeoutError):
        index.flush(timeout=0.3)
    outsider.cancel()
    index.flush()
    assert index.search("waiting").total == 1
    index.close()


def test_a_second_instance_sees_commits_at_once(tmp_path):
    writer, reader = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    assert reader.search("fresh").total == 0  # its searcher is now cached
    writer.update(snippet("new", title="fresh words"))
    writer.flush()
    assert reader.search("fresh").total == 1
    writer.close()
    reader.close()
