"""Analyzers that make identifiers and file names findable by their parts.

`taylor_series` is indexed as `taylor_series`, `taylor`, `series`; `plotPoints`
as `plotpoints`, `plot`, `points`; `src/plot_utils.py` as `src`, `plot_utils.py`,
`plot`, `utils`, `py`. Parts take consecutive positions so that the phrase
"taylor series" also finds `taylor_series`. Queries are analyzed without
splitting, so `taylor_series` in a query only finds the whole identifier.
One tokenizer does it all in one pass: indexing speed is dominated by
per-token Python overhead.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import StopFilter, Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


class SubwordTokenizer(Tokenizer):
    """Lower-cased matches of `expression`, each followed (when indexing) by its parts."""

    def __init__(self, expression: str) -> None:
        self.expression = re.compile(expression)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.expression.pattern == self.expression.pattern

    def __call__(self, value: str, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.text = value.lower()
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
            return
        split = mode != "query"
        pos = start_pos
        for match in self.expression.finditer(value):
            whole = match.group(0)
            t.text, t.boost, t.stopped = whole.lower(), 1.0, False
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + match.start(), start_char + match.end()
            yield t
            parts = () if not split or _is_plain(whole) else list(_PART.finditer(whole))
            if len(parts) < 2:
                pos += 1
                continue
            offset = start_char + match.start()
            for part in parts:
                t.text, t.stopped = part.group(0).lower(), False
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar, t.endchar = offset + part.start(), offset + part.end()
                yield t


def _is_plain(word: str) -> bool:
    """A lower-case word of letters only has no parts to split off."""
    return word.isalpha() and word.islower()


@lru_cache(maxsize=65536)
def _lower_parts(word: str) -> tuple[str, ...]:
    """`plotPoints` -> (`plot`, `points`); () for a word with fewer than two parts."""
    if _is_plain(word):
        return ()
    parts = _PART.findall(word)
    return tuple(p.lower() for p in parts) if len(parts) > 1 else ()


class CodeText(TEXT):
    """A TEXT field without positions whose indexing counts words in C instead of streaming Tokens.

    Gives the same terms and frequencies as `SubwordTokenizer` (which still
    analyzes queries and highlights), at a fraction of the per-token cost
    that dominates Whoosh's indexing of source code.
    """

    def __init__(self, expression: str = r"\w+", **kwargs) -> None:
        super().__init__(analyzer=SubwordTokenizer(expression), phrase=False, **kwargs)
        self._words = re.compile(expression)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        counts: Counter[str] = Counter()
        for word, count in Counter(self._words.findall(value)).items():
            counts[word.lower()] += count
            for part in _lower_parts(word):
                counts[part] += count
        boost = self.format.field_boost
        for word, count in counts.items():
            yield word.encode("utf-8"), count, count * boost, pack_uint(count)


def code_analyzer():
    """Words and identifiers of source code, split into their parts."""
    return SubwordTokenizer(r"\w+")


def text_analyzer():
    """Prose (titles, blurbs): like code, minus English stop words."""
    return SubwordTokenizer(r"\w+(?:[.'-]\w+)*") | StopFilter(renumber=False)


def path_analyzer():
    """File paths: every folder or file name whole, and its parts."""
    return SubwordTokenizer(r"[^/\s]+")
