"""What a trainee typed into a draft field, read as a sentence of their own or as a phrase, and tidied.

Two mechanisms, both driven by closed classes of English words (pronouns, auxiliaries, determiners,
prepositions), which do not grow with new inputs:

- `shape` tells a clause ("we talked at the Assembly"), a predicate with its subject left out ("read your
  paper on…"), a question ("can I shadow you in clinic") and a noun phrase ("your paper on…") apart, so a
  template can let a clause stand as the sender's own sentence instead of slotting it after "interested in".
- `strip_lead_in` drops what people put before a phrase the form asks for ("I'm applying to", "I want to
  do", "interested in"), so "I want to do sports medicine" reads "sports medicine".
"""
import unicodedata

from assistant.text import HONORIFICS

QUESTION, CLAUSE, PREDICATE, PHRASE = "question", "clause", "predicate", "phrase"

SUBJECTS = frozenset("i we you he she they im ive id".split())  # "im", "ive": typed without the apostrophe
AUXILIARIES = frozenset("am is are was were be been do does did have has had can could will would shall should "
                        "may might must".split())
WH_WORDS = frozenset("what how when where who which why".split())
DETERMINERS = frozenset("a an the my our your his her their this that these those some any".split())
OBJECT_PRONOUNS = frozenset("me you him her us them".split())
PREPOSITIONS = frozenset("about at for from in into of on to with under during after before through by".split())
DUMMY_SUBJECTS = frozenset("it there this that".split())  # "it was great…", "there is a project…"
# Verbs trainees put between "to" and the field they name ("I want to do sports medicine", "hope to match into
# PM&R"): after "to", one of these belongs to the lead-in; any other word starts the phrase ("applying to pain
# medicine fellowships").
ENTRY_VERBS = frozenset("do pursue go get enter join match apply specialize specialise train work practice practise "
                        "study learn focus explore become be start continue".split())
NOUN_SUFFIXES = ("tion", "sion", "ment", "ship", "ness", "ity", "ance", "ence", "ism", "ogy", "ure", "ice")
COURTESIES = frozenset("thank thanks best regards sincerely cheers warmly".split())  # the template signs off itself
CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april june "
                     "july august september october november december".split())  # not "may": also a verb
SMALL_WORDS = frozenset("of and the at in for on to a an with".split())  # stay lower case in a name or title
LEAD_MAX = 7  # a lead-in is short: "I would really like to go into" is seven words
CLOSERS = "”\"’')]"


def strip_controls(text: str) -> str:
    """Control and format characters (NUL, ESC, bidi overrides such as U+202E) are removed; line breaks stay."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))


def unshouted(text: str) -> str:
    """A field typed all in capitals ("CAN I SHADOW YOU") is read in lower case; acronyms alone ("SCI") stay."""
    letters = [sum(ch.isalpha() for ch in w) for w in text.split()]
    shouted = text == text.upper() and len([n for n in letters if n >= 3]) >= 2 and max(letters, default=0) >= 5
    return text.lower() if shouted else text


def base(word: str) -> str:
    """'I’m' → 'i', 'Would' → 'would', 'you,' → 'you': a word's lower-case stem for class look-ups."""
    word = word.casefold().replace("’", "'").strip(".,;:!?()[]\"'“”")
    return word.split("'")[0]


def _words(text: str) -> list[str]:
    return [base(w) for w in text.split()]


def shape(text: str, *, action: bool = False) -> str:
    """QUESTION, CLAUSE (has its own subject), PREDICATE (its subject "I" left out) or PHRASE.

    "can I shadow you" is a question; "we talked at…", "you supervised me…" are clauses; "would love to
    shadow you", "rotated on your service", "read your paper on…" are predicates; "your paper on…",
    "shadowing you in clinic" are phrases. For a field that names an action (an ask, a next step), a bare
    first word without a noun's suffix is read as a verb: "stay in touch", "keep you posted".
    """
    words = [w for w in _words(text) if not w.endswith("ly")] or [""]  # "really enjoyed…": adverbs say nothing
    first, second, third = (words + ["", ""])[:3]
    contracted = "'" in text.split()[0].replace("’", "'")
    if text.rstrip(CLOSERS + " ").endswith("?"):
        return QUESTION
    if first in AUXILIARIES and (second in SUBJECTS or second in DUMMY_SUBJECTS):
        return QUESTION
    if first in WH_WORDS and second in AUXILIARIES:  # "how did you…"; "how I handled…" is a phrase
        return QUESTION
    if first in SUBJECTS or first == "please" or (first in DUMMY_SUBJECTS and (contracted or second in AUXILIARIES)):
        return CLAUSE
    if first in AUXILIARIES or _verb_led(first, second, third):
        return PREDICATE
    if action and second and _bare_verb(text.split()[0], first):
        return PREDICATE
    return PHRASE


def _bare_verb(raw: str, word: str) -> bool:
    """A lower-case first word that is no determiner, gerund or noun by its suffix ("feedback" is the miss)."""
    return (raw[:1].islower() and word.isalpha() and word not in DETERMINERS | PREPOSITIONS | WH_WORDS
            and not word.endswith(NOUN_SUFFIXES) and not word.endswith("ing"))


def _verb_led(first: str, second: str, third: str) -> bool:
    """A first word that takes an object or a preposition the way a verb does ("met you at", "read your paper")."""
    if not first.isalpha() or first in DETERMINERS | PREPOSITIONS | WH_WORDS or first.endswith("ing"):
        return False
    if first.endswith("ed") and len(first) > 3 and (second in PREPOSITIONS | DETERMINERS | OBJECT_PRONOUNS):
        return True
    if second in DETERMINERS:
        return True
    # "met you at…" is a verb and its object; "talk you gave…" is a noun and a relative clause
    return second in OBJECT_PRONOUNS and (not third or third in PREPOSITIONS | DETERMINERS)


def joined_lines(text: str, *, sentences: bool) -> str:
    """Pasted text: a line that ends without punctuation before a capitalised line ends a sentence (or an item),
    unless it ends on a word that needs more ("the", "at", "and": "talked about the\nQI project")."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line.lstrip("-*•· ") for line in lines if line.strip("-*•· ")]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        ends = out.rstrip(CLOSERS).endswith((".", "!", "?", ":", ";", ","))
        last = base(out.split()[-1]) if out.split() else ""
        open_ended = last in DETERMINERS | PREPOSITIONS | AUXILIARIES | SUBJECTS | {"and", "or", "but"}
        if not ends and not open_ended and line[:1].isupper():
            out += ". " if sentences else ", "
        else:
            out += " "
        out += line
    return out


def tidy_punctuation(text: str) -> str:
    """'great!!' → 'great!', 'paper..' → 'paper.', '...' → '…'; a space before punctuation goes."""
    kept: list[str] = []
    for ch in text.replace("...", "…").replace("..", "."):
        if not (kept and ch == kept[-1] and ch in "!?,;:"):
            kept.append(ch)
    text = " ".join("".join(kept).split())
    return text.replace(" ,", ",").replace(" .", ".").replace(" ?", "?").replace(" !", "!")


def capital_i(text: str) -> str:
    """'i' and its contractions ("i'm", "im") are written 'I', "I'm"; days and months get their capital."""
    words = text.split(" ")
    for n, word in enumerate(words):
        if base(word) in CALENDAR:
            words[n] = word[:1].upper() + word[1:]
        if base(word) in ("i", "im", "ive", "id") and word[:1] == "i":
            stem = word[1:]
            words[n] = "I" + ("'" + stem[1:] if base(word) in ("im", "ive", "id") and "'" not in stem
                              and "’" not in stem else stem)
    return " ".join(words)


def without_courtesies(text: str) -> str:
    """A trailing "Thanks!" or "Best, Sam" is dropped: the template already thanks and signs off."""
    sentences = split_sentences(text)
    while len(sentences) > 1 and base(sentences[-1].split()[0]) in COURTESIES:
        sentences.pop()
    return " ".join(sentences)


def split_sentences(text: str) -> list[str]:
    """Sentences end at . ! ? before a capital; 'Dr. Lee' does not end one (a one- or two-letter word before '.')."""
    out, start = [], 0
    words = text.split(" ")
    for n, word in enumerate(words[:-1]):
        core = word.rstrip(CLOSERS)
        if core.endswith((".", "!", "?")) and words[n + 1][:1].isupper() and len(core.rstrip(".!?")) > 2:
            out.append(" ".join(words[start:n + 1]))
            start = n + 1
    out.append(" ".join(words[start:]))
    return [s for s in out if s]


def as_sentence(text: str, kind: str | None = None, *, lead: str = "I", question: bool | None = None) -> str:
    """The field as the sender's own sentence(s): capitalised, 'I' written so, ended by '.' or '?'.

    A predicate gets a subject back: `lead` ("rotated on your service" → "I rotated on your service.";
    an ask "shadow you in clinic" with lead "Would it be possible to" and `question` → "…to shadow you in clinic?").
    """
    kind = kind or shape(text)
    question = kind == QUESTION if question is None else question
    text = capital_i(tidy_punctuation(without_courtesies(joined_lines(unshouted(text), sentences=True))))
    if kind == PREDICATE:
        text = f"{lead} {text[:1].lower() + text[1:] if text[1:2].islower() else text}"
    text = text[:1].upper() + text[1:]
    end = text.rstrip(CLOSERS)
    core, closing = end, text[len(end):]
    if question:
        return core.rstrip(".!?,;: ") + "?" + closing
    if not core.endswith((".", "!", "?", "…")):
        return core.rstrip(",;: ") + "." + closing
    return text


def is_finite(text: str) -> bool:
    """A predicate that already carries its tense ("will send…", "rotated on…") takes only "I" before it."""
    first = _words(text)[0]
    return first in AUXILIARIES or (first.endswith("ed") and len(first) > 3)


def as_phrase(text: str, *, lead_in: bool = True) -> str:
    """The field as a phrase inside a sentence: no lead-in (when `lead_in`), no closing full stop, a form's
    capital lowered, 'pm&r' written 'PM&R'."""
    text = tidy_punctuation(joined_lines(unshouted(text), sentences=False))
    text = capital_i((strip_lead_in(text) if lead_in else text).rstrip(" .,;:!…"))
    return " ".join(w.upper() if "&" in w and len(w) <= 5 else w for w in lowered_first(text).split(" "))


def after_colon(sentence: str) -> str:
    """A sentence set after a colon starts in lower case, unless its first word is 'I' or a name ("Dr. Lee")."""
    first = sentence.split(" ")[0]
    if first[1:].isalpha() and first[1:].islower() and base(first) not in ("i", "im", "ive", "id"):
        return first.lower() + sentence[len(first):]
    return sentence


def lowered_first(text: str) -> str:
    """'Sports medicine' (a form's capital) → 'sports medicine'; 'PM&R', 'Spinal Cord Injury' stay as typed."""
    words = text.split(" ")
    first = words[0]
    titled = first[:1].isupper() and first[1:].islower() and first.isalpha()
    if titled and (len(words) == 1 or not words[1][:1].isupper()):
        words[0] = first.lower()
    return " ".join(words)


def strip_lead_in(text: str) -> str:
    """'I'm applying to pain medicine fellowships' → 'pain medicine fellowships'; a plain phrase is kept.

    A lead-in starts with a subject ("I", "my goal is"), an auxiliary ("would love to") or a participle with
    its preposition ("interested in", "applying to"), and ends at its last preposition or "to" + entry verb.
    Before that, a determiner, a capital or a digit means the phrase itself has begun ("I'm a PGY-2…").
    """
    raw = text.split()
    words = _words(text)
    if not raw or not _leads_in(words):
        return text
    cut, linked = 0, False
    for n, word in enumerate(words[:LEAD_MAX + 1]):
        starts_phrase = (n > 0 and (word in DETERMINERS or not raw[n][:1].islower())) and word not in ("i", "im")
        if word in PREPOSITIONS or (words[0] == "my" and word in ("is", "be")):
            cut, linked = n + 1, True
        elif linked and words[n - 1] == "to" and word in ENTRY_VERBS:
            cut = n + 1
        elif linked and word == "more" and n + 1 < len(words) and words[n + 1] in PREPOSITIONS:
            continue  # "learn more about…"
        elif linked or starts_phrase:
            break
    if not cut and words[0] in SUBJECTS:  # "I love sports medicine": subject, auxiliaries, one verb
        cut = 1
        while cut < len(words) and (words[cut] in AUXILIARIES or words[cut].endswith("ly")):
            cut += 1
        if cut < len(words) - 1 and words[cut] not in DETERMINERS and raw[cut][:1].islower():
            cut += 1
    rest = raw[cut:]
    return " ".join(rest) if rest else text


def _leads_in(words: list[str]) -> bool:
    first, second = (words + [""])[:2]
    participle = (first.endswith(("ing", "ed")) and second in PREPOSITIONS)
    return (first in SUBJECTS or first in AUXILIARIES or participle
            or (first == "my" and ("is" in words[1:4] or "be" in words[1:4])))


def proper_name(text: str) -> str:
    """A name or institution typed all in lower case is capitalised ("university of michigan" →
    "University of Michigan", "dr lee" → "Dr. Lee"); one typed with capitals is kept."""
    text = " ".join(joined_lines(text, sentences=False).split()).strip(" ,;:")
    if text == text.upper() and len(text.split()) > 1:
        text = text.lower()  # "DR. LEE", "RUSH UNIVERSITY"
    if text.casefold().startswith("dear "):
        text = text[5:].strip()
    words = text.split(" ")
    if text == text.lower():
        words = [w if (w in SMALL_WORDS and n) else w[:1].upper() + w[1:] for n, w in enumerate(words)]
    if len(words) > 1 and words[0].casefold() in HONORIFICS:
        words[0] = words[0][:1].upper() + words[0][1:].lower() + "."
    return " ".join(words)


ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh",
            "8": "eighth", "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
            "6th": "sixth", **{word: word for word in "first second third fourth fifth sixth".split()}}
ROLES = frozenset("resident intern fellow student".split())


def training_code(word: str) -> tuple[str, str] | None:
    """'ms3', 'MS-4', 'm2' → ('ms', '3'), ('ms', '4'), ('m', '2'); 'pgy2', 'PGY-1' → ('pgy', …); else None."""
    word = word.casefold().replace("-", "")
    letters = word.rstrip("0123456789")
    digit = word[len(letters):]
    return (letters, digit) if letters in ("ms", "m", "pgy") and len(digit) == 1 and digit in "12345678" else None


def training_level(text: str) -> str:
    """'ms3' → 'third-year medical student', 'pgy2' → 'PGY-2 resident', '3rd year med student' →
    'third-year medical student'; anything else is the phrase as typed, without its lead-in."""
    words = as_phrase(text).split()
    if len(words) > 1 and base(words[0]) in ("a", "an"):
        words = words[1:]  # "I'm a PGY-2 resident": the template sets its own article
    out: list[str] = []
    n = 0
    while n < len(words):
        word, after = words[n], words[n + 1] if n + 1 < len(words) else ""
        if after.isdigit() and len(after) == 1 and training_code(word + after):
            word, n = word + after, n + 1  # "ms 3", "PGY 2"
        code = training_code(word)
        ordinal = ORDINALS.get(word.casefold().split("-")[0] if word.casefold().endswith("-year") else word.casefold())
        n += 1
        if code and code[0] in ("ms", "m"):
            out.append(f"{ORDINALS[code[1]]}-year medical student")
            while n < len(words) and base(words[n]) in ("med", "medical", "student"):
                n += 1
        elif code:
            out.append(f"PGY-{code[1]}")
            if n >= len(words) or base(words[n]) not in ROLES:
                out.append("resident")
        elif ordinal and (word.casefold().endswith("-year") or (n < len(words) and base(words[n]) == "year")):
            out.append(f"{ordinal}-year")
            n += 0 if word.casefold().endswith("-year") else 1
        elif base(word) == "med" and n < len(words) and base(words[n]) in ("student", "school"):
            out.append("medical")
        else:
            out.append(word.lower() if base(word) in ROLES | {"medical", "year"} else word)
    return " ".join(out) or text
