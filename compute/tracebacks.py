"""Tracebacks that show only the user's frames: the cell (`<cell>`) and the snippet's own files."""
from __future__ import annotations

import linecache
import traceback

CELL = "<cell>"


def register_source(filename: str, source: str) -> None:
    """Let tracebacks and `inspect` find the lines of code that has no file."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _user_filename(filename: str, workdir: str) -> str | None:
    if filename == CELL:
        return filename
    if filename.startswith(workdir + "/"):
        return filename[len(workdir) + 1:]
    if not filename.startswith(("/", "<")):
        return filename  # compiled from a relative path: the run_file
    return None


def _clean(te: traceback.TracebackException, workdir: str, seen: set[int]) -> None:
    if id(te) in seen:
        return
    seen.add(id(te))
    frames = []
    for frame in te.stack:
        name = _user_filename(frame.filename, workdir)
        if name is not None:
            frames.append(traceback.FrameSummary(name, frame.lineno, frame.name, line=frame.line,
                                                 lookup_line=False))
    te.stack = traceback.StackSummary.from_list(frames)
    if isinstance(getattr(te, "filename", None), str):  # SyntaxError: where the bad code is
        te.filename = _user_filename(te.filename, workdir) or te.filename
    for linked in (te.__cause__, te.__context__):
        if linked is not None:
            _clean(linked, workdir, seen)


def format_error(exc: BaseException, workdir: str) -> tuple[str, str, list[str]]:
    """(ename, evalue, traceback lines) with library and runner frames removed."""
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    _clean(te, workdir, set())
    lines = "".join(te.format()).rstrip("\n").split("\n")
    return type(exc).__name__, str(exc), lines
