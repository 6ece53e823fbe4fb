"""Server-rendered pages: browse, search, the snippet page, diffs, sign up / log in, new and edit."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

from snippets import present, validation
from snippets.auth import current_user, log_in, log_out, require_user, site
from snippets.cache import cached_page
from snippets.errors import Conflict, NotLoggedIn, SnipcellError
from snippets.highlight import stylesheet
from snippets.services import browsing, comments, diffs, editing, forks, searching, snippet_page, snippets, tags, users, versions
from snippets.services.listing import line_anchor
from snippets.services.paging import Page, page_args

bp = Blueprint("pages", __name__)

SEARCH_SORTS = ("relevance", "date", "rating", "forks")
LIST_SORTS = ("recent", "rating", "forks", "title")
FACETS_SHOWN = 12


@bp.app_template_global()
def vendored(path: str) -> bool:
    """Whether static/vendor/ holds ``path`` (it is filled by scripts/vendor.sh, not by git)."""
    return Path(current_app.static_folder, "vendor", path).is_file()


bp.add_app_template_global(present.iso, "iso")
bp.add_app_template_global(line_anchor, "line_anchor")


# Browse -------------------------------------------------------------------


@bp.get("/")
def home():
    recent, total = snippets.list_snippets(site(), snippets.ListQuery(sort="recent", per_page=9))
    top, _ = snippets.list_snippets(site(), snippets.ListQuery(sort="rating", per_page=6))
    forked, _ = snippets.list_snippets(site(), snippets.ListQuery(sort="forks", per_page=6))
    return render_template(
        "home.html", recent=recent, top=top, forked=forked, total=total, cloud=browsing.tag_cloud(site())
    )


@bp.get("/tags")
def tag_index():
    return render_template("tags.html", cloud=browsing.tag_cloud(site(), limit=500))


@bp.get("/tags/<path:tag>")
def tag_page(tag: str):
    tag = validation.tag(tag)
    sort = _choice("sort", LIST_SORTS)
    page, per_page = page_args(request.args)
    rows, total = snippets.list_snippets(site(), snippets.ListQuery(tag=tag, sort=sort, page=page, per_page=per_page))
    return render_template(
        "tag.html",
        tag=tag,
        trail=tags.ancestors(tag),
        children=tags.list_tags(site(), parent=tag, limit=200),
        results=Page(rows, total, page, per_page),
        sort=sort,
        sorts=LIST_SORTS,
    )


@bp.get("/u/<username>")
def user_page(username: str):
    user = users.get(site(), username)
    show_forks = request.args.get("show") == "forks"
    page, per_page = page_args(request.args)
    results = browsing.user_snippets(site(), user.username, show_forks, page, per_page)
    return render_template("user.html", user=user, show_forks=show_forks, results=results)


@bp.get("/search")
def search():
    args = request.args
    q, owner = args.get("q", "").strip(), args.get("owner") or None
    tag = validation.tag(args["tag"]) if args.get("tag") else None
    sort = _choice("sort", SEARCH_SORTS)
    page, per_page = page_args(args)
    error, result = None, None
    try:
        result = searching.search(site(), q, tag=tag, owner=owner, sort=sort, page=page, per_page=per_page,
                                  facets=FACETS_SHOWN)
    except SnipcellError as e:
        error = e.message
    hits = result.hits if result else []
    return render_template(
        "search.html",
        q=q,
        tag=tag,
        owner=owner,
        sort=sort,
        sorts=SEARCH_SORTS,
        error=error,
        result=result,
        results=Page(hits, result.total if result else 0, page, per_page),
        tag_facets=result.facets.tags if result else [],
        owner_facets=[f for f in result.facets.owners if f.name != owner] if result else [],
    ), 400 if error else 200


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    """A sort order from the query string; anything unknown falls back to the first."""
    value = request.args.get(name, allowed[0])
    return value if value in allowed else allowed[0]


@bp.get("/highlight.css")
def highlight_css():
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# One snippet ----------------------------------------------------------------


@bp.get("/<owner>/<name>")
@cached_page(lambda owner, name: (owner.lower(), name.lower(), request.query_string))
def snippet(owner: str, name: str):
    shown = snippet_page.build(site(), owner, name, request.args.get("rev") or None, current_user())
    return render_template("snippet.html", page=shown, snippet=shown.snippet, changeset=shown.changeset)


@bp.get("/<owner>/<name>/thumbnail.png")
def thumbnail(owner: str, name: str):
    found = snippets.get(site(), owner, name)
    if not found.thumbnail_png:
        abort(404)
    response = Response(found.thumbnail_png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/<owner>/<name>/diff")
def diff(owner: str, name: str):
    found = snippets.get(site(), owner, name)
    history = versions.history(site(), found)
    new = versions.resolve(site(), found, request.args.get("to") or None)
    old_rev = request.args.get("from") or (new.parents[0] if new.parents else new.rev)
    old = versions.resolve(site(), found, old_rev)
    files = diffs.parse(versions.diff(site(), found, old.rev, new.rev))
    return render_template("diff.html", snippet=found, history=history, old=old, new=new, files=files)


@bp.post("/<owner>/<name>/comments")
def add_comment(owner: str, name: str):
    user = current_user()
    if user is None:
        return _log_in_first(owner, name)
    form = request.form
    data = {"body": form.get("body", ""), "rev": form.get("rev") or None}
    if form.get("path"):
        data.update(path=form["path"], line=validation.positive_int(form.get("line"), "line", default=0, maximum=10**7))
    try:
        made = comments.add(site(), user, owner, name, data)
    except SnipcellError as e:
        flash(e.message, "error")
        return redirect(url_for("pages.snippet", owner=owner, name=name, rev=data["rev"]))
    return redirect(url_for("pages.snippet", owner=owner, name=name, rev=made.rev, _anchor=f"comment-{made.id}"))


@bp.post("/<owner>/<name>/fork")
def fork(owner: str, name: str):
    user = current_user()
    if user is None:
        return _log_in_first(owner, name)
    new_name = request.form.get("name") or None
    try:
        created = forks.fork(site(), user, owner, name, new_name)
    except SnipcellError as e:
        flash(e.message, "error")
        return redirect(url_for("pages.snippet", owner=owner, name=name))
    flash(f"Forked {owner}/{name}: this copy is yours to change.", "info")
    return redirect(url_for("pages.snippet", owner=created.owner.username, name=created.name))


@bp.post("/<owner>/<name>/delete")
def delete(owner: str, name: str):
    user = current_user()
    if user is None:
        return _log_in_first(owner, name)
    try:
        snippets.delete(site(), user, owner, name)
    except SnipcellError as e:
        flash(e.message, "error")
        return redirect(url_for("pages.snippet", owner=owner, name=name))
    flash(f"Deleted {owner}/{name}: its forks keep their own copies.", "info")
    return redirect(url_for("pages.user_page", username=user.username))


def _log_in_first(owner: str, name: str):
    return redirect(url_for("pages.login", next=url_for("pages.snippet", owner=owner, name=name)))


# New and edit ---------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
def new_snippet():
    if current_user() is None:
        return redirect(url_for("pages.login", next=request.path))
    form, error = editing.SnippetForm(), None
    if request.method == "POST":
        form = editing.SnippetForm.from_request(request.form)
        try:
            created = editing.create(site(), require_user(), form)
            return redirect(url_for("pages.snippet", owner=created.owner.username, name=created.name))
        except SnipcellError as e:
            error = e.message
    return render_template("new.html", form=form, error=error), 422 if error else 200


@bp.route("/<owner>/<name>/edit", methods=["GET", "POST"])
def edit_snippet(owner: str, name: str):
    user = current_user()
    if user is None:
        return redirect(url_for("pages.login", next=request.path))
    found = snippets.get(site(), owner, name)
    snippets.require_owner(user, found)
    form, error, conflict_from, status = editing.SnippetForm.from_snippet(site(), found), None, None, 200
    if request.method == "POST":
        form = editing.SnippetForm.from_request(request.form)
        try:
            editing.save(site(), user, found, form)
            flash("Saved.", "info")
            return redirect(url_for("pages.snippet", owner=found.owner.username, name=found.name))
        except Conflict as e:
            conflict_from, error, status = form.parent, e.message, 409
            form = form.on_parent(e.extra.get("head", {}).get("rev") or snippets.get(site(), owner, name).head_rev)
        except SnipcellError as e:
            error, status = e.message, e.status
    return render_template(
        "edit.html", snippet=found, form=form, error=error, conflict_from=conflict_from
    ), status


# Accounts -------------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    error = None
    if request.method == "POST":
        form = request.form
        try:
            if form.get("password") != form.get("password2"):
                raise SnipcellError("The two passwords differ.")
            user = users.create_user(site(), form.get("username", ""), form.get("password", ""), form.get("email") or None)
            log_in(user)
            return redirect(_next_or_home())
        except SnipcellError as e:
            error = e.message
    return render_template("signup.html", error=error), 400 if error else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            user = users.authenticate(site(), request.form.get("username", ""), request.form.get("password", ""))
            log_in(user)
            return redirect(_next_or_home())
        except NotLoggedIn as e:
            error = e.message
    return render_template("login.html", error=error), 401 if error else 200


def _next_or_home() -> str:
    """Back where the user was going, but only to a page of this site."""
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else url_for("pages.home")


@bp.post("/logout")
def logout():
    log_out()
    return redirect(url_for("pages.home"))
