"""`pmr eval`: retrieval, abstention, answer and citation quality on our question sets, beside baselines."""
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.answer import ExtractiveAnswerer
from assistant.chat import Assistant
from assistant.retrieve import HybridSearch
from assistant.sessions import SessionStore
from assistant.text import words
from ingest.load import load_text
from tests.eval.floors import COUNTED, check_floors
from tests.eval.measures import citation_problems, opening, opens_on_reference, rank_metrics, says_twice
from tests.eval.questions import (DEFAULT_QUESTIONS, TRAINING_SETS, answer_texts, answers_it, load_questions,
                                  retrieval_queries, said_texts, states_expected)


def evaluate(store, embedder, questions_path: Path = DEFAULT_QUESTIONS, *, comparisons: bool = True) -> dict:
    """The report on one question set; `comparisons=False` leaves out the rankings ours is compared with (the
    recipe's, ours without the query adapter), which the floors do not need."""
    questions = load_questions(questions_path)
    pairs = retrieval_queries(questions)
    search = HybridSearch(store, embedder)
    search.embed([search.read(q) for q, _ in pairs])  # in one batch: each search below finds its query embedded
    ours = [[h.passage.text for h in search.search(q, k=10)] for q, _ in pairs]
    report = {"retrieval": {"hybrid (ours)": rank_metrics(ours, [e for _, e in pairs])}}
    if comparisons and search.adapts():
        plain = [[h.passage.text for h in search.search(q, k=10, adapted=False)] for q, _ in pairs]
        report["retrieval"]["hybrid, no query adapter"] = rank_metrics(plain, [e for _, e in pairs])
        report["adapter trained on this set"] = Path(questions_path).name in TRAINING_SETS
    if comparisons:
        report["retrieval"].update(_baselines(store, embedder, pairs))
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(store=store, search=search, answerer=ExtractiveAnswerer(),
                              sessions=SessionStore(Path(tmp) / "sessions.sqlite3"))
        assistant.embed_ahead([q["turns"] if q["kind"] == "follow_up" else [q["question"]] for q in questions])
        report["answers"] = _answers(assistant, store, questions)
    report["floors"] = check_floors(questions_path, report)
    return report


def below_floors(report: dict) -> list[str]:
    """The floors a report's set falls below, each as "measure value, floor bound"."""
    return [f"{key} {c['value']}, {'at most' if c['at most'] else 'floor'} {c['bound']}"
            for key, c in report["floors"].items() if not c["ok"]]


def _answers(assistant: Assistant, store, questions: list[dict]) -> dict:
    timings, refused_in, refused_out, answered_right, stated, citations_ok, cited_answers = [], [], [], [], [], [], 0
    opens_stating = []  # the first sentence alone states it: no longer answer earns it
    follow_ups_stated, repeats, referring, twice, grounded_turns, per_question = [], [], [], [], 0, []
    for q in questions:
        turns = q["turns"] if q["kind"] == "follow_up" else [q["question"]]
        session, replies = None, []
        for turn in turns:
            start = time.perf_counter()
            reply = assistant.ask(turn, session)
            timings.append(time.perf_counter() - start)
            session = reply.session_id
            replies.append(reply.answer)
            if reply.answer.grounded:
                grounded_turns += 1
                if opens_on_reference(reply.answer):
                    referring.append(q["id"])
                if says_twice(reply.answer):
                    twice.append(q["id"])
        a = replies[-1]
        if q["kind"] == "out_of_scope":
            refused_out.append(not a.grounded)
        else:
            refused_in.append(not a.grounded)
            answered_right.append(a.grounded and any(answers_it(c.text, answer_texts(q)) for c in a.citations))
            stated.append(a.grounded and states_expected(a.answer, q))
            opens_stating.append(a.grounded and answers_it(opening(a), said_texts(q)))
        if q["kind"] == "follow_up":
            follow_ups_stated.append(stated[-1])
            if a.grounded and replies[-2].grounded and opening(a) == opening(replies[-2]):
                repeats.append(q["id"])
        if a.grounded:
            cited_answers += 1
            citations_ok.append(not citation_problems(a, store))
        per_question.append({"id": q["id"], "grounded": a.grounded, "answer": a.answer})
    return {
        "in-scope refused": _rate(refused_in), "out-of-scope refused": _rate(refused_out),
        "answer cites the expected passage": _rate(answered_right),
        "answer states the expected text": _rate(stated),
        "follow-up states the expected text": _rate(follow_ups_stated),
        "first sentence states the expected text": _rate(opens_stating),
        "follow-up opens as the previous answer did": {"count": len(repeats), "of": len(follow_ups_stated),
                                                       "ids": repeats},
        "answer opens on a reference": {"count": len(referring), "of": grounded_turns, "ids": referring},
        "answer says a sentence twice": {"count": len(twice), "of": grounded_turns, "ids": twice},
        "citations valid": _rate(citations_ok), "answers with citations": cited_answers,
        "median answer ms": round(statistics.median(timings) * 1000, 1) if timings else None,
        "per_question": per_question,
    }


def reciprocal_rank_fusion(rankings: list[list[str]], *, k: int = 60) -> dict[str, float]:
    """Sum of 1 / (k + rank) over the rankings that contain each id (rank starts at 1).

    k = 60 is the constant of Cormack et al. (2009): it damps the head of each ranking
    so that one ranker's first place cannot outvote agreement further down.
    """
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank)
    return fused


def _rate(flags: list[bool]) -> dict:
    return {"rate": round(sum(flags) / len(flags), 3) if flags else None, "of": len(flags)}


def _baselines(store, embedder, pairs) -> dict:
    """The standard recipe: raw files, RecursiveCharacterTextSplitter 1000/200, MiniLM dense top-k over Chroma."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from rank_bm25 import BM25Okapi

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = []
    for doc in store.documents():
        path = Path(doc.path)
        if path.exists():
            chunks += splitter.split_text(load_text(path, path.read_bytes()))
    if not chunks:
        return {}
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(f"baseline-{time.time_ns()}", metadata={"hnsw:space": "cosine"})
    collection.add(ids=[str(i) for i in range(len(chunks))], embeddings=embedder.encode(chunks),
                   documents=chunks)
    bm25 = BM25Okapi([words(c) for c in chunks])
    dense_runs, lexical_runs, fused_runs = [], [], []
    for query, _ in pairs:
        result = collection.query(query_embeddings=[embedder.encode([query])[0].tolist()], n_results=10,
                                  include=[])
        dense = [int(i) for i in result["ids"][0]]
        lexical = list(np.argsort(-bm25.get_scores(words(query)))[:10])
        fused = reciprocal_rank_fusion([[str(i) for i in dense], [str(i) for i in lexical]])
        dense_runs.append([chunks[i] for i in dense])
        lexical_runs.append([chunks[i] for i in lexical])
        fused_runs.append([chunks[int(i)] for i in sorted(fused, key=fused.get, reverse=True)])
    client.delete_collection(collection.name)
    expected = [e for _, e in pairs]
    return {"recipe: dense 1000/200": rank_metrics(dense_runs, expected),
            "recipe: BM25": rank_metrics(lexical_runs, expected),
            "recipe: dense+BM25 RRF": rank_metrics(fused_runs, expected)}


def render(report: dict) -> str:
    lines = ["Retrieval (hit = a passage containing an expected answer text)"]
    if report.get("adapter trained on this set"):
        lines.append("(the query adapter was trained on this set's questions: 'hybrid (ours)' is not a held-out "
                     "figure here; see 'hybrid, no query adapter' and the other sets)")
    lines.append(f"{'ranker':<28}{'hit@1':>8}{'hit@5':>8}{'MRR@10':>9}{'n':>5}")
    for name, m in report["retrieval"].items():
        lines.append(f"{name:<28}{m['hit@1']:>8.3f}{m['hit@5']:>8.3f}{m['mrr@10']:>9.3f}{m['questions']:>5}")
    a = report["answers"]
    lines += ["", "Answers"]
    for key in ("in-scope refused", "out-of-scope refused", "answer cites the expected passage",
                "answer states the expected text", "first sentence states the expected text",
                "follow-up states the expected text", "citations valid"):
        lines.append(f"{key:<44}{a[key]['rate']!s:>8}  (of {a[key]['of']})")
    for key in COUNTED:
        lines.append(f"{key:<44}{a[key]['count']!s:>8}  (of {a[key]['of']}; target 0)")
    lines.append(f"{'median answer ms':<44}{a['median answer ms']!s:>8}")
    if report["floors"]:
        lines += ["", "Floors (tests/eval/floors.py)"]
        for key, c in report["floors"].items():
            bound = f"{'at most' if c['at most'] else 'at least'} {c['bound']}"
            lines.append(f"{key:<44}{c['value']!s:>8}  {bound:<16}{'ok' if c['ok'] else 'FAILS'}")
    return "\n".join(lines)
