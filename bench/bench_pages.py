"""Snippet page (3 files, highlighted) and raw file req/s under `wrk` with 32 connections,
beside a bare Flask hello app on the same gunicorn settings, in one run.

    apt-get install wrk   # the load generator (C, so the client doesn't eat the server's CPU)
    .venv/bin/python bench/bench_pages.py [--seconds 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import free_port, snipcell_server  # noqa: E402

FILES = {
    "main.py": "from series import taylor\n\nfor n in range(1, 8):\n    print(n, taylor(n))\n",
    "series.py": "import math\n\n\ndef taylor(n, x=1.0):\n    \"\"\"Partial sum of exp(x).\"\"\"\n    return sum(x**k / math.factorial(k) for k in range(n))\n" * 5,
    "README.md": "# Taylor series\n\nPartial sums of the exponential series, printed for n = 1..7.\n",
}


def wrk(url: str, seconds: float, connections: int) -> tuple[float, float]:
    """Requests/s and p99 latency (ms) reported by wrk."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed responses from {url}")
    return rate, float(p99.group(1)) * scale


@contextlib.contextmanager
def hello_server(threads: int = 64):
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "-w", "1", "-k", "gthread", "--threads", str(threads), "-b", f"127.0.0.1:{port}", "bench.hello_app:app"],
        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                if requests.get(url, timeout=1).ok:
                    break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with hello_server() as url:
        hello = wrk(url, args.seconds, args.connections)
    with snipcell_server(embedded_device="false") as url:
        http = requests.Session()
        http.post(f"{url}/api/v1/users", json={"username": "ada", "password": "benchmark!"}).raise_for_status()
        token = http.post(f"{url}/api/v1/tokens", json={"username": "ada", "password": "benchmark!"}).json()["token"]
        created = http.post(f"{url}/api/v1/snippets", json={"title": "Taylor", "files": FILES, "tags": ["calculus/taylor"]},
                            headers={"Authorization": f"Bearer {token}"}).json()
        page_url = f"{url}/{created['id']}"
        raw_url = f"{url}/raw/{created['id']}/{created['head']['rev']}/series.py"
        for warm in (page_url, raw_url):  # measure the steady state, not the first render
            http.get(warm).raise_for_status()
        page = wrk(page_url, args.seconds, args.connections)
        raw = wrk(raw_url, args.seconds, args.connections)
    print(f"| endpoint ({args.connections} connections, {args.seconds:.0f} s) | req/s | p99 ms | ratio to hello |")
    print("| --- | --- | --- | --- |")
    for name, (rate, p99) in (("Flask hello (baseline)", hello), ("snippet page, 3 files", page), ("raw file", raw)):
        print(f"| {name} | {rate:.0f} | {p99:.1f} | {rate / hello[0]:.2f} |")


if __name__ == "__main__":
    main()
