"""The corpus checks over generated inputs: phrases, clauses, questions and fragments, typed carelessly."""
import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.draft_fields import validate_fields
from assistant.drafts import compose
from assistant.field_shapes import as_phrase, as_sentence, shape, strip_controls, training_level
from ingest.errors import InputError
from tests.assistant.draft_checks import problems

TODAY = datetime.date(2026, 9, 1)
EXAMPLES = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

TOPICS = ["sports medicine", "SCI research", "pain medicine fellowships", "PM&R residency", "brain injury medicine",
          "musculoskeletal ultrasound", "pediatric rehab", "amputee care"]
PLACES = ["the Annual Assembly", "your clinic", "grand rounds", "the residency fair", "our journal club"]
THINGS = ["your paper on gait", "your talk on spasticity", "the QI project", "your study on falls", "my sub-I"]
LEADS = ["", "I want to do ", "I'm applying to ", "interested in ", "i'd love to go into ", "my goal is to match into ",
         "I am really interested in ", "applying for ", "I love "]
SUBJECTS = ["I", "we", "you", "i"]
PAST = ["read", "talked about", "worked on", "presented", "discussed", "met at", "shadowed in"]
BASE = ["shadow you in", "help with", "send you", "meet to discuss", "stay in touch about", "join"]
AUX_QUESTIONS = ["can I shadow you at", "could we talk about", "would you be open to discussing", "do you have time for",
                 "is there a chance to help with"]

phrase = st.builds(lambda lead, topic: lead + topic, st.sampled_from(LEADS), st.sampled_from(TOPICS))
clause = st.builds(lambda s, v, o: f"{s} {v} {o}", st.sampled_from(SUBJECTS), st.sampled_from(PAST),
                   st.sampled_from(THINGS + PLACES))
predicate = st.builds(lambda v, o: f"{v} {o}", st.sampled_from(PAST + BASE), st.sampled_from(THINGS + PLACES))
question = st.builds(lambda q, o: f"{q} {o}", st.sampled_from(AUX_QUESTIONS), st.sampled_from(THINGS + PLACES))
noun = st.sampled_from(THINGS + PLACES + ["a 15-minute call", "the chance to help", "advice on " + TOPICS[0]])
level = st.sampled_from(["ms3", "MS-4", "pgy2", "PGY 1", "third-year medical student", "I'm a 3rd year med student",
                         "intern", "research fellow", "m2", "PM&R resident."])


def typed(text: str, style: int, cut: int) -> str:
    """The same words as people type them: lower case, a capital, a closing mark, a pasted line break."""
    if style % 5 == 1:
        text = text.lower()
    elif style % 5 == 2:
        text = text[:1].upper() + text[1:]
    text += ["", ".", "!!", " ", "?"][style % 4 if "?" not in text else 0]
    words = text.split(" ")
    if style % 3 == 0 and len(words) > 2:
        words[cut % (len(words) - 1)] += "\n"
    return " ".join(words).replace("\n ", "\n")


def carelessly(strategy):
    return st.builds(typed, strategy, st.integers(0, 59), st.integers(0, 20))


any_field = carelessly(st.one_of(phrase, clause, predicate, question, noun))


def distinct(*values: str | None) -> bool:
    keys = [" ".join(v.casefold().replace("!", "").replace("?", "").replace(".", "").split()) for v in values if v]
    return len(keys) == len(set(keys))


def render(kind: str, fields: dict) -> tuple[str, str]:
    rendered = compose(validate_fields(kind, fields, today=TODAY))
    return rendered.subject, rendered.body


@EXAMPLES
@given(level=carelessly(level), interest=carelessly(phrase), work=st.none() | any_field, ask=st.none() | any_field)
def test_generated_mentor_outreach_passes_the_checks(level, interest, work, ask):
    assume(distinct(work, ask))  # the same words typed twice are said twice
    fields = {"recipient_name": "Dr. Lee", "sender_name": "Sam Patel", "training_level": level, "interest": interest,
              **({"specific_work": work} if work else {}), **({"ask": ask} if ask else {})}
    subject, body = render("mentor-outreach", fields)
    assert not problems(subject, body, fields), (fields, subject, body)


@EXAMPLES
@given(context=any_field, insight=st.none() | any_field, next_step=st.none() | any_field)
def test_generated_thank_you_passes_the_checks(context, insight, next_step):
    assume(distinct(context, insight, next_step))
    fields = {"recipient_name": "dr okafor", "sender_name": "Maya Chen", "context": context,
              **({"insight": insight} if insight else {}), **({"next_step": next_step} if next_step else {})}
    subject, body = render("thank-you", fields)
    assert not problems(subject, body, fields), (fields, subject, body)


@EXAMPLES
@given(purpose=carelessly(phrase), relationship=any_field, highlights=st.none() | any_field)
def test_generated_letter_request_passes_the_checks(purpose, relationship, highlights):
    assume(distinct(relationship, highlights))
    fields = {"recipient_name": "Dr. Alvarez", "sender_name": "Jordan Kim", "purpose": purpose,
              "relationship": relationship, "deadline": "2027-01-15", **({"highlights": highlights} if highlights else {})}
    subject, body = render("lor-request", fields)
    assert not problems(subject, body, fields), (fields, subject, body)


@EXAMPLES
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_is_drafted_or_refused_and_never_carries_control_characters(text):
    fields = {"recipient_name": "Dr. Lee", "sender_name": "Sam", "context": text, "insight": text, "next_step": text}
    try:
        subject, body = render("thank-you", fields)
    except InputError as exc:
        assert exc.field in fields
        return
    assert strip_controls(body) == body and strip_controls(subject) == subject and len(subject) <= 70


def test_shapes_of_what_people_type():
    assert [shape(t) for t in ("can I shadow you in clinic", "we talked at the assembly", "read your paper on gait",
                               "your paper on gait", "how did you start", "how I handled a family meeting")] == [
        "question", "clause", "predicate", "phrase", "question", "phrase"]
    assert shape("stay in touch", action=True) == "predicate" and shape("stay in touch") == "phrase"
    assert as_sentence("you supervised me on my QI project") == "You supervised me on my QI project."
    assert as_sentence("i will send it next week. Thanks!") == "I will send it next week."
    assert as_phrase("I'm applying to pain medicine fellowships.") == "pain medicine fellowships"
    assert as_phrase("I want to do research in SCI") == "research in SCI"
    assert as_phrase("Sports medicine") == "sports medicine" and as_phrase("PM&R") == "PM&R"
    assert [training_level(t) for t in ("ms3", "pgy2", "I'm a 3rd year med student", "PGY-1 intern")] == [
        "third-year medical student", "PGY-2 resident", "third-year medical student", "PGY-1 intern"]
    assert strip_controls("Dr. Lee\u202e\x00\x1b[0m") == "Dr. Lee[0m"
