"""Hybrid retrieval: dense (Chroma) and lexical (FTS5 BM25) candidates, ranked by their best answer unit."""
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from threading import Lock

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.adapter import QueryAdapter
from assistant.understand import (SPECIALTIES, abbreviated, asked_position, asking_part, expands, expansion_asked,
                                  first_step_said, guide_acronyms, leans_back, repaired, signs_read, speakers,
                                  story_and_ask, told_elsewhere, unfilled, unframed)
from assistant.text import (ABBREVIATIONS, CALENDAR, CARDINALS, PHASES, STOPWORDS, TIME_UNITS, content_words,
                            counted_thing, quoted, question_sentences, states_count, stem, without_possessive, words)
from ingest.embed import Embedder
from ingest.store import Store, StoredPassage
from ingest.units import answer_units, unit_texts

DENSE_CANDIDATES = 40
LEXICAL_CANDIDATES = 30
# How much the lexical ranking adds to a passage's best-unit similarity (at 1.0 for the top BM25 passage).
# On tests/eval/questions.jsonl, 0.2 beat 0.1/0.15/0.3 (MRR@10 0.774 vs 0.752/0.754/0.770) and weight
# chosen on half of the questions held up on the other half (2-fold CV, 10 splits: MRR@10 0.761).
LEXICAL_WEIGHT = 0.2
# FTS5's work for a query is the postings it reads: the passages containing each term. Terms are kept
# rarest first while their postings add up to at most this many (the rarest is always kept). What is
# left out is common, so its IDF is small and BM25 barely moves; at 100k passages it bounds the lexical
# tail. On the guides (~150 passages) it never applies.
POSTINGS_BUDGET = 8_000
# Word pieces of a question that its embedding reads (see `embedded_part`). The embedding's cost grows with its
# pieces (ONNX on a busy 2-core machine: 17 pieces 35 ms, 67 pieces 83 ms, 256, the model's limit, 507 ms), so
# this bounds what a 2,000-character question costs to a few short ones. Questions written as questions are
# shorter: 21 pieces at the median of our 1,313 test questions, 61 at the longest.
QUERY_PIECES = 64
RANGE_BONUS = 0.5  # a question's score inside a range a sentence states; a unit's similarity is rarely above 0.7
# A score told in the story before the question, against one asked about (see `HybridSearch.search`). On our 21
# sets, 0.4 to 0.6 all give answers stating the expected text in 0.839-0.840 of questions (mean of sets), against
# 0.835 weighing both alike and 0.830 with no weight; on holdout-19 (long stories) 0.78 against 0.68.
TOLD_SCORE = 0.5
# A sentence stating a number of what "how many X" counts ("Aim for 1–2 away rotations"). Chosen on our first
# three question sets, where 0.1 to 0.2 all helped; against 0, MRR@10 rises by 0.011 to 0.036 on each of the
# four sets, holdout-3 included (it was written after).
COUNT_BONUS = 0.15
# What a question word the guides never use counts toward `HybridSearch.unknown_terms`.
NAME_WEIGHT = 2.0
TECHNICAL_WEIGHT = 1.0
EVERYDAY_WEIGHT = 0.15
# Everyday words the guides never use, beyond three, tell how chatty a message is, not that it asks elsewhere: capped
# so, holdout-1 to -98 refuse 59 of 3,997 in-scope questions instead of 64 and as many out-of-scope ones (1,733 of
# 1,788); holdout-99 to -122 the same either way (simulated on the measured support and unknown words).
EVERYDAY_CAP = 3 * EVERYDAY_WEIGHT
COMPOUND_HEAD = 5  # letters of a known word a compound may open on; shorter heads ("gab", "orth") say nothing
# Passages retrieval ranks first, second and third: a run of parts one of them sits in (or leads into) is the run a
# question naming a part by its place asks about ("the final stretch of the plan").
PLACED_FROM = 3
RUN_PARTS = 3  # numbered subheadings that make a run: two are a pair ("Step 1", "Step 2" of a two-step list)
TECHNICAL_PIECES = 3  # word pieces (of the model's tokenizer) from which an unknown word counts as technical
EMBEDDED_KEPT = 2048  # question embeddings kept (`HybridSearch.embed`): 3 MB


@dataclass(frozen=True)
class Hit:
    passage: StoredPassage
    score: float  # relevance (see `relevance`), clipped to 0..1
    similarity: float  # cosine similarity of passage and query
    unit_vectors: np.ndarray  # the passage's answer units, embedded (rows in `answer_units` order)
    unit_bonus: np.ndarray | float = 0.0  # what `range_bonus` adds to each unit's similarity
    # Where the passage goes on when it ends on a lead-in whose items sit under subheadings (`continuation`)
    continued_in: StoredPassage | None = None
    placed: bool = False  # the part of a run the question asks for by its place ("the final stretch"; `placed`)


def relevance(unit_vectors: np.ndarray, query: np.ndarray, *, lexical: float, top_lexical: float,
              bonus: np.ndarray | float = 0.0) -> float:
    """The passage's best answer unit's cosine similarity, plus LEXICAL_WEIGHT times its share of the
    best BM25 score.

    A passage is only as relevant as the best thing it says: a whole-passage vector blurs a buried
    sentence ("Follow up politely after 7–10 days") into a passage about LinkedIn, and lets a
    heading-only lead-in ("Commonly pursued fellowships include:") outrank the answer. A passage
    with no answer unit cannot be cited, so it ranks last. `bonus` is added to each unit's similarity
    (see `range_bonus`).
    """
    best = float((unit_vectors @ query + bonus).max()) if len(unit_vectors) else -1.0
    return best + (LEXICAL_WEIGHT * lexical / top_lexical if top_lexical > 0 else 0.0)


def score_numbers(text: str) -> list[int]:
    """Exam scores in a question ("I got a 238 on step 2"): three-digit numbers from 150 to 300."""
    return [int(n) for n in re.findall(r"(?<![\d.])(\d{3})(?![\d%])", text) if 150 <= int(n) <= 300]


def numbers_query(numbers: list[int], *, within: int = 25) -> str:
    """An FTS5 MATCH for passages stating a number within `within` of one of `numbers` ("238" → 213…263):
    exact terms, so the index reads only their postings."""
    near = sorted({m for n in numbers for m in range(n - within, n + within + 1)})
    return " OR ".join(f'"{m}"' for m in near)


def stated_ranges(text: str) -> list[tuple[float, float]]:
    """Score ranges a sentence states: "~ 230–245", "≥ 250", "< 225 or notably below", "240+"."""
    return list(_ranges(text))


@lru_cache(maxsize=8192)  # every search reads the ranges of the same few hundred sentences
def _ranges(text: str) -> tuple[tuple[float, float], ...]:
    ranges = []
    for m in _RANGE.finditer(text):
        if m["lo"]:
            ranges.append((float(m["lo"]), float(m["hi"])))
        elif m["low"] or m["plus"]:
            ranges.append((float(m["low"] or m["plus"]), np.inf))
        else:
            ranges.append((-np.inf, float(m["high"])))
    return tuple(ranges)


_RANGE = re.compile(r"(?P<lo>\d{3})\s*[–-]\s*(?P<hi>\d{3})|(?:≥|>=|>|\babove|\bover|\bat least)\s*~?\s*(?P<low>\d{3})|"
                    r"(?P<plus>\d{3})\+|(?:≤|<=|<|\bbelow|\bunder)\s*~?\s*(?P<high>\d{3})")


def holds_score(numbers: Iterable[int], text: str) -> bool:
    """Whether a sentence states a range holding one of `numbers`: "~ 230–245" holds 238."""
    return any(lo <= n <= hi for n in numbers for lo, hi in stated_ranges(text))


def range_bonus(numbers: list[int], unit_texts: list[str]) -> np.ndarray:
    """RANGE_BONUS for each answer unit stating a range that holds one of the question's scores: "238" is
    "around the national average (~ 230–245)", which no embedding of the two numbers says."""
    return np.array([RANGE_BONUS if holds_score(numbers, text) else 0.0 for text in unit_texts])


def fts_query(text: str, *, frequency=None, passages: int = 0) -> str:
    """An FTS5 MATCH expression: any of the question's content words and PHASES, each quoted (no syntax from
    users): "what do I do before the fair?" matches "fair" and "before" ("A week before the fair: book a stand").
    A quoted phrase ("the '2–3 weeks' rule") is matched as a phrase, its numbers and function words with it.

    With `frequency` (term → passages containing it), terms no passage contains are left out, so are
    those in more than half of all `passages` (BM25 scores them about zero), and common terms past
    POSTINGS_BUDGET.
    """
    # a phrase the trainee quotes from a guide ("what was the 'no score on file' thing?") is matched as one
    said = [*quoted(text), *content_words(text), *(w for w in words(text) if w in PHASES)]
    terms = [t for t in dict.fromkeys(w.replace('"', "") for w in said) if t]
    if frequency is not None and terms:
        counts = {t: frequency(t) for t in terms}
        terms = [t for t in terms if counts[t] and not (passages and counts[t] > passages / 2)]
        kept, postings = set(), 0
        for term in sorted(terms, key=counts.get):
            if kept and postings + counts[term] > POSTINGS_BUDGET:
                break
            kept.add(term)
            postings += counts[term]
        terms = [t for t in terms if t in kept]
    return " OR ".join(f'"{term}"' for term in terms)


def distinct(texts: list[str], *, limit: int, threshold: float = 0.85) -> list[int]:
    """Indices of the first `limit` texts whose word sets overlap no earlier kept text's by more
    than `threshold` (Jaccard): near-duplicate passages say the same thing twice."""
    kept: list[int] = []
    seen: list[set[str]] = []
    for i, text in enumerate(texts):
        tokens = set(text.casefold().split())
        if all(len(tokens & other) / max(1, len(tokens | other)) <= threshold for other in seen):
            kept.append(i)
            seen.append(tokens)
            if len(kept) == limit:
                break
    return kept




def embedded_part(question: str, *, tokenize, budget: int = QUERY_PIECES) -> str:
    """What of a question its embedding reads: all of it within `budget` word pieces; past that, the sentences
    that ask (with "?") and then those before them, nearest the end first, while they fit, in the order written.
    A 2,000-character message ("I'm an M3 … [ten sentences of story] … What should the email say?") is embedded
    by its question and the sentences just before it; a sentence that alone is over the budget, by its last words."""
    if len(tokenize(question)) <= budget:
        return question
    said = question_sentences(question)
    order = sorted(range(len(said)), key=lambda i: ("?" not in said[i], -i))
    kept, used = [], 0
    for i in order:
        used += len(tokenize(said[i]))
        if used > budget:
            break
        kept.append(i)
    if kept:
        return " ".join(said[i] for i in sorted(kept))
    tail, used = [], 0
    for word in reversed(said[order[0]].split()):
        used += len(tokenize(word))
        if used > budget:
            break
        tail.insert(0, word)
    return " ".join(tail)


def _tokens(sentence: str) -> list[str]:
    """A sentence's words as written, without the punctuation at their edges; "a/b" is two."""
    return [t.strip(_EDGES) for t in sentence.replace("/", " ").split()]


def proper_nouns(text: str) -> dict[str, int]:
    """Capitalised words that do not start a sentence, casefolded, each with the number of the name it
    belongs to: a run of them is one name ("research at Johns Hopkins or Mayo" → johns 0, hopkins 0, mayo 1)."""
    found: dict[str, int] = {}
    names = 0
    for sentence in question_sentences(text):
        previous = False
        tokens = _tokens(sentence)
        for word in [t for t in tokens if any(c.isascii() and c.isalpha() for c in t)][1:]:
            bare = without_possessive(word)
            capitalised = len(bare) > 1 and bare[0] in _CAPITALS and bare[1:].isascii() and bare[1:].isalpha() \
                and bare[1:].islower()
            if capitalised:
                names += not previous
                found.setdefault(without_possessive(word).casefold(), names - 1)
            previous = capitalised
    return found


# A word the guides never use, between an article, preposition or auxiliary and one of these, names a program or an
# institution ("the Mayo Clinic PM&R residency", "does spaulding rehab take IMGs"; not "this yr toward fellowship"):
# the guides speak of programs in general, never of one by name.
_INSTITUTION = re.compile(r"\b(?:the|at|from|for|with|into|about|does|is|are|did)\s+([a-z][\w&'’-]*)\s+"
                          r"(?=(?:clinic|hospital|university|institute|medical center|health system|"
                          r"pm&r|pmr|rehab|physiatry|residency|residencies|programs?|fellowships?)\b)", re.IGNORECASE)


_EDGES = ".,;:!?()[]\"“”‘’…—–-"
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def acronyms_in(text: str) -> list[str]:
    """The acronyms a text writes, casefolded, a plural as it is: "NBMEs and the ACGME" → nbmes, acgme."""
    return [w.casefold() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,}s?\b", text)]


SHOUTED_SHARE = 0.8  # of a sentence's words in capitals, from which the whole sentence is shouted
EMPHASIS_LETTERS = 4  # a word in capitals this long, held whole by the tokenizer, is emphasis anywhere


def emphasised(text: str, tokenize) -> set[str]:
    """The words in capitals that are English words, not acronyms, casefolded: every word of a sentence written in
    capitals ("HOW EARLY SHOULD I BOOK THE HUT???") and, in any sentence, a word of EMPHASIS_LETTERS letters or more
    ("is a week before TOO LATE?!" keeps "too" an acronym, "LATE" is a word), each only when the model's tokenizer
    holds it whole, as it does the words it knows ("late", "licensing"), and not an acronym ("abpmr" is ab·pm·r)."""
    found: set[str] = set()
    for sentence in question_sentences(text):
        tokens = [t for t in _tokens(sentence) if len(t) > 1 and t.isalpha()]
        capitals = [t for t in tokens if t.isupper()]
        shouted = len(tokens) >= 3 and len(capitals) >= SHOUTED_SHARE * len(tokens)
        found |= {t.casefold() for t in capitals if (shouted or len(t) >= EMPHASIS_LETTERS) and
                  len(tokenize(t.casefold())) == 1}
    return found


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The words the guides use, stemmed: their content words, the parts of their compounds ("PGY" of "PGY-2",
    "check" of "double-check") and their acronyms, also those spelled like a function word ("DO", "US")."""
    known: set[str] = set()
    for text in texts:
        for word in content_words(text):
            known.add(stem(word))
            if "-" in word:
                known.update(stem(part) for part in content_words(word.replace("-", " ")))
        for acronym in acronyms_in(text):  # "IMGs" is the plural of IMG
            singular = acronym[:-1] if acronym.endswith("s") and len(acronym) > 2 else acronym
            known.update({acronym, stem(acronym), singular})
    return frozenset(known)


def glued(word: str, known: frozenset[str]) -> bool:
    """Whether a code is the guides' own words and numbers written without a space: "step2" (Step 2), "2ck",
    "pgy3"; not "h1b" or "covid19", whose letters are no word of theirs."""
    runs = ["".join(run) for kind, run in groupby(word, key=lambda c: c.isdigit() if c.isalnum() else None)
            if kind is not None]
    letters = [r for r in runs if r.isalpha()]
    return len(runs) > 1 and bool(letters) and all(len(r) > 1 and stem(r) in known for r in letters)


def names_specialty(word: str, known: frozenset[str]) -> bool:
    """Whether a specialty's short name ("ortho", "psych") is one the guides name in full ("orthopedics")."""
    return word in SPECIALTIES and any(full.startswith(word) and stem(full) in known for full in SPECIALTIES)


def is_counting(word: str) -> bool:
    """"passed on the 2nd attempt", "failed 2x", "practice tests in the 230s", "40k followers": an ordinal, a count,
    a run of numbers or thousands, no code naming a thing; nor is a time of day or a length of time ("up at 2am",
    "exam in 6wks", "3hrs a night")."""
    number = word.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = word[len(number):]
    if not number.isdigit() or not unit:
        return False
    return unit in ("st", "nd", "rd", "th", "x", "s", "k", "am", "pm") or \
        stem(ABBREVIATIONS.get(unit, unit)) in TIME_UNITS


# A capitalised word the guides never use, asked about as a program is ("Does Spaulding require an away rotation?").
_ASKED_OF = re.compile(r"\b(?i:does|do|is|are|will|would|did|can)\s+([A-Z][\w&'’-]*)\s+(?=(?i:require|have|take|"
                       r"accept|sponsor|want|need|offer|prefer|look|care|use|give|interview|rank|expect)s?\b)")


def story_words(text: str) -> set[str]:
    """Words (casefolded) only in the sentences that tell the trainee's story before the question
    (`story_and_ask`): "US citizen, went to a Caribbean school. will visa stuff be a problem?" → caribbean,
    school…; in what holds elsewhere, which a question about the field compares with (`told_elsewhere`); in an
    aside after the last question ("…the subject line? I always agonize over it."); or only inside a quotation, the
    trainee's own draft or a line they were given, whose names say who writes it, not what is asked ("My bio
    says 'Trail guide in Lyon for six summers.' Too casual?" → lyon, summers…)."""
    story, ask = story_and_ask(text)
    elsewhere = told_elsewhere(text)
    said = question_sentences(ask)[1 if elsewhere else 0:]
    last = max((i for i, sentence in enumerate(said) if "?" in sentence), default=len(said) - 1)
    aside = " ".join(said[last + 1:])  # "…and the subject line? I always agonize over that part." tells, too
    asked = " ".join(said[:last + 1])
    inside = Counter(w for phrase in quoted(text) for w in phrase.split())
    outside = Counter(words(text)) - inside
    # "…at Lakeside. Does Lakeside's director…?" asks about Lakeside: a word is the same with its possessive
    return {without_possessive(w) for w in words(f"{story} {elsewhere} {aside}")} - \
        {without_possessive(w) for w in words(asked)} | (set(inside) - set(outside))


def framing_words(text: str) -> set[str]:
    """Words only in a question that asks about the sentence before it (`leans_back`): how a message asks, not what
    it asks about ("I'll take the noon ferry. Does that make sense?" → does, that, make, sense; "…Thoughts?")."""
    said = question_sentences(text)
    leaning = [k > 0 and "?" in sentence and leans_back(sentence) for k, sentence in enumerate(said)]
    return {w for s, lean in zip(said, leaning) if lean for w in words(s)} - \
        {w for s, lean in zip(said, leaning) if not lean for w in words(s)}


# A capitalised name before an institution's head noun names it wherever it stands ("a friend said Lakeside Hospital's…").
_NAMED_INSTITUTION = re.compile(r"\b([A-Z][a-z][\w&'’-]*)\s+(?=(?:Clinic|Hospital|University|Institute|Medical Center|"
                                r"Health System)\b)")
# A word with a capital inside names a product or a brand ("PowerPoint", "YouTube"), as an acronym names a thing.
_BRAND = re.compile(r"\b[A-Za-z][a-z]+[A-Z][A-Za-z]*\b")


def named_institutions(text: str) -> set[str]:
    """The words just before a program or an institution word ("mayo" in "the Mayo Clinic PM&R residency"), or
    a capitalised one asked about as a program ("Does Spaulding require…"). After "to" a word is a verb ("to skip
    fellowship prep"), not a name; a number word counts ("did four PM&R rotations")."""
    return {without_possessive(m.group(1)).casefold() for pattern in (_INSTITUTION, _ASKED_OF, _NAMED_INSTITUTION)
            for m in pattern.finditer(text)} - CARDINALS


def word_family(word: str, *, prefixes: bool = True) -> list[str]:
    """The word and what it may be built from: "reapply" → apply (unless not `prefixes`), "prepping" → prep,
    "panicking" → panic, "cold-email" → cold, email, "beforehand" → before."""
    forms = [word, *(part for part in word.split("-") if len(part) > 1)]
    for prefix in ("re", "pre", "over", "under", "un", "co", "non", "post") if prefixes else ():
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix):])
    # a compound opening on a word of COMPOUND_HEAD letters or more ("beforehand", "followups")
    forms += [word[:k] for k in range(COMPOUND_HEAD, len(word) - 2)]
    for suffix in ("ing", "ed", "er"):
        base = word[:-len(suffix)] if word.endswith(suffix) else ""
        if base.endswith("ck") and len(base) > 2 and suffix != "er":  # "panicking"
            forms.append(base[:-1])
        if len(base) > 1 and base[-1] == base[-2] and base[-1] in "bdgmnprt":  # "prepping", "planned"
            forms.append(base[:-1])
    return forms


def word_pieces(word: str, tokenize) -> int:
    """How many pieces the model's tokenizer cuts a word into, in its least cut inflection: "wording" is word·ing,
    but "word" with its inflection, so 1; "gabapentin" 4."""
    return min(len(tokenize(form)) for form in inflection_bases(word))


def inflection_bases(word: str) -> list[str]:
    """The word and the forms it may be inflected from: "nudging" → nudging, nudg, nudge."""
    forms = [word]
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            forms += [base, f"{base}e"]
    return forms


def _named_words(text: str) -> set[str]:
    """A text's words that can name a subheading, stemmed, ranges split: "months 3-4" → month, 3, 4."""
    return {stem(w) for w in words(text.replace("-", " ").replace("–", " ")) if w not in STOPWORDS}


MIN_MISSPELT = 6  # letters: a shorter word one letter from a guide word is as often another word ("taxes", "takes")


def within(passage: StoredPassage, part: StoredPassage) -> bool:
    """Whether a passage sits in a part of a guide: under its heading, or under a subheading of it."""
    return passage.doc_id == part.doc_id and (passage.section == part.section or
                                              passage.section.startswith(f"{part.section} > "))


def is_numbered_only(heading: str) -> bool:
    """Whether a subheading is a word and its numbers, with no title: "Week 5–6", not "Step 2: Drive"."""
    w = words(heading)
    return bool(w) and all(x.isdigit() for x in w[1:])


def run_label(headings: list[str]) -> str | None:
    """The word that heads each of a run of RUN_PARTS or more subheadings numbered in order ("Month 1–2", "Month
    3–4", "Month 5–6" → "month"; "PGY-1: …" to "PGY-4: …" → "pgy"), else None: a guide's numbered parts, which a
    question may name by place ("the last month or two")."""
    numbered = []
    for heading in headings:
        w = words(heading)
        head, _, number = w[0].partition("-") if w else ("", "", "")
        if not number and len(w) > 1:
            number = w[1]
        if not (head.isalpha() and number.isdigit()):
            return None
        numbered.append((head, int(number)))
    labels = {head for head, _ in numbered}
    numbers = [n for _, n in numbered]
    return labels.pop() if len(numbered) >= RUN_PARTS and len(labels) == 1 and numbers == sorted(numbers) else None


def _deletions(word: str) -> set[str]:
    """`word` and each form of it with one letter left out: a word and its misspelling by one letter added,
    dropped or changed, or two letters swapped, share one ("felowship" and "fellowship": "felowship")."""
    return {word} | {word[:k] + word[k + 1:] for k in range(len(word))}


# British and Commonwealth spellings and the American ones the guides use: "programme" → "program", "paediatric" →
# "pediatric", "organise" → "organize", "behaviour" → "behavior", "centre" → "center", "travelled" → "traveled".
_SPELLINGS = (("mme", "m"), ("ae", "e"), ("oe", "e"), ("is", "iz"), ("ys", "yz"), ("our", "or"), ("tre", "ter"),
              ("ogue", "og"), ("ll", "l"), ("ence", "ense"))


def _american(word: str) -> list[str]:
    """A word's forms with one British spelling written the American way (`_SPELLINGS`), each where it occurs."""
    forms = []
    for british, american in _SPELLINGS:
        at = word.find(british)
        while at >= 0:
            forms.append(word[:at] + american + word[at + len(british):])
            at = word.find(british, at + 1)
    return forms


class _Spellings:
    """The guides' words of MIN_MISSPELT letters or more, found again from their misspellings (`corrected`)."""

    def __init__(self, texts):
        texts = list(texts)
        self.acronyms = guide_acronyms(texts)  # and the names they stand for, spelled out (`abbreviated`)
        self.written = " ".join(" ".join(text.split()) for text in texts).casefold()
        self.counts = Counter(w for text in texts for w in words(text) if len(w) >= MIN_MISSPELT and w.isalpha())
        self.forms: dict[str, set[str]] = {}  # a word less one letter (or none) -> the guide words it comes from
        for word in self.counts:
            for form in _deletions(word):
                self.forms.setdefault(form, set()).add(word)

    def abbreviated(self, text: str) -> str:
        """`text` with the names it spells out as the guides' acronyms (see `understand.abbreviated`)."""
        return abbreviated(text, self.acronyms, self.written)

    def corrected(self, text: str, tokenize) -> str:
        """`text` with each misspelt word as the guides spell it (see `HybridSearch.corrected`)."""
        def spelled(word: str) -> str:
            if len(word) < MIN_MISSPELT or not (word.isalpha() and word.islower()) or word in self.counts or \
                    word in ABBREVIATIONS:
                return word
            american = next((form for form in _american(word) if form in self.counts), None)
            if american:
                return american  # "programmes", "paediatrics": the guides' word, spelt another way
            found = {w for form in _deletions(word) for w in self.forms.get(form, ())}
            if not found:
                return word
            guide_word = max(sorted(found), key=self.counts.__getitem__)
            # "president" is a word of its own, which the model reads whole, not "resident" misspelt
            return guide_word if word_pieces(word, tokenize) > word_pieces(guide_word, tokenize) else word
        tokens = []
        for token in text.split(" "):
            core = token.strip(_EDGES)
            tokens.append(token.replace(core, spelled(core), 1) if core else token)
        return " ".join(tokens)


class HybridSearch:
    """Both rankings over the live catalog; returns passages best first."""

    def __init__(self, store: Store, embedder: Embedder, adapter: QueryAdapter | None = None):
        self.store = store
        self.embedder = embedder
        self.adapter = QueryAdapter.load() if adapter is None else adapter
        self._adapts: tuple[int, bool] = (-1, False)
        self._vocabulary: tuple[int, frozenset[str]] = (-1, frozenset())
        self._spellings: tuple[int, _Spellings | None] = (-1, None)
        self._embedded: OrderedDict[str, np.ndarray] = OrderedDict()  # recent questions' embeddings (`embed`)
        self._embedding = Lock()

    def _spelled(self) -> _Spellings:
        generation = self.store.generation()
        if self._spellings[0] != generation:
            self._spellings = (generation, _Spellings(
                t for (t,) in self.store.db.execute("SELECT section || ' ' || text FROM passages")))
        return self._spellings[1]

    def abbreviated(self, text: str) -> str:
        """`text` with the names it spells out that the guides write only as acronyms written as those ("the
        Accreditation Council for Graduate Medical Education" → "the ACGME"; `understand.abbreviated`)."""
        return self._spelled().abbreviated(text)

    def corrected(self, text: str) -> str:
        """`text` with its misspelt words written as the guides spell them ("how many away rotatons shoud i do" →
        "…rotations…"): a word of MIN_MISSPELT letters or more that the guides never use, one letter added,
        dropped or changed (or two swapped) from a word they use, the most frequent when several are, and which
        the model's tokenizer cuts into more pieces than that word: a misspelling is a word the model does not know
        ("felowship": fe·low·ship), while "president", one piece, is a word of its own and not "resident" misspelt,
        and so is "wording" (word, inflected), not "working". A word with a capital or a digit is left as written:
        it may be a name or a code the guides never use."""
        return self._spelled().corrected(text, self.embedder.tokenize)

    def read(self, message: str) -> str:
        """A message as it is asked: a money sign read as the word ("→ $?": `signs_read`), without a letter's
        salutation and sign-off (`unframed`) or the fillers of speech ("um", "like", "you know": `unfilled`), the
        names it spells out as the guides' acronyms (`abbreviated`), its misspelt words as the guides spell them
        (`corrected`), what its asker took back midway left out (`repaired`), and "step one" said of what comes
        first written "the first step" (`first_step_said`), not to be read as the exam."""
        spelled = self._spelled()  # the guides' words and acronyms, read once for both passes
        said = spelled.abbreviated(unfilled(unframed(signs_read(message))))
        return first_step_said(repaired(spelled.corrected(said, self.embedder.tokenize)))

    def unknown_terms(self, query: str) -> float:
        """How much of the query the guides never mention, capped at 3. Each content word absent from the
        guides counts:
        - NAME_WEIGHT if it names something: an acronym ("DVT", "ABPMR"), a brand ("PowerPoint"), a code ("H-1B",
          "L5") or another specialty ("derm");
        - TECHNICAL_WEIGHT if it is capitalised inside a sentence ("Mayo"; "Johns Hopkins" counts once), or
          the model's tokenizer cuts it into TECHNICAL_PIECES or more ("gabapentin": ga·ba·pen·tin);
        - else EVERYDAY_WEIGHT, up to EVERYDAY_CAP in all ("Lol, is sending six follow-ups a flex or a cry for
          help?" jokes in everyday words).
        Shorthand we expand ("ppl"), a word built from known ones ("cold-email", "reapply", "prepping"), the guides'
        words and numbers run together ("step2", `glued`) and the short name of a specialty the guides name in full
        ("ortho", `names_specialty`) are known; the guides' words include the parts of their compounds and their
        acronyms (`vocabulary`). A word that names a program ("the Mayo Clinic PM&R residency") counts NAME_WEIGHT.
        A word only in the sentences telling the trainee's story counts nothing, be it a place, an acronym or another
        specialty ("tore my ACL playing soccer.", "my friend applying ortho said…"): the story says who asks, the
        sentences from the first question on what is asked (with the claim a "True?" checks; `story_and_ask`), but
        for what holds elsewhere, which a question about the field compares with ("Derm applicants say so. Is that
        true for PM&R?"; `told_elsewhere`). A code counts wherever it is ("I'm on a J-1. Do I need a waiver?"). A
        story that makes the question about another specialty ("I'm applying derm. How many programs?") is
        `asked_values`' "other specialty".

        A question built on words the guides never use is rarely answered by them, however
        close its embedding lands; an everyday word ("crickets", "ppl") says little either way.
        """
        generation = self.store.generation()
        if self._vocabulary[0] != generation:
            texts = self.store.db.execute("SELECT section || ' ' || text FROM passages")
            self._vocabulary = (generation, vocabulary(t for (t,) in texts))
        known = self._vocabulary[1]
        acronyms = set(acronyms_in(query)) - emphasised(query, self.embedder.tokenize)
        brands = {w.casefold() for w in _BRAND.findall(query)}
        acronyms |= brands
        capitalised = proper_nouns(query)
        # who says a reported claim is told, not asked, but for a specialty: the claim may hold in the speaker's field
        story = story_words(query) | {w for w in speakers(query) if w not in SPECIALTIES}
        framing = framing_words(query)
        institutions = named_institutions(query)
        names_counted: set[int] = set()  # "Johns Hopkins" is one name

        def weight(word: str) -> float:
            if any(c.isdigit() for c in word) and any(c.isalpha() for c in word) and not is_counting(word):
                return NAME_WEIGHT  # a code ("J-1", "H-1B") names what the question turns on, wherever it is said
            if word in story:  # "went to a Caribbean school.", "tore my ACL." only tell the trainee's story
                return 0.0
            if word in acronyms or word in SPECIALTIES:
                return NAME_WEIGHT
            if word in institutions:
                return NAME_WEIGHT
            if word in capitalised:  # a place or an institution
                if capitalised[word] in names_counted:
                    return 0.0
                names_counted.add(capitalised[word])
                return TECHNICAL_WEIGHT
            if "-" in word:
                return max((weight(part) for part in word.split("-") if len(part) > 1 and not is_known(part)),
                           default=0.0)
            # "gabapentin" is ga·ba·pen·tin to the tokenizer; "nudge" (nu·dge), "crickets" (cricket·s) and
            # "unanswered" (un + answered, a word the tokenizer holds whole) are not. "comlex" is no co + "mlex".
            family = word_family(word)
            unprefixed = set(family) - set(word_family(word, prefixes=False))
            sizes = [word_pieces(form, self.embedder.tokenize) for form in family]
            if min(n for form, n in zip(family, sizes) if form not in unprefixed or n == 1) >= TECHNICAL_PIECES:
                return TECHNICAL_WEIGHT
            return 0.0 if word in framing else EVERYDAY_WEIGHT  # "Does that make sense?" asks nothing of its own

        def is_known(word: str) -> bool:  # shorthand we expand ("ppl", "clerkships") is known, so are compounds of
            # a function word ("beforehand") and the plural of a known acronym or code ("PDs", "M4s")
            if word in acronyms and word.endswith("s") and word[:-1] in known:
                return True
            return word in ABBREVIATIONS or word in CALENDAR or glued(word, known) or names_specialty(word, known) or \
                any(stem(form) in known or form in STOPWORDS for form in word_family(word)[1:]) or stem(word) in known

        # a brand is not built from the words it looks like ("PowerPoint" is no kind of point)
        weights = [weight(w) for w in dict.fromkeys(content_words(query))
                   if not is_known(w) or (w in brands and stem(w) not in known)]
        everyday = sum(x for x in weights if x == EVERYDAY_WEIGHT)
        return min(3.0, sum(weights) - everyday + min(everyday, EVERYDAY_CAP))

    def embed(self, questions: list[str]) -> np.ndarray:
        """The questions' plain embeddings, each of its `embedded_part`. The last EMBEDDED_KEPT are kept: a question
        is embedded by the chat and again when its retrieval is measured, and a follow-up's earlier turn with it."""
        parts = [embedded_part(q, tokenize=self.embedder.tokenize) for q in questions]
        with self._embedding:
            known = {p: self._embedded[p] for p in parts if p in self._embedded}
        missing = list(dict.fromkeys(p for p in parts if p not in known))
        if missing:
            for part, vector in zip(missing, self.embedder.encode(missing)):
                vector.setflags(write=False)
                known[part] = vector
        with self._embedding:
            for part in parts:
                self._embedded[part] = known[part]
                self._embedded.move_to_end(part)
            while len(self._embedded) > EMBEDDED_KEPT:
                self._embedded.popitem(last=False)
        return np.stack([known[p] for p in parts])

    def adapts(self) -> bool:
        """Whether ranking goes through the query adapter: while the index holds every guide it learned from."""
        generation = self.store.generation()
        if self._adapts[0] != generation:
            self._adapts = (generation, self.adapter.applies_to(d.doc_id for d in self.store.documents()))
        return self._adapts[1]

    def search(self, query: str, *, k: int = 5, vector: np.ndarray | None = None, adapted: bool = True) -> list[Hit]:
        """Passages best first. `vector` is the query's plain embedding, from a caller that `read` the query already
        (the chat); without it the query is read so and embedded here. Passages are ranked by its image under the
        query adapter unless `adapted` is False. A hit's `similarity` is always to the plain embedding."""
        if vector is None:
            query = self.read(query)
            vector = self.embed([query])[0]
        plain, vector = vector, (self.adapter(vector) if adapted and self.adapts() else vector)
        dense = self.store.dense_search(vector.tolist(), DENSE_CANDIDATES)
        match = fts_query(query, frequency=self.store.document_frequency, passages=self.store.passage_count())
        lexical = dict(self.store.lexical_search(match, LEXICAL_CANDIDATES))
        # A score in the story told before the question ("my Step 2 was 217…") may be what is asked about ("…Is that
        # decent?") or only who asks ("…How do I handle interview questions?"): it weighs TOLD_SCORE of one asked.
        numbers, counted = score_numbers(query), counted_thing(query)
        asked_numbers = score_numbers(asking_part(query))
        stating = [pid for pid, _ in self.store.lexical_search(numbers_query(numbers), LEXICAL_CANDIDATES)]
        records = self.store.passages(list(dict.fromkeys([pid for pid, _ in dense] + list(lexical) + stating)))
        units = self._unit_vectors(records)
        top_lexical = max(lexical.values(), default=0.0)
        bonus, counts = {}, {}
        for pid, record in records.items():
            # Parsing a passage into units costs more than the search, so only a passage holding what is counted
            # is parsed; a stem less its last letter is in each of its forms ("stud" in "study", "studies").
            may_count = any(c[:-1] in record.text.casefold() for c in counted)
            texts = [u.text for u in answer_units(record.text)] if numbers or may_count else []
            bonus[pid] = (TOLD_SCORE * range_bonus(numbers, texts) +
                          (1 - TOLD_SCORE) * range_bonus(asked_numbers, texts)) if numbers else 0.0
            counts[pid] = np.array([COUNT_BONUS * states_count(counted, t) for t in texts]) if may_count else 0.0
        scores = {pid: relevance(units[pid], vector, lexical=lexical.get(pid, 0.0), top_lexical=top_lexical,
                                 bonus=bonus[pid] + counts[pid])
                  for pid in records}
        order = sorted(scores, key=scores.get, reverse=True)
        order = [order[i] for i in distinct([records[pid].text for pid in order], limit=k)]
        placed, by_place = self.placed(query, [records[pid] for pid in order[:PLACED_FROM]])
        # retrieval's best passage in the part asked for stands for it ("PGY-2 > Choose a direction" for PGY-2)
        placed = next((records[pid] for pid in order if placed is not None and within(records[pid], placed)), placed)
        placed = placed or self.expanding(query, [records[pid] for pid in order[:PLACED_FROM]])
        if placed is not None and placed.id != order[0]:
            if placed.id not in records:
                records[placed.id] = placed
                units.update(self._unit_vectors({placed.id: placed}))
                bonus[placed.id] = 0.0
            scores[placed.id] = max(scores[pid] for pid in order)  # first, as the part asked for
            order = [placed.id, *(pid for pid in order if pid != placed.id)][:k]
        similarity = dict(dense) if vector is plain else {}
        missing = [pid for pid in order if pid not in similarity]
        if missing:
            stored = self.store.vectors(missing)
            similarity.update({pid: float(stored[pid] @ plain) for pid in missing})
        return [Hit(records[pid], min(1.0, max(0.0, scores[pid])), float(similarity[pid]), units[pid], bonus[pid],
                    self.continuation(records[pid], query, scores, placed),
                    by_place and placed is not None and pid == placed.id)
                for pid in order]

    def placed(self, query: str, top: list[StoredPassage]) -> tuple[StoredPassage | None, bool]:
        """The part of a run a question asks for by its place or number (`asked_position`), when the run is one a top
        passage sits in or leads into: a guide's subheadings "Step 1: …", "Step 2: …", "Step 3: …" (`run_label`).
        "What goes in the final stretch?" or "…in weeks 5–6?" retrieves the run's parts alike, as all are about
        it; the part asked for answers. A part is asked for by its number only where it has no title to be found by
        ("Week 5–6", not "PGY-3: The Application Year", whose number is as often who asks: "I'm a PGY-3. How many
        posters…?"). And whether it was asked for by its place: a question naming a part by its place asks what
        is in it."""
        for passage in top:
            parent = passage.section.rpartition(" > ")[0]
            for section in dict.fromkeys([passage.section, parent]):
                run = self.store.headed_under(passage.doc_id, section) if section else []
                label = run_label([p.section.rpartition(" > ")[2] for p in run])
                place = asked_position(query, label) if label else None
                if place is None:
                    continue
                if isinstance(place, str) and place.isdigit():
                    if not all(is_numbered_only(p.section.rpartition(" > ")[2]) for p in run):
                        return None, False  # "PGY-2: Choosing a Direction" is found by its title
                    return next((p for p in run if place in _named_words(p.section.rpartition(" > ")[2])), None), False
                if place == "middle":
                    return (run[len(run) // 2], True) if len(run) % 2 else (None, False)
                return (run[place], True) if -len(run) <= place < len(run) else (None, False)
        return None, False

    def expanding(self, query: str, top: list[StoredPassage]) -> StoredPassage | None:
        """The passage that gives the words of the acronym a question asks about ("what's PSR short for?";
        `expansion_asked`), when no top passage does: "Detail models of Pain Management and Spine Rehabilitation
        (PSR)." is rarely near the question in meaning, which is about the letters."""
        acronym = expansion_asked(query)
        if not acronym or any(expands(acronym, f"{p.section} {p.text}") for p in top):
            return None
        return next((p for p in self.store.writing(acronym.upper()) if expands(acronym, f"{p.section} {p.text}")),
                    None)

    def continuation(self, passage: StoredPassage, query: str, scores: dict[str, float],
                     placed: StoredPassage | None = None) -> StoredPassage | None:
        """Where a passage that ends on a lead-in goes on: "…here's a sample six-month roadmap:" is followed by
        "Month 1–2", "Month 3–4"… under subheadings, each its own passage. The one whose subheading shares most
        words with the query ("months 3-4"), then the one this search scored highest (it says the part asked
        about), else the first; None for a passage that says its piece whole."""
        if not passage.text.rstrip().endswith(":"):
            return None
        asked = _named_words(query)
        return max(self.store.subsections(passage), default=None, key=lambda p: (
            p == placed, len(asked & _named_words(p.section.split(" > ")[-1])), scores.get(p.id, -np.inf)))

    def _unit_vectors(self, records: dict[str, StoredPassage]) -> dict[str, np.ndarray]:
        """Stored at ingest; embedded here only for passages an older index left without them."""
        units = self.store.unit_vectors(list(records))
        for pid in records.keys() - units.keys():
            units[pid] = self.embedder.encode(unit_texts(records[pid].section, records[pid].text))
        return units


class HybridRetriever(BaseRetriever):
    """The hybrid search as a langchain-core retriever: the assistant's chain retrieves through it.

    Each Document carries the passage's metadata and, under "hit", the `Hit` the answerer reads (its answer
    units' vectors). `vector` (the query's plain embedding) is passed on to `HybridSearch.search`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: HybridSearch
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                vector: np.ndarray | None = None) -> list[Document]:
        return [to_document(hit) for hit in self.search.search(query, k=self.k, vector=vector)]


def to_document(hit: Hit) -> Document:
    p = hit.passage
    return Document(page_content=p.text, id=p.id, metadata={
        "doc_id": p.doc_id, "title": p.title, "section": p.section, "position": p.position,
        "score": hit.score, "similarity": hit.similarity, "hit": hit})


def hits_of(documents: list[Document]) -> list[Hit]:
    return [d.metadata["hit"] for d in documents]
