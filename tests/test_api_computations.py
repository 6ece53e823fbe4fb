"""The computations API over a real HTTP server with the embedded device."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.conftest import LiveServer


class Client:
    """Speaks the computations API like a browser would: POST, then long-poll."""

    def __init__(self, live: LiveServer, token: str | None = None) -> None:
        self.url = live.url
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def start(self, code: str, **extra) -> str:
        response = self.http.post(f"{self.url}/api/v1/computations", json={"code": code, **extra}, timeout=10)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        return response.json()["id"]

    def messages(self, computation_id: str, wait: float = 20) -> list[dict]:
        after, seen = 0, []
        for _ in range(200):
            page = self.http.get(
                f"{self.url}/api/v1/computations/{computation_id}/messages", params={"after": after, "wait": wait}, timeout=wait + 10
            ).json()
            seen += page["messages"]
            if page["messages"]:
                after = page["messages"][-1]["seq"]
            if page["done"]:
                return seen
        raise AssertionError("the computation never finished")

    def run(self, code: str, **extra) -> list[dict]:
        return self.messages(self.start(code, **extra))


def sign_up(live: LiveServer, username: str) -> str:
    requests.post(f"{live.url}/api/v1/users", json={"username": username, "password": "long enough"}, timeout=10)
    return requests.post(f"{live.url}/api/v1/tokens", json={"username": username, "password": "long enough"}, timeout=10).json()["token"]


def by_type(messages: list[dict], msg_type: str) -> list[dict]:
    return [m["content"] for m in messages if m["msg_type"] == msg_type]


def stdout(messages: list[dict]) -> str:
    return "".join(c["text"] for c in by_type(messages, "stream") if c["name"] == "stdout")


@pytest.fixture(scope="module")
def module_live(tmp_path_factory):
    from tests.conftest import serve
    from snippets import create_app

    app = create_app({"instance": tmp_path_factory.mktemp("live") / "instance", "testing": True, "embedded_device": False,
                      "wall_seconds": 10.0, "cpu_seconds": 5, "rate_limit_per_minute": 100000})
    app.extensions["snipcell"].start_device()
    yield from serve(app)


@pytest.fixture(scope="module")
def client(module_live):
    return Client(module_live)


@pytest.fixture(scope="module")
def owner(module_live):
    token = sign_up(module_live, "ada")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def test_print_end_to_end(client):
    messages = client.run("print(1+1)")
    assert stdout(messages) == "2\n"
    assert messages[-1]["msg_type"] == "execute_reply"
    assert messages[-1]["content"]["status"] == "ok"
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))
    first = messages[0]
    assert first["header"]["version"].startswith("5.")
    assert first["parent_header"]["msg_type"] == "execute_request"
    assert {"msg_id", "msg_type", "session", "date", "version"} <= set(first["header"])


def test_status_document(client):
    computation_id = client.start("x = 1")
    client.messages(computation_id)
    status = client.http.get(f"{client.url}/api/v1/computations/{computation_id}").json()
    assert status["status"] == "done"
    assert status["created"].endswith("Z") and status["finished"].endswith("Z")


def test_long_poll_never_duplicates_nor_misses(client):
    code = "import time, sys\nfor i in range(6):\n    print(i, flush=True)\n    time.sleep(0.2)\n"
    computation_id = client.start(code)
    messages = client.messages(computation_id, wait=1)
    assert stdout(messages) == "".join(f"{i}\n" for i in range(6))
    assert len(by_type(messages, "stream")) >= 2, "output should stream in several messages"
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(1, len(seqs) + 1))
    again = client.http.get(f"{client.url}/api/v1/computations/{computation_id}/messages", params={"after": seqs[-2]}).json()
    assert [m["seq"] for m in again["messages"]] == [seqs[-1]] and again["done"] is True


def test_wait_holds_until_a_message(client):
    computation_id = client.start("import time\ntime.sleep(0.5)\nprint('late')")
    page = client.http.get(f"{client.url}/api/v1/computations/{computation_id}/messages", params={"after": 0, "wait": 10}).json()
    assert page["messages"], "a wait returns with the first message, not empty"


def test_errors_and_results(client):
    error = client.run("def f():\n    return 1/0\nf()")
    reply = error[-1]["content"]
    assert reply["status"] == "error"
    (content,) = by_type(error, "error")
    assert content["ename"] == "ZeroDivisionError"
    assert any('<cell>", line 2' in line for line in content["traceback"])
    result = client.run("21 * 2")
    assert by_type(result, "execute_result")[0]["data"]["text/plain"] == "42"


def test_code_limit_is_413(client):
    response = client.http.post(f"{client.url}/api/v1/computations", json={"code": "#" * (64 * 1024 + 1)})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    "body,status",
    [({}, 422), ({"code": 5}, 422), ({"code": "1", "mode": "x"}, 422), ({"code": "1", "snippet": "nobody/none"}, 404),
     ({"code": "1", "snippet": "bad"}, 422), ({"code": "1", "rev": "tip"}, 422)],
)
def test_bad_computations(client, body, status):
    response = client.http.post(f"{client.url}/api/v1/computations", json=body)
    assert response.status_code == status
    assert response.json()["error"]["message"]


def test_runs_in_the_snippet_directory(client, owner, module_live):
    files = {"main.py": "print('main ran')\n", "geometry/__init__.py": "", "geometry/area.py": "def circle(r):\n    return 3 * r * r\n"}
    created = owner.post(f"{module_live.url}/api/v1/snippets", json={"title": "Multi", "files": files}).json()
    messages = client.run("from geometry.area import circle\nprint(circle(2))\nimport os\nprint(sorted(os.listdir('.')))", snippet=created["id"])
    out = stdout(messages)
    assert "main ran" not in out, "a multi-file snippet's files are not run first"
    assert "12\n" in out and "'geometry'" in out and "'main.py'" in out


def test_one_file_snippet_runs_first_and_rev_is_pinned(client, owner, module_live):
    created = owner.post(f"{module_live.url}/api/v1/snippets", json={"title": "One", "files": {"f.py": "VALUE = 1\nprint('file')\n"}}).json()
    first = created["head"]["rev"]
    owner.post(f"{module_live.url}/api/v1/snippets/{created['id']}/versions", json={"parent": first, "files": {"f.py": "VALUE = 2\n"}})
    assert stdout(client.run("print(VALUE)", snippet=created["id"])) == "2\n"
    assert stdout(client.run("print(VALUE)", snippet=created["id"], rev=first)) == "file\n1\n"


def test_written_files_areserved(client):
    messages = client.run("with open('table.csv', 'w') as f:\n    f.write('a,b\\n1,2\\n')")
    (files,) = [c["content"]["files"] for c in by_type(messages, "extension") if c["msg_type"] == "files"]
    assert [f["path"] for f in files] == ["table.csv"]
    response = client.http.get(client.url + files[0]["url"])
    assert response.status_code == 200 and response.text == "a,b\n1,2\n"
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.http.get(f"{client.url}/files/nope/x.txt").status_code == 404


def test_concurrent_clients(module_live):
    results: dict[int, str] = {}

    def one(n: int) -> None:
        results[n] = stdout(Client(module_live).run(f"print({n} * {n})"))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: f"{n * n}\n" for n in range(16)}


def test_cors_for_embeds(client):
    preflight = client.http.options(f"{client.url}/api/v1/computations", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_interact_updates_and_validation(client):
    code = "@interact\ndef square(n=slider(1, 10, 1, default=3), label='x'):\n    print(label, n * n)\n"
    messages = client.run(code)
    (prepare,) = [c["content"] for c in by_type(messages, "extension") if c["msg_type"] == "interact_prepare"]
    interact_id = prepare["interact_id"]
    assert stdout(messages) == "x 9\n"
    assert [c["name"] for c in prepare["controls"]] == ["n", "label"]
    session = messages[0]["parent_header"]["msg_id"]
    url = f"{client.url}/api/v1/computations/{session}/interacts/{interact_id}"
    update = client.http.post(url, json={"values": {"n": 7}})
    assert update.status_code == 202
    new_messages = client.messages(update.json()["id"])
    assert stdout(new_messages) == "x 49\n"
    assert all(m["metadata"].get("interact_id") == interact_id for m in by_type_full(new_messages, "stream"))
    assert client.http.post(url, json={"values": {"n": 99}}).status_code == 422
    assert client.http.post(url, json={"values": {"nope": 1}}).status_code == 422
    assert client.http.post(url, json={"values": 5}).status_code == 422
    assert client.http.post(f"{client.url}/api/v1/computations/{session}/interacts/unknown", json={"values": {}}).status_code == 404


def by_type_full(messages: list[dict], msg_type: str) -> list[dict]:
    return [m for m in messages if m["msg_type"] == msg_type]


def test_interact_on_a_lost_session_is_replayed(client, module_live):
    code = "@interact\ndef cube(k=(1, 5)):\n    print('cube', k ** 3)\n"
    messages = client.run(code)
    (prepare,) = [c["content"] for c in by_type(messages, "extension") if c["msg_type"] == "interact_prepare"]
    session = messages[0]["parent_header"]["msg_id"]
    module_live.site.device.runner.close_session(session)
    update = client.http.post(f"{client.url}/api/v1/computations/{session}/interacts/{prepare['interact_id']}", json={"values": {"k": 4}})
    assert update.status_code == 202
    assert stdout(client.messages(update.json()["id"])) == "cube 64\n", "the cell is replayed quietly, then the new value applied"


def test_markdown_is_also_sent_as_html(client):
    messages = client.run("display(Markdown('# Title\\n\\nSome *emphasis*.'))")
    (shown,) = by_type(messages, "display_data")
    assert shown["data"]["text/markdown"].startswith("# Title")
    assert "<h1>Title</h1>" in shown["data"]["text/html"] and "<em>emphasis</em>" in shown["data"]["text/html"]


def test_notifier_never_loses_a_wake_up_and_forgets_old_topics():
    from snippets.notify import MAX_TOPICS, Notifier

    notifier = Notifier()
    seen = notifier.version("c1")
    notifier.notify("c1")  # between reading the version and waiting
    assert notifier.wait("c1", seen, timeout=5) == seen + 1
    for n in range(MAX_TOPICS + 10):
        notifier.notify(f"t{n}")
    assert notifier.version("t0") == 0 and notifier.version(f"t{MAX_TOPICS + 9}") == 1
