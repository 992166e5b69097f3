"""Request size limits (headers, body) and one access-log line per request, as pure-ASGI middleware."""
import logging
import time

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("api.access")
MAX_BODY = 64 * 1024  # the largest valid request (a 2,000-character question, a draft form) is a few KB
# Request line and headers together; a client's headers are a few hundred bytes. `pmr serve` runs uvicorn's h11
# parser with this limit, so headers still arriving past it are refused (400) without being read to the end;
# HeaderLimit refuses those that arrived whole in one read (431).
MAX_HEADERS = 16 * 1024


def printable(text: str) -> str:
    """`text` with its control and other invisible characters escaped ("\\n", "\\x00", "\\u202e"): a value a
    client sent can neither start a log line of its own nor make the log binary."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _too_large(limit: int) -> str:
    return f"request body is larger than {limit // 1024} KB: send a shorter question or draft field"


class BodyLimit:
    """413 for a body over `limit` bytes: at once from Content-Length, else as soon as the stream passes it."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            return await JSONResponse({"detail": _too_large(self.limit)}, 413)(scope, receive, send)
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                # FastAPI re-raises an HTTPException from a body read, so this becomes a JSON 413.
                raise HTTPException(413, _too_large(self.limit))
            return message

        await self.app(scope, capped_receive, send)


def header_bytes(scope: Scope) -> int:
    """The size of the request line and headers as sent (give or take a few bytes of separators)."""
    line = len(scope["method"]) + len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    return line + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


class HeaderLimit:
    """431 for request headers over `limit` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_HEADERS):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and header_bytes(scope) > self.limit:
            detail = f"request headers are larger than {self.limit // 1024} KB: send fewer or shorter headers (cookies)"
            return await JSONResponse({"detail": detail}, 431)(scope, receive, send)
        await self.app(scope, receive, send)


class AccessLog:
    """`METHOD /path STATUS N ms` at INFO; never the body, where the questions are."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before it responds

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            logger.info("%s %s %d %.0f ms", printable(scope["method"]), printable(scope["path"]), status,
                        (time.perf_counter() - started) * 1000)
