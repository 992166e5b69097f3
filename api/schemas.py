"""Request and response models of the HTTP API (and of the CLI's --json output)."""
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from assistant.chat import MAX_QUESTION, Reply
from assistant.retrieve import Hit


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(BaseModel):
    status: str = "ok"  # "degraded" when the index cannot actually be searched
    reason: str | None = None  # why it is degraded (absent when ok)
    documents: int
    chunks: int


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    source: str
    chunks: int


def not_blank(text: str) -> str:
    """Spaces alone (or NULs) say nothing to look for; chat refuses them the same way."""
    if not text.replace("\x00", "").strip():
        raise ValueError("the query is empty: write what to look for in the guides")
    return text


class SearchRequest(Strict):
    query: Annotated[str, AfterValidator(not_blank)] = Field(min_length=1, max_length=MAX_QUESTION,
                                                             description="What to look for in the guides.")
    k: int = Field(5, ge=1, le=50, description="How many passages to return.")


class SearchResult(BaseModel):
    doc_id: str
    title: str
    section: str = Field(description="Heading path inside the guide, e.g. 'Mentorship > How to Be a Good Mentee'.")
    text: str = Field(description="The passage exactly as indexed.")
    score: float


class SearchResponse(BaseModel):
    results: list[SearchResult]

    @classmethod
    def from_hits(cls, hits: list[Hit]) -> "SearchResponse":
        return cls(results=[SearchResult(doc_id=h.passage.doc_id, title=h.passage.title, section=h.passage.section,
                                         text=h.passage.text, score=round(h.score, 4)) for h in hits])


class ChatRequest(Strict):
    message: str = Field(min_length=1, max_length=MAX_QUESTION, description="The trainee's question.")
    session_id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                   description="Send back the session_id of an earlier reply to ask a follow-up.")


class CitationOut(BaseModel):
    n: int
    doc_id: str
    title: str
    section: str
    text: str
    score: float


class ChatResponse(BaseModel):
    session_id: str
    answer: str
    grounded: bool
    citations: list[CitationOut]

    @classmethod
    def from_reply(cls, reply: Reply) -> "ChatResponse":
        a = reply.answer
        return cls(session_id=reply.session_id, answer=a.answer, grounded=a.grounded,
                   citations=[CitationOut(**vars(c)) for c in a.citations])


class TipCitation(BaseModel):
    doc_id: str
    title: str
    section: str
    text: str


class Tip(BaseModel):
    text: str
    citation: TipCitation


class DraftResponse(BaseModel):
    kind: str
    subject: str
    body: str
    tips: list[Tip]
    warnings: list[str]
    notes: list[str] = Field(default_factory=list, description="What was tidied in your text, e.g. "
                             "'Training level: “ms3” → “third-year medical student”'.")

    @classmethod
    def from_draft(cls, draft) -> "DraftResponse":
        return cls(kind=draft.kind, subject=draft.subject, body=draft.body, warnings=list(draft.warnings),
                   notes=list(draft.notes),
                   tips=[Tip(text=t.text, citation=TipCitation(doc_id=t.doc_id, title=t.title, section=t.section,
                                                               text=t.passage_text)) for t in draft.tips])


class IngestResponse(BaseModel):
    added: int
    updated: int
    unchanged: int
    removed: int
    failed: list[dict]
    documents: int
    chunks: int
    embedded: int
    duplicates: list[dict] = []  # {"path", "same_as"}: identical files, indexed once
    dropped: dict[str, int] = {}  # path -> lines cleaning dropped (ads, navigation, link lists)
    warnings: list[str] = []


class Problem(BaseModel):
    """The body of a 4xx/5xx error other than a validation error."""

    detail: str
