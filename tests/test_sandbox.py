"""Escape attempts: every promise of docs/SECURITY.md, tried for real against the sandboxed runner.

Each attempt must end with a clear `error` and/or `limit` message and an
`execute_reply`, and the runner must go on serving cells afterwards.
"""
from __future__ import annotations

import socket
import sys
import threading
import uuid
from pathlib import Path

import pyseccomp
import pytest

from compute.limits import Limits
from compute.runner import Job, Runner
from tests.test_runner import Recorder

pytestmark = pytest.mark.sandbox

SMALL = Limits(cpu_seconds=2, wall_seconds=3, memory_bytes=256 << 20, processes=16, file_bytes=4 << 20,
               open_files=64, output_bytes=64 << 10, disk_bytes=8 << 20)


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    runner = Runner(tmp_path_factory.mktemp("sandbox-work"), preload=("numpy",))
    runner.start()
    yield runner
    runner.stop()


def attempt(runner: Runner, code: str, limits: Limits = SMALL) -> tuple[str, Recorder]:
    """Run an attack, check it ended cleanly, and check the runner still works afterwards."""
    recorder = Recorder()
    result = runner.run(Job(uuid.uuid4().hex, code, None, None, limits, keep_session=False), recorder)
    assert recorder.messages[-1]["msg_type"] == "execute_reply"
    after = Recorder()
    assert runner.run(Job(uuid.uuid4().hex, "print(1+1)", None, None, SMALL), after).status == "done"
    assert after.stdout() == "2\n"
    return result.status, recorder


def error_names(recorder: Recorder) -> list[str]:
    return [m["content"]["ename"] for m in recorder.of("error")]


def limits_hit(recorder: Recorder) -> list[str]:
    return [c["what"] for c in recorder.extensions("limit")]


def test_runs_as_an_unprivileged_uid_without_capabilities(runner):
    status, out = attempt(runner, "import os\nprint(os.getuid(), os.getgid(), os.getgroups())\n"
                                  "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n"
                                  "os.setuid(0)")
    uid, gid, groups = out.stdout().split("\n")[0].split(" ", 2)
    assert int(uid) >= 200_000 and int(gid) == int(uid) and groups == "[]"
    assert out.stdout().split("\n")[1] == "0000000000000000"
    assert error_names(out) == ["PermissionError"]


def test_no_network_not_even_the_hosts_loopback(runner):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        status, out = attempt(runner, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)")
        assert error_names(out) == ["ConnectionRefusedError"]
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()
    status, out = attempt(runner, "import socket\nprint(socket.if_nameindex())\n"
                                  "socket.create_connection(('1.1.1.1', 53), timeout=2)")
    assert out.stdout() == "[(1, 'lo')]\n"
    assert error_names(out) == ["OSError"] and "unreachable" in out.of("error")[0]["content"]["evalue"]


def test_host_files_are_invisible(runner, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "snipcell.sqlite").write_text("secret rows")
    (instance / "snipcell.sqlite").chmod(0o644)
    status, out = attempt(runner, f"open({str(instance / 'snipcell.sqlite')!r}).read()")
    assert error_names(out) == ["FileNotFoundError"]
    status, out = attempt(runner, "open('/etc/shadow').read()")
    assert error_names(out) == ["FileNotFoundError"]
    checkout = Path(sys.prefix).parent  # the folder holding the virtualenv: the project checkout
    status, out = attempt(runner, f"import os\nprint(sorted(os.listdir('/')))\nprint(os.listdir({str(checkout)!r}))")
    top, project = out.stdout().splitlines()
    assert "home" not in top and "var" in top
    assert project == f"[{Path(sys.prefix).name!r}]", "only the virtualenv of the checkout is visible"


def test_the_system_is_read_only(runner):
    status, out = attempt(runner, "open('/usr/lib/evil', 'w')")
    assert error_names(out) in (["OSError"], ["PermissionError"])
    status, out = attempt(runner, "open('/tmp/shared', 'w')")
    assert error_names(out) == ["PermissionError"]


def test_another_running_computations_directory_is_closed(runner):
    started, finished = threading.Event(), threading.Event()
    seen: dict[str, str] = {}

    def victim_emit(batch: list[dict]) -> None:
        for m in batch:
            if m["msg_type"] == "stream" and "cwd=" in m["content"]["text"]:
                seen["cwd"] = m["content"]["text"].split("cwd=")[1].strip()
                started.set()

    def victim() -> None:
        runner.run(Job(uuid.uuid4().hex, "import os, time\nopen('secret.txt', 'w').write('victim data')\n"
                                         "os.chmod('secret.txt', 0o644)\nprint('cwd=' + os.getcwd())\ntime.sleep(2.5)",
                       None, None, SMALL, False), victim_emit)
        finished.set()

    thread = threading.Thread(target=victim)
    thread.start()
    assert started.wait(10)
    try:
        cwd = seen["cwd"]
        status, out = attempt(runner, f"import os\ntry:\n    os.listdir({cwd!r})\nexcept PermissionError:\n"
                                      f"    print('list denied')\ntry:\n    os.listdir('/cells')\nexcept PermissionError:\n"
                                      f"    print('cells denied')\nopen({cwd + '/secret.txt'!r}).read()")
        assert out.stdout() == "list denied\ncells denied\n"
        assert error_names(out) == ["PermissionError"]
        assert not finished.is_set()
    finally:
        thread.join()


def test_fork_bomb_hits_the_process_limit(runner):
    status, out = attempt(runner, "import os\nwhile True:\n    os.fork()")
    assert status == "error"
    assert limits_hit(out) == ["processes"] and error_names(out) == ["BlockingIOError"]


def test_allocating_10_gib_hits_the_memory_limit(runner):
    status, out = attempt(runner, "big = bytearray(10 * 1024**3)")
    assert limits_hit(out) == ["memory"] and error_names(out) == ["MemoryError"]
    status, out = attempt(runner, "import numpy\nnumpy.ones(10 * 1024**3 // 8)")
    assert limits_hit(out) == ["memory"] and error_names(out) == ["MemoryError"]


def test_busy_loop_hits_the_cpu_limit(runner):
    status, out = attempt(runner, "while True:\n    pass", Limits(cpu_seconds=1, wall_seconds=30))
    assert status == "killed"
    assert limits_hit(out) == ["cpu"]
    assert out.messages[-1]["content"]["status"] == "error"


def test_sleeping_forever_hits_the_wall_limit(runner):
    status, out = attempt(runner, "import time\nprint('going to sleep')\ntime.sleep(10**6)")
    assert status == "timeout"
    assert out.stdout() == "going to sleep\n"
    assert limits_hit(out) == ["wall"] and error_names(out) == ["ResourceLimit"]
    assert out.messages[-1]["content"]["status"] == "abort"


SLEEPERS_GONE = """
import os, time

def sleepers():
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            if open(f'/proc/{pid}/cmdline').read().startswith('sleep'):
                found.append(pid)
        except OSError:
            pass
    return found

for _ in range(20):
    if not sleepers():
        break
    time.sleep(0.1)
print(sleepers())
"""


def test_background_processes_die_with_the_cell(runner):
    status, out = attempt(runner, "import subprocess\nsubprocess.Popen(['sleep', '1000'], start_new_session=True)\n"
                                  "print('spawned')")
    assert status == "done"
    # The first cell's processes are killed in the background once it ends: give that a moment,
    # and read /proc knowing that a process may vanish between listing and opening it.
    status, out = attempt(runner, SLEEPERS_GONE)
    assert out.stdout() == "[]\n"


def test_printing_a_gigabyte_hits_the_output_limit(runner):
    status, out = attempt(runner, "while True:\n    print('x' * 10000)")
    assert status == "killed"
    assert limits_hit(out) == ["output"]
    assert sum(len(m["content"]["text"]) for m in out.of("stream")) <= SMALL.output_bytes
    status, out = attempt(runner, "import os\nwhile True:\n    os.write(1, b'y' * 65536)")
    assert limits_hit(out) == ["output"]


def test_a_huge_file_hits_the_file_size_limit(runner):
    status, out = attempt(runner, "with open('big', 'wb') as f:\n    while True:\n        f.write(b'x' * (1 << 20))")
    assert limits_hit(out) == ["file_size"] and error_names(out) == ["OSError"]


def test_many_files_hit_the_disk_limit(runner):
    status, out = attempt(runner, "for i in range(4):\n    open(f'f{i}', 'wb').write(b'x' * (3 << 20))")
    assert status == "killed"
    assert limits_hit(out) == ["disk"]


def test_killing_the_parent_or_init_is_refused(runner):
    status, out = attempt(runner, "import os\nos.kill(os.getppid(), 9)")
    assert error_names(out) == ["PermissionError"]
    status, out = attempt(runner, "import os\nos.kill(1, 9)")
    assert error_names(out) == ["PermissionError"]


@pytest.mark.parametrize("call", [
    "unshare(0x10000000)",  # CLONE_NEWUSER: the way to regain capabilities in a new user namespace
    "unshare(0x40000000)",  # CLONE_NEWNET
    "ptrace(0, 0, 0, 0)",  # PTRACE_TRACEME
    "mount(b'none', b'/tmp', b'tmpfs', 0, None)",
    *[f"syscall({pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name)}, 0, 0, 0, 0)"
      for name in ("keyctl", "bpf", "userfaultfd", "perf_event_open", "io_uring_setup", "open_by_handle_at")],
])
def test_denied_system_calls_fail_with_eperm(runner, call):
    status, out = attempt(runner, "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                                  f"print(libc.{call}, ctypes.get_errno())")
    assert out.stdout() == "-1 1\n"  # EPERM


def test_processes_can_still_be_started_despite_the_clone3_and_clone_rules(runner):
    status, out = attempt(runner, "import subprocess, sys\n"
                                  "print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True,"
                                  " text=True).stdout, end='')\n"
                                  "import multiprocessing\nprint(multiprocessing.get_context('fork').Process().start())")
    assert status == "done" and out.stdout() == "42\nNone\n"


def test_kill_minus_one_reaches_only_the_cells_own_processes(runner):
    survived = Recorder()
    victim = threading.Thread(target=runner.run, args=(
        Job(uuid.uuid4().hex, "import time\ntime.sleep(1.5)\nprint('survived')", None, None, SMALL, False), survived))
    victim.start()
    try:
        status, out = attempt(runner, "import os, subprocess, time\n"
                                      "child = subprocess.Popen(['sleep', '100'])\n"
                                      "os.kill(-1, 9)\n"
                                      "print('child killed by signal', -child.wait())")
        assert out.stdout() == "child killed by signal 9\n"
    finally:
        victim.join()
    assert survived.stdout() == "survived\n"


def test_a_forged_done_does_not_let_the_cell_outlive_its_run(runner):
    forge = ("import json, os, time\n"
             "print(os.getpid())\n"
             "os.write(3, b'E' + json.dumps({'ctl': 'done', 'status': 'ok', 'session': False}).encode())\n"
             "time.sleep(1000)")
    status, out = attempt(runner, forge)
    pid = int(out.stdout())
    status, out = attempt(runner, f"import os, time\nwhile os.path.exists('/proc/{pid}'):\n    time.sleep(0.1)\n"
                                  "print('gone')", Limits(wall_seconds=20))
    assert out.stdout() == "gone\n"


def test_one_message_bigger_than_the_output_allowance_hits_the_output_limit(runner):
    status, out = attempt(runner, "display(HTML('x' * (4 << 20)))")
    assert status == "killed" and limits_hit(out) == ["output"]
    assert out.of("display_data") == []


def test_an_interact_update_has_its_own_cpu_limit(runner):
    cell = "@interact\ndef spin(n=(0, 10, 1)):\n    while n > 5:\n        pass\n    print('ok', n)\n"
    original = Job(uuid.uuid4().hex, cell, None, None, Limits(cpu_seconds=1, wall_seconds=30))
    [interact_id] = runner.run(original, Recorder()).interacts
    fine = Recorder()
    assert runner.run_interact(original.computation_id, interact_id, {"n": 1}, original, fine).status == "done"
    spinning = Recorder()
    result = runner.run_interact(original.computation_id, interact_id, {"n": 8}, original, spinning)
    assert result.status == "killed" and limits_hit(spinning) == ["cpu"]
    runner.close_session(original.computation_id)
