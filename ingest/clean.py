"""Pure text cleaning: drops web boilerplate and repairs flattened list formatting."""
import re
from collections import Counter
from dataclasses import dataclass, field

_TAIL_MARKERS = re.compile(
    r"^(related (articles|posts|content|reading)|you (may|might) also like|recommended (reading|articles)|"
    r"share this( article| post)?|read next|more from .{1,40})$",
    re.IGNORECASE,
)
_LOGO = re.compile(r"\blogo\b", re.IGNORECASE)
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[•●◦▪\-*–]|\d+[.)])\s+(?P<body>\S.*)$")
_RUN_TOGETHER = re.compile(r"(?<=[:.)])- (?=[A-Z“\"‘(])")
_SENTENCE_PUNCT = set(".,:;!?()\"“”")
# "2. Take Step 2 Early Enough for Application Review For a typical ERAS timeline:": a Title Case run of
# three or more words, then a sentence (a capitalised word, then a lower-case one) that ends the line.
_TITLE_WORD = r"(?:[A-Z0-9][\w&/’'-]*|for|to|of|and|the|in|a|an|with|on|vs|or|at|by)"
_GLUED_HEADING = re.compile(rf"^(?P<heading>\d+\.\s+[A-Z][\w&/’'-]*(?: {_TITLE_WORD}){{2,}}?) "
                            rf"(?P<text>(?:You|For|If|This|When|Most|Many|Your|Some|It|As|These|Even|In|Use|Consider)"
                            rf" [a-z].*[.:])$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs",
                "with", "your", "you"}


def normalise(line: str) -> str:
    """Case- and space-insensitive form of a line, for comparing lines across documents."""
    return " ".join(line.split()).casefold()


@dataclass
class Cleaned:
    """A guide's lines after cleaning, and the input lines cleaning dropped (for the ingest report)."""
    lines: list[str]
    dropped: list[str] = field(default_factory=list)
    total_chars: int = 0

    @property
    def dropped_share(self) -> float:
        """The share of the guide's characters that cleaning dropped."""
        return sum(len(line) for line in self.dropped) / self.total_chars if self.total_chars else 0.0


def clean(text: str, boilerplate: frozenset[str] = frozenset(), *, drop: bool = True) -> Cleaned:
    """The document's lines with boilerplate blanked out and lists normalised to `- ` items.

    Removed lines become blank lines so that the heading detector still sees the break
    they made (an image between two sections, say). `drop=False` keeps every line (a guide
    cleaning would gut is indexed whole); lists are still normalised.
    """
    lines = [line.replace("\u00a0", " ").replace("\t", "    ").rstrip() for line in text.splitlines()]
    total = sum(len(line.strip()) for line in lines)
    dropped: list[str] = []
    if drop:
        lines, dropped = _cut_tail(lines)
        repeats = Counter(normalise(line) for line in lines if line.strip() and not _BULLET.match(line))
        chrome = [_is_chrome(line, boilerplate, repeats) for line in lines]
        dropped = [line.strip() for line, is_chrome in zip(lines, chrome) if is_chrome] + dropped
        lines = ["" if is_chrome else line for line, is_chrome in zip(lines, chrome)]
    lines = [part for line in lines for part in _split_run_together(line)]
    lines, echoes = _drop_echoes(lines)
    return Cleaned(lines=_nest_flat_lists(_normalise_bullets(lines)), dropped=dropped + echoes, total_chars=total)


def clean_lines(text: str, boilerplate: frozenset[str] = frozenset()) -> list[str]:
    """The cleaned lines of `text` (see `clean`)."""
    return clean(text, boilerplate).lines


def _cut_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """A "Related Articles" line and the list of links under it end a web page: both go. The list ends
    at the first line that is not link-like, so prose appended after it stays in the guide."""
    kept, dropped, in_tail = [], [], False
    for line in lines:
        stripped = line.strip()
        if _TAIL_MARKERS.match(stripped):
            in_tail = True
        elif in_tail and stripped and not _is_link_like(stripped):
            in_tail = False
        if in_tail:
            kept.append("")
            if stripped:
                dropped.append(stripped)
        else:
            kept.append(line)
    return kept, dropped


def _is_link_like(line: str) -> bool:
    """A related-article title or a bare address: one short line that is not a sentence
    ("Building Your PM&R Network", "https://example.org/guide"); a paragraph ends with punctuation."""
    if "://" in line and len(line.split()) == 1:
        return True
    return len(line) <= 120 and line[-1] not in ".!?:;"


def _is_chrome(line: str, boilerplate: frozenset[str], repeats: Counter[str]) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    key = normalise(stripped)
    if key in boilerplate:
        return True
    if _LOGO.search(stripped) and len(stripped) <= 80 and stripped[-1] not in ".!?:":
        return True
    if stripped.isascii() and stripped.isalpha() and stripped.islower():  # a lone lowercase word: a navigation crumb
        return True
    if _BULLET.match(line):
        return False
    # Image alt text repeats verbatim and is never a sentence.
    if repeats[key] > 1 and stripped[-1] not in ".!?:":
        return True
    return _is_keyword_line(stripped)


def _is_keyword_line(line: str) -> bool:
    """A run of tag words ("pm&r residency physiatry match ... medicine"): no punctuation, mostly lowercase."""
    words = line.split()
    if len(words) < 6 or any(ch in _SENTENCE_PUNCT for ch in line):
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower / len(words) >= 0.6


def _split_run_together(line: str) -> list[str]:
    """`…used for:- Initial filters` → two lines; a flattened list item glued to its lead-in. A numbered
    heading glued to the sentence under it is cut from it too."""
    parts = _RUN_TOGETHER.split(line)
    heading = _GLUED_HEADING.match(parts[0])
    head = [heading["heading"], heading["text"]] if heading else [parts[0]]
    return head + [f"- {part}" for part in parts[1:]]


def _drop_echoes(lines: list[str], window: int = 20) -> tuple[list[str], list[str]]:
    """Flattened nested lists repeat the parent item after its children; keep the first (and say which went)."""
    kept: list[str] = []
    echoes: list[str] = []
    for line in lines:
        if _BULLET.match(line) and line.strip().endswith(":"):
            recent = [normalise(x) for x in kept[-window:]]
            if normalise(line) in recent:
                echoes.append(line.strip())
                continue
        kept.append(line)
    return kept, echoes


def _normalise_bullets(lines: list[str]) -> list[str]:
    """Bullets become `- `, numbered items keep their number; indentation becomes two spaces a level."""
    indents = sorted({len(m["indent"]) for line in lines if (m := _BULLET.match(line)) and m["indent"]})
    out = []
    for line in lines:
        match = _BULLET.match(line)
        if not match or (not match["indent"] and match["marker"][0].isdigit()):
            out.append(line.strip() if line.strip() else "")
            continue
        level = indents.index(len(match["indent"])) if match["indent"] else 0
        marker = match["marker"] if match["marker"][0].isdigit() else "-"
        out.append(f"{'  ' * level}{marker} {match['body'].strip()}")
    return out


def _is_flattened_heading(line: str, following: str) -> bool:
    """`- Strategic Rotations and Electives` followed by prose: a heading the flattening turned into an item."""
    if not line.startswith("- ") or not following.strip() or following.startswith("- "):
        return False
    text = line[2:].strip()
    words = [w for w in text.split() if w[0].isalpha() and w.casefold() not in _SMALL_WORDS]
    return (len(words) >= 2 and text[-1] not in ".,;:!?" and len(text) <= 80
            and sum(w[0].isupper() for w in words) / len(words) >= 0.75)


def _nest_flat_lists(lines: list[str]) -> list[str]:
    """In a list flattened to one level, items after `- Lead-in:` become its children."""
    if any(line.startswith("  ") for line in lines):
        return lines  # the document kept its nesting
    out, parent_open = [], False
    for i, line in enumerate(lines):
        if _is_flattened_heading(line, lines[i + 1] if i + 1 < len(lines) else ""):
            line = line[2:]
        if line.startswith("- "):
            if parent_open and not line.endswith(":"):
                out.append("  " + line)
                continue
            parent_open = line.endswith(":")
        elif line.strip():
            parent_open = False
        out.append(line)
    return out
