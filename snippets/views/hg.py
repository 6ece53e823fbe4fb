"""`hg clone <site>/hg/<owner>/<name>`: Mercurial's wire protocol, read-only, beside the pages."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for

from snippets.auth import site
from snippets.services import snippets, versions

bp = Blueprint("hg", __name__)


@bp.route("/hg/<owner>/<name>", methods=["GET", "POST"])
def clone(owner: str, name: str):
    snippet = snippets.get(site(), owner, name)
    if "cmd" not in request.args:  # a browser, not Mercurial: show the snippet
        return redirect(url_for("pages.snippet", owner=snippet.owner.username, name=snippet.name))
    environ = dict(request.environ, SCRIPT_NAME=request.script_root + request.path, PATH_INFO="")
    return Response.from_app(versions.clone_app(site(), snippet), environ)
