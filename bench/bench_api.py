"""Create / fork / new version through the HTTP API of a real `snipcell run`, beside the
in-process Mercurial calls alone and the `hg` command line, in one run.

    .venv/bin/python bench/bench_api.py [--rounds 100]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import snipcell_server, summary  # noqa: E402
from repos import RepoStore  # noqa: E402

FILES = {
    "main.py": "from series import taylor\nprint(taylor(3))\n",
    "series.py": "def taylor(n):\n    return sum(1 / __import__('math').factorial(k) for k in range(n))\n",
    "README.md": "# Taylor\nA small example.\n",
}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def through_api(url: str, rounds: int) -> dict[str, list[float]]:
    http = requests.Session()
    for user in ("ada", "bo"):
        http.post(f"{url}/api/v1/users", json={"username": user, "password": "benchmark!"}).raise_for_status()
    tokens = {
        u: http.post(f"{url}/api/v1/tokens", json={"username": u, "password": "benchmark!"}).json()["token"]
        for u in ("ada", "bo")
    }
    ada = {"Authorization": f"Bearer {tokens['ada']}"}
    bo = {"Authorization": f"Bearer {tokens['bo']}"}
    times: dict[str, list[float]] = {"create": [], "fork": [], "version": []}
    for i in range(rounds):
        created = {}

        def create():
            r = http.post(f"{url}/api/v1/snippets", json={"title": f"Bench {i}", "files": FILES}, headers=ada)
            r.raise_for_status()
            created.update(r.json())

        times["create"].append(timed(create))
        forked = {}

        def fork():
            r = http.post(f"{url}/api/v1/snippets/{created['id']}/forks", json={}, headers=bo)
            r.raise_for_status()
            forked.update(r.json())

        times["fork"].append(timed(fork))

        def version():
            body = {"parent": forked["head"]["rev"], "files": {"series.py": FILES["series.py"] + f"# v{i}\n"}}
            http.post(f"{url}/api/v1/snippets/{forked['id']}/versions", json=body, headers=bo).raise_for_status()

        times["version"].append(timed(version))
    return times


def in_process(rounds: int) -> dict[str, list[float]]:
    data = {k: v.encode() for k, v in FILES.items()}
    times: dict[str, list[float]] = {"create": [], "fork": [], "version": []}
    with tempfile.TemporaryDirectory() as tmp:
        store = RepoStore(Path(tmp))
        for i in range(rounds):
            heads = {}
            times["create"].append(timed(lambda: heads.update(c=store.create("ada", f"s{i}", data, "create", "ada"))))
            times["fork"].append(timed(lambda: heads.update(f=store.fork("ada", f"s{i}", "bo", f"s{i}"))))
            changed = {"series.py": data["series.py"] + b"# v\n"}
            times["version"].append(timed(lambda: store.commit("bo", f"s{i}", heads["f"].rev, changed, [], "v", "bo")))
    return times


def hg_cli(rounds: int) -> dict[str, list[float]]:
    hg = shutil.which("hg", path=str(Path(sys.executable).parent)) or shutil.which("hg")
    times: dict[str, list[float]] = {"create": [], "fork": [], "version": []}
    env = {"HGPLAIN": "1", "HGRCPATH": "", "PATH": "/usr/bin:/bin", "HGUSER": "bench"}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            repo, fork = Path(tmp) / f"r{i}", Path(tmp) / f"f{i}"

            def create():
                subprocess.run([hg, "init", str(repo)], env=env, check=True)
                for name, text in FILES.items():
                    (repo / name).write_text(text)
                subprocess.run([hg, "-R", str(repo), "commit", "-A", "-m", "create"], env=env, check=True, capture_output=True)

            times["create"].append(timed(create))
            times["fork"].append(timed(lambda: subprocess.run([hg, "clone", "-q", str(repo), str(fork)], env=env, check=True)))

            def version():
                with open(fork / "series.py", "a") as f:
                    f.write("# v\n")
                subprocess.run([hg, "-R", str(fork), "commit", "-m", "v"], env=env, check=True)

            times["version"].append(timed(version))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    rounds = parser.parse_args().rounds
    with snipcell_server() as url:
        api = through_api(url, rounds)
    local = in_process(rounds)
    cli = hg_cli(max(10, rounds // 5))
    print("| operation | p50 ms | p99 ms | n |\n| --- | --- | --- | --- |")
    for op in ("create", "fork", "version"):
        print(summary(f"{op} via HTTP API (snipcell run)", api[op]))
        print(summary(f"{op}: in-process Mercurial alone", local[op]))
        print(summary(f"{op}: hg command line", cli[op]))


if __name__ == "__main__":
    main()
