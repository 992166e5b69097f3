"""Pure wording for the email templates: articles, lists, dates, the context each template reads."""
import datetime
import re
import textwrap

from assistant.draft_fields import DEFAULT_ASK, LorRequestFields, MentorOutreachFields, ThankYouFields

SUBJECT_PHRASE = 60  # characters of a user's phrase kept in a subject line: subjects stay scannable
DEFAULT_MATERIALS = ("CV", "personal statement draft", "bullet points about our work together")
_HOURS = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:[–-]|to)\s*\d+(?:\.\d+)?)?")


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
