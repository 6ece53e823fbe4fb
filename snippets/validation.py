"""Checks on what clients send: one function per kind of value, each raising Invalid."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from snippets.errors import BadRequest, Invalid, TooLarge

USERNAME = re.compile(r"^[A-Za-z0-9_-]{1,39}$")
SNIPPET_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")
TAG_SEGMENT = re.compile(r"^[a-z0-9+#.-]+$")
MAX_TAGS = 20
MAX_TITLE = 200
MAX_BLURB = 20_000
MAX_MESSAGE = 5_000


def json_object(payload: Any) -> dict[str, Any]:
    """The request body must be a JSON object."""
    if not isinstance(payload, dict):
        raise BadRequest("The request body must be a JSON object.")
    return payload


def field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], *, required: bool = False, default: Any = None) -> Any:
    """One field of a JSON body, of the right type."""
    if name not in data or data[name] is None:
        if required:
            raise Invalid(f"The field '{name}' is required.")
        return default
    value = data[name]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise Invalid(f"The field '{name}' must be of type {_json_type(names)}.")
    return value


def _json_type(python_names: str) -> str:
    return python_names.replace("str", "string").replace("dict", "object").replace("list", "array").replace("int", "integer")


RESERVED_USERNAMES = frozenset(
    "api raw zip files static tags run new login logout signup search s u embed about admin hg".split()
)


def username(value: Any) -> str:
    if not isinstance(value, str) or not USERNAME.match(value):
        raise Invalid("Usernames are 1-39 letters, digits, '_' or '-'.")
    if value.lower() in RESERVED_USERNAMES:
        raise Invalid(f"The username '{value}' is reserved.")
    return value


def password(value: Any) -> str:
    if not isinstance(value, str) or not 8 <= len(value) <= 1024:
        raise Invalid("Passwords are 8 to 1024 characters long.")
    return value


def snippet_name(value: Any) -> str:
    if not isinstance(value, str) or not SNIPPET_NAME.match(value):
        raise Invalid("Snippet names are 1-100 letters, digits, '.', '_' or '-', not starting with '.'.")
    return value


def title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("The title must be a non-empty string.")
    value = " ".join(value.split())
    if len(value) > MAX_TITLE:
        raise Invalid(f"The title is longer than {MAX_TITLE} characters.")
    return value


def blurb(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("The blurb must be a string.")
    if len(value) > MAX_BLURB:
        raise Invalid(f"The blurb is longer than {MAX_BLURB} characters.")
    return value


def message(value: Any, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise Invalid("The commit message must be a string.")
    value = value.strip() or default
    if len(value) > MAX_MESSAGE:
        raise Invalid(f"The commit message is longer than {MAX_MESSAGE} characters.")
    return value


def file_path(value: Any) -> str:
    """A relative POSIX path inside the snippet: no '..', no absolute paths, no '.hg'."""
    if not isinstance(value, str) or not value:
        raise Invalid("File paths must be non-empty strings.")
    if len(value) > 500:
        raise Invalid(f"The file path '{value[:40]}...' is too long.")
    if value.startswith("/") or "\\" in value or "\x00" in value or any(ord(c) < 32 for c in value):
        raise Invalid(f"The file path '{value}' must be a relative POSIX path.")
    parts = value.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise Invalid(f"The file path '{value}' has an empty, '.' or '..' part.")
        if part.lower() in (".hg", ".hgsub", ".hgtags", ".hgsubstate"):
            raise Invalid(f"The file path '{value}' names a Mercurial file.")
    return value


def files(value: Any, *, max_files: int, max_file_bytes: int, required: bool) -> dict[str, bytes]:
    """A ``{path: text}`` object, as bytes ready to commit."""
    if value is None:
        if required:
            raise Invalid("The field 'files' is required and must name at least one file.")
        return {}
    if not isinstance(value, dict):
        raise Invalid("The field 'files' must be an object of path to text.")
    if required and not value:
        raise Invalid("A snippet needs at least one file.")
    if len(value) > max_files:
        raise TooLarge(f"A version may hold at most {max_files} files.")
    result: dict[str, bytes] = {}
    for path, text in value.items():
        path = file_path(path)
        if not isinstance(text, str):
            raise Invalid(f"The content of '{path}' must be a string.")
        try:
            data = text.encode()
        except UnicodeEncodeError:
            raise Invalid(f"The content of '{path}' must be valid Unicode text.") from None
        if len(data) > max_file_bytes:
            raise TooLarge(f"The file '{path}' is larger than {max_file_bytes // 1024} KiB.")
        result[path] = data
    _refuse_file_folder_clash(set(result))
    return result


def _refuse_file_folder_clash(paths: set[str]) -> None:
    for path in paths:
        parts = path.split("/")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in paths:
                raise Invalid(f"'{'/'.join(parts[:i])}' cannot be both a file and a folder.")


def delete_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid("The field 'delete' must be an array of paths.")
    return [file_path(p) for p in value]


def tag(value: Any) -> str:
    """A lower-case tag; '/' separates levels of the hierarchy."""
    if not isinstance(value, str):
        raise Invalid("Tags must be strings.")
    value = value.strip().lower().strip("/")
    segments = value.split("/")
    if not value or len(value) > 100 or not all(TAG_SEGMENT.match(s) for s in segments):
        raise Invalid(f"The tag '{value[:40]}' must be segments of a-z, 0-9, '+', '#', '.', '-' joined by '/'.")
    return value


def tags(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid("The field 'tags' must be an array of strings.")
    result = sorted({tag(t) for t in value})
    if len(result) > MAX_TAGS:
        raise Invalid(f"A snippet may have at most {MAX_TAGS} tags.")
    return result


def slugify(text: str) -> str:
    """A snippet name made from a title: 'Taylor series of sin' -> 'taylor-series-of-sin'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:80] or "snippet"


def positive_int(value: Any, name: str, *, default: int, maximum: int) -> int:
    """A paging or count parameter from the query string."""
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"The parameter '{name}' must be a whole number.") from None
    if number < 1:
        raise BadRequest(f"The parameter '{name}' must be at least 1.")
    return min(number, maximum)
