"""In-process wake-ups: a long-poll or the device sleeps until something changes.

Waiters always re-read SQL after waking, and wake on their own after a short
interval, so a change made by another process (another web worker, a remote
device) is still seen: the notifier only makes the common case instant. On
PostgreSQL, `PostgresNotifier` carries wake-ups between processes too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

log = logging.getLogger(__name__)

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

    def close(self) -> None:
        pass

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


CHANNEL = "snipcell"
"""The PostgreSQL NOTIFY channel every process of one site listens on."""


class PostgresNotifier(Notifier):
    """A Notifier whose wake-ups also reach the other processes on the same PostgreSQL database.

    `notify()` wakes this process's waiters and sends `NOTIFY snipcell, topic`;
    a listener thread turns every notification into a local wake-up. So a
    device on another machine starts a queued cell at once, and a long-poll
    returns as soon as that device stores a message, instead of after a
    polling interval. If the database connection fails, waiters still poll.
    """

    def __init__(self, database_url: str) -> None:
        from sqlalchemy.engine import make_url

        super().__init__()
        self._conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._send_lock = threading.Lock()
        self._sender = None
        self._stopping = threading.Event()
        self.listening = threading.Event()
        self._listener = threading.Thread(target=self._listen, name="pg-listen", daemon=True)
        self._listener.start()

    def notify(self, topic: str) -> None:
        import psycopg

        super().notify(topic)
        with self._send_lock:
            try:
                if self._sender is None or self._sender.closed:
                    self._sender = psycopg.connect(self._conninfo, autocommit=True)
                self._sender.execute("SELECT pg_notify(%s, %s)", (CHANNEL, topic))
            except psycopg.Error as error:
                log.warning("NOTIFY failed (%s); other processes will see the change when they poll", error)
                self._sender = None

    def close(self) -> None:
        self._stopping.set()
        self._listener.join(timeout=5)
        with self._send_lock:
            if self._sender is not None:
                self._sender.close()
                self._sender = None

    def _listen(self) -> None:
        import psycopg

        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self._stopping.is_set():
                        for notification in connection.notifies(timeout=0.5):
                            super().notify(notification.payload)  # a local wake-up, not another NOTIFY
            except psycopg.Error as error:
                self.listening.clear()
                log.warning("LISTEN connection lost (%s); retrying in a second", error)
                self._stopping.wait(1.0)


def notifier_for(database_url: str) -> Notifier:
    """Wake-ups across processes on PostgreSQL; in-process ones for SQLite (one machine, one worker)."""
    if database_url.startswith("postgresql"):
        return PostgresNotifier(database_url)
    return Notifier()
