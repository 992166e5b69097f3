"""Optional LLM rewording of a template draft, kept only when names, dates, the ask and the deadline survive."""
import logging
from dataclasses import replace

from assistant.drafts import Draft, split_subject
from assistant.llm import chat_model
from assistant.wording import SUBJECT_MAX

logger = logging.getLogger(__name__)
LENGTH_RANGE = (0.6, 1.5)  # the rewording may tighten or loosen the draft, not rewrite it into something else
PROMPT = """Polish this email from a physical medicine and rehabilitation trainee so it reads naturally and warmly.
Keep it about the same length. Keep these exactly as written: {keep}.
Do not add facts, names, dates or placeholders. Reply with the email only, its first line "Subject: ...".

Subject: {subject}

{body}"""


def draft_polisher(base_url: str | None, model: str | None, api_key: str | None, *, timeout: float = 30.0):
    """A DraftPolisher for an OpenAI-compatible server, or None when none is configured."""
    chat = chat_model(base_url, model, api_key, timeout=timeout)
    return DraftPolisher(chat) if chat is not None else None


class DraftPolisher:
    def __init__(self, chat_model):
        self.chat_model = chat_model

    def polish(self, draft: Draft, *, keep: list[str]) -> Draft:
        """The model's rewording when it passes `kept`; the template draft on any doubt or failure."""
        try:
            reply = self.chat_model.invoke(PROMPT.format(keep="; ".join(f"“{k}”" for k in keep),
                                                         subject=draft.subject, body=draft.body))
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
        except Exception as exc:  # any server, network or timeout failure: the template draft stands
            logger.warning("LLM polish failed, using the template draft: %s", exc)
            return draft
        subject, body = split_subject(text.strip())
        doubt = doubts(draft, subject=subject, body=body, keep=keep)
        if doubt:
            logger.info("LLM polish not used: %s", doubt)
            return draft
        return replace(draft, subject=subject, body=body,
                       notes=[*draft.notes, "Reworded by the language model; names, dates and your request were "
                                            "checked against the template draft."])


def doubts(draft: Draft, *, subject: str, body: str, keep: list[str]) -> str | None:
    """Why the rewording cannot be trusted, or None: something to keep is missing, a placeholder, a size change."""
    if not subject or not body or len(subject) > SUBJECT_MAX or "\n" in subject:
        return "no usable subject line"
    missing = [k for k in keep if k not in subject + "\n" + body]
    if missing:
        return f"missing {missing}"
    if any(mark in body for mark in ("[", "{", "<")) and not any(mark in draft.body for mark in ("[", "{", "<")):
        return "a placeholder or markup"
    low, high = LENGTH_RANGE
    if not low * len(draft.body) <= len(body) <= high * len(draft.body):
        return f"length {len(body)} against {len(draft.body)}"
    return None
