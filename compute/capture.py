"""Inside the child: stdout/stderr, display() and matplotlib figures become messages on the channel."""
from __future__ import annotations

import base64
import io
import sys
from typing import Callable

from compute import messages
from compute.channel import Channel
from compute.display import mimebundle

STREAM_FLUSH_BYTES = 8192


class Publisher:
    """Sends messages from the child, tagged with the interact whose output is being produced."""

    def __init__(self, channel: Channel, output_target: Callable[[], str | None] = lambda: None) -> None:
        self.channel = channel
        self.output_target = output_target
        self.streams: list["ChannelStream"] = []

    def metadata(self) -> dict:
        target = self.output_target()
        return {"interact_id": target} if target is not None else {}

    def flush_streams(self) -> None:
        for stream in self.streams:
            stream.flush()

    def send(self, msg: dict) -> None:
        """Publish one message after any buffered text, keeping the order the cell produced them in."""
        self.flush_streams()
        if not msg.get("metadata"):
            msg["metadata"] = self.metadata()
        self.channel.send(msg)

    def publish(self, msg_type: str, content: dict) -> None:
        """The `set_publisher` callback of the interact library."""
        self.send(messages.message(msg_type, content))

    def display(self, *objs: object, raw: bool = False, metadata: dict | None = None) -> None:
        """IPython-like `display()`: each object as a `display_data` (`raw=True`: objs are MIME dicts)."""
        for obj in objs:
            data = obj if raw and isinstance(obj, dict) else mimebundle(obj)
            msg = messages.display_data(data)
            if metadata:
                msg["content"]["metadata"] = dict(metadata)
            self.send(msg)

    def result(self, value: object) -> None:
        self.send(messages.execute_result(mimebundle(value)))


class ChannelStream(io.TextIOBase):
    """A text stream sending `stream` messages; flushed on newline or when its buffer grows."""

    def __init__(self, publisher: Publisher, name: str, fd: int) -> None:
        super().__init__()
        self._publisher = publisher
        self._name = name
        self._fd = fd
        self._parts: list[str] = []
        self._size = 0
        self._target: str | None = None
        publisher.streams.append(self)

    @property
    def encoding(self) -> str:
        return "utf-8"

    @property
    def name(self) -> str:
        return f"<{self._name}>"

    def fileno(self) -> int:
        """Raw writes to this fd still reach the page, as unordered `stream` output."""
        return self._fd

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        target = self._publisher.output_target()
        if target != self._target:
            self.flush()
            self._target = target
        self._parts.append(text)
        self._size += len(text)
        if "\n" in text or self._size >= STREAM_FLUSH_BYTES:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self._parts:
            return
        text = "".join(self._parts)
        self._parts, self._size = [], 0
        metadata = {"interact_id": self._target} if self._target is not None else {}
        self._publisher.channel.send(messages.stream(self._name, text, metadata))


def install_streams(publisher: Publisher) -> None:
    sys.stdout = ChannelStream(publisher, "stdout", 1)
    sys.stderr = ChannelStream(publisher, "stderr", 2)


def flush_figures(publisher: Publisher) -> None:
    """Show every open matplotlib figure as a PNG `display_data`, then close them."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return
    for number in plt.get_fignums():
        figure = plt.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        publisher.display({"image/png": base64.b64encode(buffer.getvalue()).decode(),
                           "text/plain": repr(figure)}, raw=True)
    plt.close("all")


def hook_matplotlib(publisher: Publisher) -> None:
    """`plt.show()` displays at once instead of doing nothing under Agg."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.show = lambda *args, **kwargs: flush_figures(publisher)
