"""Pure: the citable answer units of a passage (sentences and list items, made readable)."""
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.split import sentence_spans

_ITEM = re.compile(r"^(?P<indent> *)(?:-|\d+\.)\s+(?P<body>.+)$")
# Words a sentence cannot end on: a lead-in ending in one of them needs its items to be read.
_DANGLING = frozenset("""
a an the and or but nor of to in on at by for from with about into onto over under than as like such
is are was were be been being have has had do does did can could will would should may might must
your my our their his her its this that these those which who whom what when where how
still include includes including following especially e.g. i.e. you yourself it they them if out need most now say
allows allow involves requires means prioritize
""".split())
LEAD_IN_WORDS = 3  # a shorter lead-in item says nothing until its items do ("This allows:", "Explore options:")
STATEMENT_WORDS = 8  # from this length a lead-in that neither dangles nor opens a condition is also a sentence
_SUBORDINATE = re.compile(r"(even )?(if|when|while|although|though|because|since|unless|once)\b", re.IGNORECASE)
_OPEN_VERB = re.compile(r"(\b(can|could|will|would|may|might|must|should|to)\s+(\w+\s+)?\w+|\w+ing):$",
                        re.IGNORECASE)  # "…can significantly shape:", "…for practice areas addressing:"
# "…developed the following envisioned future:" points at its items
_POINTER = re.compile(r"\b(the following|as follows|below|this (key )?question)\b", re.IGNORECASE)
LABEL_WORDS = 8  # "Solid/Comfortable Range:" labels what follows; a longer line ending in ":" is a lead-in sentence


@dataclass(frozen=True)
class Unit:
    text: str  # as shown in an answer
    parts: tuple[str, ...]  # the verbatim pieces of the passage it is made of
    # a full sentence said under the label that sets its scene (`_sets_scene`): it is read alone, not only in its list
    alone: bool = False
    # the line a list item hangs from when the item is shown without it ("How will the club support this?" over
    # "Publish the routes."): what the item is about, though it reads alone
    under: str = ""


def answer_units(passage: str) -> list[Unit]:
    """Sentences of paragraphs, and list items prefixed by their lead-in when they are fragments.

    "Aim for:" / "- 2–3 letters from physiatrists" becomes "Aim for: 2–3 letters from
    physiatrists." A full sentence among the items stands alone, but keeps a lead-in that sets a condition, which
    holds for each item however complete ("If it rains:" / "- Take the bus to the museum instead of walking."). A
    lead-in on its own is no unit: it says nothing until its items do, unless
    nothing follows it or it states something itself (`_stands_alone`). A short label line ("Very Strong for PM&R:")
    prefixes the line right after it and that line's items, which mean little without it, and a full sentence among
    a list's items keeps a label of three words or more that sets its scene (`_sets_scene`).
    """
    return list(_units(passage))


# Each answer reads its passages' units, and a search those of passages stating what is asked: parsed once per text.
@lru_cache(maxsize=4096)
def _units(passage: str) -> tuple[Unit, ...]:
    units: list[Unit] = []
    lines = [line for line in passage.split("\n") if line.strip()]
    parents: dict[int, str] = {}  # indent level -> the latest line at that level
    label, label_at = None, -2  # the latest label line and where it stood
    labelled = None  # the label of the current paragraph line, which its items share
    for index, line in enumerate(lines):
        match = _ITEM.match(line)
        level = len(match["indent"]) // 2 + 1 if match else 0
        body = (match["body"] if match else line).strip()
        parents = {lvl: text for lvl, text in parents.items() if lvl < level}
        parent = parents.get(level - 1) if level else None
        parents[level] = body
        if not match:
            if _is_label(body):
                label, label_at = _strip_colon(body), index
                continue
            labelled = label if label_at == index - 1 else None
            last = index == len(lines) - 1
            for x in _sentences(body):
                if not x.endswith(":") or (last and not _dangles(x)) or _stands_alone(x):
                    units.append(_labelled(labelled, x))
            continue
        lead = _last_sentence(parent)[:-1].rstrip() if parent and parent.endswith(":") else None
        if body.endswith(":") and (lead is None or _dangles(body) or len(body.split()) < LEAD_IN_WORDS):
            continue  # a lead-in item: its children carry it
        if lead is None and labelled:
            units.append(_labelled(labelled, body))
        elif lead is None or (is_complete(body) and not body.endswith(":") and not _dangles(lead)):
            # a full sentence among the items stands alone, with the scene or the condition its lead-in sets
            scene = lead is not None and (level == 1 and _sets_scene(parent, body) or bool(_SUBORDINATE.match(lead)))
            units.append(_labelled(lead, body, alone=True) if scene else
                         Unit(_sentence(body), (body,), under=_last_sentence(parent) if parent else ""))
        else:
            units.append(_labelled(lead, body))
    return tuple(u for u in units if len(u.text.split()) >= 3)


def _sentences(line: str) -> list[str]:
    """The sentences of a line of prose, a quotation whole: a script ("“I’m applying… Would you feel
    comfortable writing…?”") is one thing to say."""
    spans: list[tuple[int, int]] = []
    for start, end in sentence_spans(line):
        last = line[spans[-1][0]:spans[-1][1]] if spans else ""
        if last.count("“") > last.count("”"):
            spans[-1] = (spans[-1][0], end)  # still inside the quotation
        else:
            spans.append((start, end))
    return [line[start:end].strip() for start, end in spans]


def is_complete(text: str) -> bool:
    """A full sentence: ends like one and is long enough to stand alone."""
    return text.rstrip("”\"’)").endswith((".", "?", "!")) and len(text.split()) >= 8


def _is_label(line: str) -> bool:
    return line.endswith(":") and len(line.split()) <= LABEL_WORDS and len(sentence_spans(line)) == 1 \
        and not _dangles(line)


def _sets_scene(parent: str, item: str) -> bool:
    """Whether a line over list items is a short label that says where they hold, which a full sentence among them
    keeps ("Concrete Week-2 Steps:" over "Book the ferry for the whole group in one go."): the sentence alone would
    not say it. A one- or two-word label ("Steps:") says nothing of its own, and an item with a label of its own
    ("Target: Reach the hut by noon on the second day.") is read under that."""
    head, colon, _ = item.partition(":")
    return _is_label(parent) and len(parent.split()) >= LEAD_IN_WORDS and not (colon and len(head.split()) <= 4)


def _labelled(label: str | None, text: str, *, alone: bool = False) -> Unit:
    if label is None:
        return Unit(_sentence(text), (text,))
    return Unit(f"{label}: {_sentence(text)}", (label, _strip_colon(text)), alone)


def _stands_alone(lead_in: str) -> bool:
    """A lead-in that states something before its list does ("Yes, you can match into PM&R with a low Step score,
    but you’ll need a deliberate strategy:") is a sentence too; "If Step 1 performance was weak:" and "…your
    relationships can significantly shape:" say nothing without their items, nor does "…developed the following
    envisioned future:"."""
    return len(lead_in.split()) >= STATEMENT_WORDS and not _dangles(lead_in) and \
        not _SUBORDINATE.match(lead_in) and not _OPEN_VERB.search(lead_in) and not _POINTER.search(lead_in)


def _dangles(lead_in: str) -> bool:
    """`Your PD and faculty can still:` cannot end a sentence; `Send brief thank-you emails:` can."""
    last = lead_in.rstrip(":").split()[-1].casefold()
    return last in _DANGLING


def _last_sentence(text: str) -> str:
    start, end = sentence_spans(text)[-1]
    return text[start:end].strip()


def _strip_colon(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(":") else text


def _sentence(text: str) -> str:
    text = _strip_colon(text.strip())
    return text if text.rstrip("”\"’)").endswith((".", "?", "!")) else f"{text}."


def unit_texts(section: str, passage: str) -> list[str]:
    """What a passage's units are embedded as, in `answer_units` order: each under its heading, where
    a list item means more ("Letters of Recommendation: Aim for: 2–3 letters…")."""
    heading = section.split(" > ")[-1]
    return [f"{heading}: {unit.text}" for unit in answer_units(passage)]


def supported_by(unit_parts: tuple[str, ...], passage: str) -> bool:
    """True when every piece of a unit appears verbatim in the passage."""
    return all(part in passage for part in unit_parts)


def siblings(units: list[Unit], index: int) -> range:
    """The run of units around `index` that are items of one list under one lead-in or label ("Aim for: …",
    "Aim for: …"): the block a list item is read in. A unit outside any list is a run of one."""
    lead = units[index].parts[0] if len(units[index].parts) == 2 else None
    if lead is None:
        return range(index, index + 1)
    start, end = index, index + 1
    while start > 0 and len(units[start - 1].parts) == 2 and units[start - 1].parts[0] == lead:
        start -= 1
    while end < len(units) and len(units[end].parts) == 2 and units[end].parts[0] == lead:
        end += 1
    return range(start, end)


def list_run(units: list[Unit], index: int) -> range:
    """The items of one list around `index` (`siblings`) that are read as it is: full sentences under a label
    that sets their scene (`Unit.alone`), or the list's fragments and lead-in items, which are read in their list
    ("During the trip: Keep your map dry in a sealed bag." beside "During the trip: Pack: a map. Water.")."""
    run = siblings(units, index)
    alone = units[index].alone
    start, end = index, index + 1
    while start > run.start and units[start - 1].alone == alone:
        start -= 1
    while end < run.stop and units[end].alone == alone:
        end += 1
    return range(start, end)


def merged(units: list[Unit]) -> Unit:
    """Items of one list as one sentence, their lead-in said once: "Aim for: 2–3 letters. One from your PD."."""
    if len(units) == 1:
        return units[0]
    lead = units[0].parts[0]
    bodies = [_sentence(u.parts[1]) for u in units]
    return Unit(f"{lead}: {' '.join(bodies)}", (lead, *(u.parts[1] for u in units)))


def with_items(item: Unit, run: Unit) -> Unit:
    """A list item that leads into items of its own, said with a run of them (`merged`) under its lead-in:
    "Before you go: Pack: A map. Water."."""
    return Unit(f"{item.parts[0]}: {run.text}", (item.parts[0], *run.parts))


def stated_in(sentence: str, passage: str, heading: str = "") -> bool:
    """Whether a sentence of an answer is one of the passage's answer units, or a run of one list's items
    said together (`merged`), or the passage's closing lead-in said with its colon, or a lead-in said with its
    colon before its items (`as_lead_in`), or a list item said with its own items (`with_items`) or without its
    lead-in (`without_lead_in`); a passage's first units may be said under their `heading` ("Month 1–2: Identify
    2–3 potential mentors.", see `under_heading`)."""
    for said in (f"{heading}: ", f"{heading} "):
        if heading and sentence.startswith(said) and stated_in(sentence[len(said):], passage):
            return True
    units = answer_units(passage)
    if sentence in {u.text for u in units} | {without_lead_in(u).text for u in units} or \
            (sentence.endswith(":") and passage.rstrip().endswith(sentence)):
        return True
    if any(sentence == as_lead_in(u).text != u.text and items_of(passage, units, i) for i, u in enumerate(units)):
        return True  # a lead-in said with its colon before its items
    for i, unit in enumerate(units):
        inner = items_of(passage, units, i) if len(unit.parts) > 1 else range(0)
        if inner and sentence.startswith(f"{unit.parts[0]}: ") and any(
                with_items(unit, merged(units[inner.start:end])).text == sentence
                for end in range(inner.start + 1, siblings(units, inner.start).stop + 1)):
            return True  # a list item said with its own items
        run = siblings(units, i)
        if i == run.start and len(run) > 1:
            for end in range(i + 2, run.stop + 1):
                for start in range(i, end - 1):
                    if merged(units[start:end]).text == sentence:
                        return True
    return False


def items_of(passage: str, units: list[Unit], index: int) -> range:
    """The units right after `index` that are the items of the list it leads into, when it is a lead-in that
    states something itself (`_stands_alone`): "Yes, you can camp in winter, but you'll need good gear:" is
    followed by "- Bring a four-season tent." and "- Pack a stove that works in the cold.". So are the items
    under a list item that leads in ("Before you go: Leave a note with a friend:" then "“Back Sunday by six.”").
    Empty otherwise."""
    unit = units[index]
    none = range(index + 1, index + 1)
    if len(unit.parts) == 1 and not unit.parts[0].endswith(":"):
        return none  # a sentence that leads into nothing
    lead = _strip_colon(unit.parts[-1])
    lines = [line for line in passage.split("\n") if line.strip()]
    at = next((n for n, line in enumerate(lines) if line.rstrip().endswith(f"{lead}:")), None)
    if at is None:
        return none
    level = _level(lines[at])
    bodies = []
    for line in lines[at + 1:]:
        match = _ITEM.match(line)
        if not match or _level(line) <= level:
            break
        bodies.append(match["body"])
    end = index + 1
    while end < len(units) and all(any(part in body for body in bodies)
                                   for part in units[end].parts if part != lead):
        end += 1
    return range(index + 1, end)


def steps(passage: str, units: list[Unit]) -> list[tuple[tuple[int, int], ...]]:
    """Where each unit stands in the lists a passage gives as steps: for the item it is and each item it is
    under, outermost first, (list, place); nothing for a sentence of a paragraph. "Steps:" / "1. Pick a
    trail." / "2. Book a hut:" / "  - Call ahead." / "  - Pay the deposit." gives ((0, 0),) for the first item
    and ((0, 1), (1, 0)) for "Book a hut: Call ahead.". A paragraph between two lists starts a new one."""
    lines = [line for line in passage.split("\n") if line.strip()]
    chains: list[dict[int, int]] = []  # per line: level -> the item line it is, or is under, at that level
    groups: dict[tuple[int, int], list[int]] = {}  # (parent line or paragraph, level) -> one list's item lines
    segment, open_lines = 0, {}
    for n, line in enumerate(lines):
        level = _level(line)
        if level == 0:
            segment, open_lines = segment + 1, {}
        else:
            open_lines = {lvl: at for lvl, at in open_lines.items() if lvl < level} | {level: n}
            groups.setdefault((open_lines.get(level - 1, -1 - segment), level), []).append(n)
        chains.append(dict(open_lines))
    ids = {key: k for k, key in enumerate(groups)}
    place = {n: (ids[key], members.index(n)) for key, members in groups.items() for n in members}
    found = []
    for unit in units:
        line = next((n for n, text in enumerate(lines) if unit.parts[-1] in text), None)
        found.append(tuple(place[at] for _, at in sorted(chains[line].items())) if line is not None else ())
    return found


def as_lead_in(unit: Unit) -> Unit:
    """A unit said with the colon that leads into its items (`items_of`): "Leave a note with a friend:"."""
    return Unit(f"{unit.text[:-1]}:", unit.parts) if unit.text.endswith(".") else unit


def without_lead_in(unit: Unit) -> Unit:
    """A list item said without its lead-in: "Instead: Take the bus." → "Take the bus."."""
    return _labelled(None, unit.parts[-1]) if len(unit.parts) > 1 else unit


def _level(line: str) -> int:
    """A line's list depth: 0 for a paragraph, 1 for a top-level item, 2 for an item under it…"""
    match = _ITEM.match(line)
    return len(match["indent"]) // 2 + 1 if match else 0


def enclosing(passage: str, unit: Unit) -> list[str]:
    """The lead-ins a unit is said under, innermost first: its own, then each line above it in the passage at a
    shallower list depth that ends on a colon ("If you drive:" over "- Plan the route:" over "  - Leave by six.")."""
    own = list(reversed(unit.parts[:-1]))
    lines = [line for line in passage.split("\n") if line.strip()]
    at = next((k for k, line in enumerate(lines) if unit.parts[-1] in line), None)
    if at is None:
        return own
    depth, above = _level(lines[at]), []
    for line in reversed(lines[:at]):
        if depth == 0:
            break
        if (level := _level(line)) < depth:
            depth = level
            body = (_ITEM.match(line)["body"] if level else line).strip()
            if body.endswith(":"):
                above.append(body[:-1])
    return own + [line for line in above if line not in own]


def lead_in(unit: Unit) -> Unit:
    """A sentence that ends a passage on its colon, said with it: its items follow in the answer."""
    return Unit(unit.parts[0], unit.parts) if len(unit.parts) == 1 and unit.parts[0].endswith(":") else unit


def opens_list(passage: str, unit: Unit) -> bool:
    """Whether a unit is an item of the list a passage opens with, which its heading leads into ("Month 1–2"
    then "- Identify 2–3 potential mentors."): such an item means little without the heading."""
    lines = [line for line in passage.split("\n") if line.strip()]
    leading = []
    for line in lines:
        if not _ITEM.match(line):
            break
        leading.append(line)
    return bool(leading) and any(unit.parts[-1] in line for line in leading)


def under_heading(heading: str, unit: Unit) -> Unit:
    """A unit said under its passage's heading, where the heading names what it is about ("Month 1–2: …"); a
    question heading is asked before its reply ("Can I bring my dog? No, dogs stay home.")."""
    return Unit(f"{heading}{'' if heading.endswith('?') else ':'} {unit.text}", unit.parts)


_ENUMERATION = re.compile(r"^(\d+[.)]|[A-Z][.)]|Step \d+:)\s+")


def heading_of(section: str) -> str:
    """A passage's own heading, from its section path, without its enumeration: "Guides > 3. Can I bring my
    dog?" → "Can I bring my dog?"."""
    return _ENUMERATION.sub("", section.split(" > ")[-1]).strip()
