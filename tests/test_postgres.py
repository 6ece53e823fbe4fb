"""The same site on PostgreSQL: migrations, the snippet API, the device's SKIP LOCKED claim, and
wake-ups between processes through LISTEN/NOTIFY."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import text

from snippets import create_app
from snippets.notify import PostgresNotifier
from tests.conftest import Api, serve
from tests.pg_server import postgres_server
from tests.test_api_computations import Client, stdout
from tests.test_device_scaleout import start_device


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as url:
        if url is None:
            pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
        yield url


@pytest.fixture
def pg_app(postgres_url, tmp_path):
    app = create_app({"instance": tmp_path / "instance", "testing": True, "embedded_device": False,
                      "database_url": postgres_url, "rate_limit_per_minute": 100000})
    site = app.extensions["snipcell"]
    yield app
    with site.db.engine.begin() as connection:  # leave an empty database for the next test
        connection.execute(text("TRUNCATE users, snippets, tags, computations RESTART IDENTITY CASCADE"))
    site.close()


def test_snippet_api_on_postgres(pg_app):
    ada = Api(pg_app.test_client()).sign_up("ada")
    bo = Api(pg_app.test_client()).sign_up("bo")
    created = ada.create(title="On Postgres", tags=["calculus/limits", "plotting"])
    assert created["id"] == "ada/on-postgres" and created["head"]["date"].endswith("Z")
    assert ada.create(title="On Postgres")["name"] == "on-postgres-2"
    fork = bo.post("/api/v1/snippets/ada/on-postgres/forks", json={})
    assert fork.status_code == 201
    version = bo.post("/api/v1/snippets/bo/on-postgres/versions", json={"parent": fork.json["head"]["rev"], "files": {"x.py": "1\n"}})
    assert version.status_code == 201
    stale = bo.post("/api/v1/snippets/bo/on-postgres/versions", json={"parent": fork.json["head"]["rev"], "files": {"y.py": "1\n"}})
    assert stale.status_code == 409
    assert bo.post("/api/v1/snippets/ada/on-postgres/comments", json={"body": "line", "path": "helper.py", "line": 1}).status_code == 201
    assert bo.put("/api/v1/snippets/ada/on-postgres/rating", json={"stars": 4}).json == {"average": 4.0, "count": 1, "mine": 4}
    by_rating = ada.get("/api/v1/snippets?sort=rating").json["items"]
    assert by_rating[0]["id"] == "ada/on-postgres"
    assert {s["id"] for s in ada.get("/api/v1/snippets?tag=calculus").json["items"]} == {"ada/on-postgres", "bo/on-postgres"}
    network = ada.get("/api/v1/snippets/ada/on-postgres/network").json
    assert {n["id"]: n["versions_ahead"] for n in network["nodes"]}["bo/on-postgres"] == 1
    assert ada.get("/api/v1/snippets/ADA/On-Postgres").json["forks_count"] == 1


def test_device_claims_on_postgres(postgres_url, tmp_path):
    app = create_app({"instance": tmp_path / "instance", "testing": True, "embedded_device": False,
                      "database_url": postgres_url, "rate_limit_per_minute": 100000})
    app.extensions["snipcell"].start_device()
    for live in serve(app):
        client = Client(live)
        assert stdout(client.run("print(6 * 7)")) == "42\n"
        ids = [client.start(f"print({n})") for n in range(6)]
        assert [stdout(client.messages(i)) for i in ids] == [f"{n}\n" for n in range(6)]
        assert requests.get(f"{live.url}/api/v1/computations/{ids[0]}", timeout=10).json()["status"] == "done"


def test_a_notify_reaches_another_connection(postgres_url):
    sender, listener = PostgresNotifier(postgres_url), PostgresNotifier(postgres_url)
    try:
        assert listener.listening.wait(10)
        seen = listener.version("computation-x")
        sender.notify("computation-x")
        assert listener.wait("computation-x", seen, timeout=10) > seen  # woken, not timed out
        assert listener.version("other-topic") == 0
    finally:
        sender.close()
        listener.close()


def test_a_remote_device_is_woken_by_the_site_and_wakes_its_long_polls(pg_app, postgres_url, tmp_path):
    assert isinstance(pg_app.extensions["snipcell"].wakeups, PostgresNotifier)
    for live in serve(pg_app):
        device = start_device(tmp_path, "remote", postgres_url, live.url, 212_000)
        try:
            client = Client(live)
            assert stdout(client.run("print(6 * 7)")) == "42\n"
            assert [stdout(client.run(f"print({n})")) for n in range(3)] == ["0\n", "1\n", "2\n"]
        finally:
            device.terminate()
            device.wait(timeout=30)
