"""Domain errors, and the one place that turns them into API.md's error JSON."""

from __future__ import annotations

from typing import Any


class SnipcellError(Exception):
    """An error a client caused or must hear about; never a crash."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


class BadRequest(SnipcellError):
    status, code = 400, "bad_request"


class NotLoggedIn(SnipcellError):
    status, code = 401, "not_logged_in"


class Forbidden(SnipcellError):
    status, code = 403, "forbidden"


class NotFound(SnipcellError):
    status, code = 404, "not_found"


class Conflict(SnipcellError):
    status, code = 409, "conflict"


class TooLarge(SnipcellError):
    status, code = 413, "too_large"


class Invalid(SnipcellError):
    status, code = 422, "invalid"


class RateLimited(SnipcellError):
    status, code = 429, "rate_limited"


# The domain errors' own codes, and the statuses only Flask and Werkzeug raise.
HTTP_SLUGS = {
    **{error.status: error.code for error in SnipcellError.__subclasses__()},
    405: "method_not_allowed",
    415: "unsupported_media_type",
    500: "internal_error",
}


def error_json(status: int, message: str) -> dict[str, Any]:
    """The error body for a plain HTTP status (routing errors, oversize bodies)."""
    return {"error": {"code": HTTP_SLUGS.get(status, "error"), "message": message}}
