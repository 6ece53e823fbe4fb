"""The snippet API of API.md, on real repositories and a real database."""

import io
import zipfile

import pytest


def test_create_get_and_files(ada):
    created = ada.create(title="Taylor Series!", blurb="*sin*", tags=["Calculus/Taylor", "plotting"])
    assert created["id"] == "ada/taylor-series"
    assert created["tags"] == ["calculus/taylor", "plotting"]
    assert len(created["head"]["rev"]) == 40 and created["head"]["number"] == 0
    assert [f["path"] for f in created["files"]] == ["helper.py", "main.py"]
    assert created["files"][0]["language"] == "Python"
    assert created["credits"] == {"author": "ada", "contributors": [], "committers": ["ada"]}
    fetched = ada.get("/api/v1/snippets/ADA/Taylor-Series").json
    assert fetched["id"] == "ada/taylor-series" and fetched["blurb"] == "*sin*"


def test_default_names_are_made_unique(ada):
    assert ada.create(title="Same")["name"] == "same"
    assert ada.create(title="Same")["name"] == "same-2"
    assert ada.post("/api/v1/snippets", json={"name": "same", "title": "x", "files": {"a.py": ""}}).status_code == 409


def test_subfolders_and_raw_and_zip(ada):
    created = ada.create(files={"pkg/__init__.py": "", "pkg/mod.py": "X = 1\n", "run.py": "import pkg.mod\n"})
    rev = created["head"]["rev"]
    raw = ada.get(f"/raw/ada/two-files/{rev}/pkg/mod.py")
    assert raw.status_code == 200 and raw.data == b"X = 1\n"
    assert raw.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert ada.get("/raw/ada/two-files/tip/run.py").data == b"import pkg.mod\n"
    archive = ada.get(f"/zip/ada/two-files/{rev}")
    assert archive.headers["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    folder = f"two-files-{rev[:12]}"
    assert sorted(names) == [f"{folder}/pkg/__init__.py", f"{folder}/pkg/mod.py", f"{folder}/run.py"]


def test_versions_with_the_409_rule(ada):
    first = ada.create()
    head = first["head"]["rev"]
    v1 = ada.post("/api/v1/snippets/ada/two-files/versions", json={"parent": head, "files": {"helper.py": "def twice(x):\n    return x + x\n"}, "message": "add not mul"})
    assert v1.status_code == 201 and v1.json["number"] == 1
    stale = ada.post("/api/v1/snippets/ada/two-files/versions", json={"parent": head, "files": {"new.py": "1"}})
    assert stale.status_code == 409
    assert stale.json["error"]["head"]["rev"] == v1.json["rev"]
    retry = ada.post("/api/v1/snippets/ada/two-files/versions", json={"parent": v1.json["rev"], "files": {"new.py": "1"}, "delete": ["main.py"]})
    assert retry.status_code == 201
    files = ada.get("/api/v1/snippets/ada/two-files/files").json
    assert [f["path"] for f in files] == ["helper.py", "new.py"]
    old_files = ada.get(f"/api/v1/snippets/ada/two-files/files?rev={head}").json
    assert [f["path"] for f in old_files] == ["helper.py", "main.py"]
    history = ada.get("/api/v1/snippets/ada/two-files/versions").json["items"]
    assert [v["number"] for v in history] == [2, 1, 0]
    assert history[1]["message"] == "add not mul" and history[1]["parents"] == [head]
    assert history[0]["files_changed"] == ["main.py", "new.py"]
    snippet = ada.get("/api/v1/snippets/ada/two-files").json
    assert snippet["head"]["rev"] == retry.json["rev"] and snippet["head"]["number"] == 2


def test_diff(ada):
    first = ada.create()["head"]["rev"]
    second = ada.post("/api/v1/snippets/ada/two-files/versions", json={"parent": first, "files": {"helper.py": "def twice(x):\n    return x + x\n"}}).json["rev"]
    diff = ada.get(f"/api/v1/snippets/ada/two-files/diff?from={first}&to={second}")
    assert diff.status_code == 200
    assert "-    return 2 * x" in diff.get_data(as_text=True)
    assert "+    return x + x" in diff.get_data(as_text=True)


def test_only_the_owner_changes(ada, bo):
    head = ada.create()["head"]["rev"]
    assert bo.post("/api/v1/snippets/ada/two-files/versions", json={"parent": head, "files": {"a.py": ""}}).status_code == 403
    assert bo.patch("/api/v1/snippets/ada/two-files", json={"title": "mine"}).status_code == 403
    assert bo.delete("/api/v1/snippets/ada/two-files").status_code == 403


def test_patch_and_delete(ada, site):
    ada.create(tags=["a"])
    patched = ada.patch("/api/v1/snippets/ada/two-files", json={"title": "New title", "tags": ["b/c"]})
    assert patched.status_code == 200
    assert patched.json["title"] == "New title" and patched.json["tags"] == ["b/c"]
    path = site.repos.path_for("ada", "two-files")
    assert path.is_dir()
    assert ada.delete("/api/v1/snippets/ada/two-files").status_code == 204
    assert ada.get("/api/v1/snippets/ada/two-files").status_code == 404
    assert not path.exists()


def test_fork_keeps_history_and_credits(ada, bo):
    head = ada.create()["head"]["rev"]
    ada.post("/api/v1/snippets/ada/two-files/versions", json={"parent": head, "files": {"extra.py": "1\n"}})
    fork = bo.post("/api/v1/snippets/ada/two-files/forks", json={})
    assert fork.status_code == 201
    assert fork.json["id"] == "bo/two-files"
    assert fork.json["forked_from"]["id"] == "ada/two-files"
    assert len(bo.get("/api/v1/snippets/bo/two-files/versions").json["items"]) == 2
    new = bo.post("/api/v1/snippets/bo/two-files/versions", json={"parent": fork.json["head"]["rev"], "files": {"bo.py": "2\n"}})
    assert new.status_code == 201
    credits = bo.get("/api/v1/snippets/bo/two-files").json["credits"]
    assert credits == {"author": "ada", "contributors": ["bo"], "committers": ["ada", "bo"]}
    original = ada.get("/api/v1/snippets/ada/two-files").json
    assert original["forks_count"] == 1 and original["credits"]["contributors"] == ["bo"]
    assert [f["id"] for f in ada.get("/api/v1/snippets/ada/two-files/forks").json["items"]] == ["bo/two-files"]
    # the original did not change
    assert len(ada.get("/api/v1/snippets/ada/two-files/versions").json["items"]) == 2


def test_network(ada, bo, app):
    from tests.conftest import Api

    cy = Api(app.test_client()).sign_up("cy")
    ada.create()
    bo_fork = bo.post("/api/v1/snippets/ada/two-files/forks").json
    bo.post("/api/v1/snippets/bo/two-files/versions", json={"parent": bo_fork["head"]["rev"], "files": {"b.py": "1"}})
    cy.post("/api/v1/snippets/bo/two-files/forks", json={"name": "my-copy"})
    network = cy.get("/api/v1/snippets/cy/my-copy/network").json
    assert network["root"] == "ada/two-files"
    nodes = {n["id"]: n for n in network["nodes"]}
    assert set(nodes) == {"ada/two-files", "bo/two-files", "cy/my-copy"}
    assert nodes["bo/two-files"]["versions_ahead"] == 1
    assert nodes["bo/two-files"]["forked_from"] == "ada/two-files"
    assert nodes["cy/my-copy"]["forked_from"] == "bo/two-files" and nodes["cy/my-copy"]["versions_ahead"] == 0
    dates = [n["head"]["date"] for n in network["nodes"]]
    assert dates == sorted(dates, reverse=True)


def test_forking_your_own_needs_a_new_name(ada):
    ada.create()
    assert ada.post("/api/v1/snippets/ada/two-files/forks").status_code == 409
    assert ada.post("/api/v1/snippets/ada/two-files/forks", json={"name": "variant"}).status_code == 201


def test_comments_and_line_comments(ada, bo):
    head = ada.create()["head"]["rev"]
    plain = bo.post("/api/v1/snippets/ada/two-files/comments", json={"body": "Nice!"})
    assert plain.status_code == 201 and plain.json["rev"] == head and plain.json["line"] is None
    line = bo.post("/api/v1/snippets/ada/two-files/comments", json={"body": "why 2?", "rev": head, "path": "helper.py", "line": 2})
    assert line.status_code == 201 and line.json["path"] == "helper.py" and line.json["line"] == 2
    missing_line = bo.post("/api/v1/snippets/ada/two-files/comments", json={"body": "x", "rev": head, "path": "helper.py", "line": 3})
    assert missing_line.status_code == 422
    missing_file = bo.post("/api/v1/snippets/ada/two-files/comments", json={"body": "x", "path": "nope.py", "line": 1})
    assert missing_file.status_code == 404
    listed = bo.get("/api/v1/snippets/ada/two-files/comments").json["items"]
    assert [c["body"] for c in listed] == ["Nice!", "why 2?"]
    by_path = bo.get("/api/v1/snippets/ada/two-files/comments?path=helper.py").json["items"]
    assert [c["line"] for c in by_path] == [2]


def test_ratings_one_per_user(ada, bo, app):
    from tests.conftest import Api

    cy = Api(app.test_client()).sign_up("cy")
    ada.create()
    assert bo.put("/api/v1/snippets/ada/two-files/rating", json={"stars": 2}).json == {"average": 2.0, "count": 1, "mine": 2}
    assert bo.put("/api/v1/snippets/ada/two-files/rating", json={"stars": 4}).json == {"average": 4.0, "count": 1, "mine": 4}
    assert cy.put("/api/v1/snippets/ada/two-files/rating", json={"stars": 5}).json == {"average": 4.5, "count": 2, "mine": 5}
    for bad in [0, 6, 2.5, "3", True, None]:
        assert cy.put("/api/v1/snippets/ada/two-files/rating", json={"stars": bad}).status_code == 422
    assert ada.get("/api/v1/snippets/ada/two-files").json["rating"] == {"average": 4.5, "count": 2}


def test_list_filters_sorting_and_paging(ada, bo):
    ada.create(title="Alpha", tags=["calculus/limits"])
    ada.create(title="Beta", tags=["calculus/taylor"])
    bo.create(title="Gamma", tags=["algebra"])
    bo.put("/api/v1/snippets/ada/beta/rating", json={"stars": 5})
    listing = ada.get("/api/v1/snippets?per_page=2").json
    assert listing["total"] == 3 and len(listing["items"]) == 2 and listing["page"] == 1
    assert [s["title"] for s in ada.get("/api/v1/snippets?per_page=2&page=2").json["items"]] == ["Alpha"]
    assert {s["title"] for s in ada.get("/api/v1/snippets?tag=calculus").json["items"]} == {"Alpha", "Beta"}
    assert [s["title"] for s in ada.get("/api/v1/snippets?owner=BO").json["items"]] == ["Gamma"]
    assert [s["title"] for s in ada.get("/api/v1/snippets?sort=title").json["items"]] == ["Alpha", "Beta", "Gamma"]
    assert ada.get("/api/v1/snippets?sort=rating").json["items"][0]["title"] == "Beta"
    assert [s["title"] for s in ada.get("/api/v1/snippets?q=amm").json["items"]] == ["Gamma"]


def test_tags_with_hierarchy(ada, site):
    ada.create(title="One", tags=["calculus/limits", "plotting"])
    ada.create(title="Two", tags=["calculus/taylor"])
    site.indexer.flush()
    tags = {t["name"]: t["count"] for t in ada.get("/api/v1/tags?prefix=calc").json["items"]}
    assert tags == {"calculus": 2, "calculus/limits": 1, "calculus/taylor": 1}
    children = [t["name"] for t in ada.get("/api/v1/tags?parent=calculus").json["items"]]
    assert children == ["calculus/limits", "calculus/taylor"]


@pytest.mark.parametrize("rev", ["zzz", "0" * 40, "99"])
def test_unknown_revisions_are_404(ada, rev):
    ada.create()
    assert ada.get(f"/raw/ada/two-files/{rev}/main.py").status_code == 404
    assert ada.get(f"/api/v1/snippets/ada/two-files/files?rev={rev}").status_code == 404
