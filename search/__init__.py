"""Full-text search over snippets; the only package that imports Whoosh.

Whoosh 2.7 predates Python 3.8's SyntaxWarning for invalid escapes, so its
modules are first imported here with that warning silenced.
"""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    import whoosh.codec.whoosh3  # noqa: F401
    import whoosh.highlight  # noqa: F401
    import whoosh.index  # noqa: F401
    import whoosh.qparser  # noqa: F401
    import whoosh.searching  # noqa: F401
    import whoosh.spelling  # noqa: F401
    import whoosh.writing  # noqa: F401

from .index import SearchIndex  # noqa: E402
from .model import Facets, QuerySyntaxError, SearchHit, SearchResult, SnippetDoc, TagCount  # noqa: E402

__all__ = ["Facets", "QuerySyntaxError", "SearchHit", "SearchIndex", "SearchResult", "SnippetDoc", "TagCount"]
