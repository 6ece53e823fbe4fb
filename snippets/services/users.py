"""Accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from snippets import validation
from snippets.errors import Conflict, NotFound, NotLoggedIn
from snippets.models import ApiToken, User

# A real hash to compare against when the user doesn't exist, so timing doesn't tell.
_DUMMY_HASH = generate_password_hash("not a real password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(site, username: str, password: str, email: str | None = None) -> User:
    """Sign up; usernames are unique whatever their case."""
    username = validation.username(username)
    password = validation.password(password)
    if email is not None and (not isinstance(email, str) or "@" not in email or len(email) > 254):
        raise validation.Invalid("The email address is not valid.")
    user = User(
        username=username,
        username_lower=username.lower(),
        email=email,
        password_hash=generate_password_hash(password),
    )
    try:
        with site.db.transaction() as session:
            session.add(user)
    except IntegrityError:
        raise Conflict(f"The username '{username}' is taken.") from None
    return user


def authenticate(site, username: str, password: str) -> User:
    """The user with these credentials, or 401."""
    user = find(site, username) if isinstance(username, str) else None
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password if isinstance(password, str) else "")
    if user is None or not ok:
        raise NotLoggedIn("The username or password is wrong.")
    return user


def find(site, username: str) -> User | None:
    with site.db.session() as session:
        return session.scalar(select(User).where(User.username_lower == username.lower()))


def get(site, username: str) -> User:
    user = find(site, username)
    if user is None:
        raise NotFound(f"There is no user '{username}'.")
    return user


def get_by_id(site, user_id: int) -> User | None:
    with site.db.session() as session:
        return session.get(User, user_id)


def issue_token(site, user: User) -> str:
    """A new API token; only its hash is stored."""
    token = "sc_" + secrets.token_urlsafe(32)
    with site.db.transaction() as session:
        session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token)))
    return token


def user_for_token(site, token: str) -> User | None:
    with site.db.session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
        return row.user if row else None
