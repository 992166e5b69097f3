"""The extractive answerer: picks the guide sentences that answer a question and cites them."""
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.citations import Citation
from assistant.followup import is_elliptical
from assistant.retrieve import Hit
from assistant.text import (CALENDAR, QUANTITY, STOPWORDS, content_words, counted_thing, stem, states_count,
                            word_overlap, words)
from assistant.understand import asks, is_reply, pairs_with, refers_back
from ingest.units import Unit, answer_units, merged, siblings

# Calibrated with HybridSearch.unknown_terms' weights on tests/eval/questions.jsonl and holdout-1.jsonl
# (134 in-scope, 40 out-of-scope questions): at 0.32, 2 in-scope and 38 out-of-scope are refused; every
# threshold from 0.31 to 0.37 refuses those 38, with 1 to 5 in-scope refusals. holdout-2.jsonl took no
# part in choosing them.
MIN_EVIDENCE = 0.32
UNKNOWN_TERM_PENALTY = 0.15  # per unit of HybridSearch.unknown_terms
SECOND_SPAN = 0.05  # how close a second passage's best unit must score to the anchor's to join the answer
SPAN_MARGIN = 0.05  # units of the first passage scoring this close to its best are said with it, in order
MAX_SPAN = 6  # units; a wider spread of close units is no span, and the best one is said alone
UNITS_FROM = 4  # passages whose sentences compete for the answer
FOLLOW_UP_FOCUS = 0.15  # weight of a follow-up's own words in a sentence, beside those of the rewritten query
# A question asking for an amount is answered by a sentence that states one.
_QUANTITY_QUESTION = re.compile(r"\b(how (many|much)|what percent(age)?|rate|average|median|salary|number of)\b",
                                re.IGNORECASE)
# "How many" of anything but time is answered by a count, not a length of time ("1–2 weeks before: Make a list").
_HOW_MANY = re.compile(r"\bhow many\b", re.IGNORECASE)
_TIME_UNITS = frozenset("year month week day hour minute".split())
_LENGTH_OF_TIME = re.compile(r"\b\d+(\s*[–-]\s*\d+)?\+?[\s-]*(years?|months?|weeks?|days?|hours?|minutes?)\b",
                             re.IGNORECASE)
# "When should I…" is answered by a sentence that says when: a month or season, a year of training, a lead time
# ("Target: Step 2 CK by late July–mid August", "during PGY-2 or early PGY-3", "2–3 months before deadlines").
# A month is capitalised: "You may start…" names none.
# Not "when would a research year make sense?": that asks on what condition.
_WHEN = re.compile(r"(\bwhen (should|do|does|is|are|can|will|would|to)\b|\bby when\b|\bat what point\b|"
                   r"\bhow (early|soon|far ahead|far in advance)\b|\bwhat (month|year|point|stage)\b)"
                   r"(?![^?]{0,40}\b(makes? sense|important|worth|a good idea|necessary|matters?|helpful)\b)",
                   re.IGNORECASE)
_A_TIME = re.compile(r"\b((?-i:January|February|March|April|May|June|July|August|September|October|November|"
                     r"December)|spring|summer|fall|autumn|winter|PGY-?\d|M[1-4]|MS[1-4]|"
                     r"(first|second|third|fourth|final|last) (half|year|month)|year of|"
                     r"(a few|several|a couple of|\d+(\s*[–-]\s*\d+)?\+?)\s+(more\s+)?"
                     r"(\w+\s+)?(days?|weeks?|months?|years?)|(before|after|near|until)\s+(\w+\s+){0,3}"
                     r"(opening|opens|deadlines?|starts?|begins?))\b", re.IGNORECASE)
# A script with blanks to fill ("…your mentorship on [rotations/projects]") answers a question about wording only.
_SCRIPT = re.compile(r"\[[^\]]+\]")
_WORDING = re.compile(r"\bhow (do|should|can|would) (i|you|we) (word|phrase|say|ask|write|start|open|begin|email|"
                      r"message|reach|approach|introduce|follow|thank)\b|"
                      r"\bwhat (do|should|can|would) (i|you) (say|write|tell|put|email)\b|"
                      r"\b(wording|phrasing|phrase|script|template|example|sample|opener|starter)s?\b", re.IGNORECASE)
# A question for the score that passes an exam: only that exam's sentences can answer it (`named_exams`).
_PASSING_SCORE = re.compile(r"\bpassing\s+(score|mark)s?\b|\bscores?\b[^?.]{0,20}\bto pass\b", re.IGNORECASE)
_PROGRAM = r"\b(?:programs?|residenc(?:y|ies)|fellowships?|schools?)\b"
# Specialties a trainee might match into instead of PM&R: the guides speak of no other specialty's match.
_OTHER_SPECIALTY = (r"(?:ortho\w*|derm\w*|radiology|rads|anesthesi\w*|ophthalm\w*|urology|ent|otolaryngology|"
                    r"psychiatry|ob-?gyn|ob/gyn|neurosurgery|plastic surgery|plastics|general surgery|"
                    r"emergency medicine|radiation oncology|interventional radiology)")
_OTHER_MATCH = (r"(?:\b(?:(?:match(?:ing)?|apply(?:ing)?|get(?:ting)?|going)\s+(?:in(?:to)?\s+)?|for\s+)(?:an?\s+)?"
                + _OTHER_SPECIALTY + r"\b|\b" + _OTHER_SPECIALTY
                + r"(?:\s+surgery)?\s+(?:residenc(?:y|ies)|programs?|applicants?|match)\b)")
# A question for a date on the calendar, and the words that only ask for one ("the exact date this year"); the
# others name what is dated ("when does ERAS open"), which the sentence giving the date must speak of.
_DATE_QUESTION = re.compile(r"\bwhen(?:\s+and\s+where)?(['’]s|\s+(is|are|was|will|does|do))\b[^?]{0,60}\b"
                            r"(this|next|last) (year|month|spring|fall|summer|winter)\b|\bwhat date\b|"
                            r"\bwhat day\b(?!\s+(should|do|can|would) (i|we|you)\b)|"
                            r"\b(exact|specific|official) (date|deadline|day)s?\b", re.IGNORECASE)
_DATED = re.compile(r"\b(?:when(?:\s+and\s+where)?(?:['’]s|\s+(?:is|are|was|will|does|do))|"
                    r"what (?:\w+ )?(?:date|day)(?:\s+(?:is|are|was|will|does|do))?|"
                    r"(?:exact|specific|official) (?:date|deadline|day)s?)\s+(.*)", re.IGNORECASE | re.DOTALL)
_DATE_WORDS = frozenset("date dates day days exact specific official deadline deadlines year years month months "
                        "spring fall summer winter next last".split())
_CONVERSION = r"\b(equivalent|equivalence|convert\w*|conversion|translates?|corresponds?)\b"
# Questions whose answer is a particular kind of fact, and how a sentence stating one looks. A guide sentence
# on the same topic that states no such fact does not answer them ("the average salary for…").
_FACT_KINDS = (
    (re.compile(r"\b(salary|salaries|income|compensation|tuition)\b|\bhow much\b[^?.]{0,60}\b(make|makes|earn|earns|"
                r"cost|costs|charge|charges|pay|pays|paid)\b|\b(fee|fees|price|prices)\b", re.IGNORECASE),
     re.compile(r"\$\s?\d|\b\d+\s?k\b|\b(dollars?|USD|salary|salaries)\b", re.IGNORECASE)),  # money
    (re.compile(r"\bwhat\s*(%|percent|percentage|proportion|fraction)|%\s*of\b|\bpercent(age)? of\b|"
                r"\b(match|pass|passing|acceptance|fill|success) rates?\b", re.IGNORECASE),
     re.compile(r"\d\s?%|\bpercent", re.IGNORECASE)),  # a share
    # Programs by name: a ranking asked for ("what are the top 5 PM&R residencies", "which programs are ranked #1";
    # not "the best way to…", nor "apply to the top 5 and see what happens") or a list ("name a few programs").
    (re.compile(r"\b(which|what|name|list)\b[^?.!]{0,60}?(?:(?:\btop (?:\d+|three|five|ten)|\bbest|\bhighest[- ]ranked|"
                r"\bnumber one|#1)\s+(?:(?!(?:to|for|way|time|approach)\b)[\w&'’-]+\s+){0,3}" + _PROGRAM +
                r"|" + _PROGRAM + r"[^?.!]{0,25}(?:\branked|\btop (?:\d+|three|five|ten)|\bthe best|\bnumber one|#1)\b)"
                r"|"
                r"\b(name|list)\s+(the|a few|some|several|specific|any|\d+|three|five|ten)\b[^?.!]{0,40}"
                + _PROGRAM +
                r"|" + _PROGRAM + r"[^!]{0,80}\b(name|list)\s+(a few|some|several|any|them|one|a couple)\b"
                r"|\bwhich\b[^?.!]{0,40}" + _PROGRAM + r"\s+(in|at|near|around)\s+(the\s+)?(?-i:[A-Z])",  # in Texas
                re.IGNORECASE),
     re.compile(r"\b(University|Clinic|Hospital|Institute|College|Medical Center)\b|\bUniversity of\b")),  # named
    (re.compile(r"\bhow (do|should|would|can) (i|you|we|they) (treat|manage|dose|prescribe|inject|titrate)\b|"
                r"\b(dose|doses|dosing|dosage|first[- ]line|treat(ment)? (of|for)|medications? (for|to)|"
                r"drugs? (for|to)|side effects?|contraindicat\w*)\b", re.IGNORECASE),
     re.compile(r"\b\d+(\.\d+)?\s?(mg|mcg|µg|units?|ml|cc)\b|\bmg/kg\b", re.IGNORECASE)),  # a dose or regimen
    (re.compile(r"\bwho\s*(is|was|['’]s)\s+(the\s+)?(current\s+|new\s+|present\s+|first\s+)?(president|chair\w*|"
                r"head|director|ceo|founder|editor|dean|inventor)\b|\bwho\s+(invented|founded|won|discovered)\b",
                re.IGNORECASE),
     re.compile(r"\bDr\.?\s+[A-Z]|,\s*(MD|DO|PhD)\b|\b(Mr|Mrs|Ms)\.?\s+[A-Z]")),  # a named person, not a role
    (re.compile(r"\bhow long\b|\bhow (far|much time) (ahead|in advance|before)\b", re.IGNORECASE),
     re.compile(r"\b\d+(\s*[–-]\s*\d+)?\+?\s*(years?|months?|weeks?|days?|hours?|minutes?)\b|"
                r"\b(one|two|three|four|five|six|a few|several|a couple of)[- ](years?|months?|weeks?|days?|hours?)\b|"
                r"\b(a|one) (year|month|week|day)\b", re.IGNORECASE)),  # a length of time
    # How long something lasts ("how long is a pain fellowship?"), which a lead time does not answer
    # ("Offer spots 12–18 months before fellowship start").
    (re.compile(r"\bhow long (is|are|was|were|does|do|did|will|of)\b"
                r"(?![^?]*\b(wait|before|ahead|advance|until|after)\b)", re.IGNORECASE),
     re.compile(r"\b\d+(\s*[–-]\s*\d+)?\+?[\s-]*(years?|months?|weeks?|days?|hours?|minutes?)\b"
                r"(?!\s+(before|after|ahead|prior|in advance|from|out|early|earlier|later)\b)", re.IGNORECASE)),
    (re.compile(r"^(?=.*\b(average|avg|mean(?!\s+(for|to|that|if|when|by|in terms)\b)|median|standard deviation|rates?|"
                r"percent(age)?|statistics?|stats)\b)"
                r"(?=.*\b(latest|last (cycle|year|season|match)|this (cycle|year|season)|most recent|current(ly)?|"
                r"(19|20)\d\d)\b)", re.IGNORECASE | re.DOTALL),
     re.compile(r"\b(19|20)\d\d\b")),  # a dated statistic ("last cycle's match rate"): the guides date none
    (_PASSING_SCORE, re.compile(r"(?<![\d.])(1[5-9]\d|2\d\d)(?![\d%])")),  # the score that passes an exam
    (_DATE_QUESTION,
     re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December)\b|"
                r"\b(19|20)\d\d\b")),  # a date on the calendar ("when is the AAPM&R assembly this year")
    # How many of something exist ("how many pain fellowship spots are there nationally?"), which a count to
    # aim for ("Pain Medicine (ACGME): 15–30 programs") does not answer.
    (re.compile(r"\bhow many\b[^?.!]{0,80}\b(are there|exist|are (offered|available|open)|nationally|"
                r"in the (us|u\.s\.|country|nation))\b", re.IGNORECASE),
     re.compile(r"\b(there are|exist|nationally|offered|available)\b[^.]{0,60}\d|\d[^.]{0,60}\b(exist|nationally|"
                r"offered|available)\b", re.IGNORECASE)),
    # A score on one exam converted to another ("what COMLEX score is equivalent to a 240 on Step 2 CK?"): the
    # guides convert none, so a range for one exam does not answer it.
    (re.compile(_CONVERSION + r"[^?.!]{0,40}\bscores?\b|\bscores?\b[^?.!]{0,40}" + _CONVERSION, re.IGNORECASE),
     re.compile(r"\b(equivalent|convert|conversion|translat|correspond)", re.IGNORECASE)),
    # Another specialty's match, asked without a word of PM&R ("what CK score do you need for ortho"): the guides
    # would have to speak of that match.
    (re.compile(r"^(?!.*\b(pm&r|pmr|physiatr\w*|rehab\w*)\b).*" + _OTHER_MATCH, re.IGNORECASE | re.DOTALL),
     re.compile(_OTHER_MATCH, re.IGNORECASE)),
)
# Exams a question or a passage names; a question for one exam's score is not answered by another's.
_EXAMS = ((re.compile(r"\bstep\s*1\b", re.IGNORECASE), "step 1"),
          (re.compile(r"\bstep\s*2\b|\bck\b", re.IGNORECASE), "step 2"),
          (re.compile(r"\bstep\s*3\b", re.IGNORECASE), "step 3"),
          (re.compile(r"\bcomlex\b|\blevel\s*[123]\b", re.IGNORECASE), "comlex"))


@dataclass
class Answer:
    answer: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # the answer, one cited sentence at a time
    passage_ids: list[str] = field(default_factory=list)  # cited passages, in citation order


def refusal(topics: list[str]) -> Answer:
    covered = "; ".join(topics) if topics else "no guides yet (run `pmr ingest`)"
    text = ("The guides don't cover this, so I can't answer it from them. "
            f"What they do cover: {covered}.")
    return Answer(answer=text, grounded=False, sentences=[text])


@dataclass(frozen=True)
class _Candidate:
    unit: Unit
    hit_index: int
    order: int
    score: float  # how well it answers, for choosing sentences: its passage's retrieval rank counts
    evidence: float  # how well the guides support an answer at all, for refusal (MIN_EVIDENCE's scale)
    vector: np.ndarray
    apt: bool = True  # of the kind of answer asked for; else it only shows the guides cover the topic


class ExtractiveAnswerer:
    """Scores each sentence of the top passages by meaning and shared words, keeps the best few.

    Sentence vectors come with the hits (embedded once, at ingest), so answering embeds nothing.
    """

    def answer(self, query: str, hits: list[Hit], query_vector: np.ndarray, *, topics: list[str],
               unknown_terms: float = 0.0, avoid: frozenset[str] = frozenset(), asked: str | None = None,
               plain_hits: list[Hit] | None = None, repeated: str = "") -> Answer:
        """`query` as retrieval saw it; `asked`, the trainee's own words when a follow-up was rewritten.

        `plain_hits`, when `hits` were ranked through the query adapter: the same search on the plain embedding.
        MIN_EVIDENCE was calibrated on what that ranking puts on top, so whether to answer is judged on its
        sentences; what to answer, on those of `hits`. `repeated`, the previous answer's first sentence in the conversation: a
        follow-up's answer does not open with what was said already.
        """
        candidates = self._top_candidates(query, asked or query, hits, query_vector, avoid)
        judged = candidates if plain_hits is None else \
            self._top_candidates(query, asked or query, plain_hits, query_vector, avoid)
        if not hits or not candidates or not judged or \
                not self.is_grounded(max(c.evidence for c in judged), unknown_terms):
            return refusal(topics)
        chosen = compose([c for c in candidates if c.apt] or candidates, hits, repeated=repeated)
        numbers: dict[int, int] = {}
        sentences = []
        for i, unit in chosen:
            n = numbers.setdefault(i, len(numbers) + 1)
            sentences.append(f"{unit.text} [{n}]")
        citations = [Citation.of(n, hits[i]) for i, n in numbers.items()]
        return Answer(answer=" ".join(sentences), grounded=True, citations=citations, sentences=sentences,
                      passage_ids=[hits[i].passage.id for i in numbers])

    def _top_candidates(self, query: str, asked: str, hits: list[Hit], query_vector: np.ndarray,
                        avoid: frozenset[str]) -> list["_Candidate"]:
        every = self._candidates(query, asked, hits, query_vector, avoid)
        # The top passages' sentences compete; the kind of answer asked for ("how many aways") may sit just below.
        return [c for c in every if c.hit_index < UNITS_FROM] or every

    @staticmethod
    def is_grounded(best_evidence: float, unknown_terms: float) -> bool:
        return best_evidence - UNKNOWN_TERM_PENALTY * unknown_terms >= MIN_EVIDENCE

    def _candidates(self, query: str, asked: str, hits: list[Hit], query_vector: np.ndarray,
                    avoid: frozenset[str]) -> list[_Candidate]:
        units = [(i, order, unit) for i, hit in enumerate(hits)
                 for order, unit in enumerate(answer_units(hit.passage.text))]
        if not units:
            return []
        vectors = [hits[i].unit_vectors[order] for i, order, _ in units]
        bonus = [np.broadcast_to(hits[i].unit_bonus, len(hits[i].unit_vectors))[order] for i, order, _ in units]
        terms = {stem(w) for w in content_words(query)}
        # A follow-up's own words say which part of the earlier answer's topic is wanted ("and for pain?").
        own = {stem(w) for w in content_words(asked)} if asked != query else set()
        # What kind of answer is wanted comes from the question just asked, not the earlier turn folded
        # into a follow-up's query ("How many away rotations…?" then "Should my Step 2 be back first?"),
        # unless it asks nothing of its own ("How many programs…?" then "and for pain?").
        wanted = query if is_elliptical(asked) else asked
        wants_amount = bool(_QUANTITY_QUESTION.search(wanted))
        counted = counted_thing(wanted)
        counts_not_time = bool(_HOW_MANY.search(wanted)) and not counted & _TIME_UNITS
        asks_when = bool(_WHEN.search(wanted))
        wording = bool(_WORDING.search(wanted))
        facts = [fact for question, fact in _FACT_KINDS if question.search(wanted)]
        exams = named_exams(wanted) if _PASSING_SCORE.search(wanted) else set()
        dated = _dated(wanted) if _DATE_QUESTION.search(wanted) else set()
        candidates = []
        for (i, order, unit), vector, extra in zip(units, vectors, bonus):
            meaning = float(vector @ query_vector) + extra  # a score the sentence's range holds counts as meaning
            overlap = word_overlap(terms, unit.text)
            evidence = 0.65 * meaning + 0.2 * overlap + 0.15 * hits[i].similarity
            # A sentence from the passage retrieval ranked first beats a near-equal one from the fourth: the
            # passage-level evidence (BM25, its other sentences) says which is on topic. On our question set
            # this cites the expected passage in 78.4% of in-scope answers, against 76.1% with `evidence`.
            score = (0.6 * meaning + 0.15 * overlap + 0.25 * hits[i].score
                     + FOLLOW_UP_FOCUS * word_overlap(own, unit.text))
            if hits[i].passage.id in avoid:  # a follow-up should bring new evidence where the guides have it
                score -= 0.05
            if is_question(unit):
                continue
            if wants_amount and not QUANTITY.search(unit.text):
                continue
            if counted and not states_count(counted, unit.text):
                continue  # a number of something else ("40–60 programs" for "how many positions")
            if not all(fact.search(unit.text) for fact in facts):
                continue  # the topic without the fact asked for
            if exams and not exams & named_exams(f"{hits[i].passage.section} {unit.text}"):
                continue  # another exam's scores ("Step 2 CK" ranges for "what score passes Step 3")
            if dated and not dated & _stems(f"{hits[i].passage.section} {unit.text}"):
                continue  # a date of something else ("late July" to take CK for "when does ERAS open")
            # Said on topic, it still grounds an answer; the answer itself states the count when one is there.
            apt = (not counts_not_time or bool(QUANTITY.search(_LENGTH_OF_TIME.sub("", unit.text)))) and \
                (not asks_when or bool(_A_TIME.search(unit.text))) and \
                (wording or not _SCRIPT.search(unit.text))
            candidates.append(_Candidate(unit, i, order, score, evidence, vector, apt))
        return sorted(candidates, key=lambda c: c.score, reverse=True)


def named_exams(text: str) -> set[str]:
    """The licensing exams a text names: "CK" is Step 2."""
    return {exam for pattern, exam in _EXAMS if pattern.search(text)}


def _stems(text: str) -> set[str]:
    """Every word of `text` as written, stemmed: shorthand is not expanded ("ERAS" is not "application")."""
    return {stem(w) for w in words(text)}


def _dated(question: str) -> set[str]:
    """What a question for a date dates: the words after its "when does" or "exact date", up to the next
    function word ("What exact date does ERAS open for residency applications?" → eras, open). Failing that,
    its every word that does not only ask for a date."""
    match = _DATED.search(question)
    subject: list[str] = []
    for word in words(match.group(1)) if match else []:
        if word in STOPWORDS or word in _DATE_WORDS or word in CALENDAR:
            if subject:
                break
            continue
        subject.append(word)
    return {stem(w) for w in subject or
            [w for w in words(question) if w not in STOPWORDS and w not in CALENDAR and w not in _DATE_WORDS]}


def compose(ranked: list[_Candidate], hits: list[Hit], *, repeated: str = "") -> list[tuple[int, Unit]]:
    """The answer, as (hit index, unit) pairs: a span of the passage search ranked first, from the first to
    the last of its units that answer nearly as well as its best, then at most one unit (with its context)
    of another passage that scores nearly as well and says something new.

    `ranked`: the units that may open the answer, best first. `repeated`: the previous answer's first
    sentence in the conversation, which this answer does not open with.
    """
    # On four of our sets, opening from the passage search ranked first states the expected text in 74.3% of
    # answers, against 70.0% opening from the best-scored unit of any of the top four passages.
    first = next((c.hit_index for c in ranked if c.hit_index == 0), ranked[0].hit_index)
    chosen = [(first, unit) for unit in _fresh(_span([c for c in ranked if c.hit_index == first], hits[first]),
                                               ranked, repeated)]
    if not chosen:
        rest = [c for c in ranked if c.hit_index != first]
        return compose(rest, hits, repeated=repeated) if rest else []
    anchor = next(c for c in ranked if c.hit_index == first)
    for c in ranked:
        if c.hit_index != first and c.score >= anchor.score - SECOND_SPAN and float(c.vector @ anchor.vector) < 0.8:
            chosen += [(c.hit_index, unit) for unit in _span([c], hits[c.hit_index])]
            break
    return chosen


def _fresh(span: list[Unit], ranked: list[_Candidate], repeated: str) -> list[Unit]:
    """A follow-up's span without the opening the previous answer had: a list said whole before opens on
    its item that answers best now ("and for pain?" → "Pain Medicine: 15–30 programs."); a sentence said
    before is left out."""
    while span and span[0].text == repeated:
        items = [c.unit for c in ranked if len(span[0].parts) > 2 and c.unit.parts[1:] != span[0].parts[1:]
                 and c.unit.parts[0] == span[0].parts[0] and c.unit.parts[1] in span[0].parts[1:]]
        span = items[:1] + span[1:] if items and items[0].text != repeated else span[1:]
    return span


def _span(close: list[_Candidate], hit: Hit) -> list[Unit]:
    """The passage from the first to the last of the units in `close` (best first) that score within
    SPAN_MARGIN of the best, in the guide's order, with what it needs to be read: each list said once
    under its lead-in, the sentence the span's first one refers back to, the short reply opening a passage
    under a question heading, the other half of a labelled pair ("Pitfall:"/"Fix:")."""
    units = answer_units(hit.passage.text)
    orders = [c.order for c in close if c.score >= close[0].score - SPAN_MARGIN] or [close[0].order]
    start, stop = min(orders), max(orders) + 1
    if stop - start > MAX_SPAN:
        start, stop = close[0].order, close[0].order + 1
    for run in (siblings(units, start), siblings(units, stop - 1)):
        start, stop = min(start, run.start), max(stop, run.stop)
    if start > 0 and (refers_back(units[start]) or pairs_with(units[start - 1], units[start]) or
                      (asks(hit.passage.section) and start == 1 and is_reply(units[0]))):
        start -= 1
    if stop < len(units) and pairs_with(units[stop - 1], units[stop]):
        stop += 1
    out: list[Unit] = []
    k = start
    while k < stop:
        run = siblings(units, k)
        end = min(run.stop, stop)
        out.append(merged(units[k:end]))
        k = end
    return [u for u in out if not is_question(u)]


def is_question(unit: Unit) -> bool:
    """A question the guide asks ("Ask yourself: What clinical role do you want?") answers nothing; a question
    quoted to be asked ("“…what programs do you think are a good fit for me?”") is a script, and does."""
    return unit.parts[-1].rstrip("”\"’)").endswith("?") and not unit.parts[-1].endswith(("?”", '?"'))
