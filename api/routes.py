"""The HTTP API: health, documents, search, chat (plain and streamed), drafts and ingest."""
import datetime
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import AdminDep, AssistantDep, DrafterDep, SearchDep, ServicesDep, SettingsDep, StoreDep
from api.middleware import printable
from api.schemas import (ChatRequest, ChatResponse, DocumentOut, DraftResponse, Health, IngestResponse, Problem,
                         SearchRequest, SearchResponse)
from api.settings import Settings
from api.sse import reply_events
from assistant.drafts import DRAFT_MODELS
from ingest.errors import NotFound

logger = logging.getLogger(__name__)
router = APIRouter()
# Routes whose work blocks (search, answer) are `async` and hand only that work to a worker thread: a plain `def`
# route would also send FastAPI's response validation to a worker, a second hand-off (and wait) per request.
UNAVAILABLE = {503: {"model": Problem, "description": "The index is not built or cannot be read."}}
UNKNOWN_SESSION = {404: {"model": Problem, "description": "A `session_id` the server did not issue, or that expired: "
                                                          "send `null` to start a new conversation."}}


def log_question(settings: Settings, question: str) -> None:
    """Questions are private (scores, failures): logged only when PMR_LOG_QUESTIONS is on."""
    if settings.log_questions:
        logger.info("question: %s", printable(question))


@router.get("/health", tags=["status"], response_model_exclude_none=True)
def health(store: StoreDep) -> Health:
    """Whether the server is up and its index can be searched (one real query), and how many guides and
    passages it holds. `status` is `degraded`, with a `reason`, when searching would fail."""
    documents, chunks = store.counts()
    reason = store.search_problem()
    return Health(status="degraded" if reason else "ok", reason=reason, documents=documents, chunks=chunks)


@router.get("/api/documents", tags=["guides"])
def documents(store: StoreDep) -> list[DocumentOut]:
    """The guides the assistant answers from, with the number of passages each was split into."""
    return [DocumentOut(doc_id=d.doc_id, title=d.title, source=d.source, chunks=d.chunks) for d in store.documents()]


@router.post("/api/search", tags=["guides"], responses=UNAVAILABLE)
async def search_guides(body: SearchRequest, search: SearchDep) -> SearchResponse:
    """The guide passages closest to `query`, best first: each with its guide, its section
    (the heading path inside the guide) and its text exactly as indexed."""
    return SearchResponse.from_hits(await run_in_threadpool(search.search, body.query, k=body.k))


@router.post("/api/chat", tags=["chat"], responses={**UNKNOWN_SESSION, **UNAVAILABLE})
async def chat(body: ChatRequest, assistant: AssistantDep, settings: SettingsDep) -> ChatResponse:
    """Ask a question; the answer cites a guide passage for each sentence as `[n]`.

    When the guides don't cover the question, `grounded` is false, `citations` is empty and
    the answer says so. Send back the `session_id` you received to ask a follow-up
    ("And how early should I ask for them?").
    """
    log_question(settings, body.message)
    return ChatResponse.from_reply(await run_in_threadpool(assistant.ask, body.message, body.session_id))


@router.post("/api/chat/stream", tags=["chat"], response_class=StreamingResponse, responses={
    200: {"content": {"text/event-stream": {}},
          "description": "`token` events (`{\"text\"}`), one `citations` event "
                         "(`{\"session_id\", \"grounded\", \"citations\"}`), then `done`."},
    **UNKNOWN_SESSION, **UNAVAILABLE})
def chat_stream(body: ChatRequest, assistant: AssistantDep, settings: SettingsDep) -> StreamingResponse:
    """The same answer as `POST /api/chat`, as Server-Sent Events a page can show while they
    arrive: `token` events whose texts join into the answer, then one `citations` event with
    the session id, `grounded` and the citations, then `done`."""
    log_question(settings, body.message)
    reply, pieces = assistant.stream(body.message, body.session_id)  # errors answer with a status, before the stream
    return StreamingResponse(reply_events(reply, pieces), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _draft_body_schema() -> dict:
    """Each kind's fields, for /docs: the body model depends on the path, so it is documented by hand."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "oneOf": [model.model_json_schema() for model in DRAFT_MODELS.values()]}}}}}


@router.post("/api/drafts/{kind}", tags=["drafts"], openapi_extra=_draft_body_schema(),
             responses={404: {"model": Problem, "description": "Unknown draft kind."}})
def draft_email(kind: str, body: Annotated[dict[str, Any], Body()], drafter: DrafterDep) -> DraftResponse:
    """Draft an email. `kind` is `mentor-outreach`, `thank-you` or `lor-request`; the body holds
    that kind's fields (see the schemas below). You get a subject, a body, tips cited from the
    guides, and warnings — e.g. when a letter deadline is closer than the guides' recommended
    lead time. Your text is used as written, never as template code."""
    model = DRAFT_MODELS.get(kind)
    if model is None:
        raise NotFound(f"unknown draft kind {kind!r}: use one of {', '.join(DRAFT_MODELS)}")
    try:
        model.model_validate(body, context={"today": datetime.date.today()})
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from None
    return DraftResponse.from_draft(drafter.draft(kind, body))


@router.post("/api/ingest", tags=["admin"], dependencies=[AdminDep], responses={
    401: {"model": Problem, "description": "No `Authorization: Bearer` token."},
    403: {"model": Problem, "description": "Wrong token."},
    404: {"model": Problem, "description": "PMR_ADMIN_TOKEN is not set: the endpoint is off."}})
def ingest_corpus(services: ServicesDep) -> IngestResponse:
    """Re-ingest the server's guide folder (PMR_CORPUS_DIR); unchanged guides are skipped.
    Needs `Authorization: Bearer <PMR_ADMIN_TOKEN>`. Returns the same counts as `pmr ingest --json`;
    files that could not be read are listed under `failed`."""
    report = services.ingest()
    logger.info("ingest via API: %d added, %d updated, %d removed, %d failed", report.added, report.updated,
                report.removed, len(report.failed))
    return IngestResponse(**report.as_dict())
