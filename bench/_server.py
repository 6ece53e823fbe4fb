"""Start `snipcell run` (gunicorn) on a temporary instance for a benchmark, and stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def snipcell_server(threads: int = 64, **settings: str) -> Iterator[str]:
    """A real `snipcell run` on a fresh instance; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="snipcell-bench-") as tmp:
        env = dict(os.environ, SNIPCELL_INSTANCE=str(Path(tmp) / "instance"), SNIPCELL_RATE_LIMIT_PER_MINUTE="100000000")
        env.update({f"SNIPCELL_{k.upper()}": str(v) for k, v in settings.items()})
        port = free_port()
        snipcell = Path(sys.executable).parent / "snipcell"
        subprocess.run([str(snipcell), "init", "--no-demo"], env=env, check=True, capture_output=True)
        process = subprocess.Popen(
            [str(snipcell), "run", "--port", str(port), "--threads", str(threads)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                with contextlib.suppress(requests.RequestException):
                    if requests.get(url + "/api/v1/snippets?per_page=1", timeout=2).ok:
                        break
                time.sleep(0.1)
            else:
                raise RuntimeError("snipcell run did not start")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"| {name} | {percentile(ms, 50):.1f} | {percentile(ms, 99):.1f} | {len(ms)} |"
