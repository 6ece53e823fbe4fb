"""Run by test_repos as a separate process: commit to a repository, racing other processes.

Usage: python repos_commit_worker.py ROOT GO_FILE LABEL PARENT COUNT RETRY
Prints "ready" once imported, waits for GO_FILE, then one line per attempt:
"won <node>" or "moved".
"""

import sys
import time
from pathlib import Path

from repos import HeadMoved, RepoStore


def main(root: str, go_file: str, label: str, parent: str, count: int, retry: bool) -> None:
    store = RepoStore(root)
    print("ready", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.001)
    done = 0
    while done < count:
        try:
            parent = store.commit(
                "race", "repo", parent, {f"{label}-{done}.txt": label.encode()}, [], label, label
            ).rev
            print("won", parent, flush=True)
            done += 1
        except HeadMoved as moved:
            print("moved", flush=True)
            if not retry:
                return
            parent = moved.head.rev


if __name__ == "__main__":
    root, go_file, label, parent, count, retry = sys.argv[1:]
    main(root, go_file, label, parent, int(count), retry == "retry")
