"""`hg clone` and `hg pull` of a snippet over a real HTTP server, with both Mercurial command lines; pushes refused."""
from __future__ import annotations

import pytest
import requests
from hgcli import hg_binaries, run_hg

from tests.conftest import Api


@pytest.fixture
def shared(live):
    owner = Api(live.app.test_client()).sign_up("ada")
    created = owner.create(title="Two files")
    return live, owner, created


@pytest.mark.parametrize("hg", hg_binaries())
def test_clone_then_pull_a_new_version(shared, hg, tmp_path):
    live, owner, created = shared
    url = f"{live.url}/hg/ada/two-files"
    run_hg(hg, "clone", url, str(tmp_path / "two-files"))
    clone = tmp_path / "two-files"
    assert (clone / "helper.py").read_text() == "def twice(x):\n    return 2 * x\n"
    assert run_hg(hg, "log", "-T", "{node}", cwd=clone).stdout == created["head"]["rev"]

    version = owner.post("/api/v1/snippets/ada/two-files/versions",
                         json={"parent": created["head"]["rev"], "files": {"helper.py": "def twice(x):\n    return x + x\n"}})
    assert version.status_code == 201, version.json
    run_hg(hg, "pull", "-u", cwd=clone)
    assert (clone / "helper.py").read_text() == "def twice(x):\n    return x + x\n"
    assert run_hg(hg, "log", "-r", "tip", "-T", "{node}", cwd=clone).stdout == version.json["rev"]


def test_push_is_refused_and_changes_nothing(shared, tmp_path):
    live, owner, created = shared
    hg = hg_binaries()[0]
    clone = tmp_path / "c"
    run_hg(hg, "clone", f"{live.url}/hg/ada/two-files", str(clone))
    (clone / "evil.py").write_text("print('pwned')\n")
    run_hg(hg, "commit", "-A", "-m", "evil", "-u", "mallory", cwd=clone)
    pushed = run_hg(hg, "push", cwd=clone, check=False)
    assert pushed.returncode != 0
    assert owner.get("/api/v1/snippets/ada/two-files").json["head"]["rev"] == created["head"]["rev"]


def test_a_browser_is_sent_to_the_page_and_unknown_snippets_are_404(shared):
    live, _owner, _created = shared
    page = requests.get(f"{live.url}/hg/ADA/two-files", allow_redirects=False, timeout=10)
    assert page.status_code == 302 and page.headers["Location"].endswith("/ada/two-files")
    missing = requests.get(f"{live.url}/hg/ada/nothing?cmd=capabilities", timeout=10)
    assert missing.status_code == 404
    for command in ("archive&node=tip&type=zip", "log", "file&node=tip&file=main.py"):
        assert requests.get(f"{live.url}/hg/ada/two-files?cmd={command}", timeout=10).status_code == 404


def test_the_snippet_page_shows_the_clone_command(shared):
    live, _owner, _created = shared
    html = requests.get(f"{live.url}/ada/two-files", timeout=10).text
    assert f"hg clone {live.url}/hg/ada/two-files" in html
