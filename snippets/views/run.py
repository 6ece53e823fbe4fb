"""The standalone cell: /run (code in the link), /s/<id> short links, and static files for other sites."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from snippets import validation
from snippets.auth import site
from snippets.defensive import ratelimit
from snippets.errors import TooLarge
from snippets.services import shortlinks
from snippets.views.api import body

bp = Blueprint("run", __name__)


@bp.get("/run")
def run_page():
    """The cell alone, prefilled from ``?z=`` (compressed) or ``?code=`` (plain) so it works without JS too."""
    limit = site().config.max_code_bytes
    z = request.args.get("z")
    if z:
        code = shortlinks.decode_code(z, limit)
    else:
        code = request.args.get("code", "")
        if len(code.encode("utf-8", "replace")) > limit:
            raise TooLarge(f"Code is limited to {limit // 1024} KiB.")
    return render_template("run.html", code=code)


@bp.get("/s/<link_id>")
def short_link(link_id: str):
    code = shortlinks.expand(site(), link_id)
    return redirect(url_for("run.run_page", z=shortlinks.encode_code(code)))


@bp.post("/api/v1/shortlinks")
@ratelimit(scale=0.2)
def create_short_link():
    """``{code}`` -> 201 ``{id, url, run_url}``; the same code always gets the same id."""
    code = validation.field(body(), "code", str, required=True)
    link_id = shortlinks.shorten(site(), code)
    return (
        jsonify(
            {
                "id": link_id,
                "url": url_for("run.short_link", link_id=link_id, _external=True),
                "run_url": url_for("run.run_page", z=shortlinks.encode_code(code), _external=True),
            }
        ),
        201,
    )


@bp.after_app_request
def static_for_other_sites(response):
    """The embed script imports our ES modules from other sites' pages, which needs CORS on /static/."""
    if request.path.startswith("/static/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
