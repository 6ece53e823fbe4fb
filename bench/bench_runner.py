"""`print(1+1)` through Runner.run (1 and 32 threads) beside a bare fork + exec loop in the same process.

"10 ms apart" is the interactive case (the pre-forked spares are ready);
"back to back" and 32 threads measure throughput (spares are used up faster
than the zygote forks them, so the fork is on the path again).

Run: .venv/bin/python bench/bench_runner.py [--runs 300]
The bare loop imports the same modules as the zygote, then per cell forks a
child that execs the code with its stdout on a pipe; the parent reads and waits.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compute.limits import Limits  # noqa: E402
from compute.runner import Job, Runner  # noqa: E402

PRELOAD = ("numpy", "sympy", "matplotlib", "matplotlib.pyplot")


def bare_fork_exec() -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            sys.stdout = io.TextIOWrapper(os.fdopen(write_end, "wb"), write_through=True)
            exec(compile("print(1+1)", "<cell>", "exec"), {})
            sys.stdout.flush()
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    assert output == b"2\n", output
    os.waitpid(pid, 0)


def summary(name: str, latencies: list[float], elapsed: float) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"| {name} | {len(latencies)} | {statistics.median(ordered) * 1000:.2f} | {p99 * 1000:.2f} "
            f"| {len(latencies) / elapsed:.0f} |")


def measure(call, runs: int, threads: int, pause: float = 0.0) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = runs // threads

    def worker() -> None:
        mine = []
        for _ in range(per_thread):
            start = time.perf_counter()
            call()
            mine.append(time.perf_counter() - start)
            time.sleep(pause)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=320)
    args = parser.parse_args()
    for name in PRELOAD:
        __import__(name)
    runner = Runner(Path(tempfile.mkdtemp(prefix="bench-runner-")))
    runner.start()
    limits = Limits()

    def through_runner() -> None:
        out: list[dict] = []
        result = runner.run(Job(uuid.uuid4().hex, "print(1+1)", None, None, limits), out.extend)
        assert result.status == "done" and out[0]["content"]["text"] == "2\n"

    try:
        measure(through_runner, 40, 1)  # warm up
        rows = ["| what | cells | p50 ms | p99 ms | cells/s |", "| --- | --- | --- | --- | --- |"]
        for threads, pause in ((1, 0.01), (1, 0.0), (32, 0.0)):
            label = f"{threads} thread(s)" + (f", {pause * 1000:.0f} ms apart" if pause else ", back to back")
            rows.append(summary(f"bare fork + exec, {label}", *measure(bare_fork_exec, args.runs, threads, pause)))
            rows.append(summary(f"Runner.run, {label}", *measure(through_runner, args.runs, threads, pause)))
    finally:
        runner.stop()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
