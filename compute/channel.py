"""Framed JSON messages over a SOCK_SEQPACKET socket, chunked so any size fits.

Each packet is one flag byte (`M` more follows, `E` end of message) and up to
CHUNK bytes of a UTF-8 JSON document. SEQPACKET keeps every packet whole even
when several processes of one child share the socket.
"""
from __future__ import annotations

import json
import os
import socket
import threading

CHUNK = 32 * 1024
PACKET = CHUNK + 1


class ProtocolError(Exception):
    """The other side sent something that is not a framed JSON message."""


class MessageTooLarge(ProtocolError):
    """A message grew beyond the receiver's `max_message` before it ended."""


def socketpair() -> tuple[socket.socket, socket.socket]:
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


class Channel:
    """One end of a framed channel; `send` is thread-safe within a process."""

    def __init__(self, sock: socket.socket, max_message: int = 64 << 20, forked_children: bool = False) -> None:
        """`forked_children`: the owner may fork while a thread holds the lock (the child side)."""
        self.sock = sock
        self._lock = threading.Lock()
        self._parts: list[bytes] = []
        self._size = 0
        self._max = max_message
        if forked_children:
            os.register_at_fork(after_in_child=self._reset_lock)

    def _reset_lock(self) -> None:
        self._lock = threading.Lock()

    def send(self, obj: object) -> None:
        data = json.dumps(obj, separators=(",", ":"), default=str).encode()
        with self._lock:
            for start in range(0, max(len(data), 1), CHUNK):
                last = start + CHUNK >= len(data)
                self.sock.sendall((b"E" if last else b"M") + data[start:start + CHUNK])

    def feed(self, packet: bytes) -> object | None:
        """Take one received packet; return the message it completes, if any."""
        if not packet or packet[:1] not in (b"M", b"E"):
            raise ProtocolError("bad packet")
        self._size += len(packet) - 1
        if self._size > self._max:
            raise MessageTooLarge(f"message larger than {self._max} bytes")
        self._parts.append(packet[1:])
        if packet[:1] == b"M":
            return None
        data, self._parts, self._size = b"".join(self._parts), [], 0
        try:
            return json.loads(data)
        except ValueError as exc:
            raise ProtocolError("bad JSON") from exc

    def recv(self) -> object | None:
        """Block until one whole message arrives; None at end of stream."""
        while True:
            packet = self.sock.recv(PACKET)
            if not packet:
                return None
            message = self.feed(packet)
            if message is not None:
                return message
