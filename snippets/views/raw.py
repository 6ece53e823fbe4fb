"""Raw file bytes and zip archives of a version."""

from __future__ import annotations

from flask import Blueprint, Response

from snippets.auth import site
from snippets.services import snippets, versions

bp = Blueprint("raw", __name__)
IMMUTABLE = "public, max-age=31536000, immutable"


def _is_node(rev: str) -> bool:
    return len(rev) == 40


@bp.get("/raw/<owner>/<name>/<rev>/<path:path>")
def raw_file(owner: str, name: str, rev: str, path: str):
    key = ("raw", owner.lower(), name.lower(), rev, path)
    data = site().cache.get_or_make(key, lambda: versions.read(site(), snippets.get(site(), owner, name), rev, path))
    response = Response(data, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if _is_node(rev):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.get("/zip/<owner>/<name>/<rev>")
def zip_archive(owner: str, name: str, rev: str):
    snippet = snippets.get(site(), owner, name)
    changeset, data = versions.archive(site(), snippet, rev)
    filename = f"{snippet.name}-{changeset.rev[:12]}.zip"
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Snipcell-Rev"] = changeset.rev
    if _is_node(rev):
        response.headers["Cache-Control"] = IMMUTABLE
    return response
