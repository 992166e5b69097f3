"""Checks every rendered draft must pass, whatever the trainee typed (used by the corpus and property tests)."""
import re

# A clause slotted where a phrase belongs: a subject pronoun or modal right after a preposition or a verb that
# takes a phrase ("interested in I…", "for we…", "to can…", "valued I…", "welcome I will…").
CLAUSE_AFTER_FRAME = re.compile(r"\b(?:in|into|for|to|of|on|about|with|at|by|valued|welcome|and I have valued)\s+"
                                r"(?:I|I'm|I've|I'd|we|he|she|they|can|could|would|will|should|might|must)\b")
DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
DOUBLED_PUNCTUATION = re.compile(r"[,;:!?][.,;:!?]|\.[,;:!?]|(?<!\.)\.\.(?!\.)|\s[.,;:!?]")
SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])[”\"’)]?\s+)(\S)")
SUBJECT_MAX = 70


def problems(subject: str, body: str, fields: dict) -> list[str]:
    """What would make a careful reader rewrite this draft; [] when it reads well."""
    typed = " ".join(str(v) for v in fields.values()).casefold()
    found = []
    for where, text in (("subject", subject), ("body", body)):
        if match := CLAUSE_AFTER_FRAME.search(text):
            found.append(f"{where}: a clause after a frame word: …{text[max(0, match.start() - 30):match.end() + 20]}…")
        for match in DOUBLED_WORD.finditer(text):
            if match.group(0).casefold() not in typed:
                found.append(f"{where}: doubled word {match.group(0)!r}")
        if match := DOUBLED_PUNCTUATION.search(text):
            found.append(f"{where}: doubled punctuation {text[max(0, match.start() - 20):match.end() + 5]!r}")
        if "  " in text or "None" in text or ("{{" in text and "{{" not in typed):
            found.append(f"{where}: stray spacing, 'None' or template code")
    if len(subject) > SUBJECT_MAX or "\n" in subject or subject.rstrip().endswith((".", ",")):
        found.append(f"subject is not a subject line ({len(subject)} characters): {subject!r}")
    lines = [line for line in body.split("\n") if line.strip()]
    closings = [line for line in lines if line.startswith(("Best regards", "Thank you again", "Thank you for considering"))]
    if len(closings) != len(set(closings)) or body.count("Best regards") != 1:
        found.append("a closing line is repeated")
    sentences = [s.strip() for p in body.split("\n") for s in re.split(r"(?<=[.!?])\s+(?=\S)", p) if s.strip()]
    if len(sentences) != len(set(sentences)):
        found.append("a sentence is repeated")
    for paragraph in body.split("\n"):
        for match in SENTENCE_START.finditer(paragraph):
            before = paragraph[:match.start(1)].rstrip().split(" ")[-1] if match.start(1) else ""
            if match.group(1).islower() and not abbreviation(before):
                found.append(f"a sentence starts in lower case: {paragraph[match.start(1):match.start(1) + 40]!r}")
    return found


def abbreviation(word: str) -> bool:
    """'e.g.', 'Dr.', 'vs.': a full stop that does not end a sentence."""
    core = word.rstrip(".")
    return len(core) <= 3 or "." in core

