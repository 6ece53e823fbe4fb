"""A private PostgreSQL server for the tests: its own cluster in a temporary folder, a Unix socket."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; CI runs as root, so drop to the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.getuid() == 0 else argv


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield an SQLAlchemy URL of a fresh database, or None where PostgreSQL is not installed."""
    bin_dir = _binaries()
    if bin_dir is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="snipcell-pg-"))
    data, socket_dir = folder / "data", folder / "socket"
    socket_dir.mkdir()
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(socket_dir, "postgres")
    run = lambda *argv: subprocess.run(_as_postgres([*argv]), check=True, capture_output=True)  # noqa: E731
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
            f"-c listen_addresses='' -c unix_socket_directories={socket_dir} -c fsync=off", "start")
        run(str(bin_dir / "createdb"), "-h", str(socket_dir), "-U", "postgres", "snipcell")
        yield f"postgresql+psycopg://postgres@/snipcell?host={socket_dir}"
    finally:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
