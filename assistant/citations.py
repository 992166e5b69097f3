"""Citations: the passage behind each [n] of an answer, and the [n] markers read back out of its text."""
import re
from dataclasses import dataclass

from assistant.retrieve import Hit

MARKER = re.compile(r"\s*\[(\d+)\]")  # " [2]" after a sentence: the passage numbered 2 supports it


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    text: str
    score: float

    @classmethod
    def of(cls, n: int, hit: Hit) -> "Citation":
        """The search hit `hit`, cited as [n]."""
        p = hit.passage
        return cls(n=n, doc_id=p.doc_id, title=p.title, section=p.section, text=p.text, score=round(hit.score, 4))


def cited_numbers(text: str) -> list[int]:
    """The numbers of the [n] markers in `text`, in order: "Send it within a week. [2]" → [2]."""
    return [int(n) for n in MARKER.findall(text)]


def without_markers(text: str) -> str:
    """`text` as read without its [n] markers: "Send it within a week. [2]" → "Send it within a week."."""
    return MARKER.sub("", text).strip()
