"""The questions every latency figure is measured over: the eval set if present, else our own 20."""
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = REPO / "tests" / "eval" / "questions.jsonl"
OWN = [
    "How long should I wait before following up with a mentor who has not replied?",
    "When should I send thank-you emails after a conference?",
    "How do I find a mentor in PM&R as a medical student?",
    "Who should write my letters of recommendation for residency?",
    "How early should I ask for letters of recommendation?",
    "What Step 2 CK score is competitive for PM&R?",
    "Does a low Step 1 matter now that it is pass/fail?",
    "How can an international medical graduate get US clinical experience?",
    "Should I do away rotations in PM&R?",
    "How do I prepare for a pain medicine fellowship application?",
    "What does the Academy plan for pain and spine rehabilitation?",
    "How do I network at the AAPM&R annual assembly?",
    "What should I put in my personal statement?",
    "How many programs should I apply to?",
    "What research helps a PM&R application?",
    "How do I write a cold email to an attending?",
    "What is the usual dose of gabapentin for neuropathic pain?",
    "How do I treat a DVT in a rehab patient?",
    "What are good questions to ask at a residency interview?",
    "How do I keep in touch with mentors after the match?",
]


def load() -> list[dict]:
    if not QUESTIONS.exists():
        return [{"kind": "in_scope", "question": q} for q in OWN]
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def search_queries() -> list[str]:
    """Every question and follow-up turn as a standalone query, in file order."""
    out = []
    for q in load():
        out.extend(q["turns"] if q.get("kind") == "follow_up" and q.get("turns") else [q["question"]])
    return out


def conversations() -> list[list[str]]:
    """Chat workloads: one-turn questions, and follow-ups as their turns (sent in one session)."""
    return [q["turns"] if q.get("kind") == "follow_up" and q.get("turns") else [q["question"]] for q in load()]


def source() -> str:
    if QUESTIONS.exists():
        return f"`{QUESTIONS.relative_to(REPO)}` ({len(load())} questions)"
    return "the bench's own 20 questions (tests/eval/questions.jsonl is missing)"
