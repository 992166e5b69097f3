"""Every draft in a corpus of realistic form inputs, rendered by the real Drafter, reads as a careful person wrote it."""
import datetime
import json
from pathlib import Path

import pytest

from assistant.drafts import Drafter
from tests.assistant.draft_checks import problems

TODAY = datetime.date(2026, 9, 1)
INPUTS = [json.loads(line) for line in (Path(__file__).parent / "draft_inputs.jsonl").read_text().splitlines()]
ISSUE_FORMS = {
    "mentor-outreach": {"recipient_name": "Dr. Lee", "sender_name": "Sam Patel",
                        "training_level": "third-year medical student", "interest": "I want to do sports medicine",
                        "specific_work": "I read your paper on ultrasound-guided injections in runners",
                        "ask": "can I shadow you in clinic"},
    "thank-you": {"recipient_name": "Dr. Okafor", "sender_name": "Maya Chen",
                  "context": "we talked at the AAPM&R assembly about SCI research",
                  "next_step": "I will send you my draft abstract next week"},
    "lor-request": {"recipient_name": "Dr. Alvarez", "sender_name": "Jordan Kim", "purpose": "PM&R residency applications",
                    "relationship": "I rotated on your inpatient SCI service in July", "deadline": "2027-01-15"},
}


@pytest.fixture(scope="module")
def drafter(services) -> Drafter:
    return Drafter(services.search)


def test_the_corpus_covers_the_ways_people_type():
    assert len(INPUTS) >= 150
    assert {row["kind"] for row in INPUTS} == {"mentor-outreach", "thank-you", "lor-request"}
    values = [v for row in INPUTS for v in row["fields"].values() if isinstance(v, str)]
    assert any("\n" in v for v in values) and any(v == v.lower() and v.startswith("i ") for v in values)
    assert any(len(v) > 200 for v in values) and any(len(v) <= 5 for v in values)
    assert any(v.lower().startswith(("can i", "could we", "do you")) and not v.endswith("?") for v in values)
    assert any(v.lower() in ("ms3", "pgy2") for v in values) and any("\u202e" in v or "\x00" in v for v in values)


def test_every_corpus_draft_passes_the_checks(drafter):
    failures = {}
    for n, row in enumerate(INPUTS):
        draft = drafter.draft(row["kind"], row["fields"], today=TODAY)
        found = problems(draft.subject, draft.body, row["fields"])
        if found:
            failures[n] = found
        assert not any(ch in draft.body + draft.subject for ch in "\x00\x1b\x07\u202e\u2066\u200b")
    assert not failures, failures


def test_the_checks_catch_what_the_old_templates_wrote():
    old = ("Third-year medical student interested in I want to do sports medicine — request for can I shadow you in clinic",
           "Dear Dr. Lee,\n\nMy name is Sam. I was particularly interested in I read your paper.\n\nBest regards,\nSam")
    assert problems(*old, ISSUE_FORMS["mentor-outreach"])
    for body in ("Thank you for we talked at the assembly.", "I am applying to PM&R, and I have valued I rotated.",
                 "Would you be open to can I shadow you?", "We met met at the assembly.", "It was great.. Thanks",
                 "Great talk. the slides helped.", "Best regards,\nSam\n\nBest regards,\nSam"):
        assert problems("Thank you", f"Dear Dr. Lee,\n\n{body}\n\nBest regards,\nSam", {}), body


def test_the_issue_examples_read_as_written_by_the_sender(drafter):
    mentor = drafter.draft("mentor-outreach", ISSUE_FORMS["mentor-outreach"], today=TODAY)
    assert mentor.subject == "Third-year medical student interested in sports medicine"
    assert ("I am a third-year medical student with a strong interest in sports medicine. I read your paper on "
            "ultrasound-guided injections in runners.\n\nCan I shadow you in clinic? I would value your advice on "
            "sports medicine") in mentor.body
    thanks = drafter.draft("thank-you", ISSUE_FORMS["thank-you"], today=TODAY)
    assert thanks.body.startswith("Dear Dr. Okafor,\n\nWe talked at the AAPM&R assembly about SCI research, and I "
                                  "wanted to thank you for your time and generosity.\n\nI will send you my draft "
                                  "abstract next week.\n\n")
    letter = drafter.draft("lor-request", ISSUE_FORMS["lor-request"], today=TODAY)
    assert letter.subject == "Request for a letter of recommendation — PM&R residency"
    assert "I am applying to PM&R residency. I rotated on your inpatient SCI service in July. Would you" in letter.body
    fellowship = drafter.draft("lor-request", {**ISSUE_FORMS["lor-request"],
                                               "purpose": "I'm applying to pain medicine fellowships"}, today=TODAY)
    assert "I am applying to pain medicine fellowships. I rotated" in fellowship.body
    for draft in (mentor, thanks, letter, fellowship):
        assert not problems(draft.subject, draft.body, {})
    assert "Interest: “I want to do sports medicine” → “sports medicine”" in mentor.notes
    assert any(note.startswith("What you are applying to:") for note in letter.notes)
