"""The query adapter at run time: loading it, and how search and refusal use it."""
import numpy as np

from assistant.adapter import QueryAdapter
from assistant.retrieve import HybridSearch


def test_without_a_matrix_the_adapter_changes_nothing(tmp_path):
    adapter = QueryAdapter.load(tmp_path / "absent.npy")
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert not adapter and adapter(vector) is vector


def test_the_adapter_applies_only_while_the_index_holds_every_guide_it_learned_from():
    adapter = QueryAdapter(np.eye(4), frozenset({"networking", "step-scores"}))
    assert adapter.applies_to(["networking", "step-scores", "a-new-guide"])
    assert not adapter.applies_to(["networking"]) and not adapter.applies_to(["interviews"])
    assert not QueryAdapter(None).applies_to(["networking", "step-scores"])


def test_search_ranks_through_the_adapter_but_reports_similarity_to_the_plain_embedding(services):
    search = HybridSearch(services.store, services.embedder)
    assert search.adapts()
    question = "which pm&r fellowship is toughest to match into?"  # in no question set
    adapted = search.search(question, k=10)
    plain = search.search(question, k=10, adapted=False)
    rank = next((i for i, h in enumerate(adapted, 1) if "Often the most competitive" in h.passage.text), None)
    assert rank is not None and rank <= 5
    assert not any("Often the most competitive" in h.passage.text for h in plain)
    vector = services.embedder.encode([question])[0]
    stored = services.store.vectors([h.passage.id for h in adapted])
    for hit in adapted:
        assert abs(hit.similarity - float(stored[hit.passage.id] @ vector)) < 1e-4


def test_refusal_is_judged_on_the_plain_ranking(services):
    """The adapter pulls an off-topic question toward guide sentences; whether to answer is still judged as
    calibrated, without it."""
    # Judged on the adapted ranking, the Step 2 CK score ranges would answer it ("< 225 or notably below the mean").
    reply = services.assistant.ask("What's the minimum passing score on Step 2 CK right now?")
    assert not reply.answer.grounded
