"""Host side of a child's output: validate its messages, count them against the output cap, batch them for `emit`."""
from __future__ import annotations

import codecs
import json
import time
from typing import Callable

from compute import limits as lim
from compute import messages

FLUSH_SECONDS = 0.05
ALLOWED = frozenset({"stream", "display_data", "execute_result", "error", "extension", "clear_output",
                     "update_display_data"})

Emit = Callable[[list[dict]], None]


def _volume(msg: dict) -> int:
    if msg["msg_type"] == "stream":
        return len(msg["content"]["text"].encode("utf-8", "replace"))
    return len(json.dumps(msg["content"]))


def _clean(msg: object) -> dict | None:
    """The message reduced to its three fields, or None if the child sent something malformed."""
    if not isinstance(msg, dict) or msg.get("msg_type") not in ALLOWED:
        return None
    content, metadata = msg.get("content"), msg.get("metadata") or {}
    if not isinstance(content, dict) or not isinstance(metadata, dict):
        return None
    if msg["msg_type"] == "stream" and (content.get("name") not in ("stdout", "stderr")
                                        or not isinstance(content.get("text"), str)):
        return None
    return {"msg_type": msg["msg_type"], "content": content, "metadata": metadata}


class Collector:
    """Batches messages; once the output cap is reached, truncates, adds a `limit` message and drops the rest."""

    def __init__(self, emit: Emit, output_bytes: int) -> None:
        self._emit = emit
        self._budget = output_bytes
        self._limit = output_bytes
        self._pending: list[dict] = []
        self._since: float | None = None
        self._decoders = {name: codecs.getincrementaldecoder("utf-8")("replace") for name in ("stdout", "stderr")}
        self.over = False

    def add(self, raw: object) -> None:
        msg = _clean(raw)
        if msg is None or self.over:
            return
        volume = _volume(msg)
        if volume > self._budget:
            if msg["msg_type"] == "stream":
                text = msg["content"]["text"].encode()[:self._budget].decode("utf-8", "ignore")
                self._append(messages.stream(msg["content"]["name"], text, msg["metadata"]))
            self._append(messages.limit(lim.OUTPUT, self._limit))
            self.over = True
            return
        self._budget -= volume
        self._append(msg)

    def overflow(self) -> None:
        """The child tried to send one message bigger than the whole output allowance."""
        if not self.over:
            self._append(messages.limit(lim.OUTPUT, self._limit))
            self.over = True

    def raw(self, name: str, data: bytes) -> None:
        """Bytes written straight to fd 1 or 2 (C code, subprocesses)."""
        text = self._decoders[name].decode(data, final=not data)
        if text:
            self.add(messages.stream(name, text))

    def final(self, msg: dict) -> None:
        """A message from the host itself (limits, errors, execute_reply): never counted or dropped."""
        self._append(msg)

    def _append(self, msg: dict) -> None:
        last = self._pending[-1] if self._pending else None
        if (last is not None and msg["msg_type"] == "stream" and last["msg_type"] == "stream"
                and last["content"]["name"] == msg["content"]["name"] and last["metadata"] == msg["metadata"]):
            last["content"] = {"name": last["content"]["name"], "text": last["content"]["text"] + msg["content"]["text"]}
        else:
            self._pending.append(msg)
        if self._since is None:
            self._since = time.monotonic()

    def next_flush(self) -> float | None:
        """Monotonic time by which the pending batch must go out, None if nothing is pending."""
        return None if self._since is None else self._since + FLUSH_SECONDS

    def flush(self) -> None:
        if self._pending:
            batch, self._pending, self._since = self._pending, [], None
            self._emit(batch)
