"""The Runner: owns the sandboxed zygote, runs cells in forked children and keeps live interact sessions."""
from __future__ import annotations

import array
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from compute import cleaner, messages, sandbox, syscalls, workdir
from compute import limits as lim
from compute.collector import Collector
from compute.limits import Limits
from compute.reaper import Reaper
from compute.supervise import ChildHandle, Outcome, drive

Emit = Callable[[list[dict]], None]
UID_BASE = 200_000
UID_COUNT = 1_000
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Job:
    computation_id: str
    code: str
    files_dir: Path | None
    run_file: str | None
    limits: Limits
    keep_session: bool = True


@dataclass
class RunResult:
    status: str  # 'done' | 'error' | 'timeout' | 'killed'
    files: list[tuple[str, Path]]  # valid until Runner.release(key)
    session_alive: bool
    interacts: list[str] = field(default_factory=list)  # live interact ids, in creation order
    key: str = ""  # the name to pass to Runner.release()


@dataclass
class _Session:
    id: str
    uid: int
    handle: ChildHandle
    path: Path
    interacts: list[str]
    created: float
    used: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    dead: bool = False


class RunnerError(RuntimeError):
    """The sandbox could not be started."""


def _quiet(_: list[dict]) -> None:
    """The emit of a replayed cell: its output was already shown once."""


class Runner:
    """Runs cells in children forked from one warm, sandboxed zygote. Thread-safe."""

    def __init__(self, work_root: Path, *, preload: Sequence[str] = ("numpy", "sympy", "matplotlib", "matplotlib.pyplot"),
                 max_sessions: int = 20, session_idle_seconds: float = 300, session_max_seconds: float = 3600,
                 interact_module: str = "compute.interact", extra_paths: Sequence[Path] = (),
                 files_ttl_seconds: float = 3600, spares: int = 4, uid_base: int = UID_BASE,
                 uid_count: int = UID_COUNT) -> None:
        self.work_root = Path(work_root)
        self.cells_dir = self.work_root / "cells"
        self.out_dir = self.work_root / "out"
        self._config = json.dumps({"preload": list(preload), "interact_module": interact_module,
                                   "extra_paths": len(extra_paths), "spares": spares})
        self._extra_paths = [Path(p).resolve() for p in extra_paths]
        self.max_sessions = max_sessions
        self.session_idle_seconds = session_idle_seconds
        self.session_max_seconds = session_max_seconds
        self.files_ttl_seconds = files_ttl_seconds
        self._uids = sandbox.UidPool(uid_base, uid_count)
        self._names = itertools.count()
        self._control: socket.socket | None = None
        self._process: subprocess.Popen | None = None
        self._control_lock = threading.Lock()
        self._spares: list[tuple[int, socket.socket]] = []  # (pid, socket) of spare children, oldest first
        self._start_lock = threading.Lock()
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._sessions_lock = threading.Lock()
        self._history: OrderedDict[str, list[str]] = OrderedDict()  # session id -> its interact ids
        self._stopping = threading.Event()
        self._maintenance: threading.Thread | None = None
        self._reaper = Reaper()

    # -- lifetime -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the zygote (its imports happen here, once) and the session/cleanup thread."""
        with self._start_lock:
            self._start_zygote()
        if self._maintenance is None:
            self._stopping.clear()
            self._maintenance = threading.Thread(target=self._maintain, name="runner-maintenance", daemon=True)
            self._maintenance.start()

    def _start_zygote(self) -> None:
        for path, mode in ((self.work_root, 0o711), (self.cells_dir, 0o711), (self.out_dir, 0o700),
                           (self.work_root / "matplotlib", 0o755)):
            path.mkdir(parents=True, exist_ok=True)
            os.chmod(path, mode)
        cleaner.sweep(self.cells_dir, older_than=0)  # no child lives yet: anything here is left from a crash
        host, zygote = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        seccomp_fd = syscalls.filter_fd()
        command = sandbox.bwrap_command(zygote.fileno(), seccomp_fd, self.cells_dir, self.work_root / "matplotlib",
                                        self._config, self._extra_paths)
        process = subprocess.Popen(command, pass_fds=[zygote.fileno(), seccomp_fd], stdin=subprocess.DEVNULL)
        zygote.close()
        os.close(seccomp_fd)
        host.settimeout(START_TIMEOUT)
        try:
            ready = host.recv(16)
        except OSError:
            ready = b""
        if ready != b"ready":
            process.kill()
            process.wait()
            host.close()
            raise RunnerError("the sandboxed zygote did not start (is bubblewrap usable here?)")
        host.settimeout(None)
        self._control, self._process = host, process

    def _ensure_zygote(self) -> socket.socket:
        with self._start_lock:
            if self._process is None or self._process.poll() is not None:
                self._drop_zygote()
                self._start_zygote()
            return self._control

    def _drop_zygote(self) -> None:
        with self._control_lock:
            for _, sock in self._spares:
                sock.close()
            self._spares = []
        if self._control is not None:
            self._control.close()
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._control = self._process = None
        with self._sessions_lock:
            sessions, self._sessions = list(self._sessions.values()), OrderedDict()
        for session in sessions:
            session.dead = True
            session.handle.close()
            workdir.remove(session.path)
            self._uids.release(session.uid)

    def stop(self) -> None:
        """Kill the zygote, every child and session, and remove all work directories."""
        self._stopping.set()
        if self._maintenance is not None:
            self._maintenance.join()
            self._maintenance = None
        with self._start_lock:
            self._drop_zygote()
        self._reaper.wait_idle()
        workdir.remove(self.cells_dir)
        workdir.remove(self.out_dir)

    def release(self, key: str) -> None:
        """Forget the file copies of a RunResult (the device stored them)."""
        workdir.remove(self.out_dir / _safe_name(key))

    # -- runs ---------------------------------------------------------------------------------------

    def run(self, job: Job, emit: Emit) -> RunResult:
        """Run one cell in a fresh child; messages go to `emit` in batches, `execute_reply` last."""
        return self._run(job, emit, job.keep_session, job.computation_id, job.computation_id)

    def _run(self, job: Job, emit: Emit, keep_session: bool, session_id: str, key: str) -> RunResult:
        control = self._ensure_zygote()
        uid = self._uids.acquire()
        path = self.cells_dir / f"{_safe_name(job.computation_id)}.{next(self._names)}"
        handle = ChildHandle(max_message=2 * job.limits.output_bytes + (1 << 20))
        collector = Collector(emit, job.limits.output_bytes)
        try:
            workdir.create(path, job.files_dir, uid)
            self._launch(control, uid, f"{sandbox.CELLS}/{path.name}", handle)
            handle.channel.send({"code": job.code, "run_file": job.run_file, "limits": job.limits.to_dict(),
                                 "keep_session": keep_session})
        except OSError:
            pass  # the child is unreachable: drive() sees it end and reports it
        finally:
            if handle.child_fds:
                handle.close_child_ends()
        try:
            outcome = drive(handle, collector, time.monotonic() + job.limits.wall_seconds, lambda: self._kill(uid),
                            until_done=True, disk=(path, job.limits.disk_bytes))
            if outcome.limit is None and workdir.usage(path) > job.limits.disk_bytes:
                self._kill(uid)
                outcome.limit = lim.DISK
            status, reply = _conclude(outcome, handle, collector, job.limits)
            alive = bool(outcome.done and outcome.done.get("session")) and not outcome.exited \
                and outcome.limit is None
            interacts = [str(i) for i in outcome.done.get("interacts", [])] if alive else []
            files = [] if outcome.limit == lim.DISK else \
                workdir.collect(path, workdir.changed(path, job.files_dir), self.out_dir / _safe_name(key))
            collector.final(messages.execute_reply(reply))
            collector.flush()
        except BaseException:  # emit failed, or worse: the child must not outlive this call
            self._kill(uid)
            self._reaper.finish(handle, lambda: self._forget(path, uid), lambda: self._kill(uid))
            raise
        if alive:
            self._keep(_Session(session_id, uid, handle, path, interacts, time.monotonic(), time.monotonic()))
        else:
            self._reaper.finish(handle, lambda: self._forget(path, uid), lambda: self._kill(uid))
        return RunResult(status, files, alive, interacts, key)

    def _forget(self, path: Path, uid: int) -> None:
        workdir.remove(path)
        self._uids.release(uid)

    def run_interact(self, session_id: str, interact_id: str, values: dict, job: Job, emit: Emit,
                     *, update_id: str | None = None) -> RunResult:
        """Re-run interact `interact_id` of session `session_id` with `values`; replay `job` quietly first
        if the session is gone. Files changed by the update are kept under `update_id` (see release())."""
        key = update_id or f"{session_id}-update-{next(self._names)}"
        session = self._session(session_id)
        if session is None:
            replay = self._run(job, _quiet, True, session_id, key)
            self.release(key)
            session = self._session(session_id)
            if session is None:
                collector = Collector(emit, job.limits.output_bytes)
                collector.final(messages.error("SessionLost", "the interact could not be restored",
                                               ["SessionLost: the cell no longer creates this interact "
                                                f"(replay ended with status {replay.status})"]))
                collector.final(messages.execute_reply("error"))
                collector.flush()
                return RunResult("error", [], False, [], key)
        with session.lock:
            if session.dead:
                return self.run_interact(session_id, interact_id, values, job, emit, update_id=key)
            session.used = time.monotonic()
            return self._update(session, self._map_interact(session_id, interact_id, session), values,
                                job.limits, emit, key)

    def _update(self, session: _Session, interact_id: str, values: dict, limits: Limits, emit: Emit,
                key: str) -> RunResult:
        before = workdir.snapshot(session.path)
        collector = Collector(emit, limits.output_bytes)
        try:
            session.handle.channel.send({"op": "interact", "interact_id": interact_id, "values": values,
                                         "limits": limits.to_dict()})
        except OSError:
            pass
        try:
            outcome = drive(session.handle, collector, time.monotonic() + limits.wall_seconds,
                            lambda: self._kill(session.uid), until_done=True, disk=(session.path, limits.disk_bytes))
            status, reply = _conclude(outcome, session.handle, collector, limits)
            alive = outcome.done is not None and not outcome.exited and outcome.limit is None
            files = []
            if alive:
                session.interacts = [str(i) for i in outcome.done.get("interacts", [])]
                files = workdir.collect(session.path, workdir.changed(session.path, None, since=before),
                                        self.out_dir / _safe_name(key))
            collector.final(messages.execute_reply(reply))
            collector.flush()
        except BaseException:
            self._end(session)
            raise
        if not alive:
            self._end(session)
        return RunResult(status, files, alive, list(session.interacts) if alive else [], key)

    def _map_interact(self, session_id: str, interact_id: str, session: _Session) -> str:
        """The replayed session's interact that stands where `interact_id` stood (same creation order)."""
        if interact_id in session.interacts:
            return interact_id
        with self._sessions_lock:
            old = self._history.get(session_id, [])
        if interact_id in old and old.index(interact_id) < len(session.interacts):
            return session.interacts[old.index(interact_id)]
        if len(session.interacts) == 1:
            return session.interacts[0]
        return interact_id

    # -- sessions -----------------------------------------------------------------------------------

    def _session(self, session_id: str) -> _Session | None:
        with self._sessions_lock:
            session = self._sessions.get(session_id)
            if session is not None:
                self._sessions.move_to_end(session_id)
            return session

    def _keep(self, session: _Session) -> None:
        """Register a live session; end the one it replaces and the least recently used beyond max_sessions."""
        with self._sessions_lock:
            replaced = self._sessions.pop(session.id, None)
            self._sessions[session.id] = session
            self._history.setdefault(session.id, list(session.interacts))  # the ids the page was shown
            self._history.move_to_end(session.id)
            while len(self._history) > 10 * UID_COUNT:
                self._history.popitem(last=False)
            evicted = list(self._sessions.values())[:max(0, len(self._sessions) - self.max_sessions)]
            for old in evicted:
                del self._sessions[old.id]
        for old in ([replaced] if replaced is not None else []) + evicted:
            self._close(old)

    def close_session(self, session_id: str) -> None:
        """End a live session (no error if there is none)."""
        with self._sessions_lock:
            session = self._sessions.pop(session_id, None)
        if session is not None:
            self._close(session)

    def _close(self, session: _Session) -> None:
        with session.lock:
            self._end(session)

    def _end(self, session: _Session) -> None:
        """Kill a session's processes and free its uid and directory (caller holds session.lock)."""
        if session.dead:
            return
        session.dead = True
        with self._sessions_lock:
            if self._sessions.get(session.id) is session:
                del self._sessions[session.id]
        self._kill(session.uid)
        session.handle.wait_exit()
        session.handle.close()
        workdir.remove(session.path)
        self._uids.release(session.uid)

    def session_ids(self) -> list[str]:
        with self._sessions_lock:
            return list(self._sessions)

    def _maintain(self) -> None:
        """Expire idle and old sessions; sweep file copies nobody released."""
        last_sweep = 0.0
        while not self._stopping.wait(1.0):
            now = time.monotonic()
            with self._sessions_lock:
                expired = [s.id for s in self._sessions.values()
                           if now - s.used > self.session_idle_seconds or now - s.created > self.session_max_seconds]
            for session_id in expired:
                self.close_session(session_id)
            if now - last_sweep > 60:
                last_sweep = now
                cleaner.sweep(self.out_dir, older_than=self.files_ttl_seconds)

    # -- zygote requests ----------------------------------------------------------------------------

    def _launch(self, control: socket.socket, uid: int, sandbox_path: str, handle: ChildHandle) -> None:
        """Start the job in a spare child if one is ready (one message, no wait), else ask for a fork."""
        channel_fd, out_fd, err_fd, status_fd = handle.child_fds
        request = json.dumps({"uid": uid, "workdir": sandbox_path}).encode()
        while (spare := self._take_spare(control)) is not None:
            pid, sock = spare
            try:
                socket.send_fds(sock, [request], [channel_fd, out_fd, err_fd])
            except OSError:
                continue  # that spare died; try the next
            finally:
                sock.close()
            self._send(control, {"op": "assign", "pid": pid, "uid": uid}, [status_fd])
            break
        else:
            self._send(control, {"op": "fork", "uid": uid, "workdir": sandbox_path}, handle.child_fds)
        handle.close_child_ends()

    def _take_spare(self, control: socket.socket) -> tuple[int, socket.socket] | None:
        """The oldest spare the zygote announced, after reading any new announcements."""
        with self._control_lock:
            while True:
                try:
                    data, fds = _recv_fds_nowait(control)
                except (BlockingIOError, InterruptedError):
                    break
                if not data:
                    break
                message = json.loads(data)
                if message.get("op") == "spare" and len(fds) == 1:
                    self._spares.append((int(message["pid"]), socket.socket(fileno=fds[0])))
                else:
                    for fd in fds:
                        os.close(fd)
            return self._spares.pop(0) if self._spares else None

    def _send(self, control: socket.socket, request: dict, fds: list[int] = ()) -> None:
        with self._control_lock:
            socket.send_fds(control, [json.dumps(request).encode()], list(fds))

    def _kill(self, uid: int) -> None:
        control = self._control
        if control is not None:
            try:
                self._send(control, {"op": "kill", "uid": uid})
            except OSError:
                pass


def _recv_fds_nowait(sock: socket.socket) -> tuple[bytes, list[int]]:
    """One packet and its fds without blocking (socket.recv_fds ignores its flags before Python 3.12)."""
    data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(4 * 4), socket.MSG_DONTWAIT)
    fds = array.array("i")
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    return data, list(fds)


def _safe_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,100}", name):
        raise ValueError(f"not a usable computation id: {name!r}")
    return name


def _hit(collector: Collector, what: str, limits: Limits, status: str, reply: str) -> tuple[str, str, bool]:
    collector.final(messages.limit(what, limits.value_of(what)))
    collector.final(messages.error("ResourceLimit", _LIMIT_TEXT[what].format(limits.value_of(what)),
                                   [f"ResourceLimit: {_LIMIT_TEXT[what].format(limits.value_of(what))}"]))
    return status, reply, False


_LIMIT_TEXT = {
    lim.WALL: "the computation ran longer than its wall-clock limit of {} s and was stopped",
    lim.CPU: "the computation used more than its CPU time limit of {} s and was stopped",
    lim.OUTPUT: "the computation produced more than {} bytes of output and was stopped",
    lim.DISK: "the computation wrote more than {} bytes to its directory and was stopped",
    lim.MEMORY: "the computation used more than its memory limit of {} bytes and was stopped",
}


def _conclude(outcome: Outcome, handle: ChildHandle, collector: Collector, limits: Limits) -> tuple[str, str]:
    """(RunResult.status, execute_reply status), adding the messages that explain a stop."""
    if outcome.limit == lim.WALL:
        return _hit(collector, lim.WALL, limits, "timeout", "abort")[:2]
    if outcome.limit == lim.OUTPUT:
        error = _LIMIT_TEXT[lim.OUTPUT].format(limits.output_bytes)
        collector.final(messages.error("ResourceLimit", error, [f"ResourceLimit: {error}"]))
        return "killed", "error"
    if outcome.limit == lim.DISK:
        return _hit(collector, lim.DISK, limits, "killed", "error")[:2]
    if outcome.done is not None:
        return ("done", "ok") if outcome.done.get("status") == "ok" else ("error", "error")
    if outcome.broken:
        collector.final(messages.error("ProtocolError", "the computation corrupted its output channel",
                                       ["ProtocolError: the computation corrupted its output channel"]))
        return "killed", "error"
    sig = handle.signal()
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and handle.cpu_seconds >= limits.cpu_seconds):
        return _hit(collector, lim.CPU, limits, "killed", "error")[:2]
    if sig is not None:
        text = f"the computation was killed by signal {signal.Signals(sig).name}"
        collector.final(messages.error("Killed", text, [f"Killed: {text}"]))
        return "killed", "error"
    code = os.waitstatus_to_exitcode(handle.exit_status) if handle.exit_status is not None else None
    if code == 0:
        return "done", "ok"
    text = f"the computation's process exited with code {code}" if code is not None else "the sandbox went away"
    collector.final(messages.error("Exited", text, [f"Exited: {text}"]))
    return "error", "error"
