import pytest

from ingest.errors import StoreError
from ingest.store import Store


def test_foreign_data_dir_is_refused_with_the_fix(tmp_path):
    (tmp_path / "thesis.docx").write_text("not ours")
    with pytest.raises(StoreError, match="not this assistant's index.*thesis.docx.*PMR_DATA_DIR"):
        Store(data_dir=tmp_path)
    assert (tmp_path / "thesis.docx").read_text() == "not ours"  # nothing touched


def test_corrupt_catalog_is_reported_not_overwritten(tmp_path):
    (tmp_path / "catalog.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a usable index.*pmr ingest"):
        Store(data_dir=tmp_path)
    assert (tmp_path / "catalog.sqlite3").read_bytes().startswith(b"this is not a database")


def test_a_file_as_data_dir_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store(data_dir=target)


def test_fresh_store_is_empty_and_searchable(tmp_path):
    store = Store(data_dir=tmp_path / "new")
    assert store.counts() == (0, 0) and store.documents() == []
    assert store.lexical_search('"mentor"', 5) == [] and store.dense_search([0.0] * 384, 5) == []
