"""Server-rendered pages: home, snippet, sign up / log in, new snippet."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from snippets import present
from snippets.auth import current_user, log_in, log_out, require_user, site
from snippets.errors import SnipcellError
from snippets.highlight import highlight, stylesheet
from snippets.services import comments, forks, ratings, snippets, users, versions

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    recent, total = snippets.list_snippets(site(), snippets.ListQuery(sort="recent", per_page=12))
    top, _ = snippets.list_snippets(site(), snippets.ListQuery(sort="rating", per_page=6))
    forked, _ = snippets.list_snippets(site(), snippets.ListQuery(sort="forks", per_page=6))
    return render_template("home.html", recent=recent, top=top, forked=forked, total=total)


@bp.get("/highlight.css")
def highlight_css():
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/<owner>/<name>")
def snippet(owner: str, name: str):
    found = snippets.get(site(), owner, name)
    rev = request.args.get("rev") or None
    changeset, files = versions.files(site(), found, rev)
    shown = []
    for number, info in enumerate(files):
        text = versions.read(site(), found, changeset.rev, info.path).decode("utf-8", "replace")
        shown.append({"info": info, "html": highlight(info.path, text, f"f{number}"), "anchor": f"f{number}"})
    history = versions.history(site(), found)
    return render_template(
        "snippet.html",
        snippet=found,
        changeset=changeset,
        at_head=changeset.rev == found.head_rev,
        files=shown,
        history=history,
        credits=forks.credits(site(), found, history),
        rating=ratings.summary(site(), found, current_user()),
        comments=comments.list_comments(site(), owner, name),
        forks=forks.direct_forks(site(), owner, name),
        iso=present.iso,
    )


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
            return redirect(url_for("pages.home"))
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
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("pages.home"))
        except SnipcellError as e:
            error = e.message
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    log_out()
    return redirect(url_for("pages.home"))


@bp.route("/new", methods=["GET", "POST"])
def new_snippet():
    if current_user() is None:
        return redirect(url_for("pages.login", next=request.path))
    error, form = None, request.form
    if request.method == "POST":
        try:
            data = {
                "title": form.get("title", ""),
                "blurb": form.get("blurb", ""),
                "tags": [t for t in form.get("tags", "").replace(",", " ").split() if t],
                "files": _form_files(form),
                "message": form.get("message") or None,
                "cell": form.get("cell", ""),
            }
            created = snippets.create(site(), require_user(), snippets.NewSnippet.from_json(data, site().config))
            return redirect(url_for("pages.snippet", owner=created.owner.username, name=created.name))
        except SnipcellError as e:
            error = e.message
    return render_template("new.html", error=error, form=form, file_pairs=_form_pairs(form)), 422 if error else 200


def _form_pairs(form) -> list[tuple[str, str]]:
    names, contents = form.getlist("filename"), form.getlist("content")
    pairs = [(n, c) for n, c in zip(names, contents) if n.strip() or c.strip()]
    return pairs or [("main.py", "")]


def _form_files(form) -> dict[str, str]:
    files: dict[str, str] = {}
    for path, content in _form_pairs(form):
        path = path.strip()
        if path in files:
            raise SnipcellError(f"Two files are named '{path}'.")
        files[path] = content.replace("\r\n", "\n")
    return files


@bp.post("/<owner>/<name>/fork")
def fork(owner: str, name: str):
    user = current_user()
    if user is None:
        return redirect(url_for("pages.login", next=url_for("pages.snippet", owner=owner, name=name)))
    new_name = request.form.get("name") or None
    try:
        created = forks.fork(site(), user, owner, name, new_name)
    except SnipcellError as e:
        flash(e.message, "error")
        return redirect(url_for("pages.snippet", owner=owner, name=name))
    return redirect(url_for("pages.snippet", owner=created.owner.username, name=created.name))
