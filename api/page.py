"""The web chat page: one Jinja2 template; its script and styles are served from /static."""
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import StoreDep

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter()
# The page runs only its own script: nothing inline, nothing from elsewhere, no framing.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
def page(request: Request, store: StoreDep) -> HTMLResponse:
    guides = [doc.title for doc in store.documents()]
    return templates.TemplateResponse(request, "index.html", {"guides": guides}, headers=PAGE_HEADERS)
