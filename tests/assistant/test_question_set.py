"""Per-question behaviour over our question sets (tests/eval/*.jsonl)."""
import re

import pytest

from assistant.evaluate import QUESTION_SETS, answer_texts, citations_valid, load_questions
from tests.conftest import CORPUS

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


@pytest.fixture(scope="module")
def assistant(services):
    return services.assistant


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_every_reply_is_either_cited_or_an_honest_refusal(assistant, services, q):
    turns = q["turns"] if q["kind"] == "follow_up" else [q["question"]]
    session = None
    for turn in turns:
        reply = assistant.ask(turn, session)
        session = reply.session_id
    answer = reply.answer
    if answer.grounded:
        assert citations_valid(answer, services.store), answer.answer
        assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == {c.n for c in answer.citations}
        assert 1 <= len(answer.sentences) <= 4
    else:
        assert answer.citations == [] and "don't cover" in answer.answer
