"""Finishes children in the background: a run returns at the child's `done`, while the child's exit,
the killing of whatever its uid left behind, and the freeing of its uid and directory happen here.
A child that is still alive GRACE_SECONDS after `done` (it forged `done`, or hangs in exit) is killed."""
from __future__ import annotations

import os
import selectors
import threading
import time
from typing import Callable

from compute.supervise import ChildHandle


GRACE_SECONDS = 2.0


class Reaper:
    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = os.pipe()
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._incoming: list[tuple[ChildHandle, Callable[[], None], Callable[[], None]]] = []
        self._deadlines: dict[int, tuple[float, Callable[[], None]]] = {}  # status fd -> (kill at, kill)
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Condition(self._lock)
        self._thread = threading.Thread(target=self._loop, name="runner-reaper", daemon=True)
        self._thread.start()

    def finish(self, handle: ChildHandle, then: Callable[[], None], kill: Callable[[], None]) -> None:
        """Once the zygote reports `handle`'s child fully gone, close it and call `then`; `kill` it if it lingers."""
        with self._lock:
            self._incoming.append((handle, then, kill))
            self._pending += 1
        os.write(self._wake_w, b"x")

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until every child handed over is finished (used by stop())."""
        with self._idle:
            self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _loop(self) -> None:
        while True:
            now = time.monotonic()
            for fd, (kill_at, kill) in list(self._deadlines.items()):
                if now >= kill_at:
                    del self._deadlines[fd]
                    kill()
            timeout = min((at for at, _ in self._deadlines.values()), default=now + 60) - now
            for key, _ in self._selector.select(max(0.0, timeout)):
                if key.data is None:
                    os.read(self._wake_r, 4096)
                    with self._lock:
                        incoming, self._incoming = self._incoming, []
                    for handle, then, kill in incoming:
                        self._selector.register(handle.status_fd, selectors.EVENT_READ, (handle, then))
                        self._deadlines[handle.status_fd] = (time.monotonic() + GRACE_SECONDS, kill)
                    continue
                handle, then = key.data
                if handle.read_status():
                    continue
                self._deadlines.pop(key.fd, None)
                self._selector.unregister(key.fd)
                handle.close()
                then()
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
