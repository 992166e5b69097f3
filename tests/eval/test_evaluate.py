import dataclasses
import json
import os
import subprocess
import sys

import pytest

from assistant.answer import Answer
from assistant.citations import Citation
from tests.conftest import REPO
from tests.eval.evaluate import reciprocal_rank_fusion
from tests.eval import floors
from tests.eval.measures import citation_problems, opens_on_reference, rank_metrics, says_twice
from tests.eval.questions import EVAL_DIR, answer_texts, states_expected


def test_rrf_rewards_agreement_over_one_first_place():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert max(fused, key=fused.get) == "b"
    assert fused["a"] == 1 / 61 + 1 / 63


def test_a_passage_holding_any_of_a_question_s_answer_texts_is_a_hit():
    question = {"expected": "within 7–10 days", "also": ["a week or so later"]}
    assert answer_texts(question) == ["within 7–10 days", "a week or so later"]
    runs = [["LinkedIn tips", "Send a note a week or so later."], ["Send it within 7–10  days."], ["nothing"]]
    metrics = rank_metrics(runs, [answer_texts(question)] * 3)
    assert metrics["hit@1"] == 1 / 3 and metrics["hit@5"] == 2 / 3 and metrics["mrr@10"] == (1 / 2 + 1) / 3


def test_an_answer_states_an_expected_text_across_its_cited_sentences():
    question = {"expected": "No, it’s not mandatory. Many physiatrists have none."}
    assert states_expected("No, it’s not mandatory. [1] Many physiatrists have none. [1]", question)
    assert not states_expected("No, it’s not mandatory. [1]", question)


def test_a_lead_in_said_without_its_list_states_it_without_its_colon():
    question = {"expected": "Pack the bag:", "also": ["Book the ferry early."]}
    assert states_expected("Before the trip: Pack the bag. [1]", question)
    assert states_expected("Pack the bag: a stove and two pots. [1]", question)
    assert not states_expected("Pack the tent. [1]", question)  # the text itself is still required


def _answer(*sentences: str) -> Answer:
    return Answer(answer=" ".join(sentences), grounded=True, sentences=list(sentences))


def test_an_answer_saying_a_lead_in_alone_and_again_before_its_list_says_a_sentence_twice():
    assert says_twice(_answer("Bring two things: [1]", "Bring two things: a map. Water. [1]"))
    assert not says_twice(_answer("Bring two things: a map. Water. [1]", "Start early. [2]"))


def test_an_answer_opening_with_a_word_that_points_back_opens_on_a_reference():
    assert opens_on_reference(_answer("They’re often unpublished at that stage. [1]"))
    assert opens_on_reference(_answer("This allows: a faster reply. [1]", "Ask early. [2]"))
    assert opens_on_reference(_answer("Then send a short note. [1]"))
    assert opens_on_reference(_answer("In Physical Medicine & Rehabilitation (PM&R), it is neither. [1]"))
    assert not opens_on_reference(_answer("If you are unsure, ask your adviser early. [1]"))
    assert not opens_on_reference(_answer("Send a short note after the visit. [1]", "It helps. [1]"))
    assert not opens_on_reference(_answer("There are two ways to ask. [1]"))  # existential: points at nothing
    assert not opens_on_reference(_answer("Theory first, then cases. [1]"))
    # under its passage's heading a sentence's "this" is the heading, which the answer says
    headed = "Packing: For a day trip, this is enough. [1]"
    cited = Citation(n=1, doc_id="d", title="T", section="Guide > Packing", text="For a day trip, this is enough.",
                     score=0.5)
    assert not opens_on_reference(Answer(answer=headed, grounded=True, sentences=[headed], citations=[cited]))
    assert opens_on_reference(_answer(headed))  # a label the answer cannot tie to a heading still points back


def test_citation_problems_name_each_broken_citation(services):
    answer = services.assistant.ask("How soon after a conference should I send thank-you notes?").answer
    assert answer.grounded and citation_problems(answer, services.store) == []
    first = answer.sentences[0]
    renumbered = first.replace("[1]", "[9]")
    broken = dataclasses.replace(answer, sentences=[renumbered, *answer.sentences[1:]],
                                 answer=answer.answer.replace(first, renumbered))
    assert any("[9] has no citation" in p for p in citation_problems(broken, services.store))
    reworded = dataclasses.replace(answer, sentences=["Send gifts to every attending. [1]"],
                                   answer="Send gifts to every attending. [1]")
    assert "[1] does not hold 'Send gifts to every attending.'" in citation_problems(reworded, services.store)
    assert "its sentences are not the answer" in citation_problems(
        dataclasses.replace(answer, answer=answer.answer + " More."), services.store)


def test_a_set_passes_its_floors_only_while_each_measure_holds(monkeypatch):
    monkeypatch.setitem(floors.FLOORS, "x.jsonl",
                        {"hit@5": 0.9, "in-scope refused": 0.05, "answer opens on a reference": 0})
    rate = {"rate": 1.0, "of": 10}
    answers = {key: dict(rate) for key in ("in-scope refused", "out-of-scope refused",
                                            "answer cites the expected passage", "answer states the expected text",
                                            "follow-up states the expected text", "citations valid")}
    answers["in-scope refused"] = {"rate": 0.05, "of": 20}
    answers["follow-up opens as the previous answer did"] = {"count": 0, "of": 6}
    answers["answer opens on a reference"] = {"count": 1, "of": 60}
    answers["answer says a sentence twice"] = {"count": 0, "of": 60}
    report = {"retrieval": {"hybrid (ours)": {"hit@5": 0.95, "mrr@10": 0.8}}, "answers": answers}
    checked = floors.check_floors(EVAL_DIR / "x.jsonl", report)
    assert {key: c["ok"] for key, c in checked.items()} == {
        "hit@5": True, "in-scope refused": True, "answer opens on a reference": False}
    assert floors.check_floors(REPO / "x.jsonl", report) == {}  # a set from elsewhere has no floors


@pytest.mark.slow
def test_pmr_eval_reports_each_question_set_it_is_given(tmp_path):
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "interviews.md").write_text("# Interviews\n\n## After the Interview\n\nSend a short thank-you note "
                                          "to each interviewer within two days.\n\n## Before\n\nResearch the "
                                          "program and prepare three questions about its services.\n")
    sets = []
    for name, question in (("a.jsonl", "when do I send a thank you note after an interview?"),
                           ("b.jsonl", "what should I prepare before the interview?")):
        expected = "within two days" if name == "a.jsonl" else "prepare three questions"
        rows = [{"id": f"{name}-1", "kind": "in_scope", "doc": "interviews", "question": question,
                 "expected": expected},
                {"id": f"{name}-2", "kind": "out_of_scope", "question": "What's the capital of Australia?"}]
        (tmp_path / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n")
        sets.append(tmp_path / name)
    env = {**os.environ, "PMR_DATA_DIR": str(tmp_path / "data")}
    run = [sys.executable, "-m", "api.cli"]
    subprocess.run([*run, "ingest", str(guides)], env=env, cwd=REPO, check=True, capture_output=True, timeout=300)
    proc = subprocess.run([*run, "eval", "--questions", str(sets[0]), "--questions", str(sets[1]), "--json"],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(proc.stdout)
    assert list(reports) == [str(p) for p in sets]
    for report in reports.values():
        assert report["retrieval"]["hybrid (ours)"]["hit@1"] == 1.0
        assert report["answers"]["out-of-scope refused"]["rate"] == 1.0
        assert report["answers"]["answer opens on a reference"]["count"] == 0
        assert report["answers"]["first sentence states the expected text"] == {"rate": 1.0, "of": 1}
        assert report["floors"] == {}  # sets from elsewhere have none
