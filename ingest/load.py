"""Reads one guide file (.txt .md .html .pdf) into plain text with markdown-style headings."""
import io
from pathlib import Path

from ingest.errors import LoadError

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
_BLOCK_TAGS = ("p", "div", "section", "article", "br", "tr", "blockquote", "pre")


def load_text(path: Path, data: bytes) -> str:
    """Return the text of `data` (the bytes of `path`), or raise LoadError naming why not."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(f"{path}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED)}")
    if not data.strip():
        raise LoadError(f"{path}: file is empty")
    if suffix == ".pdf":
        text = _pdf_text(path, data)
    else:
        text = _decode(path, data)
        if suffix in (".html", ".htm"):
            text = _html_text(text)
    if not text.strip():
        raise LoadError(f"{path}: no text found in the file")
    return text


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise LoadError(f"{path}: binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); re-save it as UTF-8") from None


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "img", "svg"]):
        tag.decompose()
    for level in range(1, 7):
        for tag in soup.find_all(f"h{level}"):
            tag.replace_with(f"\n\n{'#' * level} {tag.get_text(' ', strip=True)}\n\n")
    for tag in soup.find_all("li"):
        depth = len(tag.find_parents(["ul", "ol"])) - 1
        tag.insert_before(f"\n{'  ' * max(depth, 0)}- ")
        tag.insert_after("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
    return one_blank_line("\n".join(line.rstrip(" \t") for line in soup.get_text().split("\n"))).strip()


def one_blank_line(text: str) -> str:
    """Runs of blank lines as one: "a\n\n\n\nb" → "a\n\nb"."""
    lines = text.split("\n")
    return "\n".join(line for k, line in enumerate(lines) if line or k == 0 or lines[k - 1])


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoadError(f"{path}: unreadable PDF ({exc})") from None
    if not any(page.strip() for page in pages):
        raise LoadError(f"{path}: PDF has no extractable text (a scanned image?); export it with a text layer")
    return "\n\n".join(pages)
