"""``snipcell run``: gunicorn with threads, one worker process owning the embedded device."""

from __future__ import annotations

import sys

from gunicorn.app.base import BaseApplication

SWITCH_INTERVAL = 0.0005


class _Server(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from snippets import create_app

        # Background threads (index feeder, device, search writer) must not hold the GIL
        # for the default 5 ms while a request waits on SQLite or the network.
        sys.setswitchinterval(SWITCH_INTERVAL)
        return create_app()


def serve(host: str, port: int, threads: int) -> None:
    """Block serving http://host:port until interrupted."""
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 120,
            "graceful_timeout": 10,
            "keepalive": 5,
            "accesslog": None,
            "errorlog": "-",
        }
    ).run()
