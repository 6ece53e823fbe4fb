"""An interact control change (POST /interacts, long-poll to execute_reply) against a real
`snipcell run`, beside a fresh run of the same cell, in one run.

    .venv/bin/python bench/bench_interact.py [--changes 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._client import JsonClient  # noqa: E402
from bench._server import percentile, snipcell_server  # noqa: E402

CELL = "@interact\ndef show(n=slider(0, 1000, 1, default=1)):\n    print(n)\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    with snipcell_server() as url:
        client = JsonClient(url)
        fresh = []
        for _ in range(args.changes // 2):
            start = time.perf_counter()
            messages = client.run_until_reply("/api/v1/computations", {"code": CELL})
            fresh.append(time.perf_counter() - start)
        session = messages[0]["parent_header"]["msg_id"]
        prepare = next(m for m in messages if m["msg_type"] == "extension" and m["content"]["msg_type"] == "interact_prepare")
        path = f"/api/v1/computations/{session}/interacts/{prepare['content']['content']['interact_id']}"
        changes = []
        for n in range(args.changes):
            start = time.perf_counter()
            update = client.run_until_reply(path, {"values": {"n": n % 1000}})
            changes.append(time.perf_counter() - start)
            assert update[0]["content"]["text"] == f"{n % 1000}\n", update
    ms = lambda xs, p: percentile([x * 1000 for x in xs], p)  # noqa: E731
    print("| measure | p50 ms | p99 ms | n |\n| --- | --- | --- | --- |")
    print(f"| control change -> execute_reply (live session) | {ms(changes, 50):.1f} | {ms(changes, 99):.1f} | {len(changes)} |")
    print(f"| fresh run of the same cell (baseline) | {ms(fresh, 50):.1f} | {ms(fresh, 99):.1f} | {len(fresh)} |")


if __name__ == "__main__":
    main()
