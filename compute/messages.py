"""Builders of Jupyter v5 message dicts `{msg_type, content, metadata}` (the device adds headers and seq)."""
from __future__ import annotations

EXECUTION_COUNT = 1
"""Every computation is a fresh cell, so its count is always 1."""


def message(msg_type: str, content: dict, metadata: dict | None = None) -> dict:
    return {"msg_type": msg_type, "content": content, "metadata": metadata or {}}


def stream(name: str, text: str, metadata: dict | None = None) -> dict:
    return message("stream", {"name": name, "text": text}, metadata)


def display_data(data: dict, metadata: dict | None = None) -> dict:
    return message("display_data", {"data": data, "metadata": {}}, metadata)


def execute_result(data: dict, metadata: dict | None = None) -> dict:
    return message("execute_result", {"execution_count": EXECUTION_COUNT, "data": data, "metadata": {}}, metadata)


def error(ename: str, evalue: str, traceback: list[str], metadata: dict | None = None) -> dict:
    return message("error", {"ename": ename, "evalue": evalue, "traceback": traceback}, metadata)


def extension(msg_type: str, content: dict, metadata: dict | None = None) -> dict:
    return message("extension", {"msg_type": msg_type, "content": content}, metadata)


def limit(what: str, value: int | float) -> dict:
    return extension("limit", {"what": what, "limit": value})


def execute_reply(status: str) -> dict:
    """`status` is "ok", "error" or "abort"; always the last message of a run."""
    return message("execute_reply", {"status": status, "execution_count": EXECUTION_COUNT})

