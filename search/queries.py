"""From the user's query string to a Whoosh query, and back to a "did you mean".

Whoosh's parser accepts anything, silently reading `foo:bar` or an unclosed
quote as plain words; users get a clear QuerySyntaxError for those instead.
"""
from __future__ import annotations

import re

from whoosh import qparser
from whoosh.query import NullQuery, Phrase, Query, Term
from whoosh.searching import Searcher

from .model import QuerySyntaxError
from .schema import DEFAULT_FIELDS, FIELD_ALIASES

# Fields whose words feed the "did you mean" suggestion.
SPELLED_FIELDS = ("title", "blurb", "code", "tags", "name")
SHOWN_FIELDS = ("tag", "owner", "path", "title", "code")

_QUOTED = re.compile(r'"[^"]*"')
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(\w{2,})$")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD = re.compile(r"(?:^|(?<=[\s(]))([A-Za-z_]\w*):(?=(.?))")


class QueryParser:
    """Parses the query language of API.md: words, "phrases", AND/OR/NOT, (), fields, prefix*."""

    def __init__(self, schema) -> None:
        self._parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema)
        # 'single quotes' would swallow apostrophes in code such as don't.
        self._parser.remove_plugin_class(qparser.SingleQuotePlugin)
        aliases: dict[str, list[str]] = {}
        for alias, field in FIELD_ALIASES.items():
            aliases.setdefault(field, []).append(alias)
        self._parser.add_plugin(qparser.FieldAliasPlugin(aliases))
        searchable = {name for name, field in schema.items() if field.indexed}
        self._fields = searchable | set(FIELD_ALIASES)
        self._positional = {name for name, field in schema.items()
                            if field.format and field.format.supports("positions")}

    def parse(self, text: str, prefix_last: bool = False) -> Query:
        """`prefix_last` reads a trailing plain word as a prefix, for search as you type."""
        text = self._check(text)
        last = _LAST_WORD.search(text) if prefix_last else None
        if last and last.group(1) not in _OPERATORS and text.count('"') % 2 == 0:
            text += "*"
        try:
            query = self._parser.parse(text)
        except Exception as error:  # Whoosh's parser errors share no base class
            raise QuerySyntaxError(f"The query could not be understood ({error}).") from error
        return query.accept(self._drop_phrase_without_positions)

    def _drop_phrase_without_positions(self, node: Query) -> Query:
        """A phrase cannot match a field indexed without positions (code): it matches nothing there."""
        if isinstance(node, Phrase) and node.fieldname not in self._positional:
            return NullQuery
        return node

    def _check(self, text: str) -> str:
        """Raise on what Whoosh would silently misread; return the text with field names lower-cased."""
        if text.count('"') % 2:
            raise QuerySyntaxError('The query has a quotation mark (") that is never closed.')
        unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        depth = 0
        for char in unquoted:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                raise QuerySyntaxError("The query closes a parenthesis that was never opened.")
        if depth:
            raise QuerySyntaxError("The query opens a parenthesis that is never closed.")
        for match in _FIELD.finditer(unquoted):
            name, following = match.group(1), match.group(2)
            if name.lower() not in self._fields:
                shown = ", ".join(f"{f}:" for f in SHOWN_FIELDS)
                raise QuerySyntaxError(
                    f'Unknown field "{name}:"; use one of {shown} or put the text in quotes.')
            if following in ("", " ", ")"):
                raise QuerySyntaxError(f'The field "{name}:" needs a value right after the colon.')
        return _FIELD.sub(lambda m: m.group(1).lower() + ":", text)


def suggest(searcher: Searcher, query: Query, text: str) -> str | None:
    """The query string with each word found nowhere replaced by its nearest indexed word."""
    reader = searcher.reader()
    fixed = text
    for word in sorted(_plain_words(query)):
        if any(reader.doc_frequency(field, word) for field in SPELLED_FIELDS):
            continue
        correction = _nearest_word(searcher, word)
        if correction:
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", correction, fixed, flags=re.IGNORECASE)
    return fixed if fixed != text else None


def _plain_words(query: Query) -> set[str]:
    words = set()
    for leaf in query.leaves():
        if isinstance(leaf, Term) and leaf.fieldname in DEFAULT_FIELDS:
            words.add(leaf.text)
        elif isinstance(leaf, Phrase) and leaf.fieldname in DEFAULT_FIELDS:
            words.update(leaf.words)
    return {w for w in words if w.isalpha() and len(w) > 2}


def _nearest_word(searcher: Searcher, word: str) -> str | None:
    """Closest edit distance first (two edits only for words of five letters or more), then the commonest."""
    reader = searcher.reader()
    for distance in (1, 2) if len(word) > 4 else (1,):
        found = {s for field in SPELLED_FIELDS
                 for s in searcher.corrector(field).suggest(word, limit=3, maxdist=distance, prefix=1)}
        if found:
            return max(found, key=lambda s: (sum(reader.doc_frequency(f, s) for f in SPELLED_FIELDS), s))
    return None
