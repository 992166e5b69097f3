"""The FastAPI application: `create_app(settings)`; `app` exists only for `uvicorn api.app:app`."""
import logging
import os
from contextlib import asynccontextmanager
from functools import cache

import swagger_ui_bundle
from anyio import to_thread
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import page, routes
from api.errors import EXCEPTION_HANDLERS
from api.middleware import AccessLog, BodyLimit, HeaderLimit
from api.services import Services
from api.settings import Settings
from ingest.errors import PmrError

logger = logging.getLogger(__name__)
DEFAULT_WORKER_THREADS = 40  # anyio's


def prepare(services: Services) -> None:
    """Bring the index up to date with the corpus folder, then load the model so the first question is fast."""
    corpus = services.settings.corpus_dir
    if corpus.is_dir():
        try:
            report = services.ingest()
        except PmrError as exc:  # keep serving the index as it is
            logger.error("could not ingest %s: %s", corpus, exc)
        else:
            logger.info("ingested %s: %d added, %d updated, %d unchanged, %d removed, %d failed; index: %d guides, "
                        "%d passages", corpus, report.added, report.updated, report.unchanged, report.removed,
                        len(report.failed), report.documents, report.chunks)
            for failure in report.failed:
                logger.warning("not ingested: %s", failure["error"])
    else:
        logger.warning("corpus folder %s not found: serving the index as it is", corpus)
    services.embedder.encode(["warm-up"])
    # Built now, not by a first request: the route dependencies only read them, on the event loop.
    services.assistant
    services.drafts


def worker_threads(settings: Settings) -> int:
    """How many requests run at once (the rest wait on the event loop). Extractive answers are CPU work, so more
    threads than two per core only add memory (allocations spread over more malloc arenas: 393 MB peak RSS after 32
    concurrent chat clients with anyio's default 40 threads, 328 MB with 4, on 2 cores). An LLM answer mostly
    waits on the network, so with an LLM the default stays."""
    if settings.llm_base_url:
        return DEFAULT_WORKER_THREADS
    return 2 * (os.cpu_count() or 1)


@asynccontextmanager
async def lifespan(app: FastAPI):
    services = Services(app.state.settings)
    prepare(services)
    to_thread.current_default_thread_limiter().total_tokens = worker_threads(services.settings)
    app.state.services = services
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title="PM&R guide assistant", lifespan=lifespan, exception_handlers=EXCEPTION_HANDLERS,
                  docs_url=None, redoc_url=None,
                  description="Grounded answers for PM&R trainees from a library of career guides, with a "
                              "numbered citation for every sentence, and email drafts checked against the guides.")
    app.state.settings = settings or Settings()
    app.include_router(routes.router)
    app.include_router(page.router)
    app.mount("/static", StaticFiles(directory=page.STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")
    app.add_api_route("/docs", offline_docs, include_in_schema=False)
    app.add_middleware(BodyLimit)
    app.add_middleware(HeaderLimit)
    app.add_middleware(AccessLog)  # added last, so outermost: it logs the 413s too
    return app


def offline_docs() -> HTMLResponse:
    """Swagger UI served from the installed package: /docs works without internet."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="PM&R guide assistant — API",
                               swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs-assets/swagger-ui.css",
                               swagger_favicon_url="/docs-assets/favicon-32x32.png")


@cache
def _default_app() -> FastAPI:
    return create_app()


def __getattr__(name: str):
    """`api.app:app` is built on first access, so importing this module never reads the environment."""
    if name == "app":
        return _default_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
