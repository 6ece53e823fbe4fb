"""Computations: queue a cell or an interact update, read status and messages."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import select

from compute import queue
from compute.interact import InteractValueError, validate_values
from snippets import validation
from snippets.errors import BadRequest, Invalid, NotFound, TooLarge
from snippets.models import Computation, Message
from snippets.services import snippets as snippet_service
from snippets.services.versions import resolve

MAX_WAIT_SECONDS = 30.0
CROSS_PROCESS_POLL = 0.5


def create(site, data: dict) -> Computation:
    """Queue a cell, optionally in a snippet's files at a version (default: head)."""
    code = validation.field(data, "code", str, required=True)
    if len(code.encode("utf-8", "replace")) > site.config.max_code_bytes:
        raise TooLarge(f"Code is limited to {site.config.max_code_bytes // 1024} KiB.")
    mode = validation.field(data, "mode", str, default="cell")
    if mode not in ("cell", "file"):
        raise Invalid("'mode' must be 'cell' or 'file'.")
    snippet_ref, snippet_id, rev = None, None, None
    ref = validation.field(data, "snippet", str)
    if ref is not None:
        owner, _, name = ref.partition("/")
        if not owner or not name:
            raise Invalid("'snippet' must be 'owner/name'.")
        snippet = snippet_service.get(site, owner, name)
        rev = resolve(site, snippet, validation.field(data, "rev", str)).rev
        snippet_ref, snippet_id = snippet.full_id, snippet.id
    elif data.get("rev") is not None:
        raise Invalid("'rev' needs a 'snippet'.")
    computation = Computation(
        id=uuid.uuid4().hex, code=code, mode=mode, snippet_id=snippet_id, snippet_ref=snippet_ref, rev=rev
    )
    return _enqueue(site, computation)


def _enqueue(site, computation: Computation) -> Computation:
    with site.db.transaction() as session:
        session.add(computation)
    site.wakeups.notify("queue")
    return computation


def get(site, computation_id: str) -> Computation:
    with site.db.session() as session:
        computation = session.get(Computation, computation_id) if len(computation_id) <= 32 else None
    if computation is None:
        raise NotFound(f"There is no computation '{computation_id}'.")
    return computation


def messages(site, computation_id: str, after: int, wait: float) -> tuple[list[dict], bool]:
    """Messages with seq > after, holding up to ``wait`` seconds for the first new one."""
    deadline = time.monotonic() + min(max(wait, 0.0), MAX_WAIT_SECONDS)
    embedded = site.device is not None
    while True:
        seen = site.wakeups.version(computation_id)
        with site.db.session() as session:
            state = session.execute(
                select(Computation.status, Computation.last_seq).where(Computation.id == computation_id)
            ).first()
            if state is None:
                raise NotFound(f"There is no computation '{computation_id}'.")
            status, last = state
            found = queue.messages_after(session, computation_id, after) if last > after else []
        finished = status in queue.FINISHED
        returned_to = found[-1]["seq"] if found else after
        done = finished and returned_to >= last
        remaining = deadline - time.monotonic()
        if found or done or remaining <= 0:
            return found, done
        site.wakeups.wait(computation_id, seen, remaining if embedded else min(remaining, CROSS_PROCESS_POLL))


def interact(site, computation_id: str, interact_id: str, data: dict) -> Computation:
    """Queue a re-run of one interact of a live session with new control values."""
    values = validation.field(data, "values", dict, required=True)
    original = get(site, computation_id)
    session_id = original.session_id or original.id
    controls = _controls(site, session_id, interact_id)
    try:
        checked = validate_values(controls, values)
    except InteractValueError as error:
        raise Invalid(str(error)) from None
    with site.db.session() as session:
        source = session.get(Computation, session_id)
    update = Computation(
        id=uuid.uuid4().hex,
        code=source.code,
        mode=source.mode,
        snippet_id=source.snippet_id,
        snippet_ref=source.snippet_ref,
        rev=source.rev,
        session_id=session_id,
        interact_id=interact_id,
        values=checked,
    )
    return _enqueue(site, update)


def _controls(site, session_id: str, interact_id: str) -> list[dict]:
    """The controls the session announced for ``interact_id`` in its interact_prepare."""
    with site.db.session() as session:
        bodies = session.scalars(
            select(Message.body).where(Message.computation_id == session_id, Message.msg_type == "extension")
        )
        for body in bodies:
            content = body.get("content", {})
            inner = content.get("content", {})
            if content.get("msg_type") == "interact_prepare" and inner.get("interact_id") == interact_id:
                return inner.get("controls", [])
    raise NotFound(f"Computation '{session_id}' has no interact '{interact_id}'.")


def parse_after(value: str | None) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except ValueError:
        raise BadRequest("'after' must be a whole number.") from None
    return max(number, 0)


def parse_wait(value: str | None) -> float:
    if value in (None, ""):
        return 0.0
    try:
        return min(max(float(value), 0.0), MAX_WAIT_SECONDS)
    except ValueError:
        raise BadRequest("'wait' must be a number of seconds.") from None
