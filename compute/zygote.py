"""The warm zygote: imports everything once inside the sandbox, then forks one child per computation.

Protocol on the control socket (SOCK_SEQPACKET, one JSON request per packet):
- `{"op": "fork", "uid", "workdir"}` with four fds (channel, stdout, stderr,
  status): fork a child that becomes `uid` in `workdir` and runs the worker;
- `{"op": "kill", "uid"}`: SIGKILL every process of that uid.
When a child ends, the zygote kills whatever its uid left running, then writes
`exit <wait status> <cpu seconds>` to the status fd and closes it, so the host
knows the uid is free again. The zygote sends `ready` once its imports are done.
"""
from __future__ import annotations

import gc
import importlib
import json
import os
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
    pid: int
    uid: int
    status_fd: int


@dataclass
class _Spare:
    """A child forked ahead of time, waiting on `sock` for its job, so a run does not wait for fork()."""

    pid: int
    sock: socket.socket


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
        self.spares: dict[int, _Spare] = {}  # pidfd -> spare
        self.spare_count = spares
        self.running = 0  # children with a job: while any runs, keep the CPU for them if a spare is ready

    def serve(self) -> None:
        """Answer requests first; fork spares only when nothing is waiting."""
        while True:
            idle = len(self.spares) < self.spare_count and (not self.spares or not self.running)
            events = self.selector.select(0 if idle else None)
            if not events and idle:
                self._fork_spare()
            for key, _ in events:
                if key.data is None:
                    self._request()
                elif isinstance(key.data, _Spare):
                    self._lose_spare(key.fd)
                else:
                    self._reap(key.fd, key.data)

    def _request(self) -> None:
        data, fds, _, _ = socket.recv_fds(self.control, 65536, 4)
        if not data:
            sys.exit(0)  # the host is gone
        request = json.loads(data)
        if request["op"] == "fork" and len(fds) == 4:
            self._fork(int(request["uid"]), str(request["workdir"]), *fds)
        elif request["op"] == "kill":
            kill_uid(int(request["uid"]))
        else:
            for fd in fds:
                os.close(fd)

    def _fork(self, uid: int, workdir: str, channel_fd: int, out_fd: int, err_fd: int, status_fd: int) -> None:
        request = json.dumps({"uid": uid, "workdir": workdir}).encode()
        for pidfd, spare in list(self.spares.items()):
            del self.spares[pidfd]
            try:
                socket.send_fds(spare.sock, [request], [channel_fd, out_fd, err_fd])
            except OSError:
                self._lose_spare(pidfd)
                continue
            spare.sock.close()
            self.selector.modify(pidfd, selectors.EVENT_READ, _Child(spare.pid, uid, status_fd))
            break
        else:
            pid = os.fork()
            if pid == 0:
                self._become_child(uid, workdir, channel_fd, out_fd, err_fd)
            self.selector.register(os.pidfd_open(pid), selectors.EVENT_READ, _Child(pid, uid, status_fd))
        for fd in (channel_fd, out_fd, err_fd):
            os.close(fd)
        self.running += 1

    def _fork_spare(self) -> None:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            self._wait_as_spare(theirs)
        theirs.close()
        pidfd = os.pidfd_open(pid)
        self.spares[pidfd] = _Spare(pid, mine)
        self.selector.register(pidfd, selectors.EVENT_READ, self.spares[pidfd])

    def _lose_spare(self, pidfd: int) -> None:
        spare = self.spares.pop(pidfd, None)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        if spare is not None:
            spare.sock.close()
            os.waitpid(spare.pid, 0)

    def _wait_as_spare(self, sock: socket.socket) -> None:
        try:
            os.dup2(sock.fileno(), 3)
            os.closerange(4, 1 << 16)
            from compute import worker
            worker.rehearse()
            json.loads(json.dumps({"uid": 0, "workdir": "/"}))
            job_socket = socket.socket(fileno=3)
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

    def _reap(self, pidfd: int, child: _Child) -> None:
        """The child ended: wait for it, kill what its uid left behind, tell the host."""
        _, status, usage = os.wait4(child.pid, 0)
        self.running -= 1
        self.selector.unregister(pidfd)
        os.close(pidfd)
        kill_uid(child.uid)
        cpu = usage.ru_utime + usage.ru_stime
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
    control.send(b"ready")
    Zygote(control, interact, int(json.loads(sys.argv[2]).get("spares", 2))).serve()
