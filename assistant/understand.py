"""How a guide's sentences lean on one another, and what a question asks for: the few rules answering reads."""
from ingest.units import Unit

# Words that point back to something said before them: a sentence opening with one cannot open an answer alone.
_REFERRING = frozenset("it its this that these those they them their such both either however instead also "
                       "otherwise then".split())
_PUNCTUATION = "\"“”‘’()—–-,.:;"
INTRO_WORDS = 8  # "In Physical Medicine & Rehabilitation (PM&R), it is neither.": the clause after a short opener
LABEL_WORDS = 1  # "Pitfall:", "Fix:": one-word labels that alternate in a passage pair up
REPLY_WORDS = 10  # "No, it is not required." answers a question heading; a longer first sentence explains


def refers_back(unit: Unit) -> bool:
    """Whether a sentence opens, or opens its main clause after a short introductory phrase, on a word that
    refers to an earlier sentence: "They also tend to burn out." or "For most owners, this is enough." do;
    "There are three parks." and a list item under its lead-in ("Bring: a map.") do not."""
    if len(unit.parts) > 1:
        return False
    tokens = unit.text.split()
    if not tokens:
        return False
    opening = [tokens[0]]
    comma = next((i for i, t in enumerate(tokens[:INTRO_WORDS]) if t.endswith(",")), None)
    if comma is not None and comma + 1 < len(tokens):
        opening.append(tokens[comma + 1])
    return any(t.strip(_PUNCTUATION).casefold() in _REFERRING for t in opening)


def label(unit: Unit) -> str | None:
    """The one-word label a unit opens on ("Fix: Start with one project." → "fix"), if any."""
    head, colon, _ = unit.text.partition(":")
    return head.casefold() if colon and len(head.split()) == LABEL_WORDS and head[:1].isupper() else None


def pairs_with(first: Unit, second: Unit) -> bool:
    """Whether two adjacent units are the two halves of a labelled pair, a problem and its remedy
    ("Myth: Dogs see no colour." then "Reality: They see blue and yellow."): each opens on its own label."""
    a, b = label(first), label(second)
    return a is not None and b is not None and a != b


def asks(section: str) -> bool:
    """Whether the heading a passage sits under is a question ("Guides > Can I bring my dog?"): the passage
    opens on its answer."""
    return section.split(" > ")[-1].rstrip().endswith("?")


def is_reply(unit: Unit) -> bool:
    """A short sentence that answers a question heading by itself ("No, dogs stay home."): at most
    REPLY_WORDS words."""
    return len(unit.text.split()) <= REPLY_WORDS
