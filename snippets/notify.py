"""In-process wake-ups: a long-poll or the device sleeps until something changes.

Waiters always re-read SQL after waking, and wake on their own after a short
interval, so a change made by another process (another web worker, a remote
device) is still seen: the notifier only makes the common case instant.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

MAX_TOPICS = 20_000
"""Topics remembered (one per recent computation); the oldest are forgotten first."""


class Notifier:
    """Named events with a counter, so a wake-up between check and wait is never lost."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._versions: OrderedDict[str, int] = OrderedDict()

    def version(self, topic: str) -> int:
        with self._cond:
            return self._versions.get(topic, 0)

    def notify(self, topic: str) -> None:
        with self._cond:
            self._versions[topic] = self._versions.get(topic, 0) + 1
            self._versions.move_to_end(topic)
            while len(self._versions) > MAX_TOPICS:
                self._versions.popitem(last=False)
            self._cond.notify_all()

    def wait(self, topic: str, seen: int, timeout: float) -> int:
        """Block until ``topic`` moves past version ``seen`` or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._versions.get(topic, 0) == seen:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return self._versions.get(topic, 0)
