"""A cell run by a device in another process, on PostgreSQL: `snipcell run` without its
embedded device plus a `snipcell device`, beside the same site with its embedded device.

    .venv/bin/python bench/bench_remote_device.py [--cells 100]

The remote device is woken through LISTEN/NOTIFY and so are the site's
long-polls; without it each side would wait for its half-second poll.
Needs PostgreSQL's server binaries (scripts/setup.sh installs them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import snipcell_server, summary  # noqa: E402
from bench.bench_cells import sequential  # noqa: E402
from tests.pg_server import postgres_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100)
    args = parser.parse_args()
    with postgres_server() as database_url:
        if database_url is None:
            sys.exit("PostgreSQL is not installed (scripts/setup.sh installs it)")
        with snipcell_server(database_url=database_url) as url:
            embedded = sequential(url, args.cells)
        with snipcell_server(database_url=database_url, embedded_device="false") as url, \
                tempfile.TemporaryDirectory(prefix="snipcell-device-") as folder:
            env = dict(os.environ, SNIPCELL_INSTANCE=folder)
            snipcell = Path(sys.executable).parent / "snipcell"
            device = subprocess.Popen([str(snipcell), "device", "--db", database_url, "--site-url", url],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                remote = sequential(url, args.cells)
            finally:
                device.terminate()
                device.wait(timeout=30)
    print(summary("embedded device, PostgreSQL (baseline)", embedded))
    print(summary("remote `snipcell device`, PostgreSQL, LISTEN/NOTIFY", remote))


if __name__ == "__main__":
    main()
