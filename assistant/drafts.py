"""Email drafts (mentor outreach, thank-you, letter request) from templates, with tips cited from the guides."""
import datetime
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from assistant.draft_fields import (DRAFT_MODELS, DraftFields, LorRequestFields, MentorOutreachFields, ThankYouFields,
                                    validate_fields)
from assistant.retrieve import Hit, HybridSearch
from assistant.text import STOPWORDS
from assistant.wording import (Notes, long_date, lor_request_context, mentor_outreach_context, purpose_phrase,
                               thank_you_context, weeks_away)
from ingest.load import one_blank_line
from ingest.units import Unit, answer_units

__all__ = ["DRAFT_MODELS", "Draft", "DraftTip", "Drafter", "render_email_template"]

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
MAX_TIPS = 4
MEMO_MAX = 512  # remembered searches and tips; user-specific queries make the rest
LEAD_TIME_QUERY = "how early to ask for letters of recommendation before deadlines"
FALLBACK_LEAD_DAYS = 56  # 8 weeks, used only when no guide passage states a lead time
DAYS_PER = {"week": 7, "month": 30}
_LEAD_TIME = re.compile(r"(\d+)(?:\s*(?:[–-]|to)\s*(\d+))?\s+(week|month)s?\s+before\s+(?:\w+\s+)?deadlines?", re.I)


# -- rendering ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    """Sandboxed and strict: templates are ours, but a typo in a variable name must fail, not print ''."""
    return SandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def render_email_template(*, template_name: str, context: dict) -> str:
    """Plain text; user values arrive only as context, so `{{ 7*7 }}` in a field is printed as written."""
    text = _environment().get_template(template_name).render(**context)
    return tidy(text)


def tidy(text: str) -> str:
    """Absent optional sentences leave no trace: no trailing or doubled spaces, at most one blank line."""
    lines = [re.sub(r"(?<=\S) {2,}", " ", line).rstrip() for line in text.split("\n")]
    return one_blank_line("\n".join(lines)).strip() + "\n"


def split_subject(text: str) -> tuple[str, str]:
    """Each template starts with a `Subject: …` line."""
    first, _, body = text.partition("\n")
    return first.removeprefix("Subject:").strip(), body.strip()


# -- tips and lead time ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftTip:
    text: str
    doc_id: str
    title: str
    section: str
    passage_text: str  # the passage exactly as indexed


@dataclass(frozen=True)
class Draft:
    kind: str
    subject: str
    body: str
    tips: list[DraftTip]
    warnings: list[str]
    notes: list[str]  # what was normalised in the trainee's text


@dataclass(frozen=True)
class LeadTime:
    days: int
    phrase: str  # as the guide says it, e.g. "2–3 months"
    quote: str | None = None  # the guide's sentence that says it
    hit: Hit | None = None


def tip_text(unit: Unit) -> str:
    """A list item that is a sentence of its own drops a lead-in it cannot complete ("Aim for: Ask early…")."""
    if len(unit.parts) == 2:
        lead, item = unit.parts
        if item[:1].isupper() and lead.split()[-1].casefold() in STOPWORDS:
            return item if item.rstrip("”\"’)").endswith((".", "?", "!")) else f"{item}."
    return unit.text


def parse_lead_time(hit: Hit) -> LeadTime | None:
    """The shortest lead time a passage recommends ("2–3 months before deadlines" → 60 days)."""
    match = _LEAD_TIME.search(hit.passage.text)
    if not match:
        return None
    low, high, unit = match.group(1), match.group(2), match.group(3).casefold()
    quote = next((part for u in answer_units(hit.passage.text) for part in u.parts if match.group(0) in part), None)
    phrase = f"{low}–{high} {unit}s" if high else f"{low} {unit}{'s' if low != '1' else ''}"
    return LeadTime(days=int(low) * DAYS_PER[unit], phrase=phrase, quote=quote, hit=hit)


def lead_time_warning(lead: LeadTime, *, deadline: datetime.date, today: datetime.date) -> str:
    days = (deadline - today).days
    when = "is today" if days == 0 else f"is {weeks_away(days)}"
    text = (f"Your deadline ({long_date(deadline)}) {when}, less than the recommended lead time of "
            f"{lead.phrase} (about {lead.days // 7} weeks).")
    if lead.hit and lead.quote:
        p = lead.hit.passage
        text += f" The guide says: “{lead.quote}” ({p.title} › {p.section.replace(' > ', ' › ')})."
    return text + " Send the request now, with your materials, so your writer has as much time as possible."


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    keep: list[str]  # what any rewording must keep word for word: names, the ask, the deadline


def compose(values: DraftFields, *, short_notice: bool = False, notes: Notes | None = None) -> Rendered:
    """Subject and body from validated fields: the template's wording around the trainee's shaped text."""
    notes = Notes() if notes is None else notes
    if isinstance(values, LorRequestFields):
        kind, context = "lor-request", lor_request_context(values, short_notice=short_notice, notes=notes)
    elif isinstance(values, ThankYouFields):
        kind, context = "thank-you", thank_you_context(values, notes)
    else:
        kind, context = "mentor-outreach", mentor_outreach_context(values, notes)
    subject, body = split_subject(render_email_template(template_name=f"{kind}.j2", context=context))
    return Rendered(subject=subject, body=body, keep=[k for k in context["keep"] if k])


class Drafter:
    """Validates a kind's fields, renders its template and adds tips and warnings drawn from the guides."""

    def __init__(self, search: HybridSearch, *, polisher=None):
        self.search = search
        self.polisher = polisher  # an optional DraftPolisher (LLM rewording, checked)
        self._memo: tuple[int | None, dict] = (None, {})

    def _remembered(self, key: tuple, make):
        """Most tip queries are the same for every draft of a kind: their hits and tips are kept until the
        next ingest (a new store generation) or MEMO_MAX entries."""
        generation = self.search.store.generation()
        if self._memo[0] != generation or len(self._memo[1]) > MEMO_MAX:
            self._memo = (generation, {})
        memo = self._memo[1]
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def draft(self, kind: str, fields: dict, *, today: datetime.date | None = None) -> Draft:
        today = today or datetime.date.today()
        values = validate_fields(kind, fields, today=today)
        notes = Notes()
        warnings: list[str] = []
        pinned: list[tuple[str, Hit]] = []
        if isinstance(values, LorRequestFields):
            lead = self.lead_time()
            short_notice = (values.deadline - today).days < lead.days
            if short_notice:
                warnings.append(lead_time_warning(lead, deadline=values.deadline, today=today))
            if lead.hit:
                pinned.append((lead.quote or LEAD_TIME_QUERY, lead.hit))
        else:
            short_notice = False
        rendered = compose(values, short_notice=short_notice, notes=notes)
        tips = self.tips(tip_queries(values), pinned=pinned)
        draft = Draft(kind=kind, subject=rendered.subject, body=rendered.body, tips=tips, warnings=warnings,
                      notes=list(notes))
        return self.polisher.polish(draft, keep=rendered.keep) if self.polisher else draft

    def lead_time(self) -> LeadTime:
        """What the guides say about asking early for letters, parsed from the passage that says it."""
        for hit in self._remembered(("search", LEAD_TIME_QUERY, 5), lambda: self.search.search(LEAD_TIME_QUERY, k=5)):
            lead = parse_lead_time(hit)
            if lead:
                return lead
        logger.info("no guide passage states a lead time for letters; using %d days", FALLBACK_LEAD_DAYS)
        return LeadTime(days=FALLBACK_LEAD_DAYS, phrase=f"{FALLBACK_LEAD_DAYS // 7} weeks")

    def tips(self, queries: list[tuple[str, str]], *, pinned: list[tuple[str, Hit]] = ()) -> list[DraftTip]:
        """One tip per (query, advice) pair, pinned passages first: the retrieved sentence closest to the advice."""
        tips: list[DraftTip] = []
        requests = [(None, focus, [hit]) for focus, hit in pinned] + [(q, focus, None) for q, focus in queries]
        for query, focus, hits in requests:
            if len(tips) == MAX_TIPS:
                break
            if query is not None:
                hits = self._remembered(("search", query, 3), lambda q=query: self.search.search(q, k=3))
            taken = frozenset(t.text.casefold() for t in tips)
            tip = self._remembered(("tip", focus, tuple(h.passage.id for h in hits), taken),
                                   lambda f=focus, h=hits, t=taken: self._best_tip(f, h, taken=t))
            if tip:
                tips.append(tip)
        return tips

    def _best_tip(self, focus: str, hits: list[Hit], *, taken: set[str]) -> DraftTip | None:
        """The unit closest in meaning to `focus` from the best-ranked passage that still has one to give.

        Units are compared within one passage: across passages, a sentence about a neighbouring
        topic (interviews, Step scores) can sit closer to the query than the advice that was found.
        """
        for hit in hits:
            texts = [t for t in dict.fromkeys(tip_text(u) for u in answer_units(hit.passage.text))
                     if t.casefold() not in taken and not is_example(t)]
            if texts:
                vectors = self.search.embedder.encode([focus, *texts])
                p = hit.passage
                return DraftTip(text=texts[int((vectors[1:] @ vectors[0]).argmax())], doc_id=p.doc_id,
                                title=p.title, section=p.section, passage_text=p.text)
        return None


def is_example(text: str) -> bool:
    """A quoted sample line ("“I’m a rising PGY-2…”") illustrates advice; it is not advice on its own."""
    return text.startswith(("“", '"')) or text.count("”") > text.count("“")


def tip_queries(values: DraftFields) -> list[tuple[str, str]]:
    """(search query, advice sought) pairs for this kind, chosen and worded from the user's fields.

    The query finds the passage, the advice picks its sentence. The user's topic itself (an interest
    such as "SCI research") is not searched: it finds passages describing that field, not email advice.
    """
    if isinstance(values, MentorOutreachFields):
        research = ("use research as a networking engine: the time you realistically have and a clear ask to help",
                    "the time you realistically have, e.g. I can commit 4–5 hours/week this semester")
        prepared = ("approach potential mentors: come prepared with a short list of questions",
                    "come prepared: bring a short list of questions")
        return [("email a potential mentor short specific request 20–30 minute meeting",
                 "ask for a 20–30 minute introductory meeting"),
                ("be authentic and specific: reference their paper or project rather than asking to pick their brain",
                 "specificity shows respect for their time and expertise"),
                research if values.hours_per_week else prepared,
                ("follow up politely after 7–10 days if no response", "follow up politely after 7–10 days")]
    if isinstance(values, ThankYouFields):
        after = "thank-you email after conference mention specific insight within 7–10 days"
        return [(after, "send brief thank-you emails within 7–10 days"),
                (f"remind them of your conversation: {values.context}", "remind them of your conversation"),
                (after, "mention one specific insight you found valuable") if values.insight
                else ("periodic brief check-ins and updates to mentors with gratitude",
                      "update your mentor periodically"),
                (after, "if appropriate, ask a next-step question") if values.next_step
                else ("after the conference connect on LinkedIn with a personalized note",
                      "connect on LinkedIn with a personalized note")]
    return [("ask for a strong letter of recommendation", "ask mentors who know your work well"),
            ("ask early 2–3 months before deadlines provide CV personal statement",
             "provide your CV, personal statement draft, and bullet points about your work with them"),
            (f"what the best letters of recommendation for {purpose_phrase(values.purpose)} include",
             f"the best letters for {purpose_phrase(values.purpose)} give specific examples")]
