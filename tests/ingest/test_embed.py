import json
import logging
import shutil
import subprocess
import sys

import numpy as np
import pytest

from assistant.retrieve import HybridSearch
from ingest.embed import Embedder
from ingest.onnx_export import MIN_COSINE, SAMPLE
from ingest.onnx_model import checked_export, fingerprint, record_path
from ingest.pipeline import ingest
from ingest.store import Store
from tests.conftest import CORPUS, REPO

QUERIES = ["How early should I ask for letters of recommendation?", "thank-you notes after a conference",
           "How many programs should I apply to for pain medicine fellowship?", "gabapentin"]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    embedder = Embedder(backend="torch")
    assert embedder.backend == "torch"
    return embedder


def _passages() -> list[str]:
    return [block for path in sorted(CORPUS.glob("*")) for block in path.read_text().split("\n\n") if block.strip()]


def test_onnx_gives_sentence_transformers_vectors_and_word_pieces(embedder, torch_embedder):
    assert embedder.backend == "onnx"
    texts = [*QUERIES, *_passages()[:80]]  # passages of every length, some past the 256-token limit
    onnx, torch = embedder.encode(texts), torch_embedder.encode(texts)
    assert onnx.shape == torch.shape == (len(texts), 384) and onnx.dtype == np.float32
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert (onnx * torch).sum(axis=1).min() >= MIN_COSINE
    for word in ("gabapentin", "nudging", "PM&R", "H-1B", "résumé"):
        assert embedder.tokenize(word) == torch_embedder.tokenize(word)


def test_the_onnx_file_is_recorded_with_the_model_fingerprint_and_its_check(embedder):
    path = checked_export(embedder.cache_dir, fingerprint())
    assert path is not None and embedder.model.path == path
    record = json.loads(record_path(path).read_text())
    assert record["fingerprint"] == fingerprint() and record["sample_texts"] == len(SAMPLE)
    assert record["min_cosine"] >= MIN_COSINE


def test_an_export_without_its_record_is_not_used(embedder, tmp_path):
    path = embedder.model.path
    shutil.copy(path, tmp_path / path.name)  # the file alone: an export that did not finish its check
    assert checked_export(tmp_path, fingerprint()) is None
    shutil.copy(record_path(path), tmp_path / record_path(path).name)
    assert checked_export(tmp_path, fingerprint()) == tmp_path / path.name
    assert checked_export(tmp_path, "0" * 64) is None  # another model's fingerprint


@pytest.mark.slow
def test_a_missing_onnx_file_is_made_in_a_child_process_on_first_use(tmp_path):
    script = ("import sys; from pathlib import Path; from ingest.embed import Embedder; "
              "e = Embedder(cache_dir=Path(sys.argv[1])); e.encode(['letters']); print(e.backend, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["onnx", "False"]  # exported, checked, and torch never entered this process
    record = json.loads(record_path(checked_export(tmp_path, fingerprint())).read_text())
    assert record["fingerprint"] == fingerprint() and record["min_cosine"] >= MIN_COSINE


def test_without_an_onnx_file_the_torch_backend_is_used_with_one_warning(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    embedder = Embedder(cache_dir=blocked)
    with caplog.at_level(logging.INFO, logger="ingest"):
        vector = embedder.encode(["letters of recommendation"])
    assert embedder.backend == "torch" and vector.shape == (1, 384)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "ONNX embedder unavailable" in warnings[0] and "PyTorch" in warnings[0]


@pytest.mark.slow
def test_one_index_takes_vectors_from_either_backend(services, embedder, torch_embedder, tmp_path):
    """An index built by one backend is searched by the other with the same results, both ways."""
    onnx_built = services.store
    torch_built = Store(data_dir=tmp_path / "data")
    ingest(torch_built, torch_embedder, [CORPUS])
    for store in (onnx_built, torch_built):
        for query in QUERIES:
            by_onnx = HybridSearch(store, embedder).search(query, k=5)
            by_torch = HybridSearch(store, torch_embedder).search(query, k=5)
            assert [h.passage.id for h in by_onnx] == [h.passage.id for h in by_torch]
            assert np.allclose([h.score for h in by_onnx], [h.score for h in by_torch], atol=1e-3)
    assert onnx_built.passage_ids() == torch_built.passage_ids()
    for pid in sorted(onnx_built.passage_ids())[:20]:
        a, b = onnx_built.unit_vectors([pid])[pid], torch_built.unit_vectors([pid])[pid]
        assert (a * b).sum(axis=1).min() >= 0.999  # stored as float16
