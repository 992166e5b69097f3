"""What `pmr eval` measures in one ranking or one answer: ranks, citation faults, how an answer opens."""
from assistant.citations import cited_numbers, without_markers
from assistant.text import words
from ingest.units import heading_of, stated_in
from tests.eval.questions import answers_it

# Words that point back at something said before them: personal and demonstrative reference, comparative
# reference, and the conjunctions that continue an argument (Halliday & Hasan, "Cohesion in English", 1976).
# A closed class of English, not words taken from any answer. An answer's first sentence has nothing before it,
# so one that opens with such a word, or whose main clause does after a short introductory phrase, leans on a
# sentence the trainee never sees ("They may not be published yet.", "This allows: …", "At most schools, it is
# optional."). A conjunction counts only opening the sentence: after a comma it joins that sentence's own
# parts ("Theory first, then cases."). "There" is left out: opening a sentence it is mostly existential
# ("There are 90 programs."), which points at nothing. The measure is independent of the answerer's own rule
# (`assistant.understand.refers_back`) on purpose: sharing it, it could not see where that rule falls short.
REFERRING = frozenset("""
it its they them their theirs he she him his her this that these those such both either neither another other same
""".split())
CONNECTIVES = frozenset("then also however but and or so thus therefore hence instead otherwise still yet besides "
                        "furthermore moreover".split())
INTRO_WORDS = 8  # "In Physical Medicine & Rehabilitation (PM&R), it is neither.": a short phrase, then the clause


def rank_metrics(ranked_texts: list[list[str]], expected: list[list[str]]) -> dict:
    ranks = [next((i for i, t in enumerate(texts[:10], 1) if answers_it(t, answers)), None)
             for texts, answers in zip(ranked_texts, expected)]
    n = len(ranks) or 1
    return {"hit@1": sum(r == 1 for r in ranks if r) / n, "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
            "mrr@10": sum(1 / r for r in ranks if r) / n, "questions": len(ranks)}


def citation_problems(answer, store) -> list[str]:
    """What is wrong with a grounded answer's citations (nothing, when they hold): its sentences make up the
    answer, each carries [n] markers, each [n] has a citation, each cited text is indexed verbatim and states the
    sentence (`stated_in`: one of its answer units, or a run of one list's items), and every citation is
    referred to."""
    by_n = {c.n: c for c in answer.citations}
    indexed = {p.text for p in store.passages(answer.passage_ids).values()}
    problems = [] if answer.sentences and " ".join(answer.sentences) == answer.answer else \
        ["its sentences are not the answer"]
    if set(cited_numbers(answer.answer)) != set(by_n):
        problems.append(f"markers {sorted(set(cited_numbers(answer.answer)))} but citations {sorted(by_n)}")
    for sentence in answer.sentences:
        numbers, bare = cited_numbers(sentence), without_markers(sentence)
        if not numbers:
            problems.append(f"no citation: {sentence!r}")
        for n in numbers:
            if n not in by_n:
                problems.append(f"[{n}] has no citation: {sentence!r}")
            elif by_n[n].text not in indexed:
                problems.append(f"[{n}] is not an indexed passage: {sentence!r}")
            elif not stated_in(bare, by_n[n].text, heading_of(by_n[n].section)):
                problems.append(f"[{n}] does not hold {bare!r}")
    return problems


def opening(answer) -> str:
    """An answer's first sentence, without its [n] markers."""
    return without_markers(answer.sentences[0] if answer.sentences else answer.answer)


def opens_on_reference(answer) -> bool:
    """Whether an answer's first sentence opens, or opens its main clause after a short introductory phrase,
    on a word that refers to what came before it (REFERRING, CONNECTIVES). Said under its passage's heading
    ("Packing: For a day trip, this is enough."), it refers to the heading, which the answer says."""
    said = opening(answer)
    first = answer.citations[0] if answer.citations else None
    heading = heading_of(first.section) if first is not None else ""
    if heading and said.startswith((f"{heading}: ", f"{heading} ")):
        return False
    tokens = said.split()
    if not tokens:
        return False
    if _word(tokens[0]) in REFERRING | CONNECTIVES:
        return True
    comma = next((i for i, token in enumerate(tokens[:INTRO_WORDS]) if token.endswith(",")), None)
    return comma is not None and comma + 1 < len(tokens) and _word(tokens[comma + 1]) in REFERRING


def says_twice(answer) -> bool:
    """Whether an answer says one of its sentences again inside another, as a lead-in said alone and then again
    before its list: "Bring two things: [1] Bring two things: a map. Water. [1]"."""
    said = [without_markers(s) for s in answer.sentences]
    return any(i != j and a in b for i, a in enumerate(said) for j, b in enumerate(said))


def _word(token: str) -> str:
    """A token as a word: "It’s" → "it", "(This" → "this"."""
    found = words(token)
    return found[0].replace("’", "'").split("'")[0] if found else ""
