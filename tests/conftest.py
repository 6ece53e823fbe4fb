"""Shared fixtures: a fresh instance per test, real SQLite, real repositories, real servers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from snippets import create_app


@pytest.fixture
def instance(tmp_path):
    return tmp_path / "instance"


@pytest.fixture
def app(instance):
    """The site without a compute device (tests that run cells use ``live``)."""
    app = create_app({"instance": instance, "testing": True, "embedded_device": False})
    yield app
    app.extensions["snipcell"].close()


@pytest.fixture
def site(app):
    return app.extensions["snipcell"]


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """A test client that speaks JSON and remembers who it is."""

    def __init__(self, client) -> None:
        self.client = client
        self.headers: dict[str, str] = {}

    def sign_up(self, username: str, password: str = "correct horse") -> Api:
        response = self.client.post("/api/v1/users", json={"username": username, "password": password})
        assert response.status_code == 201, response.json
        token = self.client.post("/api/v1/tokens", json={"username": username, "password": password}).json["token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        return self

    def __getattr__(self, method: str):
        call = getattr(self.client, method)

        def request(url: str, **kwargs):
            kwargs.setdefault("headers", {}).update(self.headers)
            return call(url, **kwargs)

        return request

    def create(self, title: str = "Two files", files: dict | None = None, **extra):
        files = files or {"main.py": "from helper import twice\nprint(twice(21))\n", "helper.py": "def twice(x):\n    return 2 * x\n"}
        response = self.post("/api/v1/snippets", json={"title": title, "files": files, **extra})
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def ada(app):
    return Api(app.test_client()).sign_up("ada")


@pytest.fixture
def bo(app):
    return Api(app.test_client()).sign_up("bo")


@dataclass
class LiveServer:
    url: str
    app: object

    @property
    def site(self):
        return self.app.extensions["snipcell"]


def serve(app) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        app.extensions["snipcell"].close()


@pytest.fixture
def live(instance) -> Iterator[LiveServer]:
    """A real HTTP server with the embedded compute device, on a free port."""
    app = create_app(
        {"instance": instance, "testing": True, "embedded_device": False, "wall_seconds": 10.0, "cpu_seconds": 5}
    )
    app.extensions["snipcell"].start_device()
    yield from serve(app)
