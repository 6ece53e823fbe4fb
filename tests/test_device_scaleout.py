"""Scale-out: standalone `snipcell device` processes claim from the site's database and
fetch snippet files over HTTP from /zip; no computation runs twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from snippets import create_app
from snippets.models import Computation
from tests.conftest import serve
from tests.test_api_computations import Client, stdout

SNIPCELL = str(Path(sys.executable).parent / "snipcell")


@pytest.fixture
def site_without_device(tmp_path):
    app = create_app({"instance": tmp_path / "site", "testing": True, "embedded_device": False, "rate_limit_per_minute": 100000})
    yield from serve(app)


def start_device(tmp_path: Path, name: str, db_url: str, site_url: str, uid_base: int) -> subprocess.Popen:
    env = dict(os.environ, SNIPCELL_INSTANCE=str(tmp_path / name), SNIPCELL_SANDBOX_UID_BASE=str(uid_base))
    return subprocess.Popen(
        [SNIPCELL, "device", "--db", db_url, "--site-url", site_url, "--threads", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def test_two_remote_devices_share_the_queue(site_without_device, tmp_path):
    live = site_without_device
    site = live.site
    token_http = requests.Session()
    token_http.post(f"{live.url}/api/v1/users", json={"username": "ada", "password": "long enough"})
    token = token_http.post(f"{live.url}/api/v1/tokens", json={"username": "ada", "password": "long enough"}).json()["token"]
    files = {"data.py": "VALUES = [3, 4, 5]\n", "notes.txt": "not python\n"}
    created = requests.post(f"{live.url}/api/v1/snippets", json={"title": "Remote", "files": files},
                            headers={"Authorization": f"Bearer {token}"}).json()
    devices = [
        start_device(tmp_path, "device-a", site.config.database_url, live.url, 210_000),
        start_device(tmp_path, "device-b", site.config.database_url, live.url, 211_000),
    ]
    try:
        client = Client(live)
        code = "import time\nfrom data import VALUES\ntime.sleep(0.4)\nprint(sum(v * v for v in VALUES))"
        ids = [client.start(code, snippet=created["id"]) for _ in range(8)]
        outputs = [stdout(client.messages(i, wait=30)) for i in ids]
        assert outputs == ["50\n"] * 8
        with site.db.session() as session:
            rows = session.scalars(select(Computation).where(Computation.id.in_(ids))).all()
        assert {r.status for r in rows} == {"done"}
        assert len({r.device for r in rows}) == 2, "both devices took work"
    finally:
        for device in devices:
            device.send_signal(signal.SIGTERM)
        for device in devices:
            try:
                device.wait(timeout=30)
            except subprocess.TimeoutExpired:
                device.kill()
