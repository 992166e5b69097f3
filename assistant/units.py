"""Pure: the citable answer units of a passage (sentences and list items, made readable)."""
import re
from dataclasses import dataclass

from assistant.text import STOPWORDS
from ingest.split import sentence_spans

_ITEM = re.compile(r"^(?P<indent> *)(?:-|\d+\.)\s+(?P<body>.+)$")


@dataclass(frozen=True)
class Unit:
    text: str  # as shown in an answer
    parts: tuple[str, ...]  # the verbatim pieces of the passage it is made of


def answer_units(passage: str) -> list[Unit]:
    """Sentences of paragraphs, and list items prefixed by their lead-in when they are fragments.

    "Aim for:" / "- 2–3 letters from physiatrists" becomes "Aim for: 2–3 letters from
    physiatrists." A lead-in on its own is never a unit: it says nothing until its items do.
    """
    units: list[Unit] = []
    parents: dict[int, str] = {}  # indent level -> the latest line at that level
    for line in passage.split("\n"):
        if not line.strip():
            continue
        match = _ITEM.match(line)
        level = len(match["indent"]) // 2 + 1 if match else 0
        body = (match["body"] if match else line).strip()
        parents = {lvl: text for lvl, text in parents.items() if lvl < level}
        parent = parents.get(level - 1) if level else None
        parents[level] = body
        if not match:
            sentences = [body[s:e].strip() for s, e in sentence_spans(body)]
            units.extend(Unit(_sentence(x), (x,)) for x in sentences if not x.endswith(":"))
            continue
        lead = _last_sentence(parent)[:-1].rstrip() if parent and parent.endswith(":") else None
        if body.endswith(":") and (lead is None or _dangles(body)):
            continue  # a lead-in item: its children carry it
        if lead is None or (is_complete(body) and not body.endswith(":")):
            units.append(Unit(_sentence(body), (body,)))
        else:
            units.append(Unit(f"{lead}: {_sentence(body)}", (lead, _strip_colon(body))))
    return [u for u in units if len(u.text.split()) >= 3]


def is_complete(text: str) -> bool:
    """A full sentence: ends like one and is long enough to stand alone."""
    return text.rstrip("”\"’)").endswith((".", "?", "!")) and len(text.split()) >= 8


def _dangles(lead_in: str) -> bool:
    """`Your PD and faculty can still:` cannot end a sentence; `Send brief thank-you emails:` can."""
    last = lead_in.rstrip(":").split()[-1].casefold()
    return last in STOPWORDS or last in {"still", "include", "includes", "including", "following", "by", "like"}


def _last_sentence(text: str) -> str:
    start, end = sentence_spans(text)[-1]
    return text[start:end].strip()


def _strip_colon(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(":") else text


def _sentence(text: str) -> str:
    text = _strip_colon(text.strip())
    return text if text.rstrip("”\"’)").endswith((".", "?", "!")) else f"{text}."


def supported_by(unit_parts: tuple[str, ...], passage: str) -> bool:
    """True when every piece of a unit appears verbatim in the passage."""
    return all(part in passage for part in unit_parts)
