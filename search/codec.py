"""Whoosh's own file format, with each field's document lengths read once into memory.

Whoosh looks up a document's field length for every posting it writes
(block statistics) and for every match it scores (BM25), each time with a
seek and a read through its column reader: a fifth of the time of a
rebuild. The lengths are one byte per document, so this codec's reader
fetches a field's whole column in one read and indexes into it.
The files on disk are unchanged: indexes written by either codec read
with both.
"""
from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length


class SnippetCodec(W3Codec):
    def per_document_reader(self, storage, segment) -> W3PerDocReader:
        return LengthsInMemoryReader(storage, segment)


class LengthsInMemoryReader(W3PerDocReader):
    def __init__(self, storage, segment) -> None:
        super().__init__(storage, segment)
        self._length_bytes: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum} of {self._doccount}")
        try:
            lengths = self._length_bytes[fieldname]
        except KeyError:
            lengths = self._length_bytes[fieldname] = self._read_lengths(fieldname)
        if lengths is None:
            return default
        # As W3PerDocReader: a zero byte (no terms, or past the written end) reads as None.
        lbyte = lengths[docnum] if docnum < len(lengths) else 0
        return byte_to_length(lbyte) if lbyte else None

    def _read_lengths(self, fieldname: str) -> bytes | None:
        column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        return column._dbfile.get(column._basepos, column._count)  # one byte per document
