"""A small keep-alive JSON client, cheap enough that the server, not the client, is measured."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


class JsonClient:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        self.connection.request(method, path, body=payload, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else {})

    def run_until_reply(self, start_path: str, body: dict) -> list[dict]:
        """POST a computation (or interact update), then long-poll until it is done."""
        status, started = self.request("POST", start_path, body)
        if status != 202:
            raise RuntimeError(f"{status}: {started}")
        after, messages = 0, []
        while True:
            _, page = self.request("GET", f"/api/v1/computations/{started['id']}/messages?after={after}&wait=30")
            messages += page["messages"]
            if page["messages"]:
                after = page["messages"][-1]["seq"]
            if page["done"]:
                return messages
