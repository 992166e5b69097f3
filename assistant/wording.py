"""Pure wording for the email templates: articles, lists, dates, the context each template reads."""
import datetime
import re
import textwrap
from string import ascii_uppercase, digits

from assistant.draft_fields import DEFAULT_ASK, LorRequestFields, MentorOutreachFields, ThankYouFields
from assistant.field_shapes import (PHRASE, PREDICATE, PREPOSITIONS, QUESTION, after_colon, as_phrase, as_sentence,
                                    base, is_finite, proper_name, shape, split_sentences, strip_lead_in,
                                    training_level)

DEFAULT_MATERIALS = ("CV", "personal statement draft", "bullet points about our work together")
_HOURS = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:[–-]|to)\s*\d+(?:\.\d+)?)?")


def clause(text: str) -> str:
    """A value set inside a sentence, on one line, without the full stop the template adds after it."""
    return " ".join(text.split()).rstrip(" .,;:")


def with_article(phrase: str) -> str:
    """'a PGY-2 resident', 'an MS4', 'an intern': acronyms are read letter by letter."""
    first = phrase.split()[0]
    if first.casefold() in {"a", "an", "the", "my"}:
        return phrase
    if first[0] in ascii_uppercase and (len(first) == 1 or first[1] in f"{ascii_uppercase}{digits}&"):
        vowel = first[0] in "AEFHILMNORSX"
    elif first[0].isdigit():
        vowel = first.startswith(("8", "11", "18"))
    else:
        vowel = first[0].casefold() in "aeiou" and not first.casefold().startswith(("uni", "use", "usu", "one", "eu"))
    return f"{'an' if vowel else 'a'} {phrase}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def shortened(text: str, width: int) -> str:
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
    if {"residency", "eras"} & set("".join(c if c.isalnum() else " " for c in purpose.casefold()).split()):
        return "through ERAS"
    return "through the application portal — I will send you the link"


def weeks_away(days: int) -> str:
    if days == 0:
        return "today"
    if days < 7:
        return f"only {days} day{'s' if days > 1 else ''} away"
    weeks = round(days / 7)
    return f"{'' if days % 7 == 0 else 'about '}{weeks} week{'s' if weeks > 1 else ''} away"


SUBJECT_MAX = 70  # characters: a subject line stays whole in an inbox list
NOTE_WIDTH = 60


def trimmed(phrase: str, room: int) -> str | None:
    """The phrase cut before its last prepositional phrases until it fits `room` characters, or None.

    "our conversation after your talk on concussion rehab at the Annual Assembly" → "our conversation after your
    talk on concussion rehab": it stays a phrase, never a fragment ending in "at the".
    """
    words = phrase.split(" ")
    while len(" ".join(words)) > room:
        cut = max((n for n, w in enumerate(words) if n > 1 and base(w) in PREPOSITIONS | {"and", "or", ","}), default=0)
        if not cut:
            return None
        words = words[:cut]
    return " ".join(words).rstrip(",;:")


def fitted_subject(*candidates: str | None) -> str:
    """The first candidate that fits SUBJECT_MAX; the last one is short by construction."""
    return next(c for c in candidates if c and len(c) <= SUBJECT_MAX)


def _fill(start: str, phrase: str) -> str | None:
    """`start` + as much of the phrase as fits a subject line, or None."""
    rest = trimmed(phrase, SUBJECT_MAX - len(start))
    return rest and start + rest


class Notes(list):
    """What was changed in the trainee's text, shown beside the draft ("Training level: “ms3” → …")."""

    def changed(self, label: str, before: str, after: str) -> str:
        typed = " ".join(before.split())
        if typed.rstrip(" .!") != after.rstrip(" .!"):
            self.append(f"{label}: “{shortened(typed, NOTE_WIDTH)}” → “{shortened(after, NOTE_WIDTH)}”")
        return after


def own_sentence(text: str, *, lead: str = "I", action: bool = False) -> str | None:
    """The field as the sender's own sentence when it is a clause, a predicate or a question; None for a phrase.

    A predicate that carries its tense takes "I" ("will send you…" → "I will send you…"); one in its base form
    takes `lead` ("stay in touch" → "I would welcome the chance to stay in touch.").
    """
    kind = shape(text, action=action)
    if kind == PHRASE:
        return None
    return as_sentence(text, kind, lead="I" if is_finite(text) else lead)


def phrase_or_sentence(text: str) -> str:
    """A field set after a colon: a phrase as typed, or the sender's own sentence in lower case."""
    sentence = own_sentence(text)
    return after_colon(sentence) if sentence else f"{as_phrase(text, lead_in=False)}."


def mentor_outreach_context(f: MentorOutreachFields, notes: Notes) -> dict:
    level = notes.changed("Training level", f.training_level, training_level(f.training_level))
    interest = notes.changed("Interest", f.interest, as_phrase(f.interest))
    institution = f.institution and notes.changed("Institution", f.institution,
                                                  proper_name(strip_lead_in(f.institution.strip(" .")).removeprefix("at ")))
    work = f.specific_work and own_sentence(f.specific_work)
    ask_kind = shape(f.ask, action=True)
    ask = None if ask_kind != PHRASE else as_phrase(f.ask, lead_in=False)
    ask_sentence = ask_kind != PHRASE and as_sentence(
        f.ask, ask_kind, lead="I" if is_finite(f.ask) else "Would it be possible to",
        question=ask_kind == QUESTION or (ask_kind == PREDICATE and not is_finite(f.ask)))
    level_title = capitalised(level)
    return {
        "keep": [proper_name(f.recipient_name), proper_name(f.sender_name), interest,
                 ask or (ask_sentence or "").rstrip(".?!")],
        "recipient_name": proper_name(f.recipient_name), "sender_name": proper_name(f.sender_name),
        "training_level": with_article(level), "institution": institution,
        "signature": ", ".join(x for x in (level_title, institution) if x),
        "interest": interest,
        "work_sentence": work and notes.changed("Their work", f.specific_work, work),
        "specific_work": f.specific_work and not work and notes.changed(
            "Their work", f.specific_work, as_phrase(f.specific_work, lead_in=False)),
        "ask": ask, "ask_sentence": ask_sentence and notes.changed("Your ask", f.ask, ask_sentence),
        "default_ask": f.ask == DEFAULT_ASK,
        "commitment": f.hours_per_week and commitment_phrase(f.hours_per_week),
        "subject": fitted_subject(f"{level_title} interested in {interest} — request for {ask}" if ask else None,
                                  f"{level_title} interested in {interest}",
                                  _fill(f"{level_title} interested in ", interest), _fill("Mentorship request — ", interest),
                                  f"Mentorship request from {with_article(level)}", "Mentorship request"),
    }


def thank_you_context(f: ThankYouFields, notes: Notes) -> dict:
    met = without_frame(f.context, "thank you for", "thanks for", "thank you so much for", "thanks so much for")
    context = own_sentence(met)
    if context and len(split_sentences(context)) == 1 and context.endswith("."):
        context = f"{context[:-1]}, and I wanted to thank you for your time and generosity."
    elif context:
        context = f"{context} Thank you for your time and generosity."
    topic = None if context else as_phrase(met, lead_in=False)
    insight = f.insight and phrase_or_sentence(f.insight)
    step = f.next_step and own_sentence(f.next_step, lead="I would welcome the chance to", action=True)
    return {
        "keep": [proper_name(f.recipient_name), proper_name(f.sender_name)],
        "recipient_name": proper_name(f.recipient_name), "sender_name": proper_name(f.sender_name),
        "context": topic and notes.changed("Where you met", f.context, topic),
        "context_sentence": context and notes.changed("Where you met", f.context, context),
        "insight": insight and notes.changed("What you took away", f.insight, insight),
        "next_step_sentence": step and notes.changed("Next step", f.next_step, step),
        "next_step": f.next_step and not step and notes.changed("Next step", f.next_step,
                                                                as_phrase(f.next_step, lead_in=False)),
        "subject": fitted_subject(topic and _fill("Thank you for ", topic), "Thank you for your time"),
    }


def lor_request_context(f: LorRequestFields, *, short_notice: bool, notes: Notes) -> dict:
    purpose = notes.changed("What you are applying to", f.purpose, purpose_phrase(f.purpose))
    relationship = own_sentence(f.relationship)
    highlights = f.highlights and phrase_or_sentence(f.highlights)
    return {
        "keep": [proper_name(f.recipient_name), proper_name(f.sender_name), long_date(f.deadline), purpose,
                 "letter of recommendation"],
        "recipient_name": proper_name(f.recipient_name), "sender_name": proper_name(f.sender_name),
        "purpose": purpose,
        "relationship_sentence": relationship and notes.changed("How they know your work", f.relationship,
                                                                relationship),
        "relationship": f.relationship and not relationship and notes.changed(
            "How they know your work", f.relationship, owned(as_phrase(f.relationship, lead_in=False))),
        "deadline": long_date(f.deadline), "submission": submission_route(purpose),
        "materials": materials_phrase(f.materials),
        "highlights": highlights and notes.changed("What the letter could speak to", f.highlights, highlights),
        "short_notice": short_notice,
        "subject": fitted_subject(_fill("Request for a letter of recommendation — ", purpose),
                                  _fill("Letter of recommendation — ", purpose), "Request for a letter of recommendation"),
    }


def owned(phrase: str) -> str:
    """'rotation' → 'our rotation': a lone common noun after "I have valued" needs whose it was."""
    if " " not in phrase and phrase.isalpha() and phrase.islower():
        return f"our {phrase}"
    return phrase


def purpose_phrase(purpose: str) -> str:
    """'I'm applying to PM&R residency applications' → 'PM&R residency': the sentence already says "applying"."""
    words = as_phrase(purpose).split(" ")
    if len(words) > 1 and words[-1].casefold() in ("application", "applications"):
        words = words[:-1]
    return " ".join(words)


def without_frame(text: str, *frames: str) -> str:
    """A field that starts with its template's own words ("thank you for…") loses them."""
    for frame in frames:
        if text.casefold().replace("’", "'").startswith(frame + " "):
            return text[len(frame) + 1:]
    return text
