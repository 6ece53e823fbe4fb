"""Raw file bytes and zip archives of a version."""

from __future__ import annotations

from flask import Blueprint, Response

from snippets.auth import site
from snippets.services import snippets, versions

bp = Blueprint("raw", __name__)


@bp.get("/raw/<owner>/<name>/<rev>/<path:path>")
def raw_file(owner: str, name: str, rev: str, path: str):
    snippet = snippets.get(site(), owner, name)
    data = versions.read(site(), snippet, rev, path)
    response = Response(data, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if len(rev) == 40:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.get("/zip/<owner>/<name>/<rev>")
def zip_archive(owner: str, name: str, rev: str):
    snippet = snippets.get(site(), owner, name)
    changeset, data = versions.archive(site(), snippet, rev)
    filename = f"{snippet.name}-{changeset.rev[:12]}.zip"
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Snipcell-Rev"] = changeset.rev
    if len(rev) == 40:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
