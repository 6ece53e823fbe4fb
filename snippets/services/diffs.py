"""A git-style unified diff read into files, hunks and numbered lines, for the diff page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "ctx" or "note" (e.g. "\ No newline at end of file")
    text: str
    old: int | None
    new: int | None


@dataclass
class Hunk:
    header: str
    lines: list[DiffLine] = field(default_factory=list)


@dataclass
class FileDiff:
    path: str
    status: str = "modified"  # "added", "deleted", "modified" or "binary"
    hunks: list[Hunk] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(line.kind == "add" for h in self.hunks for line in h.lines)

    @property
    def removed(self) -> int:
        return sum(line.kind == "del" for h in self.hunks for line in h.lines)


def parse(text: str) -> list[FileDiff]:
    """Every file the diff touches, in order; lines carry their old and new numbers."""
    files: list[FileDiff] = []
    old = new = 0
    for raw in text.splitlines():
        if raw.startswith("diff --git "):
            files.append(FileDiff(path=raw.split(" b/", 1)[-1]))
        elif not files:
            continue
        elif raw.startswith("new file mode"):
            files[-1].status = "added"
        elif raw.startswith("deleted file mode"):
            files[-1].status = "deleted"
        elif raw.startswith("Binary files") or raw.startswith("GIT binary patch"):
            files[-1].status = "binary"
        elif raw.startswith(("--- ", "+++ ")) and not files[-1].hunks:
            continue
        elif match := _HUNK.match(raw):
            old, new = int(match.group(1)), int(match.group(2))
            files[-1].hunks.append(Hunk(header=raw))
        elif files[-1].hunks:
            old, new = _add_line(files[-1].hunks[-1], raw, old, new)
    return files


def _add_line(hunk: Hunk, raw: str, old: int, new: int) -> tuple[int, int]:
    marker, text = raw[:1], raw[1:]
    if marker == "+":
        hunk.lines.append(DiffLine("add", text, None, new))
        return old, new + 1
    if marker == "-":
        hunk.lines.append(DiffLine("del", text, old, None))
        return old + 1, new
    if marker == "\\":
        hunk.lines.append(DiffLine("note", raw, None, None))
        return old, new
    hunk.lines.append(DiffLine("ctx", text, old, new))
    return old + 1, new + 1
