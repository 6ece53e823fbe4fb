"""/api/v1: the JSON contract of API.md."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from snippets import present, validation
from snippets.auth import current_user, require_user, site
from snippets.defensive import ratelimit
from snippets.errors import BadRequest
from snippets.models import Snippet
from snippets.services import comments, forks, ratings, searching, snippets, tags, users, versions
from snippets.services.paging import page_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def body() -> dict:
    """The JSON object sent, or a clear 400."""
    if not request.data:
        raise BadRequest("The request needs a JSON body.")
    payload = request.get_json(silent=True, force=True)
    if payload is None:
        raise BadRequest("The request body is not valid JSON.")
    return validation.json_object(payload)


def snippet_json(snippet: Snippet, status: int = 200, known: tuple[list, list] | None = None):
    """The full snippet document: row, head files, credits (``known``: history and files at hand)."""
    history, files = known or (versions.history(site(), snippet), versions.head_files(site(), snippet))
    data = present.full(snippet, files, forks.credits(site(), snippet, history), present.forked_from(snippet))
    return jsonify(data), status


# Identity -----------------------------------------------------------------


@bp.post("/users")
@ratelimit(0.1)
def sign_up():
    data = body()
    user = users.create_user(
        site(),
        validation.field(data, "username", str, required=True),
        validation.field(data, "password", str, required=True),
        validation.field(data, "email", str),
    )
    return jsonify({"username": user.username}), 201


@bp.post("/tokens")
@ratelimit(0.1)
def new_token():
    data = body()
    user = users.authenticate(
        site(), validation.field(data, "username", str, required=True), validation.field(data, "password", str, required=True)
    )
    return jsonify({"token": users.issue_token(site(), user)}), 201


@bp.get("/me")
def me():
    user = require_user()
    return jsonify({"username": user.username})


# Snippets -----------------------------------------------------------------


@bp.post("/snippets")
@ratelimit()
def create_snippet():
    user = require_user()
    new = snippets.NewSnippet.from_json(body(), site().config)
    snippet = snippets.create(site(), user, new)
    return snippet_json(snippet, 201, known=versions.first_version(snippet, new.files))


@bp.get("/snippets")
def list_snippets():
    query = list_query()
    rows, total = snippets.list_snippets(site(), query)
    items = [present.summary(s, present.forked_from(s)) for s in rows]
    return jsonify({"items": items, "total": total, "page": query.page, "per_page": query.per_page})


def list_query() -> snippets.ListQuery:
    args = request.args
    sort = args.get("sort", "recent")
    if sort not in snippets.SORTS:
        raise BadRequest(f"'sort' must be one of {', '.join(snippets.SORTS)}.")
    tag = args.get("tag") or None
    page, per_page = page_args(args)
    return snippets.ListQuery(
        q=(args.get("q") or "").strip(),
        tag=validation.tag(tag) if tag else None,
        owner=args.get("owner") or None,
        sort=sort,
        page=page,
        per_page=per_page,
    )


@bp.get("/snippets/<owner>/<name>")
def get_snippet(owner: str, name: str):
    return snippet_json(snippets.get(site(), owner, name))


@bp.patch("/snippets/<owner>/<name>")
def patch_snippet(owner: str, name: str):
    return snippet_json(snippets.update(site(), require_user(), owner, name, body()))


@bp.delete("/snippets/<owner>/<name>")
def delete_snippet(owner: str, name: str):
    snippets.delete(site(), require_user(), owner, name)
    return Response(status=204)


@bp.post("/snippets/<owner>/<name>/versions")
@ratelimit()
def add_version(owner: str, name: str):
    user = require_user()
    head = versions.add_version(site(), user, owner, name, versions.NewVersion.from_json(body(), site().config))
    return jsonify({"rev": head.rev, "number": head.number}), 201


@bp.get("/snippets/<owner>/<name>/versions")
def list_versions(owner: str, name: str):
    snippet = snippets.get(site(), owner, name)
    return jsonify({"items": [present.changeset(c) for c in versions.history(site(), snippet)]})


@bp.get("/snippets/<owner>/<name>/files")
def list_files(owner: str, name: str):
    snippet = snippets.get(site(), owner, name)
    _, files = versions.files(site(), snippet, request.args.get("rev") or None)
    return jsonify([present.file_info(f) for f in files])


@bp.get("/snippets/<owner>/<name>/diff")
def diff(owner: str, name: str):
    snippet = snippets.get(site(), owner, name)
    text = versions.diff(site(), snippet, request.args.get("from") or None, request.args.get("to") or None)
    return Response(text, mimetype="text/plain")


@bp.post("/snippets/<owner>/<name>/forks")
@ratelimit()
def fork(owner: str, name: str):
    data = body() if request.data else {}
    snippet = forks.fork(site(), require_user(), owner, name, validation.field(data, "name", str))
    return snippet_json(snippet, 201)


@bp.get("/snippets/<owner>/<name>/forks")
def list_forks(owner: str, name: str):
    rows = forks.direct_forks(site(), owner, name)
    return jsonify({"items": [present.summary(s, present.forked_from(s)) for s in rows]})


@bp.get("/snippets/<owner>/<name>/network")
def network(owner: str, name: str):
    root, nodes = forks.network(site(), owner, name)
    return jsonify({"root": root.full_id, "nodes": [present.network_node(n) for n in nodes]})


@bp.post("/snippets/<owner>/<name>/comments")
@ratelimit(0.5)
def add_comment(owner: str, name: str):
    comment = comments.add(site(), require_user(), owner, name, body())
    return jsonify(present.comment(comment)), 201


@bp.get("/snippets/<owner>/<name>/comments")
def list_comments(owner: str, name: str):
    rows = comments.list_comments(site(), owner, name, request.args.get("rev"), request.args.get("path"))
    return jsonify({"items": [present.comment(c) for c in rows]})


@bp.put("/snippets/<owner>/<name>/rating")
def rate(owner: str, name: str):
    result = ratings.rate(site(), require_user(), owner, name, body().get("stars"))
    return jsonify({"average": result.average, "count": result.count, "mine": result.mine})


@bp.get("/snippets/<owner>/<name>/rating")
def get_rating(owner: str, name: str):
    snippet = snippets.get(site(), owner, name)
    result = ratings.summary(site(), snippet, current_user())
    return jsonify({"average": result.average, "count": result.count, "mine": result.mine})


@bp.get("/tags")
def list_tags():
    prefix = (request.args.get("prefix") or "").strip().lower()
    parent = request.args.get("parent") or None
    items = tags.list_tags(site(), prefix, validation.tag(parent) if parent else None)
    return jsonify({"items": [{"name": t.name, "count": t.count} for t in items]})


@bp.get("/search")
def search():
    args = request.args
    tag = args.get("tag") or None
    sort = args.get("sort", "relevance")
    if sort not in ("relevance", "date", "rating", "forks"):
        raise BadRequest("'sort' must be one of relevance, date, rating, forks.")
    page, per_page = page_args(args, max_page=1000)
    result = searching.search(
        site(),
        args.get("q", ""),
        tag=validation.tag(tag) if tag else None,
        owner=args.get("owner") or None,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    return jsonify(
        {
            "items": [
                {"id": h.id, "title": h.title, "blurb": h.blurb, "tags": h.tags, "owner": h.owner,
                 "score": round(h.score, 4), "highlights": h.highlights}
                for h in result.hits
            ],
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "suggestion": result.suggestion,
        }
    )


@bp.after_request
def cors(response):
    """The computation API is open to other sites, so the embeddable cell runs anywhere."""
    if request.path.startswith("/api/v1/computations"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
