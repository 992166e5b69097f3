"""Boilerplate is learned per ingest from unrelated guides only, and never takes a guide's own text."""
import shutil
from pathlib import Path

import pytest

from ingest.boilerplate import learn, repeated_blocks
from ingest.pipeline import ingest
from ingest.store import Store
from tests.conftest import copy_index

AD = "Buy our course today and pass your boards!\nEnrol now and save 50% on board prep this month."
NETWORKING = "networking-and-mentorship.txt"


def _guide(topic: str, lines: int = 12) -> str:
    return "\n".join(f"{topic} point {i}: a distinct sentence about {topic} number {i}." for i in range(lines))


def test_an_ad_shared_by_unrelated_guides_is_learned():
    learned = repeated_blocks([f"{_guide('interviews')}\n{AD}", f"{_guide('letters')}\n{AD}"])
    assert learned == {line.casefold() for line in AD.splitlines()}


def test_versions_of_one_guide_teach_nothing():
    guide = _guide("interviews")
    edited = guide.replace("number 3.", "number three.")
    assert repeated_blocks([guide, guide]) == set()
    assert repeated_blocks([guide, edited]) == set()
    assert repeated_blocks([guide, f"Collected guides\n{guide}\n{_guide('letters')}\n{_guide('research')}"]) == set()


def test_text_two_guides_share_beyond_a_small_share_is_not_chrome():
    guide = _guide("interviews", 40)
    excerpt = "\n".join(guide.splitlines()[10:25])
    notes = f"{_guide('notes', 60)}\n{excerpt}\n{AD}"
    learned = learn([f"{guide}\n{AD}", notes, f"{_guide('letters')}\n{AD}"])
    ad = {line.casefold() for line in AD.splitlines()}
    assert learned.chrome[0] == ad and learned.chrome[1] == ad  # the ad still goes from both
    assert list(learned.overlaps[0]) == [1] and 0.3 < learned.overlaps[0][1] < 0.5


def _passages_per_guide(store: Store) -> dict[str, int]:
    return {doc.doc_id: doc.chunks for doc in store.documents()}


@pytest.fixture
def indexed(services, settings, tmp_path) -> tuple[Store, Path, dict[str, int]]:
    data, corpus = copy_index(services, settings, tmp_path)
    store = Store(data_dir=data)
    return store, corpus, _passages_per_guide(store)


def test_a_copied_guide_is_one_document_and_deleting_the_copy_changes_nothing(indexed, embedder):
    store, corpus, before = indexed
    copy = corpus / "networking-and-mentorship (1).txt"
    shutil.copy(corpus / NETWORKING, copy)
    report = ingest(store, embedder, [corpus])
    assert report.duplicates == [{"path": str(copy), "same_as": str(corpus / NETWORKING)}]
    assert (report.added, report.embedded) == (0, 0)
    assert _passages_per_guide(store) == before
    copy.unlink()
    report = ingest(store, embedder, [corpus])
    assert (report.unchanged, report.embedded, report.duplicates) == (4, 0, [])
    assert _passages_per_guide(store) == before


def test_a_copied_corpus_folder_does_not_double_the_guides(indexed, embedder):
    store, corpus, before = indexed
    shutil.copytree(corpus, corpus / "backup")
    report = ingest(store, embedder, [corpus])
    assert len(report.duplicates) == 4 and all("/backup/" in d["path"] for d in report.duplicates)
    assert _passages_per_guide(store) == before


@pytest.mark.slow
def test_a_large_file_overlapping_the_guides_shrinks_none_of_them_across_restarts(indexed, embedder):
    store, corpus, before = indexed
    guides = [(corpus / name).read_text() for name in (NETWORKING, "pain-and-spine-rehab-vision.txt")]
    (corpus / "collected.txt").write_text("Collected Guides\n\n" + "\n\n".join(guides) + "\n" + _guide("filler", 200))
    first = ingest(store, embedder, [corpus])
    assert first.added == 1
    restarted = Store(data_dir=store.data_dir)  # what `pmr serve` does on start: a new process, an ingest
    again = ingest(restarted, embedder, [corpus])
    assert again.unchanged == 5 and again.embedded == 0
    after = _passages_per_guide(restarted)
    assert {doc_id: after[doc_id] for doc_id in before} == before


def test_an_excerpt_pasted_into_another_file_stays_in_its_guide(indexed, embedder):
    store, corpus, before = indexed
    lines = (corpus / NETWORKING).read_text().splitlines()
    excerpt = "\n".join(lines[len(lines) // 5: len(lines) // 2])  # 30% of the guide, a fifth of the notes
    (corpus / "notes.txt").write_text(f"My Notes\n\n{_guide('notes', 300)}\n{excerpt}\n")
    report = ingest(store, embedder, [corpus])
    assert any(NETWORKING in w and "kept" in w for w in report.warnings)
    after = _passages_per_guide(store)
    assert {doc_id: after[doc_id] for doc_id in before} == before


def test_a_guide_cleaning_would_gut_is_indexed_whole_with_a_warning(tmp_path, embedder):
    folder = tmp_path / "guides"
    folder.mkdir()
    titles = [f"Chapter {i} of the Physiatry Board Review Book" for i in range(20)]
    (folder / "reading.md").write_text("# Reading List\n\nRecommended Reading\n\n" + "\n".join(titles) + "\n")
    store = Store(data_dir=tmp_path / "data")
    report = ingest(store, embedder, [folder])
    assert any("reading.md" in w and "indexed whole" in w for w in report.warnings)
    text = "\n".join(row[0] for row in store.db.execute("SELECT text FROM passages"))
    assert all(title in text for title in titles)
