"""A missing, corrupt or outdated index is recreated empty and flagged, never a crash."""
from __future__ import annotations

from test_search_helpers import snippet
from whoosh import fields, index as whoosh_index

from search import SearchIndex


def test_missing_folder_is_created_and_flagged(tmp_path):
    index = SearchIndex(tmp_path / "deep" / "index")
    assert index.needs_rebuild
    assert index.doc_count() == 0
    assert not index.is_fresh(3)
    index.close()
    reopened = SearchIndex(tmp_path / "deep" / "index")
    assert not reopened.needs_rebuild and reopened.is_fresh(0)
    reopened.close()


def test_garbage_in_every_file_is_recreated_and_rebuildable(tmp_path):
    folder = tmp_path / "index"
    index = SearchIndex(folder)
    index.rebuild(snippet(f"s{n}", title="vector space") for n in range(10))
    index.close()
    for path in folder.iterdir():
        path.write_bytes(b"\x00garbage\xff" * 50)

    recovered = SearchIndex(folder)
    assert recovered.needs_rebuild
    assert recovered.doc_count() == 0
    assert recovered.search("vector").total == 0
    recovered.rebuild(snippet(f"s{n}", title="vector space") for n in range(10))
    assert not recovered.needs_rebuild
    assert recovered.search("vector").total == 10
    recovered.close()


def test_truncated_segment_is_recreated(tmp_path):
    folder = tmp_path / "index"
    index = SearchIndex(folder)
    index.rebuild(snippet(f"s{n}", title="matrix") for n in range(10))
    index.close()
    for segment in folder.glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[:40])
    recovered = SearchIndex(folder)
    assert recovered.needs_rebuild and recovered.doc_count() == 0
    recovered.close()


def test_index_of_another_schema_is_replaced(tmp_path):
    folder = tmp_path / "index"
    folder.mkdir()
    old = whoosh_index.create_in(str(folder), fields.Schema(body=fields.TEXT))
    writer = old.writer()
    writer.add_document(body="old times")
    writer.commit()
    index = SearchIndex(folder)
    assert index.needs_rebuild and index.doc_count() == 0
    index.update(snippet("new", title="new times"))
    index.flush()
    assert index.search("times").total == 1
    index.close()
