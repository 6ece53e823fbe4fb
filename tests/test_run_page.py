"""The /run page: code carried in ``?z=`` (raw DEFLATE + base64url) or ``?code=``, and /s/ short links."""

from __future__ import annotations

import base64
import html
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest

from snippets.errors import BadRequest, TooLarge
from snippets.services.shortlinks import decode_code, encode_code

CODE = "from math import pi\nprint(f'π ≈ {pi:.5f}')  # ünïcode\n" + "x = [i * i for i in range(10)]\n" * 5


def deflate_raw_b64url(data: bytes, level: int) -> str:
    """What another compressor (e.g. the browser's CompressionStream) may produce for the same code."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(compressor.compress(data) + compressor.flush()).rstrip(b"=").decode()


def test_encode_is_raw_deflate_in_unpadded_base64url():
    z = encode_code(CODE)
    assert set(z) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    raw = base64.urlsafe_b64decode(z + "=" * (-len(z) % 4))
    assert zlib.decompress(raw, -15).decode() == CODE
    assert len(z) < len(CODE)


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_decode_reads_any_compressor_output(level):
    assert decode_code(deflate_raw_b64url(CODE.encode(), level), 64 * 1024) == CODE


def test_decode_accepts_padding_free_and_empty():
    assert decode_code(encode_code(""), 1024) == ""
    assert decode_code(encode_code("a"), 1024) == "a"


@pytest.mark.parametrize("z", ["not base64!", "AAAA", "////", encode_code(CODE)[:-6]])
def test_decode_refuses_damaged_links(z):
    with pytest.raises(BadRequest):
        decode_code(z, 64 * 1024)


def test_decode_refuses_non_utf8():
    with pytest.raises(BadRequest):
        decode_code(deflate_raw_b64url(b"\xff\xfe\xfa", 6), 1024)


def test_decode_stops_a_zip_bomb_at_the_code_limit():
    bomb = deflate_raw_b64url(b"0" * 10_000_000, 9)
    assert len(bomb) < 20_000
    with pytest.raises(TooLarge):
        decode_code(bomb, 64 * 1024)


def prefilled(response) -> str:
    text = response.get_data(as_text=True)
    start = text.index(">", text.index('<textarea id="run-code"')) + 1
    return html.unescape(text[start : text.index("</textarea>", start)])


def test_run_page_is_prefilled_from_z(client):
    response = client.get("/run", query_string={"z": encode_code(CODE)})
    assert response.status_code == 200
    assert prefilled(response) == CODE


def test_run_page_is_prefilled_from_plain_code(client):
    response = client.get("/run", query_string={"code": "print(1 + 1)\n"})
    assert prefilled(response) == "print(1 + 1)\n"


def test_run_page_without_code_is_empty(client):
    response = client.get("/run")
    assert response.status_code == 200
    assert prefilled(response) == ""


def test_run_page_with_damaged_z_answers_400(client):
    response = client.get("/run?z=@@@")
    assert response.status_code == 400
    assert "damaged" in response.get_data(as_text=True)


def test_run_page_escapes_the_code(client):
    response = client.get("/run", query_string={"code": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert prefilled(response) == "</textarea><script>alert(1)</script>"


def test_short_link_redirects_to_the_permalink(api, client):
    created = api.post("/api/v1/shortlinks", json={"code": CODE})
    assert created.status_code == 201
    again = api.post("/api/v1/shortlinks", json={"code": CODE}).json
    assert again["id"] == created.json["id"]
    assert urlsplit(created.json["url"]).path == f"/s/{created.json['id']}"
    response = client.get(f"/s/{created.json['id']}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/run"
    assert decode_code(parse_qs(location.query)["z"][0], 64 * 1024) == CODE
    assert prefilled(client.get(response.headers["Location"])) == CODE


def test_different_code_gets_a_different_short_link(api):
    one = api.post("/api/v1/shortlinks", json={"code": "print(1)"}).json["id"]
    two = api.post("/api/v1/shortlinks", json={"code": "print(2)"}).json["id"]
    assert one != two


def test_unknown_short_link_is_404(client):
    assert client.get("/s/AAAAAAAAAAAA").status_code == 404
    assert client.get("/s/..").status_code == 404


def test_short_link_needs_code(api):
    response = api.post("/api/v1/shortlinks", json={})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"


def test_static_modules_are_open_to_other_sites(client):
    response = client.get("/static/js/cell.js")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    response.close()
