"""Server-Sent Events for a streamed chat reply: token events, one citations event, then done."""
import json
from collections.abc import Iterable, Iterator

from api.schemas import ChatResponse
from assistant.chat import Reply


def sse_event(event: str, data: dict) -> str:
    """One event; JSON data never contains a raw newline, so one `data:` line is enough."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def reply_events(reply: Reply, pieces: Iterable[str]) -> Iterator[str]:
    for piece in pieces:
        yield sse_event("token", {"text": piece})
    body = ChatResponse.from_reply(reply)
    yield sse_event("citations", {"session_id": body.session_id, "grounded": body.grounded,
                                  "citations": [c.model_dump() for c in body.citations]})
    yield sse_event("done", {})
