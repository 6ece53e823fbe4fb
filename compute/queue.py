"""Computations as rows: claim atomically, append messages in batches, finish.

Two devices never run the same computation: on SQLite the claim is one UPDATE
(writes are serialised); on PostgreSQL it selects with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from compute import messages
from snippets.models import Computation, Message

FINISHED = frozenset({"done", "error", "timeout", "killed"})
PROTOCOL_VERSION = "5.3"


def now() -> datetime:
    return datetime.now(timezone.utc)


def claim(session: Session, device: str) -> Computation | None:
    """Mark the oldest queued computation running for ``device`` and return it."""
    oldest = select(Computation.id).where(Computation.status == "queued").order_by(Computation.created).limit(1)
    if session.bind.dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    claimed = session.scalars(
        update(Computation)
        .where(Computation.id == oldest.scalar_subquery(), Computation.status == "queued")
        .values(status="running", device=device, started=now())
        .returning(Computation)
    ).first()
    session.commit()
    return claimed


def request_header(computation: Computation) -> dict:
    """The execute_request header every message of the computation answers."""
    return {
        "msg_id": computation.id,
        "msg_type": "execute_request",
        "session": computation.session_id or computation.id,
        "username": "snipcell",
        "date": (computation.created or now()).isoformat(),
        "version": PROTOCOL_VERSION,
    }


def append(session: Session, computation: Computation, parent: dict, batch: list[dict]) -> None:
    """Give each message its seq and full Jupyter shape and insert them in one statement."""
    seq = computation.last_seq
    stamp = now().isoformat()
    rows = []
    for raw in batch:
        seq += 1
        body = {
            "seq": seq,
            "msg_type": raw["msg_type"],
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": raw["msg_type"],
                "session": parent["session"],
                "username": "snipcell",
                "date": stamp,
                "version": PROTOCOL_VERSION,
            },
            "parent_header": parent,
            "content": raw.get("content", {}),
            "metadata": raw.get("metadata", {}),
        }
        rows.append({"computation_id": computation.id, "seq": seq, "msg_type": raw["msg_type"], "body": body})
    if rows:
        session.execute(insert(Message), rows)
    computation.last_seq = seq
    session.execute(update(Computation).where(Computation.id == computation.id).values(last_seq=seq))


def finish(session: Session, computation_id: str, status: str) -> None:
    session.execute(
        update(Computation).where(Computation.id == computation_id).values(status=status, finished=now())
    )


def messages_after(session: Session, computation_id: str, after: int, limit: int = 1000) -> list[dict]:
    rows = session.scalars(
        select(Message.body)
        .where(Message.computation_id == computation_id, Message.seq > after)
        .order_by(Message.seq)
        .limit(limit)
    )
    return list(rows)


def reap_stale(session: Session, older_than: timedelta, device: str | None = None) -> int:
    """Computations left running by a device that died: end them with an error reply."""
    cutoff = now() - older_than
    stale = select(Computation).where(Computation.status == "running")
    stale = stale.where(Computation.device == device) if device else stale.where(Computation.started < cutoff)
    count = 0
    for computation in session.scalars(stale):
        parent = request_header(computation)
        append(
            session,
            computation,
            parent,
            [
                messages.error("DeviceLost", "The compute device stopped while running this cell.", []),
                messages.execute_reply("abort"),
            ],
        )
        finish(session, computation.id, "killed")
        count += 1
    session.commit()
    return count
