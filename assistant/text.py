"""Pure word-level helpers shared by lexical retrieval and answer scoring."""
import os
import re
from functools import lru_cache

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours
out over own same she should so some such than that the their theirs them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your yours
yourself also get got want wanna gonna really thing things ok okay hi hello hey please thanks anyone someone
im i'm ive i've id i'd dont don't doesnt isnt tell know need much many any way ways guide guides say says said
actually what's it's when's who's how's i'll isn't doesn't didn't can't won't maybe pretty super lol stuff kind kinds
sort weird bad ever worth probably somebody something anything random supposed put came went ones basically like
didnt cant wont wasnt werent arent shouldnt wouldnt couldnt hasnt havent hadnt youre theyre thats whats hows whos
theres youve weve theyve u ur ya ago tbh rn idk imo btw fyi etc ngl pls plz thru tl dr tldr
""".split())

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][”\"’)])\s+|\n+")  # "…says “drop it.” Should I?" too


_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”"}  # an opening quotation mark and the mark that closes it
QUOTED_WORDS = 2  # words a quotation holds at least to be searched as a phrase ("'extended interview'", "'1–2'")


def quoted(text: str) -> list[str]:
    """The phrases a message quotes: "What was the 'no score on file' thing?" → ["no score on file"]. A quotation
    opens after a space (or at the start) and closes before one (or a mark), so an apostrophe ("what's") is none."""
    found, k = [], 0
    while k < len(text):
        close = _QUOTES.get(text[k])
        if close and (k == 0 or text[k - 1].isspace() or text[k - 1] in "(—–-") and text[k + 1:k + 2].strip():
            end = next((j for j in range(k + 1, len(text)) if text[j] == close and text[j - 1] != " " and
                        (j + 1 == len(text) or not text[j + 1].isalnum())), None)
            if end is not None:
                phrase = " ".join(words(text[k + 1:end]))
                if len(phrase.split()) >= QUOTED_WORDS:
                    found.append(phrase)
                k = end
        k += 1
    return found


HONORIFICS = frozenset("dr mr mrs ms mx prof".split())  # a title before a name: its stop ends no sentence


def question_sentences(text: str) -> list[str]:
    """A question's sentences, split at end punctuation (and a quotation or bracket it closes) and line breaks:
    "I'm an M3. When should I ask for letters?" → ["I'm an M3.", "When should I ask for letters?"]. A title's stop
    ends none: "I emailed Dr. Lee twice." is one sentence."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if not piece.strip():
            continue
        if out and titled(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def titled(piece: str) -> bool:
    """Whether text ends on a title's abbreviation ("…emailed Dr.", "(Prof."), which a name follows."""
    last = piece.rsplit(None, 1)[-1] if piece.strip() else ""
    return last.endswith(".") and last[:-1].lstrip("(“\"'‘").casefold() in HONORIFICS


# Trainee shorthand → the words the guides use. General to medical training, not to any one question.
ABBREVIATIONS = {
    "lor": "letter recommendation", "lors": "letters recommendation", "rec": "recommendation",
    "recs": "recommendations", "pd": "program director", "pds": "program directors",
    "apd": "associate program director",
    "ps": "personal statement", "cv": "cv curriculum vitae", "img": "img international medical graduate",
    "imgs": "imgs international medical graduates", "ck": "ck", "qi": "qi quality improvement", "pmr": "pm&r",
    "physiatry": "physiatry pm&r", "msk": "msk musculoskeletal", "sci": "sci spinal cord injury",
    "tbi": "tbi brain injury", "eras": "eras application", "sub-i": "sub-internship", "subi": "sub-internship",
    "aways": "away rotations", "thx": "thanks", "yr": "year", "yrs": "years", "convo": "conversation",
    "convos": "conversations", "ppl": "people", "pt": "physical therapist", "pts": "physical therapists",
    "ot": "occupational therapist", "ots": "occupational therapists", "slp": "speech language pathologist",
    "pgy1": "pgy-1", "pgy2": "pgy-2", "pgy3": "pgy-3", "pgy4": "pgy-4", "till": "until", "w": "with",
    "app": "application", "apps": "applications", "prelim": "preliminary", "peds": "pediatric",
    "med": "medical medicine", "meds": "medications", "clerkship": "clerkship rotation",
    "clerkships": "clerkships rotations",
    "rehab": "rehab rehabilitation", "neuro": "neurology", "uni": "university",
    "docs": "physicians", "doc": "physician", "pubs": "publications", "pub": "publication",
    "qbank": "question bank", "qbanks": "question banks", "avg": "average",
    "pcp": "primary care physician", "pcps": "primary care physicians",
    "wk": "week", "wks": "weeks", "hr": "hour", "hrs": "hours", "mos": "months", "shd": "should", "abt": "about",
    "b4": "before", "collab": "collaboration", "collabs": "collaborations", "msg": "message", "msgs": "messages",
    "slps": "speech language pathologists",
    "ms1": "m1 medical student", "ms2": "m2 medical student", "ms3": "m3 medical student", "ms4": "m4 medical student",
}

# Function words that still say which part of an event a sentence is about ("before the meeting", "During the
# meeting:"): lexical search keeps them, and a follow-up may turn to one ("and after it?").
PHASES = frozenset("before during after".split())

# Days and months say when, not what: "emailed her last Tuesday", "push CK to late Aug" ask nothing new.
CALENDAR = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

# English number words, a closed class like the calendar's: a count, never the name of a thing ("did four PM&R
# rotations")
CARDINALS = frozenset("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen
""".split())

_WORD = re.compile(r"[a-z0-9]+(?:[&'’-][a-z0-9]+)*")
_CONTRACTIONS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m")


def words(text: str) -> list[str]:
    return _WORD.findall(f" {text.casefold()}".replace(" p/f", " pass/fail"))  # "now that step 1 is p/f"


def without_possessive(word: str) -> str:
    """"the academy's vision" is about the academy."""
    return word.removesuffix("'s").removesuffix("’s")


def content_words(text: str) -> list[str]:
    """Words that carry meaning, with trainee shorthand expanded."""
    out: list[str] = []
    for word in words(text):
        if word.endswith(_CONTRACTIONS):  # "they're", "couldn't": function words
            continue
        word = without_possessive(word)
        expanded = ABBREVIATIONS.get(word, word)
        out.extend(w for w in expanded.split() if w not in STOPWORDS and len(w) > 1)
    return out


def stem(word: str) -> str:
    """A light suffix stripper: enough to match "mentors"/"mentor", "applying"/"applied"/"apply", "notes"/"note",
    "broadly"/"broad". An adverb's "-ly" is stripped from a word of four letters or more ("broad"), so "apply",
    "reply" and "early" keep theirs."""
    if len(word) <= 4:
        return word
    for suffix, keep, least in (("ies", "y", 3), ("ied", "y", 3), ("sses", "ss", 3), ("ing", "", 3), ("ed", "", 3),
                                ("ly", "", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= least:
            return word[: len(word) - len(suffix)] + keep
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


FAMILY_STEM = 5  # letters two stems share at least to be one word's family ("reapply", "reapplication")


def same_family(a: str, b: str) -> bool:
    """Whether two stems are forms of one word, built on the same stem with different endings: they agree but for
    at most their shorter one's last letter, on FAMILY_STEM letters or more ("reapply" and "reapplication",
    "prepare" and "preparation", "mentor" and "mentorship"); not "rest" and "restaurant"."""
    shared = len(os.path.commonprefix([a, b]))
    return shared >= FAMILY_STEM and shared >= min(len(a), len(b)) - 1


@lru_cache(maxsize=8192)
def stemmed_words(text: str) -> frozenset[str]:
    """The stemmed content words of `text`: "Email a possible mentor." → {"email", "possible", "mentor"}. Kept
    for recent texts, since the same guide sentences are read again for every question that retrieves them."""
    return frozenset(stem(w) for w in content_words(text))


def word_overlap(terms: set[str], text: str) -> float:
    """The share of `terms` (stemmed words) among the stemmed content words of `text`: {"mentor", "email"}
    against "Email a possible mentor." → 1.0; against "Email the program." → 0.5."""
    if not terms:
        return 0.0
    return len(terms & stemmed_words(text)) / len(terms)


# "How many X" counts X: its head noun is the last word before the verb ("how many PM&R residency positions are").
_OWNERS = frozenset("my your the our their".split())
_POINTING = frozenset("these those".split())
_ANY_COUNT = frozenset("people persons folks times ones items".split())
_PROGRAMS = frozenset({"fellowship", "residency"})  # "how many fellowships to apply to" counts programs
# A number that is not part of a name ("Step 2", "PGY-3", "M4"), or an amount in words.
QUANTITY = re.compile(r"(?<![\w-])(?<!Step )(?<!Principle )\d|\b(one|two|three|four|five|six|ten|dozen|half|several)\b",
                      re.IGNORECASE)


def count_asked(w: list[str]) -> int | None:
    """Where what a question counts begins in its words `w`, None when it asks no count: after "how many", or after
    "number of" ("the average number of ferry crossings a week?", "a minimum number of dives to enrol?"), but not
    "a number of", which means several ("I have a number of questions")."""
    for k in range(len(w) - 1):
        if w[k:k + 2] == ["how", "many"] or (w[k:k + 2] == ["number", "of"] and w[k - 1:k] not in (["a"], ["any"])):
            return k + 2
    return None


def counted_thing(question: str, said: list[str] | None = None) -> set[str]:
    """What a "how many" question counts, stemmed ("How many of my residency letters…" → {"letter"});
    empty when it names nothing ("And how many should I get?") or anyone ("how many people…": attendings). Its head
    noun is the last word of the phrase after "how many"; with `said`, the sentences that may answer, a word of the
    phrase that they count, and that is a plural, stands for it when the last is not counted there: in "how many
    porters work the north trail?" the phrase runs on to the verb, and "Hire 2–3 porters" counts porters."""
    w = words(question)
    start = count_asked(w)
    if start is None:
        return set()
    if w[start:start + 1] == ["of"] and w[start + 1:start + 2] and w[start + 1] in _OWNERS | _POINTING:
        start += 2  # "how many of my letters", "how many of those signal things"
    phrase = []
    for word in w[start:start + 6]:
        # "how many attendings shd i put on my list"; "how many talks per day": what comes after "per" is a rate's
        # measure, not what is counted
        if ABBREVIATIONS.get(word, word) in STOPWORDS or word == "per":
            break
        phrase.append(word)
    if not phrase or ABBREVIATIONS.get(phrase[-1], phrase[-1]) in _ANY_COUNT:  # "how many ppl"
        return set()
    head = phrase[-1]
    if said is not None:
        numbered = set().union(*(numbered_words(text) for text in said))
        if not numbered & {stem(x) for x in content_words(head)}:
            # a plural: "how many attendings belong…", not "how many residency spots…"
            head = next((x for x in reversed(phrase)
                         if stem(x) != x and {stem(y) for y in content_words(x)} & numbered), head)
    counted = {stem(w) for w in content_words(head)}
    return counted | {"program"} if counted & _PROGRAMS else counted


_NUMBER_CHARS = "0123456789.,–-+~% "  # the rest of a number QUANTITY found the start of ("12–18", "40–60+")
# as `counted_thing` gives them: stemmed, and `stem` leaves a short plural ("days") as it is
TIME_UNITS = frozenset(stem(w) for unit in "year month week day hour minute".split() for w in (unit, f"{unit}s"))


def _after_numbers(text: str) -> list[str]:
    """The stemmed word after each number of a text, "" where none follows: "Hire 2–3 guides, or 4." → ["guide",
    ""]."""
    return [stem(next(iter(words(text[m.end():].lstrip(_NUMBER_CHARS))), "")) for m in QUANTITY.finditer(text)]


def numbered_words(text: str) -> set[str]:
    """The words a text puts a number before, stemmed: "Hire 2–3 guides and 1 cook." → {"guide", "cook"}."""
    return set(_after_numbers(text)) - {""}


def states_count(counted: set[str], text: str) -> bool:
    """Whether a sentence states a number of what a "how many" question counts: "Aim for 1–2 away rotations" counts
    rotations. A number of days or months counts time: "Offer spots 12–18 months before the start" names spots but
    counts none."""
    return bool(counted & stemmed_words(text)) and any(w not in TIME_UNITS - counted for w in _after_numbers(text))


_SHORTHAND = frozenset(w for w in ABBREVIATIONS if w not in ABBREVIATIONS[w].split())
_EDGES = ".,;:!?()[]\"“”‘’…"


def spelled_out(text: str) -> str:
    """`text` with trainee shorthand written out ("how many aways" → "how many away rotations")."""
    out = []
    for token in text.split(" "):
        core = token.strip(_EDGES)
        if core and core.casefold() in _SHORTHAND:
            token = token.replace(core, ABBREVIATIONS[core.casefold()], 1)
        out.append(token)
    return " ".join(out)
