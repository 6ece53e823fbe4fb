"""The Mercurial command lines the tests drive: the venv's (pip) and the system's (Debian), if different."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Without the HG* settings repos.hgenv gives this process (HGRCSKIPREPO would hide a clone's paths).
CLEAN_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("HG")}, "HGRCPATH": "", "HGPLAIN": "1"}


def hg_binaries() -> list[str]:
    candidates = [Path(sys.executable).with_name("hg"), shutil.which("hg")]
    found = {str(Path(c).resolve()): str(c) for c in candidates if c and Path(c).exists()}
    return list(found.values())


def run_hg(hg: str, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([hg, *args], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True)
    if check and done.returncode:
        raise AssertionError(f"hg {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done
