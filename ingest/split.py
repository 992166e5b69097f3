"""Pure splitting: finds a guide's headings and cuts each section into passages."""
import re
from dataclasses import dataclass, field

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_ENUMERATED = re.compile(
    r"^(?:(\d+)\.\s+|(Step|Principle|Phase|Part|Stage|Month|Week|PGY|M)[\s-]?\d+(?:[–-]M?\d+)?(?=:|\s*\(|\s*$))"
)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "it", "of", "on",
                "or", "the", "to", "vs", "with", "your", "you", "are"}
_SHORT_INTRO = 250  # characters of intro under a heading beyond which the next heading is a sibling
_NUMBERED = re.compile(r"^\d+\.\s")
_FAQ = re.compile(r"^(FAQs?\b|Frequently Asked Questions)", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|vs|etc|Dr|Mr|Ms|Mrs|St|No|approx)\.$")


@dataclass
class Passage:
    section: str
    text: str
    position: int = 0


@dataclass
class _Heading:
    text: str
    level: int
    family: str | None  # the enumeration pattern ("1.", "Step N"), None for plain headings
    lines_below: list[str] = field(default_factory=list)

    @property
    def has_short_intro(self) -> bool:
        """Only a sentence or two, or a lead-in ending in ":", before the next heading."""
        text = [line for line in self.lines_below if line.strip()]
        if any(line.lstrip().startswith("- ") for line in text):
            return False
        return not text or (len(text) <= 2 and sum(map(len, text)) <= _SHORT_INTRO) or text[-1].endswith(":")


@dataclass
class _Section:
    path: list[str]
    lines: list[str] = field(default_factory=list)


def split_document(lines: list[str], *, title: str, max_chars: int = 1000) -> list[Passage]:
    """Passages of at most `max_chars`, each inside one section, with the section's heading path."""
    passages: list[Passage] = []
    for section in _sections(lines, title=title):
        path = " > ".join(section.path) or title
        for text in _pack(_blocks(section.lines), max_chars):
            passages.append(Passage(section=path, text=text, position=len(passages)))
    return passages


def _sections(lines: list[str], *, title: str) -> list[_Section]:
    markdown = any(_MD_HEADING.match(line) for line in lines)
    typical_gap = _typical_blank_run(lines)
    stack: list[_Heading] = []
    sections = [_Section(path=[])]
    blank_run, seen_text = 0, False
    numbered_items = _numbered_list_items(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            blank_run += 1
            sections[-1].lines.append("")
            continue
        if markdown:
            heading = _markdown_heading(line)
        else:
            heading = None if i in numbered_items else _plain_heading(lines, i)
        if heading is not None and normalised_title(heading[0]) == normalised_title(title) and not seen_text:
            blank_run = 0
            continue  # the document's own title is not part of a section path
        if heading is not None:
            text, level, family = heading
            if not markdown:
                level = _plain_level(stack, family, text, major_break=blank_run > typical_gap)
            stack = [h for h in stack if h.level < level] + [_Heading(text, level, family)]
            sections.append(_Section(path=[h.text for h in stack]))
        else:
            sections[-1].lines.append(line)
            if stack:
                stack[-1].lines_below.append(line)
        seen_text = True
        blank_run = 0
    return [s for s in sections if any(line.strip() for line in s.lines)]


def normalised_title(text: str) -> str:
    return " ".join(text.split()).casefold()


def _typical_blank_run(lines: list[str]) -> int:
    runs, run = [], 0
    for line in lines:
        if line.strip():
            runs.append(run)
            run = 0
        else:
            run += 1
    runs = runs[1:]
    return max(set(runs), key=runs.count) if runs else 0


def _numbered_list_items(lines: list[str]) -> set[int]:
    """Indices of `1. …` lines that continue a numbered list rather than start a section."""
    items: set[int] = set()
    previous, previous_i = "", -1
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _NUMBERED.match(line) and (previous.endswith(":") or previous_i in items):
            items.add(i)
        previous, previous_i = line.strip(), i
    return items


def _markdown_heading(line: str) -> tuple[str, int, str | None] | None:
    match = _MD_HEADING.match(line)
    return (match[2].strip(), len(match[1]), None) if match else None


def _plain_heading(lines: list[str], i: int) -> tuple[str, int, str | None] | None:
    """A short, title-cased line of its own, followed by text, that is not a list item or sentence."""
    line = lines[i]
    text = line.strip()
    nxt = next((x for x in lines[i + 1:] if x.strip()), None)
    if nxt is None or line.startswith((" ", "-")) or len(text) > 110 or len(text.split()) > 16:
        return None
    enumerated = _ENUMERATED.match(text)
    family = None
    if enumerated:
        family = "N." if enumerated[1] else enumerated[2]
        if family == "N." and text.endswith("?"):
            return text, 0, family  # a numbered FAQ question
    if text[-1] in ".,;:!" or (text.endswith("?") and not _title_cased(text)):
        return None
    return (text, 0, family) if _title_cased(text) else None


def _title_cased(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'&/-]*", text)]
    significant = [w for w in words if w.casefold() not in _SMALL_WORDS]
    if not significant or not text[0].isupper() and not text[0].isdigit():
        return False
    return sum(w[0].isupper() for w in significant) / len(significant) >= 0.75


def _plain_level(stack: list[_Heading], family: str | None, text: str, *, major_break: bool) -> int:
    """Heading depth from plain text, where the only cues are enumeration, breaks and intros.

    Rules, in order: a member of an enumeration already open is its sibling; a heading
    right after a heading with only a short intro is its child; a heading after a visible
    break, or a long (9+ words) subtitle-style heading, starts a new top-level section;
    otherwise it is a sibling of the last plain heading.
    """
    if family is not None:
        for heading in reversed(stack):
            if heading.family == family:
                return heading.level
    last = stack[-1] if stack else None
    if last is not None and last.has_short_intro and not major_break:
        return last.level + 1
    plain = [h for h in stack if h.family is None]
    if family is not None:
        return plain[-1].level + 1 if plain else 2
    words = len(text.split())
    if not stack or major_break or words >= 9 or _FAQ.match(text):
        return 2
    if last is not None and last.family is not None and words <= 4:
        return last.level  # "Late M3–Early M4" after "M3 (Core Clinical Year)"
    return plain[-1].level if plain else 2


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs and whole list items (with their sub-items); a `…:` lead-in stays with what follows."""
    blocks: list[list[str]] = []
    attach = False
    for line in lines:
        if not line.strip():
            continue
        is_child = line.startswith("  ")
        if blocks and (is_child or attach):
            blocks[-1].append(line)
        else:
            blocks.append([line])
        attach = line.rstrip().endswith(":")
    return ["\n".join(block) for block in blocks]


def _pack(blocks: list[str], max_chars: int) -> list[str]:
    passages: list[str] = []
    current = ""
    for block in (piece for block in blocks for piece in _fit(block, max_chars)):
        if current and len(current) + 1 + len(block) > max_chars:
            passages.append(current)
            current = block
        else:
            current = f"{current}\n{block}" if current else block
    if current:
        passages.append(current)
    return passages


def _fit(block: str, max_chars: int) -> list[str]:
    """A block longer than `max_chars` is cut between lines, then between sentences."""
    if len(block) <= max_chars:
        return [block]
    units = block.split("\n") if "\n" in block else [block[s:e] for s, e in sentence_spans(block)]
    if len(units) == 1:
        return [block[i:i + max_chars] for i in range(0, len(block), max_chars)]
    return _pack([u.strip() if "\n" not in block else u for u in units], max_chars)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one line of prose; abbreviations like "e.g." do not end one, nor does an
    ellipsis, which leads on into what follows ("On the summit ... The view opens to the sea.")."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?][”\"’)]*\s+(?=[A-Z“\"(0-9])", text):
        end = match.start() + 1
        if _ABBREVIATIONS.search(text[start:end]) or text[start:end].endswith("..."):
            continue
        spans.append((start, match.end() - len(match.group()) + len(match.group().rstrip())))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
