"""The Whoosh schema over snippets and the mapping of a SnippetDoc onto it."""
from __future__ import annotations

from datetime import datetime, timezone

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.columns import NumericColumn
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import CodeText, code_analyzer, path_analyzer, text_analyzer
from .model import SnippetDoc

TAG_SEPARATOR = "/"

# Fields a plain word searches (their weights are the schema's field boosts).
DEFAULT_FIELDS = ("title", "name", "tags", "blurb", "paths", "code")
# Names users may type before a colon, and the field each one means.
FIELD_ALIASES = {"tag": "under", "path": "paths", "file": "paths"}
# Fields whose every posting weighs the same: a term on them filters without ranking.
FILTER_FIELDS = ("under", "owner")


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        owner=ID(stored=True, sortable=True, analyzer=IDTokenizer() | LowercaseFilter()),
        name=TEXT(analyzer=code_analyzer(), stored=True, field_boost=2.0),
        title=TEXT(analyzer=text_analyzer(), stored=True, field_boost=3.0),
        blurb=TEXT(analyzer=text_analyzer(), stored=True),
        tags=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        # The same tags unscored, for the tag= filter: every posting weighs the
        # same, so intersecting with it narrows a search without reordering it.
        under=KEYWORD(commas=True, lowercase=True),
        paths=TEXT(analyzer=path_analyzer(), stored=True, field_boost=1.5),
        # No positions for code (about 15% of indexing time): phrases search
        # the prose fields; a phrase on code: matches nothing.
        code=CodeText(stored=True),
        created=_untiered(DATETIME(sortable=True)),
        updated=_untiered(DATETIME(sortable=True)),
        # Whoosh 2.7's default float column cannot pack its NaN default; this
        # column's 0 is the sortable form of the lowest float instead.
        rating=NUMERIC(float, sortable=NumericColumn("Q", default=0), shift_step=0),
        forks=NUMERIC(int, sortable=True, shift_step=0),
        tag_list=STORED,
    )


def _untiered(field: NUMERIC) -> NUMERIC:
    """One term per value instead of 8 range-search tiers: these fields are for sorting."""
    field.shift_step = 0
    return field


def normalize_tag(tag: str) -> str:
    """` Calculus//Limits/ ` -> `calculus/limits`."""
    return TAG_SEPARATOR.join(p for p in tag.strip().lower().split(TAG_SEPARATOR) if p)


def tag_with_ancestors(tag: str) -> list[str]:
    """`a/b/c` -> [`a`, `a/b`, `a/b/c`], so a search under `a` finds it."""
    parts = normalize_tag(tag).split(TAG_SEPARATOR)
    return [TAG_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts)) if parts[0]]


def document_fields(doc: SnippetDoc) -> dict:
    """The keyword arguments for `writer.update_document` of one snippet."""
    indexed_tags = sorted({t for tag in doc.tags for t in tag_with_ancestors(tag)})
    return {
        "id": doc.id,
        "owner": doc.owner,
        "name": doc.name or "",
        "title": doc.title or "",
        "blurb": doc.blurb or "",
        "tags": ",".join(indexed_tags),
        "under": ",".join(indexed_tags),
        "tag_list": list(doc.tags),
        "paths": "\n".join(doc.paths),
        "code": doc.code or "",
        "created": _naive_utc(doc.created),
        "updated": _naive_utc(doc.updated),
        "rating": float(doc.rating),
        "forks": int(doc.forks),
    }


def _naive_utc(moment: datetime) -> datetime:
    """Whoosh compares dates without zones: store them as naive UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
