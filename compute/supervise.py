"""Host side of one forked child: its file descriptors, and the loop that drives it to `done` or exit."""
from __future__ import annotations

import os
import selectors
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from compute import limits as lim
from compute import workdir
from compute.channel import PACKET, Channel, MessageTooLarge, ProtocolError, socketpair
from compute.collector import Collector

DISK_CHECK_SECONDS = 1.0


class ChildHandle:
    """The host's ends of a child's channel, stdout, stderr and status pipe."""

    def __init__(self, max_message: int) -> None:
        host, child = socketpair()
        self.channel = Channel(host, max_message)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        status_r, status_w = os.pipe()
        self.streams = {out_r: "stdout", err_r: "stderr"}
        for fd in self.streams:
            os.set_blocking(fd, False)
        self.status_fd = status_r
        self.child_fds = [child.detach(), out_w, err_w, status_w]
        self.exit_status: int | None = None
        self.cpu_seconds = 0.0
        self._status_text = b""

    def close_child_ends(self) -> None:
        for fd in self.child_fds:
            os.close(fd)
        self.child_fds = []

    def read_status(self) -> bool:
        """Read what the zygote wrote; False at end of file."""
        data = os.read(self.status_fd, 256)
        self._status_text += data
        if data:
            return True
        parts = self._status_text.split()
        if len(parts) == 3 and parts[0] == b"exit":
            self.exit_status, self.cpu_seconds = int(parts[1]), float(parts[2])
        return False

    def wait_exit(self, timeout: float = 10.0) -> None:
        """Block until the zygote reports the end of the child and of its uid's processes."""
        end = time.monotonic() + timeout
        while self.status_fd >= 0 and time.monotonic() < end:
            ready = selectors.DefaultSelector()
            ready.register(self.status_fd, selectors.EVENT_READ)
            if ready.select(end - time.monotonic()) and not self.read_status():
                break
            ready.close()

    def close(self) -> None:
        self.channel.sock.close()
        for fd in [*self.streams, self.status_fd]:
            if fd >= 0:
                os.close(fd)
        self.streams, self.status_fd = {}, -1

    def signal(self) -> int | None:
        """The signal that ended the child, if one did."""
        if self.exit_status is None or not os.WIFSIGNALED(self.exit_status):
            return None
        return os.WTERMSIG(self.exit_status)


@dataclass
class Outcome:
    done: dict | None = None  # the child's `done` control message
    limit: str | None = None  # a limit the host enforced: wall, output or disk
    broken: bool = False  # the child spoke garbage on its channel
    exited: bool = False


def drive(handle: ChildHandle, collector: Collector, deadline: float, kill: Callable[[], None],
          until_done: bool, disk: tuple[Path, int] | None) -> Outcome:
    """Pump the child's output into `collector` until it reports `done` (sessions) or has exited,
    killing it on wall time, output volume, disk use (`disk` = (dir, bytes)) or protocol garbage."""
    outcome = Outcome()
    selector = selectors.DefaultSelector()
    selector.register(handle.channel.sock, selectors.EVENT_READ, "channel")
    for fd in handle.streams:
        selector.register(fd, selectors.EVENT_READ, "stream")
    selector.register(handle.status_fd, selectors.EVENT_READ, "status")
    open_fds = len(handle.streams) + 2
    killed = False
    next_disk = time.monotonic() + DISK_CHECK_SECONDS

    def stop(reason: str | None) -> None:
        nonlocal killed
        if not killed:
            killed = True
            outcome.limit = outcome.limit or reason
            kill()

    try:
        while open_fds:
            if until_done and outcome.done is not None and not killed:
                break
            now = time.monotonic()
            if now >= deadline:
                stop(lim.WALL)
            if disk is not None and now >= next_disk:
                next_disk = now + DISK_CHECK_SECONDS
                if workdir.usage(disk[0]) > disk[1]:
                    stop(lim.DISK)
            waits = [next_disk - now] if disk is not None else []
            waits.append(deadline - now if not killed else 1.0)
            flush_at = collector.next_flush()
            if flush_at is not None:
                waits.append(flush_at - now)
            for key, _ in selector.select(max(0.0, min(waits))):
                if key.data == "channel":
                    if not _read_channel(handle, collector, outcome):
                        selector.unregister(key.fileobj)
                        open_fds -= 1
                elif key.data == "stream":
                    try:
                        data = os.read(key.fd, 65536)
                    except BlockingIOError:
                        continue
                    collector.raw(handle.streams[key.fd], data)
                    if not data:
                        selector.unregister(key.fd)
                        open_fds -= 1
                elif not handle.read_status():
                    selector.unregister(key.fd)
                    open_fds -= 1
                    outcome.exited = True
            if collector.over or outcome.broken:
                stop(lim.OUTPUT if collector.over else None)
            flush_at = collector.next_flush()
            if flush_at is not None and time.monotonic() >= flush_at:
                collector.flush()
    finally:
        selector.close()
    if killed and not outcome.exited:
        handle.wait_exit()
        outcome.exited = handle.exit_status is not None
    elif outcome.done is not None:
        _drain(handle, collector)
    return outcome


def _drain(handle: ChildHandle, collector: Collector) -> None:
    """Take what the child wrote straight to fd 1/2 before it reported `done`."""
    for fd, name in handle.streams.items():
        while True:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not data:
                break
            collector.raw(name, data)


def _read_channel(handle: ChildHandle, collector: Collector, outcome: Outcome) -> bool:
    """Read every packet waiting on the channel; False at end of stream."""
    sock = handle.channel.sock
    while True:
        try:
            packet = sock.recv(PACKET, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not packet:
            return False
        try:
            message = handle.channel.feed(packet)
        except MessageTooLarge:
            collector.overflow()
            return True
        except ProtocolError:
            outcome.broken = True
            return True
        if message is None:
            continue
        if isinstance(message, dict) and message.get("ctl") == "done":
            outcome.done = message
            return True
        collector.add(message)

