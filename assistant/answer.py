"""The extractive answerer: picks the guide sentences that answer a question and cites them."""
import math
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.citations import Citation
from assistant.field_shapes import SUBJECTS
from assistant.followup import is_elliptical
from assistant.retrieve import Hit, holds_score, score_numbers
from assistant.text import (PHASES, QUANTITY, TIME_UNITS, content_words, counted_thing, quoted, same_family, stem,
                            stemmed_words, states_count, word_overlap, words)
from assistant.understand import (SHAPES, asked_values, asking_part, asks, asks_amount, asks_count, asks_first,
                                  asks_next, asks_when, asks_why, asks_wording, condition, contradicts, defined_term,
                                  defines, exams_asked, expands, expansion_asked, filed_under, is_reply, lead_time,
                                  named_exams, own_lead, pairs_with, refers_back, says_done, says_set_aside,
                                  says_when, set_aside, sits_exam, states, told_done)
from ingest.units import (Unit, answer_units, as_lead_in, heading_of, items_of, lead_in, list_run, merged, opens_list,
                         siblings, steps, under_heading, with_items, without_lead_in)

# Calibrated with HybridSearch.unknown_terms' weights on tests/eval/questions.jsonl and holdout-1.jsonl
# (134 in-scope, 40 out-of-scope questions): at 0.32, 2 in-scope and 38 out-of-scope are refused; every
# threshold from 0.31 to 0.37 refuses those 38, with 1 to 5 in-scope refusals. holdout-2.jsonl took no
# part in choosing them.
MIN_EVIDENCE = 0.32
# A question answered apart from the rest of its message (`chat.Assistant.ask`, `understand.separate_asks`) must be
# grounded this firmly: the question beside it that the guides do not answer is a sign the message is off the guides,
# and a part asked alone loses what the rest said ("What does Step 3 cost, and what score should I aim for?").
# Over holdout-1 to -143, no out-of-scope message had a part grounded above 0.58 (63 had one above MIN_EVIDENCE).
PART_EVIDENCE = 0.6
# A "how many" question counting a thing no sentence at hand counts may put it in other words ("how many real chats
# should I aim for?" for "3–5 meaningful conversations"), or ask a count the guides never give ("how many program
# signals do we get?"): any count may answer it, when the question is grounded this firmly. Over holdout-1 to -146,
# the 24 in-scope questions this answered were grounded at 0.505 or above but one (0.39), and the 13 out-of-scope
# ones at 0.43 or below but one (0.53).
# So is a distance in time answered by the time it leads to ("how many months before ERAS…?": "late M3").
REWORDED_COUNT_EVIDENCE = 0.45
UNKNOWN_TERM_PENALTY = 0.15  # per unit of HybridSearch.unknown_terms
SECOND_SPAN = 0.05  # how close a second passage's best unit must score to the anchor's to join the answer
_AFTERWARDS = frozenset("afterwards afterward".split())
_SUBJECTS = SUBJECTS | {"it"}  # a clause's subject: "before they forget", "before it gets late"
QUOTE_WORDS = 4  # words a quotation of a passage holds at least to ground the question on its own
NEW_WORDS = 0.5  # the share of a second passage's unit's words the first span does not say, for it to say something new
SPAN_MARGIN = 0.05  # units of the first passage scoring this close to its best are said with it, in order
MAX_SENTENCES = 4  # an answer is read at a glance; a list said under its lead-in is one sentence
MAX_SPAN = 6  # units; of close units spread wider, those in the span this wide around the best that holds most
UNITS_FROM = 4  # passages whose sentences compete for the answer
CONTINUATION = 3  # sentences of what a closing lead-in leads into, under subheadings after it
# A unit that is neither the step after the one matched nor the first of its list scores this much below itself:
# just beyond SPAN_MARGIN, so that the step taken is not said again before the next one
STEP_MARGIN = SPAN_MARGIN + 0.01
PLACED_LEAD = 0.001  # per sentence: the part a question names by its place is said in its order, from its start
# A sentence's label (`filed_under`) the question names: FILED_NAMED or more of its words, each weighed by how
# distinctive it is, count FILED_WEIGHT times their share. Over our 75 sets (with `told_done`, +1 alone), short
# labels named by half state the expected text in 22 more answers and 12 fewer; named at any share, 31 and 21;
# taking long lead-ins as labels lost 12 on the older sets ("If your school has a PM&R department:" drew questions
# about schools without one).
FILED_WEIGHT = 0.1
FILED_NAMED = 0.5
REASON_GAP = 0.01  # a why-question's reason scores this close under the advice it follows, which opens the answer
FOLLOW_UP_FOCUS = 0.15  # weight of a follow-up's own words in a sentence, beside those of the rewritten query


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
    new: bool = True  # about what a follow-up adds to the earlier question (`new_aspect`), when it adds something
    timed: bool = True  # says when (`says_when`), if the question asks when
    other: bool = True  # says more than what the question set aside or told as had already (`set_aside`, `told_done`)
    mapped: float = 0.0  # how close the query lands to it through the adapter's sentence map
    reworded: bool = False  # answers what is asked in other terms (a count, a distance in time) only: grounds at
    # REWORDED_COUNT_EVIDENCE


class ExtractiveAnswerer:
    """Scores each sentence of the top passages by meaning and shared words, keeps the best few.

    Sentence vectors come with the hits (embedded once, at ingest), so answering embeds nothing.
    """

    def answer(self, query: str, hits: list[Hit], query_vector: np.ndarray, *, topics: list[str],
               unknown_terms: float = 0.0, avoid: frozenset[str] = frozenset(), asked: str | None = None,
               repeated: str = "", ask_vector: np.ndarray | None = None,
               adapted: tuple[np.ndarray, np.ndarray] | None = None, threshold: float = MIN_EVIDENCE) -> Answer:
        """`query` as retrieval saw it; `asked`, the trainee's own words when a follow-up was rewritten.

        `repeated`, the previous answer's first sentence in the
        conversation: a follow-up's answer does not open with what was said already. `ask_vector`, the embedding of
        the question proper when it is not the whole query: what a message asks after its story (`asking_part`),
        which chooses the sentences as much as the whole query does; a follow-up's own question, which alone chooses
        them. `adapted`, the query's and the question proper's vectors through the query adapter's sentence map
        (`QueryAdapter.choose`), when the adapter ranked `hits`: they choose the sentences in place of the plain ones
        (the map learned from questions with known answers which sentence states the answer), and whether to answer
        is judged on how close the map brings the query to a sentence; without them, on the sentences' evidence.
        `threshold`, how close that must be: MIN_EVIDENCE, or PART_EVIDENCE for one question of a message asked apart.
        """
        candidates = self._top_candidates(query, asked or query, hits, query_vector, avoid, ask_vector, adapted)
        # The words of an acronym, said beside it, answer what it stands for however the question is worded.
        told = query if is_elliptical(asked or query) else asked or query
        expanded = bool(asked_acronym(told, hits))  # and so `candidates` all say its words
        # Through the sentence map, how close the query comes to a sentence: the map learned to carry the questions
        # the guides answer to the sentence stating it, and those they do not away from every sentence. Trained on
        # the sets up to holdout-98, on holdout-99 to -116 at MIN_EVIDENCE it refused 23 of 720 in-scope and 295 of
        # 324 out-of-scope questions, against 40 and 240 on the evidence (see train_adapter.NULL_SIMILARITY).
        # a sentence answering only what is asked in other terms grounds the answer at REWORDED_COUNT_EVIDENCE
        def support(reworded: bool) -> float:
            return max((c.mapped if adapted is not None else c.evidence for c in candidates if c.reworded == reworded),
                       default=0.0)
        grounded = expanded or self.is_grounded(support(False), unknown_terms, threshold) or \
            self.is_grounded(support(True), unknown_terms, max(threshold, REWORDED_COUNT_EVIDENCE))
        # a question grounded only by the passage it quotes is answered from that passage
        quoting = set() if grounded else quoting_hits(told, hits[:UNITS_FROM])
        candidates = [c for c in candidates if c.hit_index in quoting] if quoting else candidates
        if not hits or not candidates or not (grounded or quoting):
            return refusal(topics)
        if not any(c.timed for c in candidates):
            return refusal(topics)  # "When should I take Step 3?" where the guides only say to pass it
        # "What is physiatry?" asks what the word means: a sentence only using it does not say, so where no
        # sentence says what it is, the guides do not answer it
        term = defined_term(told) if (asked or query) == query and not expanded else ""
        if term:
            # an acronym's words say what it is ("what is psr": "…Spine Rehabilitation (PSR)")
            candidates = [c for c in candidates if defines(term, c.unit) or
                          expands(term, f"{hits[c.hit_index].passage.section} {c.unit.text}")]
            if not candidates:
                return refusal(topics)
        # what may open: not the previous answer's opening, then the kind of answer asked for, about what a
        # follow-up adds
        fresh = [c for c in candidates if not (repeated and says(c.unit, repeated))] or candidates
        # "Besides grand rounds, what else…?" is not answered with grand rounds
        fresh = [c for c in fresh if c.other] or fresh
        # A follow-up's answer opens on what it adds, unless what names it scores well below the best answer: the
        # new aspect may be put in words the guide does not use ("and what do I bring?" for "Pack a warm jacket."),
        # and a sentence merely sharing one of them ("Bring no dogs on the upper deck.") answers nothing.
        # On all 141 sets, within SPAN_MARGIN: follow-ups stated 1186 of 1343, against 1154 preferring it always
        # and 1173 within 0.1.
        apt_ones = [c for c in fresh if c.apt]
        about = [c for c in apt_ones if c.new]
        opening = about if about and about[0].score >= apt_ones[0].score - SPAN_MARGIN else apt_ones or fresh
        # A span of only guide questions, or a follow-up's span of only what the previous answer said, falls back to
        # the best other sentence; a follow-up with nothing else to open on is refused rather than answered the same
        # way.
        apt = {(c.hit_index, c.order) for c in candidates if c.apt}
        chosen = compose(opening, hits, repeated=repeated, apt=apt) or _fallback(opening, repeated)
        if not chosen:
            return refusal(topics)
        chosen, hits = continued(chosen, hits)
        numbers: dict[int, int] = {}
        sentences = []
        for i, unit in chosen:
            n = numbers.setdefault(i, len(numbers) + 1)
            sentences.append(f"{unit.text} [{n}]")
        citations = [Citation.of(n, hits[i]) for i, n in numbers.items()]
        return Answer(answer=" ".join(sentences), grounded=True, citations=citations, sentences=sentences,
                      passage_ids=[hits[i].passage.id for i in numbers])

    def _top_candidates(self, query: str, asked: str, hits: list[Hit], query_vector: np.ndarray,
                        avoid: frozenset[str], ask_vector: np.ndarray | None = None,
                        adapted: tuple[np.ndarray, np.ndarray] | None = None) -> list["_Candidate"]:
        every = self._candidates(query, asked, hits, query_vector, avoid, ask_vector, adapted)
        # The top passages' sentences compete; the kind of answer asked for ("how many aways") may sit just below.
        return [c for c in every if c.hit_index < UNITS_FROM] or every

    @staticmethod
    def is_grounded(best_evidence: float, unknown_terms: float, threshold: float = MIN_EVIDENCE) -> bool:
        return best_evidence - UNKNOWN_TERM_PENALTY * unknown_terms >= threshold

    def _candidates(self, query: str, asked: str, hits: list[Hit], query_vector: np.ndarray,
                    avoid: frozenset[str], ask_vector: np.ndarray | None = None,
                    adapted: tuple[np.ndarray, np.ndarray] | None = None) -> list[_Candidate]:
        units = [(i, order, unit) for i, hit in enumerate(hits)
                 for order, unit in enumerate(answer_units(hit.passage.text))]
        if not units:
            return []
        vectors = [hits[i].unit_vectors[order] for i, order, _ in units]
        bonus = [np.broadcast_to(hits[i].unit_bonus, len(hits[i].unit_vectors))[order] for i, order, _ in units]
        terms = {stem(w) for w in content_words(query)}
        weight = distinctiveness([u.text for _, _, u in units])
        # A follow-up's own words say which part of the earlier answer's topic is wanted ("and for pain?").
        own = {stem(w) for w in content_words(asked)} if asked != query else set()
        new = new_aspect(query, asked)
        # a score a follow-up adds is what it is about ("I got a 252… what if it had been 220?"): the range holding it
        new_scores = set(score_numbers(asked)) - set(score_numbers(query[:-len(asked)])) if new else set()
        # What kind of answer is wanted comes from the question just asked, not the earlier turn folded
        # into a follow-up's query ("How many away rotations…?" then "Should my Step 2 be back first?"),
        # unless it asks nothing of its own ("How many programs…?" then "and for pain?").
        # A story told before the question asks nothing: "which is not healthy" in it asks for no place.
        told = query if is_elliptical(asked) else asked
        wanted = asking_part(told)
        wants_amount = asks_amount(wanted)
        counted = counted_thing(wanted, [unit.text for _, _, unit in units])
        counts_not_time = asks_count(wanted) and not counted & TIME_UNITS
        # a thing no sentence here counts may be put in other words ("how many real chats…?" for "3–5 meaningful
        # conversations"): any count may answer, on firmer ground (REWORDED_COUNT_EVIDENCE)
        reworded = bool(counts_not_time and counted) and \
            not any(states_count(counted | new, unit.text) for _, _, unit in units)
        if reworded:
            counted = set()
        # how long a thing lasts ("how many years is the fellowship?"), unless a time is asked ahead of something
        timespan = "duration" if lead_time(wanted) else "lasting"
        # "how many months before the season should I book?" asks when, as a distance from it: the time it names
        # answers too ("in early spring"), a number or not; not a time for an event ("how many weeks until results
        # post?"), which the time to do something does not give
        lead_when = bool(counted & TIME_UNITS) and timespan == "duration" and own_lead(wanted)
        when = asks_when(wanted)
        wording = asks_wording(wanted)
        values = asked_values(told)
        acronym = asked_acronym(told, hits)
        # A score or a date is of one exam: Step 2 CK's target month does not say when to take Step 3. So is sitting
        # one ("should I take Step 3 in intern year?"), unless the trainee's score says the exam is who asks ("with
        # a 216 on Step 2, should I take a research year?").
        exams = exams_asked(wanted, told) if "score" in values or when or \
            (sits_exam(wanted) and not score_numbers(wanted)) else set()
        # what a follow-up's "besides those" points back to is its earlier turn, which its query opens with
        aside = set_aside(asked, query[:-len(asked)] if asked != query and query.endswith(asked) else "")
        done = told_done(asked)  # "I've joined a QI project. What's left?": the project is had already
        candidates, scored = [], {}
        for (i, order, unit), vector, extra in zip(units, vectors, bonus):
            meaning = float(vector @ query_vector) + extra  # a score the sentence's range holds counts as meaning
            overlap = word_overlap(terms, unit.text)
            proper = meaning if ask_vector is None else float(vector @ ask_vector) + extra
            # A story told before the question pulls the whole message's embedding away from the answer ("My cousin
            # loves rehab… How many aways should she do?"); the question proper grounds it as much. Not alone: the
            # story may be what the guides do not cover ("my partner got a job offer… should I transfer programs?").
            # A follow-up's own words do not: "and for pain?" alone means nothing.
            grounding = _grounding(meaning, proper, asked == query)
            evidence = 0.65 * grounding + 0.2 * overlap + 0.15 * hits[i].similarity
            # A sentence from the passage retrieval ranked first beats a near-equal one from the fourth: the
            # passage-level evidence (BM25, its other sentences) says which is on topic. On our question set
            # this cites the expected passage in 78.4% of in-scope answers, against 76.1% with `evidence`.
            # What a sentence means to the question proper weighs as much as to the story told before it; a
            # follow-up's own question alone chooses among the earlier topic's sentences, which its query retrieved.
            # Through the adapter's sentence map where the adapter ranked the passages: on holdout-99 to -110, which
            # it did not learn from, answers stated 490 of 600 expected texts against 458 on the plain vectors
            # (chosen by them alone, the rest alike).
            mapped = 0.0
            if adapted is not None:
                whole, own_question = (float(vector @ v) for v in adapted)
                mapped = _grounding(whole, own_question, asked == query)
                meaning, proper = whole + extra, own_question + extra
            chosen_by = proper if asked != query else (meaning + proper) / 2
            # what the sentence is filed under, named in the question ("what counts as very strong?" names the
            # guide's "Very Strong for PM&R:"), the share of its words said, each by how distinctive it is
            labelled = stemmed_words(filed_under(unit))
            score = (0.6 * chosen_by + 0.15 * weighted_overlap(terms, unit.text, weight) + 0.25 * hits[i].score
                     + FOLLOW_UP_FOCUS * word_overlap(own, unit.text) +
                     (FILED_WEIGHT * named if (named := weighted_overlap(labelled, asked, weight)) >= FILED_NAMED
                      else 0.0))
            if hits[i].passage.id in avoid:  # a follow-up should bring new evidence where the guides have it
                score -= 0.05
            scored[(i, order)] = score
            if is_question(unit):
                continue
            # a time named in place of the distance asked is another way of putting it: firmer ground, as for a count
            # (REWORDED_COUNT_EVIDENCE)
            distance = (not wants_amount or bool(QUANTITY.search(unit.text))) and \
                (not counted & TIME_UNITS or bool(SHAPES[timespan].search(unit.text)))
            if not distance and not (lead_when and states("time", unit.text)):
                continue  # "how many weeks" is answered by a length of time in any unit ("2–3 months")
            # a number of something else ("40–60 programs" for "how many positions"); a follow-up counts what it adds
            # ("how many attendings should I email?", then "and residents?": "2–4 residents/fellows")
            if counted - TIME_UNITS and not states_count(counted | new, unit.text):
                continue
            if not all(states(kind, unit.text, told) for kind in values):
                continue  # the topic without the value asked for
            if acronym and not expands(acronym, f"{hits[i].passage.section} {unit.text}"):
                continue  # "what's PSR short for?" is answered by the words of PSR, not by what PSR physiatrists do
            if exams and not exams & named_exams(f"{hits[i].passage.section} {unit.text}"):
                continue  # another exam's scores or dates ("Step 2 CK" ranges for "what score passes Step 3")
            # not "If your school has a PM&R department:" for "my school has none"
            contrary = (case := condition(unit, hits[i].passage.text)) is not None and contradicts(case, asked)
            # Said on topic, it still grounds an answer; the answer itself states the count when one is there.
            apt = (not counts_not_time or bool(QUANTITY.search(SHAPES["duration"].sub("", unit.text)))) and \
                (not when or states("time", unit.text)) and (wording or "[" not in unit.text) and not contrary
            said = f"{hits[i].passage.section} {unit.under} {unit.text}"  # an item is about what it is listed under
            # a phase is where the guide files a sentence, under a heading or a label ("During the meeting: …"),
            # not a word in passing ("ask for ten minutes during the meeting" is advice for before it)
            filed = " ".join([hits[i].passage.section, *unit.parts[:-1]])
            # the part a follow-up names by its place is what it adds ("and the final stretch?"), whatever its words
            about = not new or any(same_family(n, w) for n in new - PHASES for w in stemmed_words(said)) or \
                bool(new & PHASES & set(words(filed))) or \
                hits[i].placed or holds_score(new_scores, unit.text)
            timed = not when or says_when(unit.text)
            candidates.append(_Candidate(unit, i, order, score, evidence, vector, apt, about, timed,
                                         not says_set_aside(aside, unit.text) and not says_done(done, unit.text),
                                         mapped, reworded or not distance))
        if asks_why(wanted):  # the sentence after the advice is its reason: it is said with the advice, and is
            # about what a follow-up adds when the advice is ("and why bother learning billing?": "These skills…")
            passages = [[unit for i, _, unit in units if i == hit] for hit in range(len(hits))]
            new_at = {(c.hit_index, c.order) for c in candidates if c.new}
            candidates = [replace(c, score=max(c.score, max(scored[(c.hit_index, k)] for k in advice) - REASON_GAP),
                                  new=c.new or any((c.hit_index, k) in new_at for k in advice))
                          if (advice := _advised(passages[c.hit_index], c.order)) else c for c in candidates]
        if hits[0].placed:  # "what's in the final stretch?" asks what the part says: from its start, in order
            top = max((c.score for c in candidates), default=0.0)
            candidates = [replace(c, score=top + PLACED_LEAD * (len(units) - c.order)) if c.hit_index == 0 else c
                          for c in candidates]
        own_ask = asking_part(asked)
        next_asked = asks_next(own_ask)
        if next_asked or asks_first(own_ask):
            candidates = _in_step_order(candidates, scored, units, hits, next_asked)
        return sorted(candidates, key=lambda c: c.score, reverse=True)


def quoting_hits(question: str, hits: list[Hit]) -> set[int]:
    """The hits whose passage the question quotes word for word, in QUOTE_WORDS words or more: "Is 'always carry a
    paper map' still good advice with phones?" asks about what the guide says there, however unlike its words the
    rest of the question is."""
    phrases = [p.replace("’", "'") for p in quoted(question) if len(p.split()) >= QUOTE_WORDS]
    said = [" ".join(words(hit.passage.text)).replace("’", "'") for hit in hits]
    return {i for i, text in enumerate(said) if any(f" {phrase} " in f" {text} " for phrase in phrases)}


def _grounding(meaning: float, proper: float, own: bool) -> float:
    """How closely a sentence answers a question, from its closeness to the whole query (`meaning`) and to the
    question proper: the better of the whole and their mean for a question asked on its own (`own`); a follow-up's
    own words mean nothing alone ("and for pain?"), so only the whole counts."""
    return max(meaning, (meaning + proper) / 2) if own else meaning


def _fallback(opening: list[_Candidate], repeated: str) -> list[tuple[int, Unit]]:
    """The best sentence that may open when no span can: not the previous answer's opening (`repeated`), nor one
    pointing back to it. An item under a lead-in that points back ("Instead: Explain…" after "Avoid…") is said
    without that lead-in."""
    for c in opening:
        if repeated and says(c.unit, repeated):
            continue
        unit = without_lead_in(c.unit) if refers_back(c.unit) else c.unit
        if not refers_back(unit):
            return [(c.hit_index, unit)]
    return []


def _advised(units: list[Unit], order: int) -> range | None:
    """The advice the unit at `order` may give the reason for: the block just before it in its passage, past the
    examples said with it ("Ask: “How did you start?” “What would you change?”" before "Most will gladly tell
    you."); for a sentence pointing back ("These questions show interest."), any before it up to MAX_SPAN units."""
    if _example(units[order]):
        return None  # a script to say gives no reason
    if refers_back(units[order]):
        return range(max(0, order - MAX_SPAN), order) if order else None
    order -= 1
    while order >= 0 and _example(units[order]):
        order -= 1
    return siblings(units, order) if order >= 0 else None


def _example(unit: Unit) -> bool:
    """A question or a script the guide gives to say, quoted ("“Could you walk me through it?”")."""
    return is_question(unit) or unit.parts[-1].lstrip().startswith(("“", '"'))


def asked_acronym(question: str, hits: list[Hit]) -> str:
    """The acronym whose words `question` asks for (`expansion_asked`), if it is one: written in capitals in the
    question or in a passage ("what does psr mean" asks for PSR's words; "what does a near-peer mentor mean" asks
    for no acronym's)."""
    acronym = expansion_asked(question)
    written = acronym and any(acronym.upper() in text for text in (question, *(h.passage.text for h in hits)))
    return acronym if written else ""


def _in_step_order(candidates: list[_Candidate], scored: dict[tuple[int, int], float],
                   units: list[tuple[int, int, Unit]], hits: list[Hit], next_asked: bool) -> list[_Candidate]:
    """Candidates scored for a question about the order of a guide's steps (`steps`). "I've picked a topic.
    What's next?" is matched best by the step taken, and answered by the step after it, which takes its score;
    "Where do I start?" is matched best by some step of a list, and answered by the list's first, which takes
    the best score of its list (an outermost list: a nested list's first item is part of a step). Any other
    unit scores STEP_MARGIN below itself, but for "what's next?" a sentence of a paragraph, which takes the
    score of the one before it. `scored`: every unit's score, before any was left out as no answer."""
    place: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
    for i in {i for i, _, _ in units}:
        own = [(order, unit) for j, order, unit in units if j == i]
        place.update({(i, order): at for (order, _), at in
                      zip(own, steps(hits[i].passage.text, [unit for _, unit in own]))})
    best_at: dict[tuple[int, int, int], float] = {}  # (hit, list, place) -> the best score of a unit at or under it
    for key, score in scored.items():
        for at in place.get(key, ()):
            best_at[(key[0], *at)] = max(best_at.get((key[0], *at), score), score)
    rescored = []
    for c in candidates:
        at = place.get((c.hit_index, c.order), ())
        if next_asked:
            after = [best_at[k] for k in ((c.hit_index, run, spot - 1) for run, spot in at) if k in best_at]
            if after:
                score = max(after)
            elif at:
                score = c.score - STEP_MARGIN  # a first step follows none
            else:
                score = scored.get((c.hit_index, c.order - 1), c.score - STEP_MARGIN)
        elif at and at[0][1] == 0 and (c.hit_index, at[0][0], 1) in best_at:  # the first of a list of steps
            score = max(s for (i, run, _), s in best_at.items() if i == c.hit_index and run == at[0][0])
        else:
            score = c.score - STEP_MARGIN
        rescored.append(replace(c, score=score))
    return rescored


def new_aspect(query: str, asked: str) -> set[str]:
    """What a follow-up adds to the question it follows, as stemmed words: "pgy4 matched pain, what rotations
    to add" then "and if im going sports" adds sport (and going). `query` is the earlier question with the
    follow-up `asked` after it; a question asked alone adds nothing to anything."""
    if asked == query or not query.endswith(asked):
        return set()

    def aspects(text: str) -> set[str]:  # its content words, and when it is about ("and after it ends?")
        return {stem(w) for w in content_words(text)} | phases_named(text)
    return aspects(asked) - aspects(query[:-len(asked)])


def phases_named(text: str) -> set[str]:
    """The phases of an event a question names (PHASES): "after the race", "before booking", "and during?",
    "afterwards". Not "before" opening a clause with a subject of its own: "how long can I wait before they forget
    me?" or "what should I see before I leave?" says what must not come first, not the part before the event."""
    said = words(text)
    return {"after" if w in _AFTERWARDS else w for k, w in enumerate(said)
            if (w in PHASES or w in _AFTERWARDS) and not (w == "before" and said[k + 1:k + 2] and
                                                         said[k + 1] in _SUBJECTS)}


def distinctiveness(texts: list[str]) -> dict[str, float]:
    """How well each word tells the candidate sentences apart: its inverse frequency among them. Among the
    sentences of passages about ferry tickets, "ferry" tells nothing and "refund" much."""
    frequency = Counter(w for text in texts for w in stemmed_words(text))
    return {w: math.log((len(texts) + 1) / (n + 1)) for w, n in frequency.items()}


def weighted_overlap(terms: set[str], text: str, weight: dict[str, float]) -> float:
    """The share of the question's words a sentence holds, each counted by how distinctive it is among the
    candidates (`distinctiveness`; a word none of them holds counts as the rarest)."""
    rarest = max(weight.values(), default=1.0)
    total = sum(weight.get(t, rarest) for t in terms)
    found = stemmed_words(text)
    return sum(weight.get(t, rarest) for t in terms & found) / total if total else 0.0


def compose(ranked: list[_Candidate], hits: list[Hit], *, repeated: str = "",
            apt: set[tuple[int, int]] | None = None) -> list[tuple[int, Unit]]:
    """The answer, as (hit index, unit) pairs: a span of the passage search ranked first, from the first to
    the last of its units that answer nearly as well as its best, then at most one unit (with its context)
    of another passage that scores nearly as well and says something new.

    `ranked`: the units that may open the answer, best first (without the previous answer's opening whenever
    anything else may open it). `repeated`: that opening, which a span reaching back to it does not open on.
    """
    # On four of our sets, opening from the passage search ranked first states the expected text in 74.3% of
    # answers, against 70.0% opening from the best-scored unit of any of the top four passages; on all 132 sets,
    # opening from the best-scored unit's passage when it scores 0.05 above the first passage's best states 14 fewer.
    first = next((c.hit_index for c in ranked if c.hit_index == 0), ranked[0].hit_index)
    span = _span([c for c in ranked if c.hit_index == first], hits[first], apt=apt)
    fresh = _fresh(span, ranked, repeated)
    # an item said in place of the list the previous answer said under the heading ("For you, this is a chance to:
    # …") is said under it too
    if fresh and fresh[0] is not span[0] and refers_back(fresh[0]):
        fresh[0] = under_heading(heading_of(hits[first].passage.section), fresh[0])
    chosen = [(first, unit) for unit in fresh]
    if not chosen:
        rest = [c for c in ranked if c.hit_index != first]
        return compose(rest, hits, repeated=repeated, apt=apt) if rest else []
    anchor = next(c for c in ranked if c.hit_index == first)
    for c in ranked:
        if c.hit_index != first and c.score >= anchor.score - SECOND_SPAN and says_new(c, anchor, chosen):
            second = [(c.hit_index, unit) for unit in _span([c], hits[c.hit_index], MAX_SENTENCES - len(chosen),
                                                            apt=apt)]
            if len(chosen) + len(second) <= MAX_SENTENCES:
                chosen += second
            break
    return chosen


def says_new(candidate: _Candidate, anchor: _Candidate, said: list[tuple[int, Unit]]) -> bool:
    """Whether a second passage's unit says something the first span does not: its meaning is apart from the
    anchor's, or most of its words are not said already. The second is needed where a guide's sentences all sit
    close together in meaning (a vision statement whose every sentence names "pain and spine physiatrists"):
    "Both ferries and buses stop at the city museum." says something new after "The city museum is the preferred
    stop for school trips.", however close their vectors; "The city museum is recognized as the preferred stop for
    school trips." does not."""
    if float(candidate.vector @ anchor.vector) < 0.8:
        return True
    own = stemmed_words(candidate.unit.text)
    before = set().union(*(stemmed_words(unit.text) for _, unit in said))
    return bool(own) and len(own - before) / len(own) >= NEW_WORDS


def continued(chosen: list[tuple[int, Unit]], hits: list[Hit]) -> tuple[list[tuple[int, Unit]], list[Hit]]:
    """The answer with its first passage's closing lead-in followed by what it leads into, when that sits
    under the subheadings after it (`HybridSearch.continuation`): "Commonly pursued fellowships include:" is
    said with its colon, then "Interventional Spine: Often the most competitive…" under its heading, in place
    of a second passage. `hits` gains the continuation's passage when search did not return it."""
    first = chosen[0][0]
    span = [unit for i, unit in chosen if i == first]
    hit = hits[first]
    units = answer_units(hit.passage.text)
    if hit.continued_in is None or not units or span[-1].parts[-1] != units[-1].parts[-1]:
        return chosen, hits
    following = hit.continued_in
    at = next((i for i, h in enumerate(hits) if h.passage.id == following.id), None)
    if at is None:
        unscored = np.zeros((0, hit.unit_vectors.shape[1]))
        at, hits = len(hits), [*hits, Hit(following, hit.score, hit.similarity, unscored)]
    said: list[Unit] = []
    items = answer_units(following.text)
    k = 0
    while k < len(items) and len(said) < CONTINUATION:
        run = siblings(items, k)
        said.append(merged(items[k:run.stop]))
        k = run.stop
    if not said:
        return chosen, hits
    said[0] = under_heading(heading_of(following.section), said[0])
    return [(first, unit) for unit in span[:-1]] + [(first, lead_in(span[-1]))] + [(at, unit) for unit in said], hits


def says(unit: Unit, sentence: str) -> bool:
    """Whether an answer sentence (without its [n]) is the unit, said as it is, as a lead-in (`lead_in`) or
    under its heading (`under_heading`), or opens with it: a labelled list said whole ("Day hikes: pack water.
    Pack a map.") says its first item ("Day hikes: pack water.")."""
    return sentence in (unit.text, lead_in(unit).text) or sentence.endswith((f": {unit.text}", f"? {unit.text}")) or \
        sentence.startswith(f"{unit.text} ")


def _fresh(span: list[Unit], ranked: list[_Candidate], repeated: str) -> list[Unit]:
    """A follow-up's span without the opening the previous answer had: a list said whole before opens on
    its item that answers best now ("and for pain?" → "Pain Medicine: 15–30 programs."); a sentence said
    before is left out, and so is a sentence right after it that refers back to it."""
    while span and says(span[0], repeated):
        items = [c.unit for c in ranked if _item_of(c.unit, span[0])]
        span = items[:1] + span[1:] if items and not says(items[0], repeated) else span[1:]
        while not items and span and refers_back(span[0]):
            span = span[1:]  # "That gives you time…" pointed at the sentence left out
    return span


def _item_of(unit: Unit, whole: Unit) -> bool:
    """Whether `unit` is one item of the list `whole` says under its lead-in, the lead-in's own label too (an
    item "Make a short outreach list: 2–4 residents/fellows…" of "1–2 weeks before a major PM&R meeting: Make a
    short outreach list: 3–5 attendings… 2–4 residents/fellows…")."""
    return len(whole.parts) > 2 and len(unit.parts) < len(whole.parts) and unit.parts[-1] in whole.parts[1:] and \
        set(unit.parts[:-1]) <= set(whole.parts[:-1])


def _span(close: list[_Candidate], hit: Hit, room: int = MAX_SENTENCES - 1,
          apt: set[tuple[int, int]] | None = None) -> list[Unit]:
    """The passage from the first to the last of the units in `close` (best first) that score within
    SPAN_MARGIN of the best, in the guide's order (of a spread wider than MAX_SPAN, the span around the best that
    holds most of them), with what it needs to be read: each list said once under its lead-in, the sentence the
    span's first one refers back to, the short reply opening a passage under a question heading, the other half
    of a labelled pair ("Pitfall:"/"Fix:"). A sentence said alone brings the one after it that builds on it
    ("Book in March." "That gives you the pick of the sites.")."""
    units = answer_units(hit.passage.text)
    orders = [c.order for c in close if c.score >= close[0].score - SPAN_MARGIN] or [close[0].order]
    start, stop = min(orders), max(orders) + 1
    if stop - start > MAX_SPAN:
        best = close[0].order
        window = max((sorted(o for o in orders if a <= o < a + MAX_SPAN) for a in range(best - MAX_SPAN + 1, best + 1)),
                     key=len)
        start, stop = window[0], window[-1] + 1
    for run in (list_run(units, start), list_run(units, stop - 1)):
        if not units[run.start].alone:  # a list of full sentences under a label is not said whole for one of them
            start, stop = min(start, run.start), max(stop, run.stop)
    # …and an item of a list its lead-in promises ("Leave a note with a friend:" before "“Back Sunday by six.”")
    if start > 0 and (refers_back(units[start]) or pairs_with(units[start - 1], units[start]) or
                      (asks(hit.passage.section) and start == 1 and is_reply(units[0])) or
                      start in items_of(hit.passage.text, units, start - 1)):
        start -= 1
        # what it refers back to refers back too ("This creates a risk." after "Yet scores count."): the span reaches
        # back further, giving up its last units after the best one to stay within MAX_SPAN
        while start > 0 and refers_back(units[start]) and (stop - start < MAX_SPAN or stop - 1 > close[0].order):
            start -= 1
            stop = max(min(stop, start + MAX_SPAN), close[0].order + 1)
    if stop < len(units) and pairs_with(units[stop - 1], units[stop]):
        stop += 1
    elif stop - start == 1 and stop < len(units) and refers_back(units[stop]) and len(units[start].parts) == 1:
        if len(units[stop].parts) == 1:
            stop += 1  # "Some directors favour their own residents." "To counter this, …"
        elif apt is None or (close[0].hit_index, stop) in apt:
            stop = siblings(units, stop).stop  # "Good guides don't just lecture. They: Point out birds. …"
    # A lead-in that states something, or a list item that leads in, promises its list ("…but adjust your
    # strategy:", "Ask:"): its first items are said after it, leaving room for a second passage, up to one that
    # would say the lead-in again ("…helps: For email networking.") or is not of the kind of answer asked for.
    items = items_of(hit.passage.text, units, stop - 1)
    leading = units[stop - 1]
    # Items that carry the lead-in are said too after a list item said alone that leads into them (`with_items`).
    own = len(leading.parts) > 1 and len(list_run(units, stop - 1)) == 1
    k = items.start
    for _ in range(min(CONTINUATION, room - _said(units, start, stop))):
        if k < items.stop and (not _leads(leading, units[k]) or own) and \
                (apt is None or (close[0].hit_index, k) in apt):
            k = siblings(units, k).stop
    stop = max(stop, min(k, items.stop))
    # A list item that leads into items of its own, said after its lead-in, says nothing more without them: "…helps:
    # Keep a simple LinkedIn. …" then "…helps: For email networking." would only say the lead-in again.
    last = units[stop - 1]
    if len(last.parts) > 1 and items_of(hit.passage.text, units, stop - 1) and \
            any(_leads(u, last) for u in units[start:stop - 1]):
        stop -= 1
    out: list[Unit] = []
    k = start
    while k < stop:
        run = siblings(units, k)
        end = min(run.stop, stop)
        # a run's last item said with the items it leads into is said apart from the run before it (`with_items`)
        if end - k > 1 and end < stop and _leads(units[end - 1], units[end]):
            end -= 1
        out.append(merged(units[k:end]))
        k = end
    out = [u for u in out if not is_question(u)]
    # A list item leading into items of its own is said with them (`with_items`), or left to them where its own
    # lead-in is said already ("…helps: For email networking." before "For email networking: Keep it short.").
    joined: list[Unit] = []
    for u in out:
        prev = joined[-1] if joined else None
        if prev is not None and prev in units and len(prev.parts) > 1 and len(u.parts) > 1 and _leads(prev, u):
            told = any(_leads(x, prev) for x in joined[:-1])
            joined[-1] = u if told else with_items(prev, u)
        else:
            joined.append(u)
    out = joined
    # A lead-in standing alone before its list, said with the list, would be said twice (a list item leading into
    # its own items stays: it says its lead-in's label, "During the meeting: Use the breaks.").
    out = [u for n, u in enumerate(out) if not (n + 1 < len(out) and len(u.parts) == 1 and len(out[n + 1].parts) > 1
                                                and _leads(u, out[n + 1]))]
    # …and is said with its colon where they follow it.
    out = [as_lead_in(u) if n + 1 < len(out) and out[n + 1].parts[0] != u.parts[-1] and u in units and
           items_of(hit.passage.text, units, units.index(u)) else u for n, u in enumerate(out)]
    # A span opening the passage on what its heading introduces or answers is said under it: the list the
    # heading leads into, a sentence pointing back at it ("This is a tougher path…" under "If both scores are
    # low"), a short reply to a question heading.
    if out and start == 0 and (opens_list(hit.passage.text, out[0]) or refers_back(units[0]) or
                               (asks(hit.passage.section) and is_reply(units[0]))):
        out[0] = under_heading(heading_of(hit.passage.section), out[0])
    return out


def _leads(lead: Unit, item: Unit) -> bool:
    """Whether `item` is said under `lead` as its lead-in: "Bring:" (or "Pack: Bring") before "Bring: A map."."""
    return item.parts[0] == lead.parts[-1].rstrip(":")


def _said(units: list[Unit], start: int, stop: int) -> int:
    """How many sentences units[start:stop] make, each list run said as one (`merged`)."""
    count, k = 0, start
    while k < stop:
        k, count = min(siblings(units, k).stop, stop), count + 1
    return count


def is_question(unit: Unit) -> bool:
    """A question the guide asks ("Ask yourself: What clinical role do you want?") answers nothing; a question
    quoted to be asked ("“…what programs do you think are a good fit for me?”") is a script, and does, also as an
    example in brackets ("A clear next step (e.g., “Could we meet Friday?”)")."""
    last = unit.parts[-1].rstrip(")]")
    return last.rstrip("”\"’").endswith("?") and not last.endswith(("?”", '?"', "?’"))
