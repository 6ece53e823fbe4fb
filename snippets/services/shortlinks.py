"""Code carried in links: ``?z=`` permalinks and ``/s/<id>`` short links of the /run page.

``z`` is the code, UTF-8, compressed with raw DEFLATE (RFC 1951) and written in
unpadded base64url: the browser makes it with ``CompressionStream("deflate-raw")``
and Python with ``zlib`` (wbits -15), and each reads the other's.

A short link's id is a hash of the code, so the same code always gets the same
link and two writers never disagree. The code is kept as a small file under the
instance folder (``shortlinks/<2>/<id>``), written atomically.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import tempfile
import zlib
from pathlib import Path

from snippets.errors import BadRequest, NotFound, TooLarge

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{12}$")


def encode_code(code: str) -> str:
    """The ``z`` of ``code``: raw DEFLATE, unpadded base64url."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(code.encode("utf-8")) + compressor.flush()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_code(z: str, max_bytes: int) -> str:
    """The code in a ``z``; BadRequest if it is damaged, TooLarge past ``max_bytes`` of code."""
    if len(z) > 4 * max_bytes or not re.fullmatch(r"[A-Za-z0-9_-]*", z):
        raise BadRequest("The link's code is damaged: 'z' must be base64url.")
    try:
        raw = base64.urlsafe_b64decode(z + "=" * (-len(z) % 4))
        inflater = zlib.decompressobj(-15)
        data = inflater.decompress(raw, max_bytes + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise BadRequest("The link's code is damaged and cannot be read.") from None
    if len(data) > max_bytes:
        raise TooLarge(f"Code is limited to {max_bytes // 1024} KiB.")
    if not inflater.eof:
        raise BadRequest("The link's code is cut short.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The link's code is not UTF-8 text.") from None


def short_id(code: str) -> str:
    """12 base64url characters of the code's SHA-256 (72 bits)."""
    return base64.urlsafe_b64encode(hashlib.sha256(code.encode("utf-8")).digest()[:9]).decode("ascii")


def _path(site, link_id: str) -> Path:
    return Path(site.config.instance) / "shortlinks" / link_id[:2] / link_id


def shorten(site, code: str) -> str:
    """Keep ``code`` under its short id (idempotent) and return the id."""
    if len(code.encode("utf-8", "replace")) > site.config.max_code_bytes:
        raise TooLarge(f"Code is limited to {site.config.max_code_bytes // 1024} KiB.")
    link_id = short_id(code)
    path = _path(site, link_id)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            handle.write(code)
        os.replace(handle.name, path)
    return link_id


def expand(site, link_id: str) -> str:
    """The code kept under ``link_id``; NotFound for an unknown id."""
    path = _path(site, link_id) if ID_PATTERN.match(link_id) else None
    if path is None or not path.is_file():
        raise NotFound(f"There is no short link '{link_id}'.")
    return path.read_text(encoding="utf-8")
