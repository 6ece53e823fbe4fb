"""Benchmark RepoStore beside the `hg` command line, and the disk cost of forks.

Latencies (p50/p99) of create + first commit, a new version, and a fork, in
process and with the `hg` CLI in the same run; then the disk usage of 1,000
forks of a 3-file snippet (du-style: allocated blocks, each inode counted
once) beside one copy of the repository x 1,000.

Run: .venv/bin/python bench/bench_repos.py [--out bench/results/repos.md]
"""

import argparse
import math
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repos import RepoStore  # noqa: E402

SNIPPET = {
    "main.py": b"from helpers import square\nprint(square(12))\n",
    "helpers.py": b"def square(x):\n    return x * x\n",
    "README.md": b"# squares\n\nPrints a square.\n",
}
HG = str(Path(sys.executable).with_name("hg"))
HG_ENV = {**os.environ, "HGRCPATH": "", "HGPLAIN": "1"}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed(action: Callable[[int], object], runs: int) -> list[float]:
    """Milliseconds of each call `action(i)` for i in range(runs)."""
    samples = []
    for index in range(runs):
        start = time.perf_counter()
        action(index)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def disk_usage(path: Path) -> int:
    """Bytes allocated under `path`, like `du -s`: every inode counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, dirs, files in os.walk(path):
        for entry in [folder, *(os.path.join(folder, name) for name in files)]:
            info = os.lstat(entry)
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return total


def hg(*args: str, cwd: Path | None = None) -> None:
    subprocess.run([HG, *args], cwd=cwd, env=HG_ENV, check=True, stdout=subprocess.DEVNULL)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).write_bytes(data)


def bench_in_process(work: Path, runs: int) -> dict[str, list[float]]:
    store = RepoStore(work / "store")
    heads: dict[int, str] = {}

    def create(i: int) -> None:
        heads[i] = store.create("bench", f"s{i}", SNIPPET, "first", "bench").rev

    def commit(i: int) -> None:
        store.commit("bench", f"s{i}", heads[i], {"main.py": b"print(%d)\n" % i}, [], "second", "bench")

    def fork(i: int) -> None:
        store.fork("bench", f"s{i}", "forker", f"s{i}")

    def read(i: int) -> None:
        for info in store.files("bench", f"s{i}", "tip"):
            store.read("bench", f"s{i}", "tip", info.path)

    return {
        "create + first commit": timed(create, runs),
        "commit a new version": timed(commit, runs),
        "fork": timed(fork, runs),
        "read (file list + 3 files at tip)": timed(read, runs),
    }


def bench_cli(work: Path, runs: int) -> dict[str, list[float]]:
    def create(i: int) -> None:
        folder = work / f"cli{i}"
        hg("init", str(folder))
        write_files(folder, SNIPPET)
        hg("commit", "-A", "-m", "first", "-u", "bench", cwd=folder)

    def commit(i: int) -> None:
        folder = work / f"cli{i}"
        (folder / "main.py").write_bytes(b"print(%d)\n" % i)
        hg("commit", "-m", "second", "-u", "bench", cwd=folder)

    def fork(i: int) -> None:
        hg("clone", "-U", "-q", str(work / f"cli{i}"), str(work / f"cli-fork{i}"))

    return {
        "create + first commit": timed(create, runs),
        "commit a new version": timed(commit, runs),
        "fork": timed(fork, runs),
    }


def bench_fork_disk(work: Path, forks: int) -> dict[str, float]:
    store = RepoStore(work / "forks")
    store.create("origin", "snippet", SNIPPET, "first", "origin")
    one_copy = disk_usage(store.path_for("origin", "snippet"))
    before = disk_usage(store.root)
    start = time.perf_counter()
    for i in range(forks):
        store.fork("origin", "snippet", f"user{i}", "snippet")
    seconds = time.perf_counter() - start
    total = disk_usage(store.root)
    cli_clones = sorted(work.glob("cli-fork*"))
    cli_per_clone = sum(disk_usage(c) - _hardlinked_bytes(c) for c in cli_clones) / max(1, len(cli_clones))
    return {
        "one_copy": one_copy,
        "all_forks": total - before,
        "root_total": total,
        "seconds": seconds,
        "cli_private_per_clone": cli_per_clone,
    }


def _hardlinked_bytes(path: Path) -> int:
    """Bytes of files under `path` that are shared with another directory entry."""
    return sum(
        p.lstat().st_blocks * 512 for p in path.rglob("*") if p.is_file() and p.lstat().st_nlink > 1
    )


def _hg_version() -> str:
    out = subprocess.run([HG, "version", "-q"], env=HG_ENV, capture_output=True, text=True, check=True).stdout
    return out.strip()


def report(runs: int, cli_runs: int, forks: int, inproc, cli, disk, elapsed: float, command: str) -> str:
    mb = 1024 * 1024
    lines = [
        "# repos/ benchmark",
        "",
        f"Command: `{command}` (2-core shared machine, ext4; {elapsed:.0f} s in all;"
        f" load average {os.getloadavg()[0]:.1f} at the end).",
        f"{_hg_version()} in process vs the same install's `hg` CLI (`HGRCPATH= HGPLAIN=1`).",
        "",
        f"| operation | in process p50 / p99 (ms, n={runs}) | `hg` CLI p50 / p99 (ms, n={cli_runs}) | CLI / in process (p50) |",
        "| --- | --- | --- | --- |",
    ]
    for name, samples in inproc.items():
        ours = f"{percentile(samples, 0.5):.1f} / {percentile(samples, 0.99):.1f}"
        if name in cli:
            theirs = cli[name]
            ratio = percentile(theirs, 0.5) / percentile(samples, 0.5)
            lines.append(
                f"| {name} | {ours} | {percentile(theirs, 0.5):.1f} / {percentile(theirs, 0.99):.1f} | {ratio:.0f}x |"
            )
        else:
            lines.append(f"| {name} | {ours} | n/a | |")
    lines += [
        "",
        "CLI create = `hg init` + `hg commit -A`; CLI commit = `hg commit`; CLI fork = `hg clone -U`.",
        "",
        f"## Disk: {forks:,} forks of a 3-file snippet",
        "",
        "| what | bytes on disk (du-style, hardlinked inodes once) |",
        "| --- | --- |",
        f"| one copy of the repository | {disk['one_copy'] / 1024:.0f} KB |",
        f"| one copy x {forks:,} (baseline) | {disk['one_copy'] * forks / mb:.1f} MB |",
        f"| {forks:,} forks with `RepoStore.fork` | **{disk['all_forks'] / mb:.1f} MB** "
        f"({disk['all_forks'] / forks / 1024:.1f} KB each, prefix folders included; target <= 20 MB) |",
        f"| private bytes of one `hg clone -U` (from the CLI runs) | {disk['cli_private_per_clone'] / 1024:.0f} KB "
        f"-> {disk['cli_private_per_clone'] * forks / mb:.1f} MB per {forks:,} |",
        "",
        f"{forks:,} forks took {disk['seconds']:.1f} s ({disk['seconds'] / forks * 1000:.2f} ms each).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="in-process samples per operation")
    parser.add_argument("--cli-runs", type=int, default=12, help="hg CLI samples per operation")
    parser.add_argument("--forks", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="also write the markdown report here")
    args = parser.parse_args()
    command = shlex.join([os.path.relpath(sys.executable), os.path.relpath(__file__), *sys.argv[1:]])
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        work = Path(tmp)
        inproc = bench_in_process(work, args.runs)
        cli = bench_cli(work, args.cli_runs)
        disk = bench_fork_disk(work, args.forks)
    text = report(args.runs, args.cli_runs, args.forks, inproc, cli, disk, time.perf_counter() - start, command)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
