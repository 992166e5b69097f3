import json
import os
import subprocess
import sys

import pytest

from assistant.evaluate import answer_texts, rank_metrics, reciprocal_rank_fusion, states_expected
from tests.conftest import REPO


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
