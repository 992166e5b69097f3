import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import ingest
from ingest.store import Store
from ingest.units import answer_units, unit_texts
from tests.conftest import CORPUS, REPO, copy_index

GUIDE = """Interview Tips for Residents

Before the Interview
Research the program and prepare three questions about its rehabilitation services.

After the Interview
Send a short thank-you note to each interviewer within two days.
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    (folder / "interviews.txt").write_text(GUIDE)
    (folder / "letters.md").write_text("# Letters\n\n## Timing\n\nAsk your letter writers two months ahead.\n")
    return folder


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(data_dir=tmp_path / "data")


def test_full_corpus_ingests_four_guides_and_second_run_embeds_nothing(services):
    report = services.ingest()
    assert (report.documents, report.embedded, report.unchanged) == (4, 0, 4)
    assert report.chunks == services.store.counts()[1] > 100
    titles = {d.title for d in services.store.documents()}
    assert "Step Score Strategy for PM&R Residency: Mastering the Physiatry Match" in titles


def test_no_indexed_passage_contains_ads_or_navigation(services):
    texts = [row[0] for row in services.store.db.execute("SELECT text FROM passages")]
    for chrome in ("SmartPick", "Logo", "Related Articles", "credit card", "Physiatry residents networking at"):
        assert not [t for t in texts if chrome in t], chrome


def test_changed_file_is_replaced_and_removed_file_leaves(store, embedder, folder):
    first = ingest(store, embedder, [folder])
    assert (first.added, first.embedded, first.documents) == (2, first.chunks, 2)
    (folder / "interviews.txt").write_text(GUIDE.replace("two days", "one week"))
    (folder / "letters.md").unlink()
    second = ingest(store, embedder, [folder])
    assert (second.updated, second.removed, second.documents) == (1, 1, 1)
    assert second.embedded == 1  # only the passage whose text changed
    texts = [row[0] for row in store.db.execute("SELECT text FROM passages")]
    assert any("one week" in t for t in texts) and not any("two days" in t for t in texts)
    assert store.collection.count() == store.counts()[1]  # stale vectors swept


def test_a_moved_corpus_folder_keeps_its_documents(store, embedder, folder, tmp_path):
    ingest(store, embedder, [folder])
    moved = folder.rename(tmp_path / "moved")
    report = ingest(store, embedder, [moved])
    assert (report.unchanged, report.added, report.embedded, report.documents) == (2, 0, 0, 2)
    assert {Path(d.path).parent for d in store.documents()} == {moved}


def test_a_copied_corpus_folder_ingested_beside_the_original_adds_no_guide(store, embedder, folder, tmp_path):
    ingest(store, embedder, [folder])
    copy = Path(shutil.copytree(folder, tmp_path / "copy"))
    report = ingest(store, embedder, [copy])
    assert (report.added, report.embedded, report.documents) == (0, 0, 2)
    assert sorted(d["same_as"] for d in report.duplicates) == sorted(str(p) for p in folder.iterdir())
    assert {Path(d.path).parent for d in store.documents()} == {folder}


def test_bad_files_are_named_and_the_rest_ingested(store, embedder, folder):
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "latin1.txt").write_bytes("caf\xe9 notes".encode("latin-1"))
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    report = ingest(store, embedder, [folder])
    errors = {Path(f["path"]).name: f["error"] for f in report.failed}
    assert set(errors) == {"empty.txt", "binary.txt", "latin1.txt", "slides.pptx"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "UTF-8" in errors["latin1.txt"] and "unsupported" in errors["slides.pptx"]
    assert report.documents == 2


def test_html_and_pdf_guides_are_read(store, embedder, tmp_path):
    html = tmp_path / "g.html"
    html.write_text("<html><nav>Home | About</nav><h1>Away Rotations</h1><h2>Choosing</h2>"
                    "<p>Pick programs where you would train.</p><ul><li>Ask for a letter</li></ul>"
                    "<script>var x = 1;</script></html>")
    report = ingest(store, embedder, [html])
    rows = store.db.execute("SELECT section, text FROM passages").fetchall()
    assert report.documents == 1 and rows == [("Choosing", "Pick programs where you would train.\n- Ask for a letter")]


def test_cli_json_output_matches_the_contract(tmp_path, folder):
    env = {**os.environ, "PMR_DATA_DIR": str(tmp_path / "d")}
    (folder / "bad.bin").write_bytes(b"\x00")
    proc = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(folder), "--json"], env=env,
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    body = json.loads(proc.stdout)
    assert proc.returncode == 1 and "bad.bin" in proc.stderr
    contract = {"added", "updated", "unchanged", "removed", "failed", "documents", "chunks", "embedded"}
    assert contract <= set(body) and set(body) - contract == {"duplicates", "dropped", "warnings"}
    assert body["added"] == 2 and body["failed"][0]["path"].endswith("bad.bin") and body["failed"][0]["error"]
    assert "/s)" not in proc.stderr and "embedded" not in proc.stderr  # no progress lines with --json


@pytest.mark.slow
def test_killed_ingest_leaves_the_previous_index_usable_and_next_run_completes(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "pain-and-spine-rehab-vision.txt", corpus)
    data = tmp_path / "data"
    before = ingest(Store(data_dir=data), embedder, [corpus])
    for path in CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    (corpus / "filler.txt").write_text("Filler Guide\n\n" + "\n\n".join(
        f"Section {i} Heading\nParagraph {i} explains a distinct point about rehabilitation practice number {i}."
        for i in range(1500)))
    env = {**os.environ, "PMR_DATA_DIR": str(data)}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "-v", "ingest", str(corpus)], env=env, cwd=REPO,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if "embedded 512/" in line:
            break  # two batches are in Chroma, the catalog is not yet committed
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store(data_dir=data)
    assert store.counts() == (before.documents, before.chunks)  # the old index, whole
    assert store.lexical_search('"physiatrists"', 3)
    assert store.dense_search(embedder.encode(["pain care"])[0].tolist(), 3)
    after = ingest(store, embedder, [corpus])
    assert after.documents == 5 and after.added == 4 and after.embedded == after.chunks - before.chunks
    assert store.collection.count() == store.counts()[1] and not store.vectors_dirty()
    assert ingest(store, embedder, [corpus]).embedded == 0


def test_every_passage_stores_one_vector_per_answer_unit(services, embedder):
    store = services.store
    records = store.passages(sorted(store.passage_ids()))
    units = store.unit_vectors(list(records))
    assert units.keys() == records.keys()
    for pid, passage in records.items():
        assert len(units[pid]) == len(answer_units(passage.text)), passage.section
    pid, passage = next((pid, p) for pid, p in records.items() if len(units[pid]) >= 2)
    expected = embedder.encode(unit_texts(passage.section, passage.text))
    assert np.allclose(units[pid], expected, atol=2e-3)  # stored as float16


def test_a_schema_1_catalog_is_upgraded_and_its_units_filled_without_re_embedding_passages(tmp_path, embedder,
                                                                                            folder):
    data = tmp_path / "data"
    ingest(Store(data_dir=data), embedder, [folder])
    with sqlite3.connect(data / "catalog.sqlite3") as db:  # what an index written before unit vectors looks like
        db.execute("ALTER TABLE passages DROP COLUMN unit_vectors")
        db.execute("UPDATE meta SET value='1' WHERE key='schema'")
        db.execute("DELETE FROM meta WHERE key='pipeline'")
    store = Store(data_dir=data)
    assert store.unit_vectors(sorted(store.passage_ids())) == {}
    report = ingest(store, embedder, [folder])
    assert report.embedded == 0 and report.chunks > 0
    assert len(store.unit_vectors(sorted(store.passage_ids()))) == report.chunks


def test_a_paragraph_appended_after_related_articles_is_indexed(services, settings, tmp_path, embedder):
    data, corpus = copy_index(services, settings, tmp_path)
    store = Store(data_dir=data)
    appended = ("Last advice from the editors: keep a running list of every mentor conversation, with the date "
                "and one thing you learned, so your personal statement writes itself.")
    with open(corpus / "networking-and-mentorship.txt", "a") as guide:
        guide.write(f"\n\n{appended}\n")
    report = ingest(store, embedder, [corpus])
    assert report.updated == 1
    texts = [row[0] for row in store.db.execute("SELECT text FROM passages WHERE doc_id='networking-and-mentorship'")]
    assert any(appended in t for t in texts)
    assert not any("Related Articles" in t for t in texts)


def test_a_guide_over_the_size_limit_is_refused_by_name_and_the_rest_ingested(store, embedder, folder):
    (folder / "huge.txt").write_text("Huge Guide\n\n" + "A long paragraph about rehabilitation practice. " * 400)
    report = ingest(store, embedder, [folder], max_guide_bytes=10_000)
    assert [Path(f["path"]).name for f in report.failed] == ["huge.txt"]
    assert "huge.txt" in report.failed[0]["error"] and "PMR_MAX_GUIDE_MB" in report.failed[0]["error"]
    assert report.documents == 2


def _cli_ingest(args: list[str], data: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env={**os.environ, "PMR_DATA_DIR": str(data), **env},
                          capture_output=True, text=True, cwd=REPO, timeout=600)


def _ad_folder(folder: Path) -> Path:
    """Two guides that share an advertisement, each guide long enough for the ad to be a small part of it."""
    ad = "SmartPick - Residency Selection Made Smarter\nTake the guesswork out of residency applications today."
    tips = "\n".join(f"Tip {i}: write to letter writer number {i} two months before the deadline." for i in range(8))
    (folder / "interviews.txt").write_text(f"{GUIDE}\n{GUIDE.replace('Interview', 'Away Rotation')}\n{ad}\n")
    (folder / "letters.md").write_text(f"# Letters\n\n## Timing\n\n{tips}\n\n{ad}\n")
    return folder


def test_cli_reports_what_cleaning_dropped_refuses_big_guides_and_shows_plain_progress(tmp_path, folder):
    (folder / "big.txt").write_text("Big Guide\n\n" + "A paragraph about rehabilitation. " * 100)
    proc = _cli_ingest(["ingest", str(_ad_folder(folder))], tmp_path / "d", PMR_MAX_GUIDE_MB="0.002")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "big.txt" in line]
    assert len(errors) == 1 and "guide size limit" in errors[0]
    assert f"cleaning dropped 2 lines from {folder / 'letters.md'}" in proc.stdout
    assert "SmartPick" not in proc.stdout  # counts only, without -v
    assert "read 3/3 files" in proc.stderr and "embedded 5/5 passages" in proc.stderr  # not a terminal: lines


@pytest.mark.parametrize("args", [["-v", "ingest"], ["ingest", "-v"]])
def test_cli_verbose_ingest_lists_the_dropped_lines(tmp_path, folder, args):
    proc = _cli_ingest([*args, str(_ad_folder(folder))], tmp_path / "d")
    assert proc.returncode == 0, proc.stderr
    assert "  - SmartPick - Residency Selection Made Smarter" in proc.stdout


def test_cli_progress_is_a_bar_with_a_rate_on_a_terminal(tmp_path, folder):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(folder)], cwd=REPO, stderr=slave,
                            stdout=subprocess.DEVNULL, env={**os.environ, "PMR_DATA_DIR": str(tmp_path / "d")})
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        screen += chunk
    assert proc.wait(timeout=60) == 0
    text = screen.decode(errors="replace")
    assert "reading guides" in text and "embedding passages" in text and "passages/s" in text
    assert "embedded 3/3" not in text  # the bar, not the plain lines
