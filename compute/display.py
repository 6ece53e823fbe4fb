"""Rich display: turn any object into a MIME bundle, and small wrappers (HTML, Latex, ...) for `display()`."""
from __future__ import annotations

import base64
import sys
from pathlib import Path

__all__ = ["HTML", "Latex", "Markdown", "SVG", "Image", "mimebundle"]

_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_latex_", "text/latex"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
)
_BINARY = {"image/png", "image/jpeg"}


class _Text:
    """A string shown under one MIME type."""

    mime = "text/plain"

    def __init__(self, data: str) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"

    def _repr_mimebundle_(self) -> dict:
        return {self.mime: self.data}


class HTML(_Text):
    mime = "text/html"


class Markdown(_Text):
    """Markdown, also rendered to HTML (CommonMark) so pages show it formatted, in their sandbox."""

    mime = "text/markdown"

    def _repr_mimebundle_(self) -> dict:
        from markdown_it import MarkdownIt

        return {self.mime: self.data, "text/html": MarkdownIt("commonmark").render(self.data)}


class SVG(_Text):
    mime = "image/svg+xml"


class Latex(_Text):
    mime = "text/latex"


class Image:
    """A PNG or JPEG image from bytes or a file of the computation's directory."""

    def __init__(self, data: bytes | None = None, filename: str | None = None, format: str = "png") -> None:
        if data is None and filename is None:
            raise ValueError("Image needs data or filename")
        self.data = data if data is not None else Path(filename).read_bytes()
        if filename and format == "png" and filename.lower().endswith((".jpg", ".jpeg")):
            format = "jpeg"
        self.mime = f"image/{format}"

    def __repr__(self) -> str:
        return "<Image object>"

    def _repr_mimebundle_(self) -> dict:
        return {self.mime: base64.b64encode(self.data).decode(), "text/plain": repr(self)}


def _sympy_latex(obj: object) -> str | None:
    sympy = sys.modules.get("sympy")
    if sympy is None or not isinstance(obj, (sympy.Basic, sympy.MatrixBase)):
        return None
    return "$$" + sympy.latex(obj) + "$$"


def _call_repr(obj: object, method: str) -> object:
    func = getattr(obj, method, None)
    if not callable(func) or isinstance(obj, type):
        return None
    try:
        return func()
    except Exception:
        return None


def mimebundle(obj: object) -> dict[str, str]:
    """`text/plain` always, plus whatever rich forms the object offers (IPython's `_repr_*_` protocol)."""
    data = {"text/plain": repr(obj)}
    latex = _sympy_latex(obj)
    if latex is not None:
        data["text/latex"] = latex
        return data
    bundle = _call_repr(obj, "_repr_mimebundle_")
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    if isinstance(bundle, dict):
        data.update({k: v for k, v in bundle.items() if isinstance(k, str)})
    for method, mime in _REPR_METHODS:
        if mime in data:
            continue
        value = _call_repr(obj, method)
        if isinstance(value, tuple):
            value = value[0]
        if isinstance(value, bytes) and mime in _BINARY:
            data[mime] = base64.b64encode(value).decode()
        elif isinstance(value, str):
            data[mime] = value
    return {k: v if isinstance(v, str) else str(v) for k, v in data.items()}
