"""`print(1+1)` end to end over HTTP (POST + long-poll to execute_reply) against a real
`snipcell run`, beside a bare fork + exec loop in this same script.

    .venv/bin/python bench/bench_cells.py [--cells 300] [--clients 32] [--seconds 10]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._client import JsonClient  # noqa: E402
from bench._server import percentile, snipcell_server  # noqa: E402

CELL = {"code": "print(1+1)"}


def sequential(url: str, cells: int) -> list[float]:
    client = JsonClient(url)
    client.run_until_reply("/api/v1/computations", CELL)  # warm up
    samples = []
    for _ in range(cells):
        start = time.perf_counter()
        messages = client.run_until_reply("/api/v1/computations", CELL)
        samples.append(time.perf_counter() - start)
        assert messages[0]["content"]["text"] == "2\n" and messages[-1]["msg_type"] == "execute_reply"
    return samples


def _client_process(url: str, threads: int, seconds: float, results) -> None:
    done = []
    deadline = time.monotonic() + seconds

    def loop() -> None:
        client = JsonClient(url)
        count = 0
        while time.monotonic() < deadline:
            client.run_until_reply("/api/v1/computations", CELL)
            count += 1
        done.append(count)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    results.put(sum(done))


def sustained(url: str, clients: int, seconds: float, processes: int = 4) -> float:
    """Cells per second with `clients` concurrent clients spread over a few processes."""
    results = multiprocessing.Queue()
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    procs = [multiprocessing.Process(target=_client_process, args=(url, n, seconds, results)) for n in per if n]
    start = time.perf_counter()
    for p in procs:
        p.start()
    total = sum(results.get() for _ in procs)
    for p in procs:
        p.join()
    return total / (time.perf_counter() - start)


def bare_fork_exec(cells: int) -> tuple[list[float], float]:
    """The floor: fork a child that execs `print(1+1)` into a pipe, read it, reap it, from a
    process that has imported what the zygote imports (forking a bigger process costs more)."""
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import sympy  # noqa: F401

    code = compile("print(1+1)", "<cell>", "exec")
    samples = []
    for _ in range(cells):
        start = time.perf_counter()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            os.dup2(write_end, 1)
            exec(code, {})
            sys.stdout.flush()
            os._exit(0)
        os.close(write_end)
        output = b""
        while chunk := os.read(read_end, 100):
            output += chunk
        assert output == b"2\n"
        os.close(read_end)
        os.waitpid(pid, 0)
        samples.append(time.perf_counter() - start)
    return samples, cells / sum(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=300)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    baseline, baseline_rate = bare_fork_exec(args.cells)
    with snipcell_server() as url:
        latencies = sequential(url, args.cells)
        rate = sustained(url, args.clients, args.seconds)
    ms = lambda xs, p: percentile([x * 1000 for x in xs], p)  # noqa: E731
    print("| measure | value |\n| --- | --- |")
    print(f"| cell over HTTP, p50 / p99 ms (1 client, {args.cells} cells) | {ms(latencies, 50):.1f} / {ms(latencies, 99):.1f} |")
    print(f"| cells/s sustained, {args.clients} clients, {args.seconds:.0f} s | {rate:.0f} |")
    print(f"| bare fork + exec, p50 / p99 ms | {ms(baseline, 50):.2f} / {ms(baseline, 99):.2f} |")
    print(f"| bare fork + exec, cells/s (1 loop) | {baseline_rate:.0f} |")
    print(f"| HTTP p50 / bare p50 | {ms(latencies, 50) / ms(baseline, 50):.1f}x |")


if __name__ == "__main__":
    main()
