"""Email drafts: wording with few or all fields, user text kept literal, tips and warnings cited from the guides."""
import datetime
import re

import numpy as np
import pytest

from assistant.draft_fields import DRAFT_MODELS
from assistant.drafts import Drafter, parse_lead_time, render_email_template
from assistant.wording import natural_join, with_article
from assistant.retrieve import Hit
from ingest.errors import InputError, NotFound
from ingest.embed import DIMENSIONS
from ingest.store import StoredPassage

NO_UNITS = np.zeros((0, DIMENSIONS), dtype=np.float32)

TODAY = datetime.date(2026, 9, 1)
MENTOR = {"recipient_name": "Dr. Lee", "sender_name": "Sam Patel", "training_level": "PGY-2 resident",
          "interest": "SCI research"}
MENTOR_ALL = {**MENTOR, "institution": "Rush University Medical Center",
              "specific_work": "your 2023 paper on early mobilization after SCI", "hours_per_week": "4–5"}
THANKS = {"recipient_name": "Dr. Okafor", "sender_name": "Maya Chen",
          "context": "our conversation after your talk on concussion rehab at the Annual Assembly"}
THANKS_ALL = {**THANKS, "insight": "return-to-activity plans work best when the whole team shares one protocol",
              "next_step": "the chance to help with your multisite concussion study"}
LOR = {"recipient_name": "Dr. Alvarez", "sender_name": "Jordan Kim", "purpose": "sports medicine fellowships",
       "relationship": "your mentorship during my sports medicine elective", "deadline": "2027-01-04"}
LOR_ALL = {**LOR, "purpose": "PM&R residency", "deadline": "2027-03-03",
           "materials": ["CV", "personal statement draft", "ERAS photo"],
           "highlights": "my leadership of our spasticity QI project"}


@pytest.fixture(scope="module")
def drafter(services) -> Drafter:
    return Drafter(services.search)


def assert_reads_cleanly(draft) -> None:
    for text in (draft.subject, draft.body):
        assert "None" not in text and "  " not in text and "\n\n\n" not in text
        assert not re.search(r" [.,;]|\.\.|[ \t]$", text, re.M), text
        assert "{{" not in text and "{%" not in text
    assert "pick your brain" not in draft.body.casefold()
    assert 2 <= len(draft.tips) <= 4
    assert len({t.text for t in draft.tips}) == len(draft.tips)


def drawn_from(tip_text: str, passage: str) -> bool:
    """Every piece of the tip is in the passage; a lead-in and its list item are joined by ': '."""
    return all(piece.rstrip(".") in passage for piece in tip_text.split(": "))


def test_mentor_outreach_with_required_fields_only(drafter):
    draft = drafter.draft("mentor-outreach", MENTOR, today=TODAY)
    assert draft.subject == "PGY-2 resident interested in SCI research"  # with the ask it would pass 70 characters
    assert draft.body.startswith("Dear Dr. Lee,\n\nMy name is Sam Patel, and I am a PGY-2 resident with a strong "
                                 "interest in SCI research.\n\n")
    assert "Would you be open to a 20–30 minute conversation, in person or virtual, in the coming weeks?" \
        in draft.body
    assert "work around your schedule" in draft.body and "Thank you for considering" in draft.body
    assert draft.body.endswith("Best regards,\nSam Patel\nPGY-2 resident")
    assert "hours per week" not in draft.body and " at " not in draft.body.split("\n")[2]
    assert draft.warnings == []
    assert_reads_cleanly(draft)


def test_mentor_outreach_with_all_fields_names_their_work_and_offers_the_hours(drafter):
    draft = drafter.draft("mentor-outreach", MENTOR_ALL, today=TODAY)
    assert "I am a PGY-2 resident at Rush University Medical Center with a strong interest in SCI research." \
        in draft.body
    assert "your 2023 paper on early mobilization after SCI" in draft.body
    assert "I can realistically commit 4–5 hours per week" in draft.body
    assert "chart review, literature review, or data organization" in draft.body
    assert draft.body.endswith("Sam Patel\nPGY-2 resident, Rush University Medical Center")
    assert_reads_cleanly(draft)
    assert any("4–5 hours/week" in tip.text for tip in draft.tips)


def test_a_custom_ask_replaces_the_default_and_a_question_stays_whole(drafter):
    call = drafter.draft("mentor-outreach", {**MENTOR, "ask": "a 15-minute call during the Annual Assembly"},
                         today=TODAY)
    assert "Would you be open to a 15-minute call during the Annual Assembly?" in call.body
    assert call.subject == "PGY-2 resident interested in SCI research"
    short = drafter.draft("mentor-outreach", {**MENTOR, "ask": "a short call"}, today=TODAY)
    assert short.subject == "PGY-2 resident interested in SCI research — request for a short call"
    assert "20–30" not in call.body + call.subject
    question = drafter.draft("mentor-outreach", {**MENTOR, "ask": "Could I help with chart review on a project?",
                                                 "training_level": "third-year medical student"}, today=TODAY)
    assert "\n\nCould I help with chart review on a project? I would value" in question.body
    assert question.subject.startswith("Third-year medical student interested in SCI research")
    assert "I am a third-year medical student" in question.body
    assert_reads_cleanly(call)
    assert_reads_cleanly(question)


def test_thank_you_with_required_fields_only(drafter):
    draft = drafter.draft("thank-you", THANKS, today=TODAY)
    assert draft.subject == "Thank you for our conversation after your talk on concussion rehab"  # 70 at most
    assert ("Dear Dr. Okafor,\n\nThank you for our conversation after your talk on concussion rehab at the Annual "
            "Assembly.") in draft.body
    assert "stayed with me" not in draft.body and "welcome" not in draft.body
    assert draft.body.endswith("Best regards,\nMaya Chen")
    assert len(draft.body.split()) < 80  # the guide: brief thank-you emails
    assert_reads_cleanly(draft)


def test_thank_you_with_all_fields_names_the_insight_and_next_step(drafter):
    draft = drafter.draft("thank-you", THANKS_ALL, today=TODAY)
    assert "stayed with me: return-to-activity plans work best when the whole team shares one protocol." in draft.body
    assert "I would welcome the chance to help with your multisite concussion study." in draft.body
    assert_reads_cleanly(draft)
    assert any("specific insight" in tip.text for tip in draft.tips)
    question = drafter.draft("thank-you", {**THANKS, "next_step": "Might there be a role for an outside resident?"},
                             today=TODAY)
    assert "\n\nMight there be a role for an outside resident?\n\n" in question.body


def test_lor_request_with_required_fields_only(drafter):
    draft = drafter.draft("lor-request", LOR, today=TODAY)  # four months ahead
    assert draft.subject == "Request for a letter of recommendation — sports medicine fellowships"
    assert "Would you feel comfortable writing a strong letter of recommendation" in draft.body
    assert "I am applying to sports medicine fellowships, and I have valued your mentorship" in draft.body
    assert "The deadline is January 4, 2027" in draft.body
    assert "through the application portal — I will send you the link" in draft.body
    assert "my CV, personal statement draft, and bullet points about our work together." in draft.body
    assert "speak to" not in draft.body and "shorter notice" not in draft.body
    assert draft.warnings == []
    assert draft.body.endswith("Best regards,\nJordan Kim")
    assert_reads_cleanly(draft)


def test_lor_request_with_all_fields_joins_materials_and_names_eras(drafter):
    draft = drafter.draft("lor-request", LOR_ALL, today=TODAY)
    assert "The deadline is March 3, 2027, and letters are submitted through ERAS." in draft.body
    assert "I will send you my CV, personal statement draft, and ERAS photo." in draft.body
    assert "speak to: my leadership of our spasticity QI project." in draft.body
    assert_reads_cleanly(draft)
    as_text = drafter.draft("lor-request", {**LOR_ALL, "materials": "CV, personal statement draft, and ERAS photo"},
                            today=TODAY)
    assert as_text.body == draft.body


@pytest.mark.parametrize("kind, fields, name", [
    ("mentor-outreach", MENTOR_ALL, "interest"), ("mentor-outreach", MENTOR_ALL, "specific_work"),
    ("thank-you", THANKS_ALL, "insight"), ("thank-you", THANKS_ALL, "recipient_name"),
    ("lor-request", LOR_ALL, "highlights"), ("lor-request", LOR_ALL, "relationship")])
@pytest.mark.parametrize("payload", ["{{ 7*7 }}", "{% for x in y %}loop{% endfor %}",
                                     "{{ ''.__class__.__mro__[1].__subclasses__() }}"])
def test_user_text_is_never_template_code(drafter, kind, fields, name, payload):
    draft = drafter.draft(kind, {**fields, name: f"{fields[name]} {payload}"}, today=TODAY)
    assert payload in draft.body
    assert "49" not in draft.body and "<class" not in draft.body


def test_render_email_template_passes_values_through_unchanged():
    text = render_email_template(template_name="thank-you.j2", context={
        "recipient_name": "{{ 7*7 }}", "sender_name": "{% raw %}", "context": "x", "subject": "x",
        "context_sentence": None, "insight": None, "next_step": None, "next_step_sentence": None})
    assert "Dear {{ 7*7 }}," in text and text.rstrip().endswith("{% raw %}")


def test_a_deadline_three_weeks_away_warns_and_cites_the_lead_time_passage(drafter, services):
    draft = drafter.draft("lor-request", {**LOR, "deadline": "2026-09-22"}, today=TODAY)
    [warning] = draft.warnings
    assert "September 22, 2026" in warning and "3 weeks away" in warning
    assert "2–3 months" in warning and "Ask early—2–3 months before deadlines, ideally." in warning
    lead = next(t for t in draft.tips if "Ask early" in t.passage_text)
    assert lead.title in warning and lead.section.split(" > ")[-1] in warning
    assert draft.tips[0] == lead and drawn_from(lead.text, lead.passage_text)
    assert "shorter notice" in draft.body


def test_no_warning_four_months_ahead_and_one_at_the_parsed_lead_time(drafter):
    assert drafter.draft("lor-request", {**LOR, "deadline": "2027-01-01"}, today=TODAY).warnings == []
    lead = drafter.lead_time()
    assert lead.phrase == "2–3 months" and lead.days == 60
    just_inside = (TODAY + datetime.timedelta(days=lead.days - 1)).isoformat()
    assert drafter.draft("lor-request", {**LOR, "deadline": just_inside}, today=TODAY).warnings
    on_time = (TODAY + datetime.timedelta(days=lead.days)).isoformat()
    assert drafter.draft("lor-request", {**LOR, "deadline": on_time}, today=TODAY).warnings == []


def test_lead_time_is_parsed_from_the_passage_text():
    passage = StoredPassage(id="p1", doc_id="d", title="T", section="S", position=0,
                            text="Letters:\n- Request them 3-4 weeks before the deadline at the latest.")
    lead = parse_lead_time(Hit(passage, 1.0, 1.0, NO_UNITS))
    assert (lead.days, lead.phrase) == (21, "3–4 weeks")
    assert lead.quote == "Request them 3-4 weeks before the deadline at the latest."
    assert parse_lead_time(Hit(StoredPassage("p2", "d", "T", "S", "Ask early.", 0), 1.0, 1.0, NO_UNITS)) is None


@pytest.mark.parametrize("kind, fields", [("mentor-outreach", MENTOR), ("mentor-outreach", MENTOR_ALL),
                                          ("thank-you", THANKS), ("thank-you", THANKS_ALL),
                                          ("lor-request", LOR), ("lor-request", LOR_ALL)])
def test_tips_quote_passages_that_exist_in_the_index(drafter, services, kind, fields):
    tips = drafter.draft(kind, fields, today=TODAY).tips
    for tip in tips:
        indexed = services.store.passages(sorted(services.store.passage_ids(tip.doc_id))).values()
        [stored] = [p for p in indexed if p.text == tip.passage_text]
        assert (stored.title, stored.section) == (tip.title, tip.section)
        assert drawn_from(tip.text, tip.passage_text), tip.text


def test_missing_required_fields_are_named(drafter):
    with pytest.raises(InputError) as exc:
        drafter.draft("mentor-outreach", {"training_level": "PGY-2 resident", "interest": "SCI"})
    assert exc.value.field == "recipient_name"
    assert "missing required field(s): recipient_name, sender_name" in str(exc.value)


@pytest.mark.parametrize("deadline", ["2027-02-30", "03/04/2027", "next week", "20270303", 1700000000, "2026-08-31"])
def test_a_bad_or_past_deadline_is_an_input_error_on_deadline(drafter, deadline):
    with pytest.raises(InputError) as exc:
        drafter.draft("lor-request", {**LOR, "deadline": deadline}, today=TODAY)
    assert exc.value.field == "deadline" and "deadline" in str(exc.value)


@pytest.mark.parametrize("value, problem", [("x" * 2001, "too long"), ("   ", "blank"), (42, "must be text")])
def test_an_over_long_blank_or_non_text_field_is_an_input_error(drafter, value, problem):
    with pytest.raises(InputError) as exc:
        drafter.draft("thank-you", {**THANKS, "insight": value})
    assert exc.value.field == "insight" and problem in str(exc.value)
    drafter.draft("thank-you", {**THANKS, "insight": "x" * 2000})  # the limit itself is allowed


def test_unknown_fields_and_blank_materials_are_input_errors(drafter):
    with pytest.raises(InputError) as exc:
        drafter.draft("thank-you", {**THANKS, "deadline": "2027-01-01"})
    assert exc.value.field == "deadline" and "unknown field" in str(exc.value)
    with pytest.raises(InputError) as exc:
        drafter.draft("lor-request", {**LOR, "materials": ["CV", " "]}, today=TODAY)
    assert exc.value.field == "materials" and "item 2" in str(exc.value)


def test_an_unknown_kind_is_not_found_and_lists_the_kinds(drafter):
    with pytest.raises(NotFound) as exc:
        drafter.draft("cover-letter", MENTOR)
    assert all(kind in str(exc.value) for kind in DRAFT_MODELS)


def test_models_are_strict_request_bodies():
    assert set(DRAFT_MODELS) == {"mentor-outreach", "thank-you", "lor-request"}
    for model in DRAFT_MODELS.values():
        assert model.model_config["extra"] == "forbid"
    assert DRAFT_MODELS["mentor-outreach"].model_fields["ask"].default == "a 20–30 minute conversation"


def test_wording_helpers():
    assert natural_join(["CV"]) == "CV"
    assert natural_join(["CV", "photo"]) == "CV and photo"
    assert natural_join(["CV", "personal statement draft", "photo"]) == "CV, personal statement draft, and photo"
    assert [with_article(x) for x in ("PGY-2 resident", "MS4", "intern", "fourth-year student", "US citizen IMG")] == [
        "a PGY-2 resident", "an MS4", "an intern", "a fourth-year student", "a US citizen IMG"]
