"""/api/v1/computations: run cells and interact updates, read their messages (CORS-open)."""

from __future__ import annotations

from flask import jsonify, request

from snippets import present
from snippets.auth import site
from snippets.defensive import ratelimit
from snippets.services import computations
from snippets.views.api import body, bp


def computation_json(c) -> dict:
    return {
        "id": c.id,
        "status": c.status,
        "created": present.iso(c.created),
        "started": present.iso(c.started),
        "finished": present.iso(c.finished),
        "snippet": c.snippet_ref,
        "rev": c.rev,
        "session": c.session_id or c.id,
        "interact_id": c.interact_id,
    }


@bp.post("/computations")
@ratelimit()
def create_computation():
    computation = computations.create(site(), body())
    return jsonify({"id": computation.id, "status": "queued"}), 202


@bp.get("/computations/<computation_id>")
def get_computation(computation_id: str):
    return jsonify(computation_json(computations.get(site(), computation_id)))


@bp.get("/computations/<computation_id>/messages")
def computation_messages(computation_id: str):
    after = computations.parse_after(request.args.get("after"))
    wait = computations.parse_wait(request.args.get("wait"))
    found, done = computations.messages(site(), computation_id, after, wait)
    return jsonify({"messages": found, "done": done})


@bp.post("/computations/<computation_id>/interacts/<interact_id>")
@ratelimit()
def interact(computation_id: str, interact_id: str):
    computation = computations.interact(site(), computation_id, interact_id, body())
    return jsonify({"id": computation.id, "status": "queued"}), 202
