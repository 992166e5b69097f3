"""Pure: the citable answer units of a passage (sentences and list items, made readable)."""
import re
from dataclasses import dataclass

from ingest.split import sentence_spans

_ITEM = re.compile(r"^(?P<indent> *)(?:-|\d+\.)\s+(?P<body>.+)$")


@dataclass(frozen=True)
class Unit:
    text: str  # as shown in an answer
    parts: tuple[str, ...]  # the verbatim pieces of the passage it is made of


def answer_units(passage: str) -> list[Unit]:
    """Sentences of paragraphs, and list items prefixed by their lead-in when they are fragments.

    "Within 7–10 days after the conference:" / "- Send brief thank-you emails:" becomes
    "Within 7–10 days after the conference: Send brief thank-you emails." A lead-in
    on its own is never a unit: it says nothing until its items do.
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
            if not body.endswith(":"):
                units.extend(Unit(_sentence(body[s:e]), (body[s:e].strip(),)) for s, e in sentence_spans(body))
            continue
        if is_complete(body) or parent is None:
            if not body.endswith(":") or parent is None and len(body.split()) >= 6:
                units.append(Unit(_sentence(body), (_strip_colon(body),)))
                continue
        if parent is not None and parent.endswith(":"):
            lead = parent[:-1].rstrip()
            units.append(Unit(f"{lead}: {_sentence(body)}", (lead, _strip_colon(body))))
        elif not body.endswith(":"):
            units.append(Unit(_sentence(body), (_strip_colon(body),)))
    return [u for u in units if len(u.text.split()) >= 3]


def is_complete(text: str) -> bool:
    """A full sentence: ends like one and is long enough to stand alone."""
    return text.rstrip("”\"’)").endswith((".", "?", "!")) and len(text.split()) >= 6


def _strip_colon(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(":") else text


def _sentence(text: str) -> str:
    text = _strip_colon(text.strip())
    return text if text.rstrip("”\"’)").endswith((".", "?", "!")) else f"{text}."


def supported_by(unit_parts: tuple[str, ...], passage: str) -> bool:
    """True when every piece of a unit appears verbatim in the passage."""
    return all(part in passage for part in unit_parts)
