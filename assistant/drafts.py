"""Email drafts (mentor outreach, thank-you, letter request) from templates, with tips cited from the guides."""
import datetime
import logging
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      ValidationError, ValidationInfo, field_validator)

from assistant.retrieve import Hit, HybridSearch
from assistant.text import STOPWORDS
from assistant.units import Unit, answer_units
from ingest.errors import InputError, NotFound

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
MAX_FIELD = 2000
MAX_MATERIALS = 20
MAX_TIPS = 4
SUBJECT_PHRASE = 60  # characters of a user's phrase kept in a subject line: subjects stay scannable
DEFAULT_ASK = "a 20–30 minute conversation"
DEFAULT_MATERIALS = ("CV", "personal statement draft", "bullet points about our work together")
LEAD_TIME_QUERY = "how early to ask for letters of recommendation before deadlines"
FALLBACK_LEAD_DAYS = 56  # 8 weeks, used only when no guide passage states a lead time
DAYS_PER = {"week": 7, "month": 30}
_LEAD_TIME = re.compile(r"(\d+)(?:\s*(?:[–-]|to)\s*(\d+))?\s+(week|month)s?\s+before\s+(?:\w+\s+)?deadlines?", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOURS = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:[–-]|to)\s*\d+(?:\.\d+)?)?")


# -- fields ---------------------------------------------------------------------------------------

def _one_line(value: str) -> str:
    """Every field is rendered inside a sentence, so line breaks and space runs become one space."""
    return " ".join(value.split())


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_FIELD),
                 AfterValidator(_one_line)]


def _number_as_text(value: Any) -> Any:
    """JSON clients may send hours as a number (5) rather than text ("4–5")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError("must be a positive number of hours")
        return f"{value:g}"
    return value


def _split_commas(value: Any) -> Any:
    """The CLI and the web form send materials as one comma-separated string; empty means the default."""
    if isinstance(value, str):
        value = [re.sub(r"^and\s+", "", part.strip()) for part in value.split(",") if part.strip()]
    return value or None


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: a bare number or "03/04/27" is too easily misread."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("must be a calendar date written YYYY-MM-DD, e.g. 2027-03-03")


Hours = Annotated[Text, BeforeValidator(_number_as_text, json_schema_input_type=float | str)]
Materials = Annotated[list[Text] | None, Field(max_length=MAX_MATERIALS),
                      BeforeValidator(_split_commas, json_schema_input_type=list[str] | str | None)]
Deadline = Annotated[datetime.date, BeforeValidator(_iso_date, json_schema_input_type=datetime.date)]


class DraftFields(BaseModel):
    """A kind's fields: a misspelt name is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class MentorOutreachFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    training_level: Text = Field(description="e.g. 'PGY-2 resident' or 'third-year medical student'.")
    interest: Text = Field(description="What you want to learn about, e.g. 'spinal cord injury research'.")
    institution: Text | None = Field(None, description="Where you train, e.g. 'Rush University Medical Center'.")
    specific_work: Text | None = Field(None, description="Their paper, project or talk that made you write, "
                                                         "e.g. 'your 2023 paper on early mobilization after SCI'.")
    ask: Text = Field(DEFAULT_ASK, description="One small, clear request, e.g. 'a 15-minute call during the "
                                               "Annual Assembly', or a full question ending in '?'.")
    hours_per_week: Hours | None = Field(None, description="Time you can give a research project, e.g. '4–5'.")


class ThankYouFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    context: Text = Field(description="Where you met or what they did, e.g. 'our conversation after your talk "
                                      "on concussion rehab at the Annual Assembly'.")
    insight: Text | None = Field(None, description="What you took away from it.")
    next_step: Text | None = Field(None, description="A follow-up, e.g. 'the chance to help with your multisite "
                                                     "study', or a full question ending in '?'.")


class LorRequestFields(DraftFields):
    recipient_name: Text = Field(description="How to address them, e.g. 'Dr. Lee'.")
    sender_name: Text = Field(description="Your name as you sign emails.")
    purpose: Text = Field(description="What you are applying to, e.g. 'PM&R residency' or 'sports medicine "
                                      "fellowships'.")
    relationship: Text = Field(description="How they know your work, e.g. 'your mentorship during my SCI "
                                           "rotation and our spasticity QI project'.")
    deadline: Deadline = Field(description="When letters are due (YYYY-MM-DD).")
    materials: Materials = Field(None, description="What you will send them (a list, or one comma-separated "
                                                   "string); default: CV, personal statement draft and bullet "
                                                   "points about your work together.")
    highlights: Text | None = Field(None, description="What you hope the letter can speak to.")

    @field_validator("deadline")
    @classmethod
    def _not_past(cls, deadline: datetime.date, info: ValidationInfo) -> datetime.date:
        today = (info.context or {}).get("today") or datetime.date.today()
        if deadline < today:
            raise ValueError(f"{deadline.isoformat()} is in the past; give the date the letters are due")
        return deadline


DRAFT_MODELS: dict[str, type[DraftFields]] = {
    "mentor-outreach": MentorOutreachFields,
    "thank-you": ThankYouFields,
    "lor-request": LorRequestFields,
}


def validate_fields(kind: str, fields: Mapping, *, today: datetime.date) -> DraftFields:
    """The kind's typed fields, or a NotFound / InputError that names what to fix."""
    model = DRAFT_MODELS.get(kind)
    if model is None:
        raise NotFound(f"unknown draft kind {kind!r}: choose one of {', '.join(DRAFT_MODELS)}")
    if isinstance(fields, BaseModel):
        fields = fields.model_dump(exclude_unset=True)
    try:
        return model.model_validate(fields, context={"today": today})
    except ValidationError as exc:
        raise input_error(exc, kind=kind, model=model) from None


def input_error(exc: ValidationError, *, kind: str, model: type[DraftFields]) -> InputError:
    """One message for all of a request's problems, the first offending field on `.field`."""
    errors = exc.errors(include_url=False)
    missing = [_field_of(e) for e in errors if e["type"] == "missing"]
    unknown = [_field_of(e) for e in errors if e["type"] == "extra_forbidden"]
    problems = {}
    for error in errors:
        if error["type"] not in ("missing", "extra_forbidden"):
            item = error["loc"][1] if len(error["loc"]) > 1 and isinstance(error["loc"][1], int) else None
            problems.setdefault(_field_of(error), ("" if item is None else f"item {item + 1} ") + _describe(error))
    parts = []
    if missing:
        parts.append(f"missing required field(s): {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown field(s) for {kind}: {', '.join(unknown)} "
                     f"(its fields are {', '.join(model.model_fields)})")
    parts.extend(f"{name or 'fields'} {problem}" for name, problem in problems.items())
    first = (missing or unknown or list(problems) or [None])[0]
    return InputError("; ".join(parts), field=first)


def _field_of(error: dict) -> str | None:
    return str(error["loc"][0]) if error["loc"] else None


def _describe(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "string_too_long":
        return f"is too long ({len(error['input'].strip()):,} characters; the limit is {MAX_FIELD:,})"
    if kind == "string_too_short":
        return "is blank"
    if kind == "string_type":
        return "must be text"
    if kind == "too_long":
        return f"has too many items (at most {MAX_MATERIALS})"
    if kind == "list_type":
        return "must be a list of text or one comma-separated string"
    if kind == "model_type":
        return "must be an object of field names and values"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"].lower()


# -- wording --------------------------------------------------------------------------------------

def clause(text: str) -> str:
    """A value set inside a sentence, without the full stop the template adds after it."""
    return text.rstrip(" .,;:")


def is_sentence(text: str) -> bool:
    """Users may write an ask or next step as a whole sentence ("Could I help with chart review?")."""
    end = text.rstrip("”\"’)")
    return end.endswith("?") or (end.endswith((".", "!")) and text[:1].isupper() and len(text.split()) > 2)


def with_article(phrase: str) -> str:
    """'a PGY-2 resident', 'an MS4', 'an intern': acronyms are read letter by letter."""
    first = phrase.split()[0]
    if first.casefold() in {"a", "an", "the", "my"}:
        return phrase
    if re.match(r"[A-Z](?:[A-Z0-9&]|$)", first):
        vowel = first[0] in "AEFHILMNORSX"
    elif first[0].isdigit():
        vowel = first.startswith(("8", "11", "18"))
    else:
        vowel = first[0].casefold() in "aeiou" and not first.casefold().startswith(("uni", "use", "usu", "one", "eu"))
    return f"{'an' if vowel else 'a'} {phrase}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def shortened(text: str, width: int = SUBJECT_PHRASE) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


def natural_join(items: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def materials_phrase(materials: list[str] | None) -> str:
    items = [clause(m) for m in materials or DEFAULT_MATERIALS]
    owned = items[0].split()[0].casefold() in {"my", "a", "an", "the", "our", "your"}
    return natural_join(items) if owned else f"my {natural_join(items)}"


def commitment_phrase(hours: str) -> str:
    """'4–5' → '4–5 hours per week'; anything else ('4 hours/week this semester') is kept as written."""
    if not _HOURS.fullmatch(hours):
        return clause(hours)
    return f"{hours} hour per week" if hours == "1" else f"{hours} hours per week"


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def submission_route(purpose: str) -> str:
    """Residency letters go through ERAS; other programs' portals vary, so the sender supplies the link."""
    if re.search(r"\b(residency|ERAS)\b", purpose, re.I):
        return "through ERAS"
    return "through the application portal — I will send you the link"


def weeks_away(days: int) -> str:
    if days == 0:
        return "today"
    if days < 7:
        return f"only {days} day{'s' if days > 1 else ''} away"
    weeks = round(days / 7)
    return f"{'' if days % 7 == 0 else 'about '}{weeks} week{'s' if weeks > 1 else ''} away"


def mentor_outreach_context(f: MentorOutreachFields) -> dict:
    ask_is_question = is_sentence(f.ask)
    institution = f.institution and clause(f.institution)
    return {
        "recipient_name": f.recipient_name, "sender_name": f.sender_name,
        "training_level": with_article(clause(f.training_level)),
        "institution": institution,
        "signature": ", ".join(x for x in (capitalised(clause(f.training_level)), institution) if x),
        "interest": clause(f.interest), "specific_work": f.specific_work and clause(f.specific_work),
        "ask": f.ask if ask_is_question else clause(f.ask), "ask_is_question": ask_is_question,
        "default_ask": f.ask == DEFAULT_ASK,
        "commitment": f.hours_per_week and commitment_phrase(f.hours_per_week),
        "subject_level": capitalised(shortened(clause(f.training_level), 30)),
        "subject_interest": shortened(clause(f.interest)),
        "subject_ask": "a brief request" if ask_is_question else f"request for {shortened(clause(f.ask))}",
    }


def thank_you_context(f: ThankYouFields) -> dict:
    return {
        "recipient_name": f.recipient_name, "sender_name": f.sender_name, "context": clause(f.context),
        "subject_context": shortened(clause(f.context)), "insight": f.insight and clause(f.insight),
        "next_step": f.next_step and (f.next_step if is_sentence(f.next_step) else clause(f.next_step)),
        "next_step_is_sentence": bool(f.next_step and is_sentence(f.next_step)),
    }


def lor_request_context(f: LorRequestFields, *, short_notice: bool) -> dict:
    return {
        "recipient_name": f.recipient_name, "sender_name": f.sender_name, "purpose": clause(f.purpose),
        "subject_purpose": shortened(clause(f.purpose)), "relationship": clause(f.relationship),
        "deadline": long_date(f.deadline), "submission": submission_route(f.purpose),
        "materials": materials_phrase(f.materials), "highlights": f.highlights and clause(f.highlights),
        "short_notice": short_notice,
    }


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
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


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


class Drafter:
    """Validates a kind's fields, renders its template and adds tips and warnings drawn from the guides."""

    def __init__(self, search: HybridSearch):
        self.search = search

    def draft(self, kind: str, fields: dict, *, today: datetime.date | None = None) -> Draft:
        today = today or datetime.date.today()
        values = validate_fields(kind, fields, today=today)
        warnings: list[str] = []
        pinned: list[tuple[str, Hit]] = []
        if isinstance(values, LorRequestFields):
            lead = self.lead_time()
            short_notice = (values.deadline - today).days < lead.days
            if short_notice:
                warnings.append(lead_time_warning(lead, deadline=values.deadline, today=today))
            if lead.hit:
                pinned.append((lead.quote or LEAD_TIME_QUERY, lead.hit))
            context = lor_request_context(values, short_notice=short_notice)
        elif isinstance(values, ThankYouFields):
            context = thank_you_context(values)
        else:
            context = mentor_outreach_context(values)
        subject, body = split_subject(render_email_template(template_name=f"{kind}.j2", context=context))
        tips = self.tips(tip_queries(values), pinned=pinned)
        return Draft(kind=kind, subject=subject, body=body, tips=tips, warnings=warnings)

    def lead_time(self) -> LeadTime:
        """What the guides say about asking early for letters, parsed from the passage that says it."""
        for hit in self.search.search(LEAD_TIME_QUERY, k=5):
            lead = parse_lead_time(hit)
            if lead:
                return lead
        logger.info("no guide passage states a lead time for letters; using %d days", FALLBACK_LEAD_DAYS)
        return LeadTime(days=FALLBACK_LEAD_DAYS, phrase=f"{FALLBACK_LEAD_DAYS // 7} weeks")

    def tips(self, queries: list[tuple[str, str]], *, pinned: list[tuple[str, Hit]] = ()) -> list[DraftTip]:
        """One tip per (query, advice) pair, pinned passages first: the retrieved sentence closest to the advice."""
        tips: list[DraftTip] = []
        found: dict[str, list[Hit]] = {}
        requests = [(None, focus, [hit]) for focus, hit in pinned] + [(q, focus, None) for q, focus in queries]
        for query, focus, hits in requests:
            if len(tips) == MAX_TIPS:
                break
            if query is not None:
                hits = found[query] = found.get(query) or self.search.search(query, k=3)
            tip = self._best_tip(focus, hits, taken={t.text.casefold() for t in tips})
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
            (f"what the best letters of recommendation for {values.purpose} include",
             f"the best letters for {values.purpose} give specific examples")]
