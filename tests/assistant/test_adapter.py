"""The query adapter: what training learns, the shipped matrix, and how search and refusal use it."""
import numpy as np

from assistant.adapter import ADAPTER_PATH, TRAINING_SETS, QueryAdapter, train, training_examples
from assistant.evaluate import EVAL_DIR
from assistant.retrieve import HybridSearch


def _reciprocal_ranks(questions: np.ndarray, answers: np.ndarray, units: np.ndarray) -> float:
    scores = questions @ units.T
    ranks = (scores > scores[np.arange(len(answers)), answers][:, None]).sum(axis=1) + 1
    return float(np.mean(1.0 / ranks))


def test_training_learns_a_mapping_that_carries_over_to_questions_it_never_saw():
    rng = np.random.default_rng(0)
    dimensions, count = 24, 120
    units = rng.normal(size=(count, dimensions))
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    # Questions are their answer seen through a fixed distortion (trainee words vs guide words), plus noise.
    distortion = 0.5 * np.eye(dimensions) + rng.normal(size=(dimensions, dimensions)) / np.sqrt(dimensions)
    questions = units @ distortion.T + 0.1 * rng.normal(size=(count, dimensions))
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    answers = np.arange(count)
    seen, unseen = answers[:80], answers[80:]

    matrix = train(questions[seen], answers[seen], units)
    adapter = QueryAdapter(matrix)

    before = _reciprocal_ranks(questions[unseen], unseen, units)
    after = _reciprocal_ranks(adapter(questions[unseen]), unseen, units)
    assert before < 0.5 and after > before + 0.3, (before, after)  # 0.41 → 0.85 when written
    assert np.allclose(np.linalg.norm(adapter(questions), axis=1), 1.0, atol=1e-5)


def test_without_a_matrix_the_adapter_changes_nothing(tmp_path):
    adapter = QueryAdapter.load(tmp_path / "absent.npy")
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert not adapter and adapter(vector) is vector


def test_the_shipped_adapter_is_what_training_on_the_development_sets_gives(services):
    questions, answers, units = training_examples(services.store, services.embedder,
                                                  [EVAL_DIR / name for name in TRAINING_SETS])
    assert len(questions) >= 130  # every development question's answer is in the guides
    shipped = QueryAdapter.load(ADAPTER_PATH)
    assert np.allclose(train(questions, answers, units), shipped.matrix, atol=1e-4)
    assert shipped.guides == {d.doc_id for d in services.store.documents()}


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
