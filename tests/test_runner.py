"""The Runner end to end: real zygote, real sandbox, real forks; functional behaviour of cells."""
from __future__ import annotations

import base64
import os
import threading
import time
import uuid
from pathlib import Path

import pytest

from compute import cleaner
from compute.limits import Limits
from compute.runner import Job, RunResult, Runner

LIMITS = Limits(cpu_seconds=5, wall_seconds=20)


class Recorder:
    """An emit callback that keeps the batches it was given."""

    def __init__(self) -> None:
        self.batches: list[list[dict]] = []
        self.lock = threading.Lock()

    def __call__(self, batch: list[dict]) -> None:
        with self.lock:
            self.batches.append(batch)

    @property
    def messages(self) -> list[dict]:
        return [m for batch in self.batches for m in batch]

    def of(self, msg_type: str) -> list[dict]:
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def stdout(self) -> str:
        return "".join(m["content"]["text"] for m in self.of("stream") if m["content"]["name"] == "stdout")

    def extensions(self, kind: str) -> list[dict]:
        return [m["content"]["content"] for m in self.of("extension") if m["content"]["msg_type"] == kind]


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    runner = Runner(tmp_path_factory.mktemp("runner-work"))
    runner.start()
    yield runner
    runner.stop()


def job(code: str, files_dir: Path | None = None, run_file: str | None = None, limits: Limits = LIMITS,
        keep_session: bool = True) -> Job:
    return Job(uuid.uuid4().hex, code, files_dir, run_file, limits, keep_session)


def run(runner: Runner, code: str, **kwargs) -> tuple[RunResult, Recorder]:
    recorder = Recorder()
    result = runner.run(job(code, **kwargs), recorder)
    last = recorder.messages[-1]
    assert last["msg_type"] == "execute_reply"
    assert len(recorder.of("execute_reply")) == 1
    return result, recorder


def test_print_streams_stdout_and_replies_ok(runner):
    result, out = run(runner, "print(1+1)")
    assert result.status == "done"
    assert out.stdout() == "2\n"
    assert out.messages[-1]["content"] == {"status": "ok", "execution_count": 1}
    assert result.files == [] and not result.session_alive


def test_stdout_and_stderr_keep_their_order(runner):
    _, out = run(runner, "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')")
    streams = [(m["content"]["name"], m["content"]["text"]) for m in out.of("stream")]
    assert streams == [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")]


def test_raw_fd_writes_are_captured(runner):
    _, out = run(runner, "import os\nos.write(1, b'raw out\\n')\nos.system('echo from a shell')")
    assert "raw out\n" in out.stdout() and "from a shell\n" in out.stdout()


def test_output_streams_live_in_several_batches(runner):
    _, out = run(runner, "import time\nfor i in range(4):\n    print(i)\n    time.sleep(0.3)")
    with_text = [b for b in out.batches if any(m["msg_type"] == "stream" for m in b)]
    assert len(with_text) >= 3
    assert out.stdout() == "0\n1\n2\n3\n"


def test_last_expression_is_the_execute_result_with_rich_reprs(runner):
    code = ("class Rich:\n"
            "    def __repr__(self): return 'Rich()'\n"
            "    def _repr_html_(self): return '<b>rich</b>'\n"
            "    def _repr_latex_(self): return '$r$'\n"
            "Rich()")
    _, out = run(runner, code)
    [result] = out.of("execute_result")
    assert result["content"]["data"] == {"text/plain": "Rich()", "text/html": "<b>rich</b>", "text/latex": "$r$"}
    assert result["content"]["execution_count"] == 1


def test_statement_cell_has_no_execute_result(runner):
    _, out = run(runner, "x = 1")
    assert out.of("execute_result") == []


def test_sympy_result_is_latex_in_double_dollars(runner):
    _, out = run(runner, "import sympy\nx = sympy.Symbol('x')\nsympy.sqrt(x) + x**2")
    data = out.of("execute_result")[0]["content"]["data"]
    assert data["text/latex"] == "$$\\sqrt{x} + x^{2}$$"
    assert data["text/plain"] == "sqrt(x) + x**2"


def test_numpy_array_is_plain_text(runner):
    _, out = run(runner, "import numpy as np\nnp.arange(3)")
    assert out.of("execute_result")[0]["content"]["data"] == {"text/plain": "array([0, 1, 2])"}


def test_matplotlib_figure_is_shown_as_png_at_the_end(runner):
    _, out = run(runner, "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nprint('drawn')")
    [image] = out.of("display_data")
    png = base64.b64decode(image["content"]["data"]["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert out.messages.index(image) > out.messages.index(out.of("stream")[0])


def test_plt_show_displays_immediately(runner):
    _, out = run(runner, "import matplotlib.pyplot as plt\nplt.plot([1])\nplt.show()\nprint('after')")
    kinds = [m["msg_type"] for m in out.messages]
    assert kinds == ["display_data", "stream", "execute_reply"]


def test_display_and_helpers(runner):
    _, out = run(runner, "display(HTML('<i>hi</i>'))\ndisplay(Latex('$x$'), Markdown('*m*'))\ndisplay(42)")
    data = [m["content"]["data"] for m in out.of("display_data")]
    assert data[0]["text/html"] == "<i>hi</i>"
    assert data[1]["text/latex"] == "$x$" and data[2]["text/markdown"] == "*m*"
    assert data[3] == {"text/plain": "42"}


def test_error_traceback_shows_only_the_cells_lines(runner):
    result, out = run(runner, "x = 1\ndef f():\n    return x / 0\nf()")
    assert result.status == "error"
    assert out.messages[-1]["content"]["status"] == "error"
    [error] = out.of("error")
    assert error["content"]["ename"] == "ZeroDivisionError"
    assert error["content"]["evalue"] == "division by zero"
    text = "\n".join(error["content"]["traceback"])
    assert 'File "<cell>", line 4, in <module>' in text
    assert 'File "<cell>", line 3, in f' in text and "return x / 0" in text
    assert "compute" not in text and "worker" not in text


def test_syntax_error_points_into_the_cell(runner):
    _, out = run(runner, "x = (1,\nprint(x")
    [error] = out.of("error")
    assert error["content"]["ename"] == "SyntaxError"
    text = "\n".join(error["content"]["traceback"])
    assert '"<cell>"' in text and "compute" not in text


@pytest.fixture
def files_dir(tmp_path) -> Path:
    source = tmp_path / "rev-files"
    (source / "pkg").mkdir(parents=True)
    (source / "main.py").write_text("VALUE = 7\ndef helper():\n    return 42\n")
    (source / "mylib.py").write_text("def double(n):\n    return 2 * n\ndef broken():\n    return {}['missing']\n")
    (source / "pkg" / "data.txt").write_text("original\n")
    (source / "unchanged.txt").write_text("same\n")
    return source


def test_run_file_then_cell_share_the_namespace(runner, files_dir):
    _, out = run(runner, "helper() + VALUE", files_dir=files_dir, run_file="main.py")
    assert out.of("execute_result")[0]["content"]["data"]["text/plain"] == "49"


def test_cell_imports_a_snippet_module_and_sees_its_frames(runner, files_dir):
    _, out = run(runner, "import mylib\nprint(mylib.double(21))\nmylib.broken()", files_dir=files_dir)
    assert out.stdout() == "42\n"
    text = "\n".join(out.of("error")[0]["content"]["traceback"])
    assert 'File "mylib.py", line 4, in broken' in text and "/cells/" not in text


def test_created_and_changed_files_are_reported_and_the_cache_is_untouched(runner, files_dir):
    code = ("open('out.txt', 'w').write('new file')\n"
            "open('pkg/data.txt', 'a').write('more\\n')\n"
            "import os\nos.makedirs('plots')\nopen('plots/a.svg', 'w').write('<svg/>')\n"
            "os.symlink('/etc/passwd', 'link')")
    result, _ = run(runner, code, files_dir=files_dir)
    files = dict(result.files)
    assert sorted(files) == ["out.txt", "pkg/data.txt", "plots/a.svg"]
    assert files["out.txt"].read_text() == "new file"
    assert files["pkg/data.txt"].read_text() == "original\nmore\n"
    assert (files_dir / "pkg" / "data.txt").read_text() == "original\n"
    runner.release(result.key)
    assert not files["out.txt"].exists()


def test_each_run_gets_a_fresh_directory(runner, files_dir):
    run(runner, "open('mylib.py', 'w').write('changed')", files_dir=files_dir)
    _, out = run(runner, "print(open('mylib.py').read().startswith('def double'))\nimport os\nprint(os.listdir('.') == sorted(os.listdir('.')) or True)", files_dir=files_dir)
    assert out.stdout().startswith("True\n")


def test_concurrent_runs_from_threads_keep_their_own_output(runner):
    results: dict[int, Recorder] = {}

    def one(number: int) -> None:
        recorder = Recorder()
        runner.run(job(f"import time\ntime.sleep(0.05)\nprint({number})"), recorder)
        results[number] = recorder

    threads = [threading.Thread(target=one, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {n: r.stdout() for n, r in results.items()} == {n: f"{n}\n" for n in range(12)}


INTERACT_CELL = ("@interact\n"
                 "def show(n=(0, 10, 1), word='hi'):\n"
                 "    print('n is', n, word)\n")


def test_interact_keeps_a_session_that_reruns_the_function(runner):
    original = job(INTERACT_CELL)
    first = Recorder()
    result = runner.run(original, first)
    [prepare] = first.extensions("interact_prepare")
    interact_id = prepare["interact_id"]
    assert result.session_alive and result.interacts == [interact_id]
    assert first.of("stream")[0]["metadata"] == {"interact_id": interact_id}

    update = Recorder()
    again = runner.run_interact(original.computation_id, interact_id, {"n": 5}, original, update)
    assert again.status == "done" and again.session_alive
    assert update.stdout() == "n is 5 hi\n"
    assert update.of("stream")[0]["metadata"] == {"interact_id": interact_id}
    assert update.messages[-1]["content"]["status"] == "ok"

    bad = Recorder()
    rejected = runner.run_interact(original.computation_id, interact_id, {"n": "lots"}, original, bad)
    assert rejected.status == "error" and bad.of("error")[0]["content"]["ename"] == "InteractValueError"
    runner.close_session(original.computation_id)


def test_interact_update_replays_a_lost_session_quietly(runner):
    original = job(INTERACT_CELL + "print('cell ran')")
    result = runner.run(original, Recorder())
    [interact_id] = result.interacts
    runner.close_session(original.computation_id)
    assert original.computation_id not in runner.session_ids()

    update = Recorder()
    again = runner.run_interact(original.computation_id, interact_id, {"n": 3, "word": "yo"}, original, update)
    assert again.status == "done" and again.session_alive
    assert update.stdout() == "n is 3 yo\n"
    assert update.extensions("interact_prepare") == []
    runner.close_session(original.computation_id)


def test_a_cell_without_interacts_or_with_keep_session_off_leaves_no_session(runner):
    assert not run(runner, "x = 1")[0].session_alive
    assert not run(runner, INTERACT_CELL, keep_session=False)[0].session_alive


def test_oldest_session_is_evicted_beyond_the_maximum(runner):
    saved = runner.max_sessions
    runner.max_sessions = 2
    try:
        ids = []
        for _ in range(3):
            j = job(INTERACT_CELL)
            runner.run(j, Recorder())
            ids.append(j.computation_id)
        assert runner.session_ids() == ids[1:]
    finally:
        runner.max_sessions = saved
        for session_id in ids:
            runner.close_session(session_id)


def test_idle_sessions_expire_and_come_back_by_replay(runner):
    saved = runner.session_idle_seconds
    original = job(INTERACT_CELL)
    [interact_id] = runner.run(original, Recorder()).interacts
    runner.session_idle_seconds = 0.2
    try:
        deadline = time.monotonic() + 30
        while original.computation_id in runner.session_ids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert original.computation_id not in runner.session_ids()
    finally:
        runner.session_idle_seconds = saved
    update = Recorder()
    assert runner.run_interact(original.computation_id, interact_id, {"n": 9}, original, update).status == "done"
    assert update.stdout() == "n is 9 hi\n"
    runner.close_session(original.computation_id)


def test_an_update_over_its_wall_limit_ends_the_session_and_the_next_one_replays(runner):
    cell = ("import time\n"
            "@interact\n"
            "def slow(n=(0, 10, 1)):\n"
            "    if n > 5:\n"
            "        time.sleep(100)\n"
            "    print('quick', n)\n")
    original = job(cell, limits=Limits(cpu_seconds=2, wall_seconds=1.5))
    [interact_id] = runner.run(original, Recorder()).interacts
    stuck = Recorder()
    result = runner.run_interact(original.computation_id, interact_id, {"n": 8}, original, stuck)
    assert result.status == "timeout" and not result.session_alive
    assert [c["what"] for c in stuck.extensions("limit")] == ["wall"]
    assert stuck.messages[-1]["content"]["status"] == "abort"
    assert original.computation_id not in runner.session_ids()
    again = Recorder()
    assert runner.run_interact(original.computation_id, interact_id, {"n": 2}, original, again).status == "done"
    assert again.stdout() == "quick 2\n"
    runner.close_session(original.computation_id)


def test_figures_drawn_by_an_interact_are_tagged_with_it(runner):
    cell = ("import matplotlib.pyplot as plt\n"
            "@interact\n"
            "def plot(k=(1, 3, 1)):\n"
            "    plt.plot([0, k])\n")
    original = job(cell)
    first = Recorder()
    [interact_id] = runner.run(original, first).interacts
    assert [m["metadata"] for m in first.of("display_data")] == [{"interact_id": interact_id}]
    update = Recorder()
    runner.run_interact(original.computation_id, interact_id, {"k": 2}, original, update)
    [image] = update.of("display_data")
    assert image["metadata"] == {"interact_id": interact_id} and "image/png" in image["content"]["data"]
    runner.close_session(original.computation_id)


def test_files_written_by_an_update_are_reported(runner):
    cell = "@interact\ndef save(n=(0, 10, 1)):\n    open(f'out{n}.txt', 'w').write(str(n))\n"
    original = job(cell)
    first = runner.run(original, Recorder())
    assert [rel for rel, _ in first.files] == ["out0.txt"]
    update = runner.run_interact(original.computation_id, first.interacts[0], {"n": 4}, original, Recorder(),
                                 update_id="update1")
    assert [(rel, path.read_text()) for rel, path in update.files] == [("out4.txt", "4")]
    runner.release("update1")
    runner.close_session(original.computation_id)


def test_cleaner_sweeps_only_stale_entries(tmp_path):
    old, new, kept = tmp_path / "old", tmp_path / "new", tmp_path / "kept"
    for path in (old, new, kept):
        (path / "sub").mkdir(parents=True)
        (path / "sub" / "f").write_text("x")
    for path in (old, kept):
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    assert cleaner.sweep(tmp_path, older_than=3600, keep={"kept"}) == ["old"]
    assert not old.exists() and new.exists() and kept.exists()


def test_a_failing_emit_does_not_leave_the_child_behind(runner):
    def broken(batch: list[dict]) -> None:
        raise RuntimeError("database is down")

    with pytest.raises(RuntimeError):
        runner.run(job("import time\nprint('x')\ntime.sleep(100)"), broken)
    result, out = run(runner, "import os, time\n"
                              "def uid(p):\n"
                              "    try:\n"
                              "        return int(open(f'/proc/{p}/status').read().split('Uid:')[1].split()[0])\n"
                              "    except OSError:\n"
                              "        return 0\n"
                              "while any(p.isdigit() and int(p) != os.getpid() and uid(p) >= 200000 "
                              "for p in os.listdir('/proc')):\n"
                              "    time.sleep(0.1)\nprint('alone')")
    assert out.stdout() == "alone\n"


def test_a_dead_zygote_is_restarted_on_the_next_run(tmp_path):
    runner = Runner(tmp_path / "work", preload=())
    runner.start()
    try:
        zygote = runner._process
        zygote.kill()
        zygote.wait()
        result, out = run(runner, "print(1+1)")
        assert result.status == "done" and out.stdout() == "2\n"
        assert runner._process is not zygote
    finally:
        runner.stop()
    assert not (tmp_path / "work" / "cells").exists()
