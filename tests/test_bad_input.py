"""Bad input: the documented error JSON and status, never a 500, nothing changed."""

import hashlib
import os

import pytest
from sqlalchemy import func, select

from repos.spares import SPARES
from snippets.models import Comment, Rating, Snippet, User


def _state(site):
    """A fingerprint of SQL and the repositories on disk (not the pool of empty spare
    repositories, which a background thread fills at any moment)."""
    with site.db.session() as session:
        counts = tuple(session.scalar(select(func.count()).select_from(m)) for m in (User, Snippet, Comment, Rating))
    digest = hashlib.sha1()
    root = site.config.repos_root
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != SPARES]
        files += [os.path.join(folder, name) for name in names]
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(str(os.path.getsize(path)).encode())
    return counts, digest.hexdigest()


def _assert_error(response, status):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    error = response.json["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"].endswith(".")


BAD_CREATES = [
    ("not json", 400),
    ("[1, 2]", 400),
    ('{"title": 5, "files": {"a.py": ""}}', 422),
    ('{"files": {"a.py": ""}}', 422),
    ('{"title": "t"}', 422),
    ('{"title": "t", "files": {}}', 422),
    ('{"title": "t", "files": ["a.py"]}', 422),
    ('{"title": "t", "files": {"a.py": 5}}', 422),
    ('{"title": "t", "files": {"../x": "1"}}', 422),
    ('{"title": "t", "files": {"/etc/passwd": "1"}}', 422),
    ('{"title": "t", "files": {".hg/hgrc": "[hooks]"}}', 422),
    ('{"title": "t", "files": {"a/../../b": "1"}}', 422),
    ('{"title": "t", "files": {"a//b": "1"}}', 422),
    ('{"title": "t", "files": {"": "1"}}', 422),
    ('{"title": "t", "files": {"a\\\\b": "1"}}', 422),
    ('{"title": "t", "files": {"a": "1", "a/b": "2"}}', 422),
    ('{"title": "t", "name": ".hidden", "files": {"a.py": ""}}', 422),
    ('{"title": "t", "name": "a/b", "files": {"a.py": ""}}', 422),
    ('{"title": "t", "tags": "x", "files": {"a.py": ""}}', 422),
    ('{"title": "t", "tags": ["Bad Tag!"], "files": {"a.py": ""}}', 422),
    ('{"title": "t", "blurb": [], "files": {"a.py": ""}}', 422),
]


@pytest.mark.parametrize("payload,status", BAD_CREATES)
def test_bad_creates(ada, site, payload, status):
    before = _state(site)
    response = ada.post("/api/v1/snippets", data=payload, content_type="application/json")
    _assert_error(response, status)
    assert _state(site) == before


def test_writes_need_a_user(api, site):
    before = _state(site)
    _assert_error(api.post("/api/v1/snippets", json={"title": "t", "files": {"a.py": ""}}), 401)
    assert _state(site) == before


def test_huge_bodies_are_413(ada, site):
    before = _state(site)
    _assert_error(ada.post("/api/v1/snippets", json={"title": "t", "files": {"a.py": "x" * (3 << 20)}}), 413)
    _assert_error(ada.post("/api/v1/snippets", json={"title": "t", "files": {"a.py": "x" * (600 << 10)}}), 413)
    _assert_error(ada.post("/api/v1/snippets", json={"title": "t", "files": {f"f{i}.py": "" for i in range(101)}}), 413)
    assert _state(site) == before


BAD_VERSIONS = [
    ({}, 422),
    ({"parent": 5, "files": {"a.py": "1"}}, 422),
    ({"parent": "HEAD"}, 422),
    ({"parent": "HEAD", "files": {"../escape": "1"}}, 422),
    ({"parent": "HEAD", "delete": ["nope.py"]}, 422),
    ({"parent": "HEAD", "delete": "main.py"}, 422),
    ({"parent": "HEAD", "files": {"main.py": "x"}, "delete": ["main.py"]}, 422),
    ({"parent": "HEAD", "files": {"main.py": "from helper import twice\nprint(twice(21))\n"}}, 422),
    ({"parent": "f" * 40, "files": {"a.py": "1"}}, 409),
    ({"parent": "HEAD", "files": {".hg/store/00changelog.i": "x"}}, 422),
]


@pytest.mark.parametrize("payload,status", BAD_VERSIONS)
def test_bad_versions(ada, site, payload, status):
    head = ada.create()["head"]["rev"]
    payload = {k: (head if v == "HEAD" else v) for k, v in payload.items()}
    before = _state(site)
    _assert_error(ada.post("/api/v1/snippets/ada/two-files/versions", json=payload), status)
    assert _state(site) == before


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/snippets/nobody/nothing"),
        ("get", "/api/v1/snippets/ada/nothing/versions"),
        ("post", "/api/v1/snippets/nobody/nothing/forks"),
        ("get", "/raw/ada/two-files/tip/missing.py"),
        ("get", "/raw/ada/two-files/tip/../../etc/passwd"),
        ("get", "/raw/ada/two-files/tip/.hg/hgrc"),
        ("get", "/zip/ada/two-files/abcdef0123"),
        ("get", "/api/v1/snippets/ada/two-files/diff?from=nope"),
        ("get", "/api/v1/computations/nope"),
        ("get", "/api/v1/nothing-here"),
    ],
)
def test_unknown_things_are_404(ada, method, url):
    ada.create()
    _assert_error(getattr(ada, method)(url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/snippets?page=0",
        "/api/v1/snippets?page=abc",
        "/api/v1/snippets?per_page=-1",
        "/api/v1/snippets?sort=sideways",
        "/api/v1/snippets?tag=Bad Tag!",
        "/api/v1/search?q=%22unbalanced",
        "/api/v1/search?sort=weird",
    ],
)
def test_bad_query_strings_are_400(ada, url):
    response = ada.get(url)
    assert response.status_code in (400, 422)
    assert response.json["error"]["message"]


@pytest.mark.parametrize(
    "payload",
    [{"body": ""}, {"body": 5}, {"body": "x", "line": 1}, {"body": "x", "path": "main.py", "line": "1"}, {"body": "x", "path": "../x", "line": 1}],
)
def test_bad_comments(ada, site, payload):
    ada.create()
    before = _state(site)
    _assert_error(ada.post("/api/v1/snippets/ada/two-files/comments", json=payload), 422)
    assert _state(site) == before


def test_wrong_method_is_json_405(ada):
    response = ada.put("/api/v1/snippets")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
