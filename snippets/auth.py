"""Who is asking: session cookie (with CSRF) for browsers, Bearer tokens for clients."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, g, request, session

from snippets.errors import Forbidden, NotLoggedIn
from snippets.models import User

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def site():
    """The Site of the running app."""
    return current_app.extensions["snipcell"]


def current_user() -> User | None:
    """The user behind this request, looked up once."""
    if "user" not in g:
        g.user = _load_user()
    return g.user


def _load_user() -> User | None:
    from snippets.services import users

    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        g.auth_via = "token"
        user = users.user_for_token(site(), header[7:].strip())
        if user is None:
            raise NotLoggedIn("The API token is not valid.")
        return user
    user_id = session.get("user_id")
    if user_id is None:
        return None
    g.auth_via = "cookie"
    return users.get_by_id(site(), user_id)


def require_user() -> User:
    """The logged-in user, or 401."""
    user = current_user()
    if user is None:
        raise NotLoggedIn("Log in or send an API token to do this.")
    return user


def login_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args, **kwargs):
        require_user()
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def log_in(user: User) -> None:
    session.clear()
    session["user_id"] = user.id
    session.permanent = True
    csrf_token(refresh=True)


def log_out() -> None:
    session.clear()


def csrf_token(refresh: bool = False) -> str:
    """The per-session token every cookie-authenticated write must echo."""
    if g.get("csrf_placeholder"):
        from snippets.cache import CSRF_PLACEHOLDER

        return CSRF_PLACEHOLDER
    if refresh or "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    """Refuse a cookie-authenticated write that lacks the session's CSRF token."""
    if request.method in SAFE_METHODS or request.headers.get("Authorization"):
        return
    is_form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    if not is_form and "user_id" not in session:
        return  # an anonymous JSON write (a cell run from an embed) carries no authority to steal
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden("The form is out of date or was not sent by this site; reload the page and try again.")


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.jinja_env.globals.update(current_user=current_user, csrf_token=csrf_token)
