"""The application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from snippets.config import Config, load_config
from snippets.errors import SnipcellError, error_json
from snippets.site import Site

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the Flask app for one instance; ``config`` may be a Config or overrides."""
    if not isinstance(config, Config):
        config = load_config(config)
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(config.instance),
    )
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=config.max_request_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        TESTING=config.testing,
        JSON_SORT_KEYS=False,
    )
    site = Site(config)
    site.db.create_all()
    app.extensions["snipcell"] = site

    from snippets import auth
    from snippets.views import api, computations, files, hg, pages, raw, run  # noqa: F401 (computations adds routes to api)

    auth.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(raw.bp)
    app.register_blueprint(hg.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(run.bp)
    _register_error_handlers(app)
    if config.embedded_device and not config.testing:
        site.start_device()
    return app


JSON_PREFIXES = ("/api/", "/raw/", "/zip/", "/files/")


def _wants_json() -> bool:
    """API and download addresses answer errors in JSON; pages answer with a page."""
    return request.path.startswith(JSON_PREFIXES) or request.accept_mimetypes.best == "application/json"


def _register_error_handlers(app: Flask) -> None:
    """Domain errors and HTTP errors become API.md's error JSON (or a page)."""
    from flask import render_template

    @app.errorhandler(SnipcellError)
    def domain_error(error: SnipcellError):
        if _wants_json():
            return jsonify(error.to_json()), error.status
        return render_template("error.html", status=error.status, message=error.message), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = _http_message(status, error)
        if _wants_json():
            return jsonify(error_json(status, message)), status, _allow_header(error)
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        message = "Something went wrong on our side; nothing you sent was lost."
        if _wants_json():
            return jsonify(error_json(500, message)), 500
        return render_template("error.html", status=500, message=message), 500


def _http_message(status: int, error: HTTPException) -> str:
    return {
        404: "There is nothing at this address.",
        405: "This address does not accept that method.",
        413: "The request body is too large.",
    }.get(status, (error.description or error.name).split("\n")[0])


def _allow_header(error: HTTPException) -> dict[str, str]:
    valid = getattr(error, "valid_methods", None)
    return {"Allow": ", ".join(valid)} if valid else {}
