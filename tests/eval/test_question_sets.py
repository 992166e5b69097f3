"""Our question sets (tests/eval/*.jsonl): each is well formed, and the assistant keeps each set's floors."""
import pytest

from tests.conftest import CORPUS
from tests.eval.evaluate import below_floors, evaluate
from tests.eval.floors import FLOORS
from tests.eval.questions import QUESTION_SETS, answer_texts, load_questions

QUESTIONS = [q for path in QUESTION_SETS for q in load_questions(path)]


@pytest.mark.parametrize("path", QUESTION_SETS, ids=[p.name for p in QUESTION_SETS])
def test_question_set_is_well_formed_and_its_answers_are_in_the_guides(path):
    questions = load_questions(path)
    kinds = [q["kind"] for q in questions]
    assert kinds.count("in_scope") >= 40 and kinds.count("out_of_scope") >= 14 and kinds.count("follow_up") >= 5
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)  # unique across the sets
    guides = "\n".join(path.read_text() for path in CORPUS.glob("*.txt"))
    for q in questions:
        if q["kind"] != "out_of_scope":
            assert q["expected"] in (CORPUS / f"{q['doc']}.txt").read_text(), q["id"]
            assert all(text in guides for text in answer_texts(q)), q["id"]  # "also": another guide may say it


def test_every_question_set_has_floors():
    assert sorted(FLOORS) == sorted(p.name for p in QUESTION_SETS)


# The floors are checked in two files, this one and test_question_set_floors.py, each taking every other set: a file
# runs on one worker of `make test`, and the sets' floors are most of the suite's time.
HALVES = (QUESTION_SETS[::2], QUESTION_SETS[1::2])


def keeps_floors(services, path):
    """In-scope questions answered and citing an expected passage, out-of-scope ones refused, follow-ups
    answered about what they add, every citation valid: each at least as often as its floor says."""
    report = evaluate(services.store, services.embedder, path, comparisons=False)
    assert set(report["floors"]) == set(FLOORS[path.name])
    assert not below_floors(report), below_floors(report)


@pytest.mark.parametrize("path", HALVES[0], ids=[p.name for p in HALVES[0]])
def test_the_assistant_keeps_the_question_set_s_floors(services, path):
    keeps_floors(services, path)


def test_the_two_halves_take_every_set_once():
    assert sorted(HALVES[0] + HALVES[1]) == sorted(QUESTION_SETS)
