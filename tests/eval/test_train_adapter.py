"""Training the query adapter: what it learns, and that the shipped matrix is what training gives."""
import numpy as np

from assistant.adapter import ADAPTER_PATH, QueryAdapter
from tests.eval.questions import EVAL_DIR, TRAINING_SETS
from tests.eval.train_adapter import train, training_examples


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


def test_the_shipped_adapter_is_what_training_on_the_development_sets_gives(services):
    questions, answers, stating, units, refused = training_examples(services.store, services.embedder,
                                                                    [EVAL_DIR / name for name in TRAINING_SETS])
    assert len(questions) >= 130  # every development question's answer is in the guides
    shipped = QueryAdapter.load(ADAPTER_PATH)
    assert np.allclose(train(questions, answers, units), shipped.matrix, atol=1e-4)
    assert len(refused) >= 40  # the development sets' questions the guides do not answer
    assert np.allclose(train(questions, stating, units, refused=refused), shipped.sentences, atol=1e-4)
    assert shipped.guides == {d.doc_id for d in services.store.documents()}


def _separation(answerable: np.ndarray, refused: np.ndarray, units: np.ndarray) -> float:
    """The share of (answerable, refused) question pairs whose answerable one is closer to its nearest unit."""
    near = lambda q: (q @ units.T).max(axis=1)  # noqa: E731
    return float((near(answerable)[:, None] > near(refused)[None, :]).mean())


def test_training_with_refused_questions_carries_unseen_ones_away_from_every_unit():
    rng = np.random.default_rng(1)
    dimensions, count = 24, 120
    units = rng.normal(size=(count, dimensions))
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    questions = units + 0.6 * rng.normal(size=(count, dimensions))
    # Questions the units do not answer share a topic of their own (a direction), near the units all the same.
    topic = rng.normal(size=dimensions)
    refused = units[rng.integers(0, count, 2 * count)] + 0.6 * rng.normal(size=(2 * count, dimensions)) + 0.8 * topic
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    refused /= np.linalg.norm(refused, axis=1, keepdims=True)
    answers = np.arange(count)
    seen, unseen = answers[:80], answers[80:]

    plain = train(questions[seen], answers[seen], units)
    refusing = train(questions[seen], answers[seen], units, refused=refused[:count])
    before = _separation(QueryAdapter(plain)(questions[unseen]), QueryAdapter(plain)(refused[count:]), units)
    after = _separation(QueryAdapter(refusing)(questions[unseen]), QueryAdapter(refusing)(refused[count:]), units)
    assert after > before + 0.2, (before, after)  # 0.54 → 0.98 when written
