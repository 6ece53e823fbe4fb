"""Sign up, tokens, session cookies and CSRF."""

import re


def test_sign_up_and_token(api):
    response = api.post("/api/v1/users", json={"username": "Ada_1", "password": "long enough", "email": "a@b.c"})
    assert response.status_code == 201
    assert response.json == {"username": "Ada_1"}
    token = api.post("/api/v1/tokens", json={"username": "ada_1", "password": "long enough"})
    assert token.status_code == 201
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json['token']}"})
    assert me.json == {"username": "Ada_1"}


def test_usernames_unique_whatever_the_case(api):
    assert api.post("/api/v1/users", json={"username": "Ada", "password": "long enough"}).status_code == 201
    again = api.post("/api/v1/users", json={"username": "ADA", "password": "long enough"})
    assert again.status_code == 409
    assert again.json["error"]["code"] == "conflict"


def test_bad_usernames_and_passwords(api):
    for name in ["", "a" * 40, "has space", "dots.no", "api", 7]:
        response = api.post("/api/v1/users", json={"username": name, "password": "long enough"})
        assert response.status_code == 422, name
    assert api.post("/api/v1/users", json={"username": "ok", "password": "short"}).status_code == 422


def test_wrong_password_and_bad_token(api):
    api.post("/api/v1/users", json={"username": "ada", "password": "long enough"})
    wrong = api.post("/api/v1/tokens", json={"username": "ada", "password": "wrong one!"})
    assert wrong.status_code == 401
    assert wrong.json["error"]["code"] == "not_logged_in"
    bad = api.post("/api/v1/snippets", json={"title": "x", "files": {"a.py": ""}}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_tokens_are_stored_hashed(ada, site):
    from sqlalchemy import select

    from snippets.models import ApiToken

    token = ada.headers["Authorization"].split()[1]
    with site.db.session() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
    assert stored and token not in stored and all(len(h) == 64 for h in stored)


def _csrf(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


def test_browser_sign_up_log_in_and_csrf(client):
    page = client.get("/signup").data
    token = _csrf(page)
    response = client.post(
        "/signup",
        data={"username": "cy", "password": "long enough", "password2": "long enough", "csrf_token": token},
    )
    assert response.status_code == 302
    # a cookie-authenticated JSON write without the CSRF header is refused
    refused = client.post("/api/v1/snippets", json={"title": "t", "files": {"a.py": "1"}})
    assert refused.status_code == 403
    home = client.get("/").data
    header_token = re.search(rb'name="csrf-token" content="([^"]+)"', home).group(1).decode()
    accepted = client.post("/api/v1/snippets", json={"title": "t", "files": {"a.py": "1"}}, headers={"X-CSRF-Token": header_token})
    assert accepted.status_code == 201
    assert accepted.json["owner"] == "cy"


def test_form_without_csrf_is_refused(client):
    response = client.post("/signup", data={"username": "cy", "password": "long enough", "password2": "long enough"})
    assert response.status_code == 403


def test_log_in_and_out(client, api):
    api.post("/api/v1/users", json={"username": "ada", "password": "long enough"})
    token = _csrf(client.get("/login").data)
    assert client.post("/login", data={"username": "ada", "password": "bad password", "csrf_token": token}).status_code == 401
    assert client.post("/login", data={"username": "ada", "password": "long enough", "csrf_token": token}).status_code == 302
    assert b"Log out" in client.get("/").data
    token = _csrf(client.get("/").data)
    client.post("/logout", data={"csrf_token": token})
    assert b"Log in" in client.get("/").data


def test_sign_ups_are_rate_limited(instance):
    from snippets import create_app

    app = create_app({"instance": instance, "testing": True, "embedded_device": False, "rate_limit_per_minute": 30})
    client = app.test_client()
    statuses = [client.post("/api/v1/users", json={"username": f"u{i}", "password": "long enough"}).status_code for i in range(6)]
    assert statuses[:3] == [201, 201, 201] and statuses[-1] == 429
    assert client.post("/api/v1/users", json={"username": "late", "password": "long enough"}).json["error"]["code"] == "rate_limited"
    app.extensions["snipcell"].close()
