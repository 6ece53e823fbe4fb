"""The warm zygote: imports everything once inside the sandbox, then forks one child per computation.

Protocol on the control socket (SOCK_SEQPACKET, one JSON message per packet):
- zygote -> host: `ready` once the imports are done; `{"op": "spare", "pid"}`
  with the socket of a spare child (forked ahead, rehearsed, waiting). The host
  starts a run by sending `{"uid", "workdir"}` and the channel, stdout and
  stderr fds straight to a spare, then tells the zygote:
- `{"op": "assign", "pid", "uid"}` with the status fd;
- `{"op": "fork", "uid", "workdir"}` with four fds (channel, stdout, stderr,
  status): no spare at hand, fork a child for the job now;
- `{"op": "kill", "uid"}`: SIGKILL every process of that uid.
When a child ends, the zygote kills whatever its uid left running, then writes
`exit <wait status> <cpu seconds>` to the status fd and closes it, so the host
knows the uid is free again.
"""
from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import select
import selectors
import signal
import socket
import sys
import time
import traceback
import types
from dataclasses import dataclass

from compute import sandbox


@dataclass
class _Child:
    uid: int
    status_fd: int


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _uid_of(pid: str) -> tuple[int, bool] | None:
    """(real uid, is a zombie) of a process, None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            text = status.read()
    except OSError:
        return None
    state = text.split("\nState:", 1)[1].split()[0]
    uid = int(text.split("\nUid:", 1)[1].split()[0])
    return uid, state == "Z"


def kill_uid(uid: int) -> None:
    """SIGKILL every live process of `uid` in this pid namespace, until none is left."""
    while True:
        victims = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                found = _uid_of(name)
                if found is not None and found[0] == uid and not found[1]:
                    victims.append(int(name))
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.001)


REHEARSE_AFTER = 0.002
"""A spare whose job has not come within this many seconds rehearses a throwaway cell while it waits."""
_MADV_HUGEPAGE, _MADV_COLLAPSE = 14, 25
_HUGE = 2 << 20


def collapse_to_huge_pages() -> int:
    """Move the zygote's writable anonymous memory into 2 MiB pages (bytes moved).

    fork() then copies one entry per 2 MiB instead of 512, and a child's exit
    frees as many: fork + exit of the warm zygote measured 4.1 -> 2.7 ms here.
    A child's first write to a huge page splits only its page table, not the
    memory. Without THP support (madvise fails) nothing changes.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    moved = 0
    with open("/proc/self/maps") as maps:
        regions = [line.split() for line in maps]
    for fields in regions:
        low, high = (int(x, 16) for x in fields[0].split("-"))
        anonymous = len(fields) < 6 or fields[5] == "[heap]"
        start, end = -(-low // _HUGE) * _HUGE, high // _HUGE * _HUGE
        if "w" in fields[1] and anonymous and end > start:
            libc.madvise(start, end - start, _MADV_HUGEPAGE)
            if libc.madvise(start, end - start, _MADV_COLLAPSE) == 0:
                moved += end - start
    return moved


def _load(config: dict) -> types.ModuleType | None:
    """Do the slow imports once; return the interact library if it exists."""
    sys.dont_write_bytecode = True
    for index in range(config.get("extra_paths", 0)):
        sys.path.append(f"{sandbox.EXTRA_ROOT}/{index}")
    for name in config.get("preload", ()):
        importlib.import_module(name)
    importlib.import_module("compute.worker")
    try:
        return importlib.import_module(config.get("interact_module", "compute.interact"))
    except ImportError:
        return None


class Zygote:
    def __init__(self, control: socket.socket, interact: types.ModuleType | None, spares: int) -> None:
        self.control = control
        self.interact = interact
        self.selector = selectors.DefaultSelector()
        self.selector.register(control, selectors.EVENT_READ, None)
        self.base_address_space = _address_space()
        self.spare_count = spares
        self.spares: set[int] = set()  # pids of spares handed to the host, not assigned yet
        self.children: dict[int, _Child] = {}  # pid -> assigned child
        self.ended: dict[int, tuple[int, float]] = {}  # spares that ended before their assignment arrived

    def serve(self) -> None:
        """Answer requests first; fork spares only when nothing waits and no child needs the CPU."""
        while True:
            short = len(self.spares) < self.spare_count
            events = self.selector.select(0 if short else None)
            if not events and short:
                self._fork_spare()
            for key, _ in events:
                if key.data is None:
                    self._request()
                else:
                    self._ended(key.fd, key.data)

    def _request(self) -> None:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 4)
        except ConnectionError:
            data, fds = b"", []
        if not data:
            sys.exit(0)  # the host is gone
        request = json.loads(data)
        if request["op"] == "assign" and len(fds) == 1:
            self._assign(int(request["pid"]), int(request["uid"]), fds[0])
        elif request["op"] == "fork" and len(fds) == 4:
            self._fork(int(request["uid"]), str(request["workdir"]), *fds)
        elif request["op"] == "kill":
            kill_uid(int(request["uid"]))
        else:
            for fd in fds:
                os.close(fd)

    def _fork(self, uid: int, workdir: str, channel_fd: int, out_fd: int, err_fd: int, status_fd: int) -> None:
        """No spare was at hand: fork a child for this job directly."""
        pid = os.fork()
        if pid == 0:
            self._become_child(uid, workdir, channel_fd, out_fd, err_fd)
        for fd in (channel_fd, out_fd, err_fd):
            os.close(fd)
        self.selector.register(os.pidfd_open(pid), selectors.EVENT_READ, pid)
        self.children[pid] = _Child(uid, status_fd)

    def _fork_spare(self) -> None:
        """Fork a child that waits for a job, and give the host its socket: the host then starts
        a run with one message straight to the spare, without waiting for this process."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            self._wait_as_spare(theirs)
        theirs.close()
        self.selector.register(os.pidfd_open(pid), selectors.EVENT_READ, pid)
        self.spares.add(pid)
        socket.send_fds(self.control, [json.dumps({"op": "spare", "pid": pid}).encode()], [mine.fileno()])
        mine.close()

    def _assign(self, pid: int, uid: int, status_fd: int) -> None:
        """The host gave spare `pid` the job of `uid`; report its end on `status_fd`."""
        self.spares.discard(pid)
        child = _Child(uid, status_fd)
        if pid in self.ended:
            self._report(child, *self.ended.pop(pid))
        else:
            self.children[pid] = child

    def _wait_as_spare(self, sock: socket.socket) -> None:
        try:
            os.dup2(sock.fileno(), 3)
            os.closerange(4, 1 << 16)
            job_socket = socket.socket(fileno=3)
            if not select.select([job_socket], [], [], REHEARSE_AFTER)[0]:  # busy: a job came at once
                from compute import worker
                worker.rehearse()
                json.loads(json.dumps({"uid": 0, "workdir": "/"}))
            data, fds, _, _ = socket.recv_fds(job_socket, 4096, 3)
            if not data or len(fds) != 3:
                os._exit(0)
            request = json.loads(data)
            job_socket.close()
            self._become_child(int(request["uid"]), str(request["workdir"]), *fds)
        except BaseException:
            os._exit(70)

    def _become_child(self, uid: int, workdir: str, channel_fd: int, out_fd: int, err_fd: int) -> None:
        try:
            os.setsid()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(out_fd, 1)
            os.dup2(err_fd, 2)
            os.dup2(channel_fd, 3)
            os.closerange(4, 1 << 16)
            sandbox.enter_jail(uid, workdir)
            from compute import worker
            worker.main(3, workdir, self.base_address_space, self.interact)
        except BaseException:
            traceback.print_exc()  # fd 2 is the child's stderr pipe by now: the page shows why
            os._exit(70)

    def _ended(self, pidfd: int, pid: int) -> None:
        _, status, usage = os.wait4(pid, 0)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        cpu = usage.ru_utime + usage.ru_stime
        child = self.children.pop(pid, None)
        if child is not None:
            self._report(child, status, cpu)
        elif pid in self.spares:  # its assignment may still be on the way
            self.spares.discard(pid)
            self.ended[pid] = (status, cpu)
            while len(self.ended) > 1000:
                del self.ended[next(iter(self.ended))]

    def _report(self, child: _Child, status: int, cpu: float) -> None:
        """Kill what the child's uid left behind, then tell the host the uid is free."""
        kill_uid(child.uid)
        try:
            os.write(child.status_fd, f"exit {status} {cpu:.3f}\n".encode())
        except OSError:
            pass
        os.close(child.status_fd)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    interact = _load(json.loads(sys.argv[2]))
    gc.collect()
    gc.freeze()  # keep the imported objects' pages shared with the children
    collapse_to_huge_pages()
    control.send(b"ready")
    Zygote(control, interact, int(json.loads(sys.argv[2]).get("spares", 2))).serve()
