"""The compute device: claims queued computations, runs them, stores their messages.

Embedded, it runs beside the web server and is woken at once through the
site's notifier. Standalone (``snipcell device``) it is woken through
PostgreSQL's LISTEN/NOTIFY (and polls the database every half second
besides), and fetches snippet files over HTTP when given the site's URL.
"""

from __future__ import annotations

import base64
import logging
import os
import signal
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from compute import messages, queue
from compute.filecache import FileCache, http_exporter, repo_exporter
from compute.filestore import FileStore
from compute.limits import Limits
from compute.runner import Job, Runner
from snippets.models import Computation, Snippet

log = logging.getLogger(__name__)
QUEUE_TOPIC = "queue"
POLL_SECONDS = 0.5


class Device:
    """One claimer thread takes queued computations and hands each to a free runner thread."""

    def __init__(self, db, config, cache: FileCache, notifier, name: str | None = None) -> None:
        self.db = db
        self.config = config
        self.cache = cache
        self.notifier = notifier
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.filestore = FileStore(config.filestore, config.filestore_dir)
        self.limits = Limits(
            cpu_seconds=config.cpu_seconds,
            wall_seconds=config.wall_seconds,
            memory_bytes=config.memory_bytes,
            output_bytes=config.output_bytes,
        )
        self.runner = Runner(
            config.work_root / "runs",
            max_sessions=config.max_sessions,
            session_idle_seconds=config.session_idle_seconds,
            session_max_seconds=config.session_max_seconds,
            uid_base=config.sandbox_uid_base,
        )
        self._stopping = threading.Event()
        self._claimer: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def embedded(cls, site) -> Device:
        cache = FileCache(site.config.work_root / "cache", repo_exporter(site.repos))
        return cls(site.db, site.config, cache, site.wakeups)

    def start(self) -> None:
        self.runner.start()
        with self.db.session() as session:
            queue.reap_stale(session, timedelta(seconds=0), device=self.name)
        self._pool = ThreadPoolExecutor(self.config.device_threads, thread_name_prefix="device-run")
        self._free = threading.Semaphore(self.config.device_threads)
        self._claimer = threading.Thread(target=self._claim_loop, name="device-claim", daemon=True)
        self._claimer.start()

    def stop(self) -> None:
        self._stopping.set()
        self.notifier.notify(QUEUE_TOPIC)
        if self._claimer is not None:
            self._claimer.join(timeout=5)
            self._claimer = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.runner.stop()

    def _claim_loop(self) -> None:
        """One thread claims (so device threads never race each other for SQLite's write lock)
        and hands each computation to a free runner thread."""
        idle_rounds = 0
        while not self._stopping.is_set():
            seen = self.notifier.version(QUEUE_TOPIC)
            if not self._free.acquire(timeout=POLL_SECONDS):
                continue
            try:
                computation = self._claim()
            except Exception:
                log.exception("device could not claim")
                computation = None
            if computation is not None:
                self._pool.submit(self._run_and_free, computation)
                continue
            self._free.release()
            idle_rounds += 1
            if idle_rounds % 120 == 0:
                self._reap()
            self.notifier.wait(QUEUE_TOPIC, seen, POLL_SECONDS)

    def _run_and_free(self, computation: Computation) -> None:
        try:
            _Execution(self, computation).run()
        except Exception:
            log.exception("computation %s failed in the device", computation.id)
        finally:
            self._free.release()

    def _reap(self) -> None:
        """End computations that a crashed device left running."""
        older = timedelta(seconds=self.limits.wall_seconds * 2 + 60)
        with self.db.session() as session:
            if queue.reap_stale(session, older):
                log.warning("reaped computations left running by a lost device")

    def _claim(self) -> Computation | None:
        with self.db.session() as session:
            computation = queue.claim(session, self.name)
            if computation is not None:
                session.expunge(computation)
            return computation

    def job_for(self, computation: Computation) -> Job:
        """The Job of a cell: its code in a fresh copy of the snippet's files at that rev."""
        files_dir, run_file = None, None
        if computation.snippet_ref and computation.rev:
            files_dir = self.cache.directory(computation.snippet_ref, computation.rev)
            files = FileCache.files_in(files_dir)
            python_files = [f for f in files if f.endswith(".py")]
            if len(files) == 1 and python_files:
                run_file = python_files[0]
            elif computation.mode == "file" and "main.py" in python_files:
                run_file = "main.py"
        return Job(
            computation_id=computation.session_id or computation.id,
            code=computation.code,
            files_dir=files_dir,
            run_file=run_file,
            limits=self.limits,
        )


class _Execution:
    """One run: streams message batches to SQL, then files, execute_reply and status."""

    def __init__(self, device: Device, computation: Computation) -> None:
        self.device = device
        self.computation = computation
        self.parent = queue.request_header(computation)
        self.reply: dict | None = None
        self.pending: list[dict] = []
        self.thumbnail_wanted = computation.snippet_id is not None

    def emit(self, batch: list[dict]) -> None:
        """Store a batch at once, except the last one: it waits to share the final transaction."""
        self.pending += [m for m in batch if m["msg_type"] != "execute_reply"]
        for message in batch:
            if message["msg_type"] == "execute_reply":
                self.reply = message
        if self.reply is None and self.pending:
            self._store(self.pending)
            self.pending = []

    def _first_image(self, batch: list[dict]) -> bytes | None:
        """The first PNG a snippet's run shows becomes its thumbnail, if it has none yet."""
        for message in batch:
            data = message.get("content", {}).get("data") or {}
            if isinstance(data.get("image/png"), str):
                try:
                    return base64.b64decode(data["image/png"])
                except ValueError:
                    return None
        return None

    def _store(self, batch: list[dict], final_status: str | None = None, files: list | None = None) -> None:
        with self.device.db.transaction() as session:
            if files:  # the final batch: the files message goes just before execute_reply
                batch = [*batch[:-1], self._files_message(session, files), batch[-1]]
            queue.append(session, self.computation, self.parent, batch)
            if self.thumbnail_wanted and (image := self._first_image(batch)):
                self.thumbnail_wanted = False
                session.execute(
                    update(Snippet)
                    .where(Snippet.id == self.computation.snippet_id, Snippet.thumbnail_png.is_(None))
                    .values(thumbnail_png=image)
                )
            if final_status:
                queue.finish(session, self.computation.id, final_status)
        self.device.notifier.notify(self.computation.id)

    def _files_message(self, session, files: list) -> dict:
        listed = []
        for path, source in files:
            row = self.device.filestore.save(session, self.computation.id, path, Path(source))
            if row is not None:
                listed.append({"path": path, "url": f"/files/{self.computation.id}/{path}", "size": row.size})
        return messages.extension("files", {"files": listed})

    def run(self) -> None:
        runner = self.device.runner
        status, files = "error", []
        try:
            job = self.device.job_for(self.computation)
            if self.computation.interact_id:
                result = runner.run_interact(
                    self.computation.session_id,
                    self.computation.interact_id,
                    self.computation.values or {},
                    job,
                    self.emit,
                    update_id=self.computation.id,
                )
            else:
                result = runner.run(job, self.emit)
            status, files = result.status, result.files
        except Exception as error:
            log.exception("computation %s failed in the device", self.computation.id)
            self.emit([messages.error(type(error).__name__, str(error), [])])
        reply = self.reply or messages.execute_reply("error")
        try:
            self._store([*self.pending, reply], final_status=status, files=files)
        finally:
            runner.release(self.computation.id)


def run_standalone(config, site_url: str | None) -> None:
    """``snipcell device``: serve computations until SIGTERM/SIGINT."""
    from snippets.db import Database
    from snippets.notify import notifier_for
    from repos import RepoStore

    db = Database(config.database_url)
    exporter = http_exporter(site_url) if site_url else repo_exporter(RepoStore(config.repos_root))
    notifier = notifier_for(config.database_url)
    device = Device(db, config, FileCache(config.work_root / "cache", exporter), notifier)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    device.start()
    log.warning("device %s serving %s", device.name, config.database_url)
    stop.wait()
    device.stop()
    notifier.close()
