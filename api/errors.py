"""Domain errors to HTTP statuses: the one table the app installs as its exception handlers."""
import logging

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ingest.errors import IndexNotReady, InputError, LoadError, NotFound, PmrError, StoreError

logger = logging.getLogger(__name__)


def field_error(exc: InputError) -> dict:
    """The shape of FastAPI's own validation errors, so clients handle every 422 alike."""
    loc = ["body", exc.field] if exc.field else ["body"]
    return {"loc": loc, "msg": str(exc), "type": "value_error"}


async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's shape without the `input` echo: it may be a long private question, or text that is not
    valid Unicode (a lone surrogate escape) and could not be sent back."""
    errors = [{"loc": list(e["loc"]), "msg": e["msg"].encode("utf-8", "replace").decode(), "type": e["type"]}
              for e in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


# Why json.loads could not read a body other than its syntax; FastAPI answers these with a 400 of another shape.
_UNREADABLE = {UnicodeDecodeError: "the body is not UTF-8: send JSON encoded as UTF-8",
               RecursionError: "the JSON body is nested too deeply: send one flat object"}


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """FastAPI's own answer, except for a body that is not UTF-8 or is nested too deeply: a 422 like any other
    malformed JSON (`{"detail": [{"loc", "msg", "type"}]}`)."""
    reason = next((msg for cls, msg in _UNREADABLE.items() if isinstance(exc.__cause__, cls)), None)
    if exc.status_code == 400 and reason:
        return JSONResponse({"detail": [{"loc": ["body"], "msg": reason, "type": "json_invalid"}]}, status_code=422)
    return await http_exception_handler(request, exc)


async def input_error(request: Request, exc: InputError) -> JSONResponse:
    return JSONResponse({"detail": [field_error(exc)]}, status_code=422)


def plain(status: int):
    async def handler(request: Request, exc: PmrError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status)
    return handler


async def unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Starlette logs the traceback after this handler answers; the client gets no internals.
    return JSONResponse({"detail": "internal error: the server could not answer this request; "
                                   "try again, and report it if it persists"}, status_code=500)


EXCEPTION_HANDLERS = {
    RequestValidationError: invalid_request,
    HTTPException: http_error,
    InputError: input_error,
    LoadError: plain(422),
    NotFound: plain(404),
    IndexNotReady: plain(503),
    StoreError: plain(503),
    PmrError: plain(500),
    Exception: unexpected,
}
