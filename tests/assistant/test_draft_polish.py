"""Optional LLM polish of drafts, with langchain-core's fake chat models standing in for the server."""
import datetime

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.draft_polish import DraftPolisher, draft_polisher
from assistant.drafts import Drafter

TODAY = datetime.date(2026, 9, 1)
LOR = {"recipient_name": "Dr. Alvarez", "sender_name": "Jordan Kim", "purpose": "PM&R residency",
       "relationship": "you supervised me on my QI project", "deadline": "2026-10-15"}


@pytest.fixture(scope="module")
def template(services):
    return Drafter(services.search).draft("lor-request", LOR, today=TODAY)


def polished_by(services, reply: str):
    return Drafter(services.search, polisher=DraftPolisher(FakeListChatModel(responses=[reply]))).draft(
        "lor-request", LOR, today=TODAY)


def reworded(template) -> str:
    """A faithful rewording: different sentences, the same names, deadline, purpose and request."""
    body = template.body.replace("I hope you are doing well.", "I hope this finds you well.").replace(
        "Would you feel comfortable writing", "Would you be willing to write").replace(
        "a strong letter of recommendation", "a strong letter of recommendation for me,")
    return f"Subject: {template.subject}\n\n{body}"


def test_a_faithful_polish_is_used_and_the_tips_stay_cited(services, template):
    draft = polished_by(services, reworded(template))
    assert "I hope this finds you well." in draft.body and "Would you be willing to write" in draft.body
    assert draft.body != template.body and draft.subject == template.subject
    assert draft.tips == template.tips and draft.warnings == template.warnings  # cited passages untouched
    assert draft.notes[-1].startswith("Reworded by the language model")


def test_a_polish_that_drops_the_deadline_returns_the_template(services, template):
    dropped = reworded(template).replace("October 15, 2026", "mid-October")
    draft = polished_by(services, dropped)
    assert draft.body == template.body and draft.subject == template.subject
    assert "October 15, 2026" in draft.body and not any("Reworded" in n for n in draft.notes)


@pytest.mark.parametrize("reply", [
    "Sure! Here is your email.",  # no subject line
    "Subject: Letter request\n\nDear Dr. Alvarez,\n\nPlease write me a letter by October 15, 2026.\n\nJordan Kim",  # far shorter
    "Subject: Request\n\n{body}".replace("{body}", "Dear [Name], " * 80),  # placeholders, names lost
])
def test_a_doubtful_polish_returns_the_template(services, template, reply):
    assert polished_by(services, reply).body == template.body


def test_a_failing_server_returns_the_template(services, template):
    failing = DraftPolisher(FakeListChatModel(responses=[]))  # raises on the call, as a server error would
    draft = Drafter(services.search, polisher=failing).draft("lor-request", LOR, today=TODAY)
    assert draft.body == template.body


def test_no_server_means_no_polisher():
    assert draft_polisher(None, None, None) is None
    assert isinstance(draft_polisher("http://127.0.0.1:9/v1", "m", None), DraftPolisher)
