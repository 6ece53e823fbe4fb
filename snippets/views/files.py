"""/files/<computation_id>/<path>: files a computation wrote, never run as our own pages."""

from __future__ import annotations

from flask import Blueprint, Response, send_file

from compute.filestore import FileStore
from snippets.auth import site
from snippets.errors import NotFound

bp = Blueprint("files", __name__)


@bp.get("/files/<computation_id>/<path:path>")
def stored_file(computation_id: str, path: str):
    with site().db.session() as session:
        row = FileStore.find(session, computation_id, path)
    if row is None:
        raise NotFound(f"Computation '{computation_id}' wrote no file '{path}'.")
    if row.disk_path:
        response = send_file(row.disk_path, mimetype=row.content_type, conditional=True)
    else:
        response = Response(row.data, mimetype=row.content_type)
        response.headers["Content-Type"] = row.content_type
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
