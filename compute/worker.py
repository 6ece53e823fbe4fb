"""The code the forked child runs: read the job, run the snippet file and the cell, report, maybe stay as a session.

Runs after `sandbox.enter_jail` dropped privileges; everything here is as
untrusted as the cell itself, so the host never trusts what it says about limits.
"""
from __future__ import annotations

import ast
import builtins
import errno
import os
import socket
import sys
import tempfile
import types
from pathlib import Path
from typing import Callable, NoReturn

from compute import display as display_module
from compute import limits as lim
from compute import messages
from compute.capture import Publisher, flush_figures, hook_matplotlib, install_streams
from compute.channel import Channel
from compute.tracebacks import CELL, format_error, register_source

_LIMIT_ERRNOS = {errno.EAGAIN: lim.PROCESSES, errno.EFBIG: lim.FILE_SIZE,
                 errno.ENOSPC: lim.DISK, errno.EDQUOT: lim.DISK}


def _limit_hit(exc: BaseException) -> str | None:
    if isinstance(exc, MemoryError):
        return lim.MEMORY
    if isinstance(exc, OSError):
        return _LIMIT_ERRNOS.get(exc.errno)
    return None


class Cell:
    """One child's state: the namespace shared by run_file, the cell and later interact updates."""

    def __init__(self, channel: Channel, workdir: str, limits: lim.Limits, interact: types.ModuleType | None) -> None:
        self.channel = channel
        self.workdir = workdir
        self.limits = limits
        self.interact = interact
        self.main_pid = os.getpid()
        target = interact.current_output_target if interact is not None else (lambda: None)
        self.publisher = Publisher(channel, target)
        install_streams(self.publisher)
        hook_matplotlib(self.publisher)
        if interact is not None:
            interact.set_publisher(self.publisher.publish)
            if hasattr(interact, "set_call_hook"):  # figures drawn by an interact go out tagged with it
                interact.set_call_hook(lambda: flush_figures(self.publisher))
        self.namespace = self._namespace()

    def _namespace(self) -> dict:
        module = types.ModuleType("__main__")
        sys.modules["__main__"] = module
        ns = module.__dict__
        ns["__builtins__"] = builtins
        ns["display"] = self.publisher.display
        ns.update({name: getattr(display_module, name) for name in ("HTML", "Latex", "Markdown", "SVG", "Image")})
        if self.interact is not None:
            ns.update({name: getattr(self.interact, name) for name in self.interact.__all__})
        return ns

    def execute(self, action: Callable[[], None]) -> str:
        """Run user code; report an exception as `error` (and `limit`); "ok" or "error"."""
        status = "ok"
        try:
            action()
        except SystemExit as exc:
            if exc.code not in (None, 0):
                status = self._report(exc)
        except BaseException as exc:
            status = self._report(exc)
        if os.getpid() != self.main_pid:
            os._exit(0)  # a process the cell forked ran off the end of the cell: it has nothing to report
        try:
            flush_figures(self.publisher)
        except Exception as exc:
            status = self._report(exc)
        self.publisher.flush_streams()
        return status

    def _report(self, exc: BaseException) -> str:
        if os.getpid() != self.main_pid:
            os._exit(1)
        what = _limit_hit(exc)
        if what is not None:
            self.publisher.send(messages.limit(what, self.limits.value_of(what)))
        ename, evalue, lines = format_error(exc, self.workdir)
        self.publisher.send(messages.error(ename, evalue, lines))
        return "error"

    def run_file(self, path: str) -> None:
        source = Path(path).read_text()
        self.namespace["__file__"] = os.path.join(self.workdir, path)
        exec(compile(source, path, "exec"), self.namespace)

    def run_cell(self, code: str) -> None:
        """Exec the cell; a trailing expression's value becomes the `execute_result`."""
        register_source(CELL, code)
        tree = ast.parse(code, CELL)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, CELL, "exec"), self.namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), CELL, "eval"), self.namespace)
            if value is not None:
                self.namespace["_"] = value
                self.publisher.result(value)

    def interacts(self) -> list[str]:
        return list(self.interact.registry) if self.interact is not None else []

    def done(self, status: str, session: bool) -> None:
        self.channel.send({"ctl": "done", "status": status, "session": session, "interacts": self.interacts()})

    def serve(self) -> NoReturn:
        """Live session: run interact updates sent by the host until told to close."""
        while True:
            request = self.channel.recv()
            if not isinstance(request, dict) or request.get("op") != "interact":
                os._exit(0)
            self.limits = lim.Limits.from_dict(request["limits"])
            lim.extend_cpu_budget(self.limits.cpu_seconds)
            status = self.execute(lambda: self.interact.run_update(request["interact_id"], request["values"]))
            self.done(status, True)


def rehearse() -> None:
    """Run throwaway cells in a spare child before its job arrives: the memory pages a cell touches
    are copied (copy-on-write) now, while nobody waits, instead of during the user's run."""
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    saved = sys.stdout, sys.stderr, sys.modules.get("__main__")
    try:
        cell = Cell(Channel(mine), "/", lim.Limits(), None)
        cell.execute(lambda: cell.run_cell("print(1 + 1)\n[1][0]"))
        cell.execute(lambda: cell.run_cell("1 / 0"))
        cell.done("ok", False)
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        sys.modules["__main__"] = saved[2]
        mine.close()
        theirs.close()


def _fresh_process_state(workdir: str) -> None:
    """What a fork copies but a new cell must not share: RNG seeds, temp dir, argv."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()
    tempfile.tempdir = workdir
    os.environ.update(HOME=workdir, TMPDIR=workdir)
    sys.argv = [CELL]
    sys.path.insert(0, workdir)


def main(channel_fd: int, workdir: str, base_address_space: int, interact: types.ModuleType | None) -> NoReturn:
    channel = Channel(socket.socket(fileno=channel_fd), forked_children=True)
    job = channel.recv()
    if not isinstance(job, dict):
        os._exit(0)
    limits = lim.Limits.from_dict(job["limits"])
    lim.apply_rlimits(limits, base_address_space, session_budget=bool(job.get("keep_session")))
    _fresh_process_state(workdir)
    cell = Cell(channel, workdir, limits, interact)
    run_file = job.get("run_file")

    def run() -> None:
        if run_file:
            cell.run_file(run_file)
        cell.run_cell(job["code"])

    status = cell.execute(run)
    session = bool(job.get("keep_session")) and bool(cell.interacts())
    cell.done(status, session)
    if session:
        cell.serve()
    os._exit(0)
