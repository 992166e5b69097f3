"""How a guide's sentences lean on one another, and what a question asks for: the few rules answering reads."""
import re
from functools import lru_cache
from itertools import groupby, takewhile

from assistant.text import (ABBREVIATIONS, CALENDAR, QUANTITY, STOPWORDS, TIME_UNITS, content_words, count_asked,
                            counted_thing, question_sentences, same_family, stem, stemmed_words, titled,
                            without_possessive, words)
from ingest.units import Unit, enclosing

# Words that point back to something said before them: a sentence opening with one cannot open an answer alone.
_REFERRING = frozenset("it its this that these those they them their such both either however instead also "
                       "otherwise then".split())
# Words that join a sentence to the one before it when they open it ("Yet the park is small."); after a comma they
# join the clauses of one sentence ("It is small, but busy.")
_CONNECTIVES = frozenset("but yet so thus therefore hence still besides furthermore moreover".split())
_PUNCTUATION = "\"“”‘’()—–-,.:;"
INTRO_WORDS = 8  # "In Physical Medicine & Rehabilitation (PM&R), it is neither.": the clause after a short opener
FILED_WORDS = 4  # words before a colon or dash that label what follows ("Near-Peer Mentor – Senior resident…")
LABEL_WORDS = 1  # "Pitfall:", "Fix:": one-word labels that alternate in a passage pair up
REPLY_WORDS = 10  # "No, it is not required." answers a question heading; a longer first sentence explains
BARE_QUESTION = 1  # content words of a question that leans on the sentence before it ("How many?", "True?")


def refers_back(unit: Unit) -> bool:
    """Whether a sentence opens, or opens its main clause after a short introductory phrase, on a word that
    refers to an earlier sentence, or ends its introductory phrase on one: "They also tend to burn out.", "For most
    owners, this is enough." and "To avoid this, book early." do;
    "There are three parks." and a list item under its lead-in ("Bring: a map.") do not, unless the lead-in
    itself points back ("Instead: take the bus.", "It's about: a map.")."""
    tokens = (unit.parts[0] if len(unit.parts) > 1 else unit.text).split()
    if not tokens:
        return False
    opening = [tokens[0]]
    comma = next((i for i, t in enumerate(tokens[:INTRO_WORDS]) if t.endswith(",")), None)
    if comma is not None and comma + 1 < len(tokens):
        opening += [tokens[comma], tokens[comma + 1]]  # "To avoid this, book early." points back too
    # "It’s about:", "That's why…": the word before a clitic points back as the word does
    said = [t.strip(_PUNCTUATION).casefold().replace("’", "'").split("'")[0] for t in opening]
    return any(t in _REFERRING for t in said) or said[0] in _CONNECTIVES


def label(unit: Unit) -> str | None:
    """The one-word label a unit opens on ("Fix: Start with one project." → "fix"), if any."""
    head, colon, _ = unit.text.partition(":")
    return head.casefold() if colon and len(head.split()) == LABEL_WORDS and head[:1].isupper() else None


def filed_under(unit: Unit) -> str:
    """What a unit is filed under in its passage: the few words before its own colon or dash ("Research Mentor –
    Advises on…", "Fix: Book early."), else a label line of as few words over it ("Very Strong Swimmers:" over
    "Can cross the bay."). A question naming them asks for what is filed there ("who counts as very strong?"); a
    longer lead-in ("If your school has no pool, try these:") or one ending on a function word ("Aim for:") is
    a sentence, not a name."""
    own = unit.parts[-1]
    for mark in (":", " – ", " — "):
        head, found, _ = own.partition(mark)
        if found and _names(head):
            return head
    return next((part for part in unit.parts[:-1] if _names(part)), "")


def _names(head: str) -> bool:
    """Whether the words before a colon name what follows ("Solid Range", "Fix"): a few, the last a content word.
    "Prepare to:" and "Aim for:" lead into a sentence instead."""
    w = words(head)
    return 0 < len(head.split()) <= FILED_WORDS and bool(w) and w[-1] not in STOPWORDS


_COPULAS = frozenset("is are means mean refers".split())
# words before "is" among which a sentence may name what it says is something ("Effective medical networking is…")
SUBJECT_WORDS = 4


def defined_term(question: str) -> str:
    """The one word a question asks only to have defined, casefolded, or "": "What is orienteering?", "what's a cairn?",
    "define switchback", "what does scrambling mean?". The question asks nothing else: not "what is a good hike?" (the
    guides need not define all they call good), "what's in my pack?" or "what is PSR?", an acronym in capitals
    (`in_capitals`), whose words are asked (`expansion_asked`)."""
    said = asking_part(question)
    w = unclitic(words(said))
    w = ["what", "is", *w[1:]] if w[:1] == ["whats"] else w
    if w[:2] in (["what", "is"], ["what", "are"]):
        term = w[2:]
    elif w[:1] == ["define"]:
        term = w[1:]
    elif w[:2] in (["what", "does"], ["what", "do"]) and w[-1:] == ["mean"]:
        term = w[2:-1]
    else:
        return ""
    term = term[1:] if term[:1] and term[0] in {"a", "an", "the"} else term
    if len(term) != 1 or term[0] in STOPWORDS or term[0] in in_capitals(said):
        return ""
    return term[0]


def defines(term: str, unit: Unit) -> bool:
    """Whether a unit says what `term` is (`defined_term`): filed under it ("Cairn – A pile of stones…"), naming it,
    in at most SUBJECT_WORDS words, as what it says is something ("Orienteering is a sport…", "Night orienteering in
    winter is…"), or glossing a word of its family after a dash or a bracket ("…build cairns—piles of stones
    that…"). A label with more words is a kind of it, not it ("Winter orienteering: dress warmly.")."""
    base = stem(term)
    if stemmed_words(filed_under(unit)) == {base}:
        return True
    w = words(unit.parts[-1])
    copula = next((k for k, x in enumerate(w) if x in _COPULAS), None)
    if copula is not None and 0 < copula <= SUBJECT_WORDS and base in {stem(x) for x in w[:copula]}:
        return True
    text = unit.text.casefold()
    at = text.find(base)
    while at >= 0:
        end = at + len(base)
        while end < len(text) and text[end].isalpha():
            end += 1
        if (at == 0 or not text[at - 1].isalpha()) and text[end:].lstrip(" ")[:1] in {"—", "–", "("}:
            return True
        at = text.find(base, end)
    return False


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


# What a question asks for. A question may ask for a value of a kind the guides state or never state: a sum of
# money, a share, a dose, a person's name, a date, a length of time, a count. A sentence on the question's topic
# that states no value of that kind does not answer it, and when none does, the honest answer is a refusal.
# Cues are read on the question's words (casefolded); shapes on the guide sentence as written.
_DURATION = r"\d+(\s*[–-]\s*\d+)?\+?[\s-]*(years?|months?|weeks?|days?|hours?|minutes?)\b"
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
SHAPES = {
    "money": re.compile(r"\$\s?\d|\b\d+\s?k\b|\b(dollars?|USD|salary|salaries)\b", re.IGNORECASE),
    "share": re.compile(r"\d\s?%|\bpercent", re.IGNORECASE),
    "dose": re.compile(r"\b\d+(\.\d+)?\s?(mg|mcg|µg|units?|ml|cc)\b|\bmg/kg\b", re.IGNORECASE),
    "person": re.compile(r"\bDr\.?\s+[A-Z]|,\s*(MD|DO|PhD)\b|\b(Mr|Mrs|Ms)\.?\s+[A-Z]"),
    "named place": re.compile(r"\b(University|Clinic|Hospital|Institute|College|Medical Center)\b"),
    "year": re.compile(r"\b(19|20)\d\d\b"),
    "date": re.compile(rf"\b{_MONTH}\b|\b(19|20)\d\d\b"),
    "duration": re.compile(rf"\b{_DURATION}|\b(a|one|two|three|four|five|six|a few|several) "
                           r"(years?|months?|weeks?|days?)\b", re.IGNORECASE),
    "time": re.compile(rf"\b((?-i:{_MONTH})|spring|summer|fall|winter|PGY-?\d|MS?[1-4]|{_DURATION}|"
                       r"(first|second|third|fourth|final|last) (half|year|month)|year of|"
                       r"(before|after|until) (\w+ ){0,3}(opening|opens|deadlines?|starts?|begins?))", re.IGNORECASE),
    # how long a thing said or written is: in words ("keep it short", "a one-page summary") or in minutes
    "length": re.compile(r"\b(short|shorter|brief|briefly|concise|concisely|succinct|lengthy)\b|\blong\b(?!-)|"
                         r"\b(\d+|one|two|three)(\s*[–-]\s*\d+)?[\s-]*(sentences?|words?|pages?|paragraphs?|lines?|"
                         r"minutes?|seconds?)\b", re.IGNORECASE),
    "lasting": re.compile(rf"\b{_DURATION}(?!\s+(before|after|ahead|prior|in advance|from|out|early|earlier|later)\b)",
                          re.IGNORECASE),  # how long a thing lasts, which a lead time ("12 months before") is not
    "score": re.compile(r"(?<![\d.])(1[5-9]\d|2\d\d)(?![\d%])"),
    "law": re.compile(r"\b(legal|legally|illegal|lawful|unlawful|laws?|statutes?|liab(le|ility))\b", re.IGNORECASE),
    "upper limit": re.compile(r"\b(at most|up to|no more than|maximum|limit|cap)\b", re.IGNORECASE),
    "lower limit": re.compile(r"\b(at least|no fewer than|minimum)\b", re.IGNORECASE),
    "conversion": re.compile(r"\b(equivalent|convert|conversion|translat|correspond)", re.IGNORECASE),
    "existing count": re.compile(r"\b(there are|exist|nationally|offered|available)\b[^.]{0,60}\d", re.IGNORECASE),
}
_DOING = frozenset("does do did will would".split())  # "what does a pass cost": the verb "cost" asks a price
_MONEY_WORDS = frozenset("salary salaries income compensation tuition fee fees price prices".split())
_SPENDING = frozenset("cost costs charge charges pay pays paid earn earns make makes spend spends spent".split())
_EARNING = frozenset("earn earns paid".split())  # "what do ushers earn?", "what do guides get paid?"
_GETTING = frozenset("get gets getting".split())
# what follows a verb of earning that ends its clause: "per season", "in their first year", "on average"
_EARNED_WHEN = frozenset("per annually yearly monthly weekly hourly in on at during after before starting out "
                         "typically usually now today".split())
_SHARE_WORDS = frozenset("percent percentage proportion fraction %".split())
_RATE_OF = frozenset("match pass passing acceptance fill success".split())
_DOSE_WORDS = frozenset("dose doses dosing dosage titrate titration prescribe first-line contraindicated".split())
_LAW_WORDS = frozenset("legal legally illegal illegally lawful unlawful lawyer liable liability lawsuit sue".split())
_ROLES = frozenset("president chair chairman chairwoman head director ceo founder editor dean inventor".split())
_FOUNDING = frozenset("invented founded won discovered".split())
_LINKING = frozenset("at of for in on from with to by who that which".split())
_PAST = frozenset("wrote said made ran led gave built began won found taught".split())  # irregular past tenses
_UPPER_LIMITS = frozenset("maximum max limit limits cap".split())
_DEMONSTRATIVES = frozenset("that this these those".split())
_NAMING = frozenset("name named mention mentioned list listed".split())
_SITTING = frozenset("take taking took sit sitting pass passing schedule retake retaking".split())
_NAMES_OF = frozenset("actual specific real exact the their any some".split())
_DETERMINERS = frozenset("a an the my your his her their our this that rank".split())
_INSTITUTIONS = frozenset("institution institutions hospital hospitals university universities center centers "
                          "centre centres".split())
_RANKED = frozenset("ranking rankings ranked".split())
_STATISTICS = frozenset("average avg mean median deviation rate rates percent percentage statistics stats".split())
_RECENT = frozenset("latest recent current currently 2020 2021 2022 2023 2024 2025 2026".split())
_LAST = frozenset("year cycle season match".split())
_DATE_WORDS = frozenset("date deadline day".split())
_ADVICE = frozenset("should shall ought".split())  # a question asking what to do
_EXACT = frozenset("exact specific official".split())
_RANKING = frozenset("top best ranked ranking highest-ranked #1".split())
# superlatives of a measure, which pick programs out by it ("the lowest cutoffs", "the most procedures")
_MEASURE_SUPERLATIVES = frozenset("highest lowest most least fewest largest smallest biggest".split())
_PROGRAM_WORDS = frozenset("program programs programmes".split())
_PROGRAMS = frozenset("program programs residency residencies fellowship fellowships school schools".split())
_PLURAL_PROGRAMS = frozenset("programs residencies fellowships schools".split())
_PREDICTING = frozenset("predict predicts predicted predictive predictor predictors".split())
_CONVERTING = frozenset("equivalent equivalence convert converts conversion translate translates correspond "
                        "corresponds".split())
_EXISTING = frozenset("nationally exist exists offered available".split())
_RELATIVE_TIMES = frozenset("early earlier late later soon sooner".split())
_STEP_NOUNS = frozenset("step steps thing things action actions move moves priority".split())
_NEXT_TIMES = frozenset("year years month months week weeks day days time cycle season semester meeting round to"
                        .split())  # "next year", "next to"
_WH_WORDS = frozenset("who what when where which why how".split())
ASKS_WHEN = frozenset("early soon point month stage".split())
_LATER = frozenset("later earlier sooner".split())  # "how much later can I go?" asks when, not an amount
_AMOUNT_WORDS = frozenset("percent percentage average median rate salary".split())
_WORDING = frozenset("word wording phrase phrasing say script template example sample opener starter write email "
                     "message".split())
_SOME = frozenset("a the some few several any specific them one 3 5 10 three five ten".split())
_BE = frozenset("is are was were does do did will of".split())
_LEAD = frozenset("wait before ahead advance until after".split())
_AUXILIARIES = frozenset("should do does is are am can will would to".split())
_KIND_WORDS = frozenset("kind kinds type types sort sorts".split())  # "which kind of programs…" asks a kind
_PHRASE_VERBS = _AUXILIARIES | _BE - {"of"}  # where a wh-phrase ends: "which kind of mentor | is best"
_DEGREE_VERBS = frozenset("do does did will would can could should has have had matter matters "
                          "counts".split())  # "how much does it help?"; not "how much is the fee?"
# "how much weight does the jury give it?" asks a degree too: nouns of how far something counts
_DEGREE_NOUNS = frozenset("weight importance emphasis value influence impact difference stock".split())
_CONDITION = frozenset("sense worth important necessary helpful matter matters".split())
# a thing said or written ("how long should my answer be?"), or saying it ("how long do I talk about it?")
_SAID = frozenset(stem(x) for x in "answer explanation email e-mail note message letter statement story pitch "
                  "introduction intro reply response essay paragraph summary speech talk speak explain discuss "
                  "dwell ramble".split())
_TAKING = frozenset("take takes took spend spent wait last lasts".split())  # "how long does it take to write…?"
_SAYING = frozenset("ask approach introduce thank reach follow start open begin".split())
_MATCHING = frozenset("match matching matched residency residencies program programs applicants applicant".split())
_FIELD_CUES = _MATCHING | frozenset("apply applying applied into".split())
_TREATING = frozenset("treat manage dose prescribe inject titrate".split())
_TREATMENT = frozenset("treatment treat medication medications drug drugs".split())
_MEANING = frozenset("for to that if when by in".split())
_PMR = frozenset("pm&r pmr physiatry physiatrist physiatrists rehab rehabilitation".split())
# Specialties a trainee might match into instead of the guides' own (PM&R), as trainees write them.
SPECIALTIES = frozenset("""
dermatology derm orthopedics orthopaedics ortho radiology rads anesthesiology anesthesia ophthalmology ophtho optho
urology ent otolaryngology psychiatry psych obgyn ob-gyn obstetrics gynecology neurosurgery nsgy plastics cardiology
oncology pathology gastroenterology gi nephrology pulmonology rheumatology endocrinology ortho-surgery
""".split())
_SPECIALTY_STEMS = frozenset(stem(x) for x in SPECIALTIES)


def story_and_ask(question: str) -> tuple[str, str]:
    """A message split where it starts to ask: the story told before its first question mark, and the rest.
    "Grew up in Lyon, which is lovely. My sister says cabins sell out. How early should I book one? Two of us."
    → the first two sentences, then "How early should I book one? Two of us.". What is asked (a count, a date, a
    place) is read in the second part; "which is lovely" asks nothing. A bare question ("How many?", "Is that
    true?", `leans_back`) asks about the sentence before it, which joins the ask: "My cousin says the ferry runs
    hourly. True?" asks about the ferry. In a conversation the message quotes (`conversation`), a question one of
    its lines asks was asked there: the message asks from its first question outside them, when it has one."""
    said = [(clause, spoken) for line, spoken in conversation(question) for sentence in question_sentences(line)
            for clause in _profile_and_ask(sentence)]
    asks = [i for i, (s, spoken) in enumerate(said) if "?" in s]
    first = next((i for i in asks if not said[i][1]), asks[0] if asks else 0)
    said = [clause for clause, _ in said]
    if first and leans_back(said[first]):
        first -= 1
    return " ".join(said[:first]), " ".join(said[first:])


SPEAKER_LABEL_WORDS = 4  # "Me:", "Dr. Lee (text):", "Spine fellowship director (phone):" name who speaks
_ASKER = frozenset(("me", "i"))


def speaker_label(line: str) -> str:
    """Who speaks a line of a quoted conversation, as the line opens on it before a colon: "Dr. Lee (text): Haven't
    heard from you!" → "Dr. Lee"; "Me (at the booth): Hi!" → "Me". A capitalised name of at most SPEAKER_LABEL_WORDS
    words, without what the brackets say of how or when; "" for a line that opens otherwise ("Then, kindly: no.").
    The form alone is read, so "Quick one: how early?" has a label too: `conversation` asks for more."""
    head, found, rest = line.partition(": ")
    if "(" in head and head.rstrip().endswith(")"):
        head = head[:head.index("(")]
    head = head.strip().strip("*-—–•>").strip()
    named = head.split()
    if not found or not rest.strip() or not 1 <= len(named) <= SPEAKER_LABEL_WORDS or not head[:1].isupper():
        return ""
    if any(mark in word for word in named for mark in "?!;,") or any(titled(word) != word.endswith(".")
                                                                     for word in named):
        return ""
    return head


def conversation(message: str) -> list[tuple[str, bool]]:
    """A message's lines, each with whether it is a line of a conversation the message quotes: at least two lines
    open on who speaks (`speaker_label`), one of them the asker ("Me:"). "Coach: Can you run Saturday?\nMe: Sure!\n
    Coach: And Sunday?\nMe: Yes!\nNow I'm exhausted. How do I say no next time?" quotes four lines; their questions
    and names were said there, and what the asker asks comes after. A message without one is its lines unquoted."""
    lines = message.splitlines() or [message]
    labels = [speaker_label(line) for line in lines]
    quoting = sum(bool(label) for label in labels) >= 2 and any(label.casefold() in _ASKER for label in labels)
    return [(line, quoting and bool(label)) for line, label in zip(lines, labels)]


_PROFILE_MARKS = (": ", " — ", " – ", " - ", "—")  # an em dash also unspaced, as the guides write it


def _profile_and_ask(sentence: str) -> list[str]:
    """A sentence that tells who asks before a colon or a dash and then asks, as two: "Third-year, my knee is shot,
    on a budget: which trail should I take?" → the profile, then "which trail should I take?". The profile tells
    of the asker, in their own words ("my", "I") or as a list of what they are ("MS2, from Lyon, on a budget"). Not
    "Ferry tickets — how early?" nor "Guiding as an MS2 — is it allowed?", which name what is asked, nor a case
    supposed ("Suppose my hut closes — what then?") or a first question ("How many do I need — is there a
    rule?")."""
    for mark in _PROFILE_MARKS:
        head, found, rest = sentence.partition(mark)
        told, asked = unclitic(words(head)), unclitic(words(rest))
        if found and "?" not in head and asked[:1] and asked[0] in _ASKS and told[:1] and \
                told[0] not in _ASKS | _SUPPOSING and \
                (_TELLING & set(told) or ("," in head and any(_training_year(w) for w in told))):
            return [head.rstrip() + ".", rest]
    return [sentence]


_SUPPOSING = frozenset("if suppose supposing imagine assuming assume say hypothetically".split())


def _verb(w: list[str], k: int) -> bool:
    """Whether the word at `k` ("list", "name") is the verb: no determiner in the two words before it ("list a few",
    "can you name the"; not "my list", "the packing list")."""
    return not _DETERMINERS & set(w[max(0, k - 2):k])


def _training_year(word: str) -> bool:
    """A year of training written as trainees write it: "pgy-3", "pgy3", "ms2", "m4"."""
    code = word.replace("-", "")
    letters = code.rstrip("0123456789")
    return letters in {"pgy", "ms", "m"} and code[len(letters):] in {"1", "2", "3", "4"}


def leans_back(question: str) -> bool:
    """Whether a question asks about the sentence before it: a bare one, of at most BARE_QUESTION content words
    besides the field's own name ("How many?", "True?", "am i cooked for PM&R?"), or one whose subject is a
    demonstrative ("Is that the real figure?", "does this still hold?"); not "Is it rude to call twice?"."""
    w = words(question)
    pointing = any(a in _AUXILIARIES | {"was", "were", "did", "has", "have"} and b in _DEMONSTRATIVES
                   for a, b in zip(w, w[1:3]))
    return pointing or len([x for x in content_words(question) if x not in _PMR]) <= BARE_QUESTION


def told_elsewhere(question: str) -> str:
    """The sentence a question leans back on (`leans_back`) when the question names the field and that sentence
    does not: it tells what holds elsewhere, and the question asks what holds in the field. "My brother's chess club
    says you must memorise openings. Is that true for physiatry too?" → "My brother's chess club says you must
    memorise openings."; "" otherwise ("My cousin says the ferry runs hourly. True?")."""
    said = question_sentences(asking_part(question))
    if len(said) > 1 and "?" not in said[0] and _PMR & set(words(said[1])) and not _PMR & set(words(said[0])):
        return said[0]
    return ""


# Verbs that report what someone says or believes: "my dean says…", "a friend told me…", "my mentor thinks…".
_REPORTING = frozenset("say says said tell tells told think thinks thought claim claims claimed insist insists "
                       "insisted swear swears swore argue argues argued reckon reckons warn warns warned".split())
SPEAKER_WORDS = 6  # "My neighbour, a retired dermatologist, says…": who says it is named in a few words


def speakers(text: str) -> set[str]:
    """The words naming who says what a message reports, before a reporting verb at the start of a clause that asks
    nothing: "My neighbour, a dermatologist, says Step 2 barely matters; a blog I read claims the opposite. Which
    is it?" → my, neighbour, a, dermatologist, blog, i, read. They tell whose claim is checked, not what is asked
    about it. At most SPEAKER_WORDS words, from the clause's start (a sentence, a semicolon or a colon, "but",
    "while", "whereas", "and"). Who speaks a line of a quoted conversation is named by its label (`conversation`:
    "Coach (text): And Sunday?" → coach, text)."""
    said = {w for line, spoken in conversation(text) if spoken for w in words(line.partition(": ")[0])}
    for sentence in question_sentences(text):
        if "?" in sentence:
            continue
        for clause in sentence.replace(":", ";").split(";"):
            start, claim = 0, False
            w = words(clause)
            for k, word in enumerate(w):
                if word in _CLAUSE_WORDS or word == "and":
                    start, claim = k + 1, False
                elif word in _REPORTING and not claim and 0 < k - start <= SPEAKER_WORDS:
                    said |= set(w[start:k])
                    claim = True  # what follows is the claim, whatever verbs it holds
    return said


@lru_cache(maxsize=1024)
def asking_part(question: str) -> str:
    """The part of a message that asks (`story_and_ask`), without an aside after its last question that asks
    nothing: "How many tents should we bring? My brother offered to pay for fuel, which is kind." asks for no price.
    A sentence after it that opens like a question, or tells of no one, asks ("…? when do they open", "…? name a
    few")."""
    said = question_sentences(story_and_ask(question)[1])
    last = max((k for k, sentence in enumerate(said) if "?" in sentence), default=len(said) - 1)
    while last + 1 < len(said) and _asks_too(said[last + 1]):
        last += 1
    return " ".join(said[:last + 1])


# Who a sentence tells of, when it tells rather than asks: its speaker or someone else, not the reader.
_TELLING = frozenset("i i'm i've i'd i'll my we we're we've our he he's his she she's her they they're their".split())


def _asks_too(sentence: str) -> bool:
    """Whether a sentence after a question asks as well: unless it tells of someone ("My brother offered…", "I'm
    nervous."), as a question does not open ("which months", "name a few", "Give me the list.")."""
    w = unclitic(words(sentence))
    return bool(w) and (w[0] in _ASKS or not _TELLING & set(w))


def asked_values(question: str) -> list[str]:
    """The kinds of value (keys of SHAPES) a question asks for, each of which a sentence must state to answer
    it: "What does a season ticket cost, and how much do ushers earn?" → money; "Which museums are ranked
    top in the country?" → named place; "Is it legal for the club to ask my age?" → law. Read in the sentences that
    ask (`asking_part`), but for another specialty, which the story may name as the field someone applies in ("I'm
    applying derm. How many programs?"; `_own_field`)."""
    told = words(question)
    question = asking_part(question)
    w = [without_possessive(x) for x in words(question)]
    pairs = set(zip(w, w[1:]))
    kinds = []
    # a price asked ("what does the course cost?", "the cost of a pass", "what will a pass cost us?"), not costs as
    # a topic ("lower costs", "what do they say about costs?")
    # nor a cost weighed: "is the trip worth the fare?", "are the fees worth it?" ask whether, not how much
    weighed = {k for k, x in enumerate(w) if "worth" in w[max(0, k - 3):k + 3]}
    priced = any("about" not in w[:k] and (k == len(w) - 1 or
                                           (x, w[k + 1]) == ("cost", "of") and bool({"what", "how"} & set(w)) or
                                           x == "cost" and "what" in w[:k] and bool(_DOING & set(w[:k])))
                 for k, x in enumerate(w) if x in {"cost", "costs"} and k not in weighed)
    unweighed = {x for k, x in enumerate(w) if k not in weighed}
    # "how much should I spend?", "how much do fellows make?"; not "how much time should I spend…?", "how much of…"
    spending = any(a == "how" and b == "much" and c in _AUXILIARIES | _DOING for a, b, c in zip(w, w[1:], w[2:]))
    # what someone earns, asked in so many words ("what do ushers earn?", "what do guides get paid per season?"); not
    # a thing earned ("what does it take to earn their trust?")
    # nor paid work ("what should I do to get paid work?"): the verb ends the clause, or says when or where
    earned = any(x in _EARNING and (x != "paid" or w[k - 1] in _GETTING) and "what" in w[:k] and
                 (_DOING | _AUXILIARIES) & set(w[:k]) and
                 (k == len(w) - 1 or w[k + 1] in _EARNED_WHEN or w[k + 1:k + 2] in (["a"], ["an"]) and
                  bool(w[k + 2:k + 3]) and w[k + 2] in TIME_UNITS) for k, x in enumerate(w))
    if unweighed & _MONEY_WORDS or (spending and _SPENDING & set(w)) or priced or earned or \
            any(a in {"pay", "pays", "earn", "earns"} and b in {"more", "less", "better", "best"} for a, b in pairs):
        kinds.append("money")
    if _SHARE_WORDS & set(w) or "% of" in question or "what %" in question.casefold() or \
            any(a in _RATE_OF and b in {"rate", "rates"} for a, b in pairs):
        kinds.append("share")
    if _DOSE_WORDS & set(w) or ("first", "line") in pairs or _how_i(w, _TREATING) or \
            any(a in _TREATMENT and b in {"of", "for", "to"} for a, b in pairs) or ("side", "effects") in pairs:
        kinds.append("dose")
    if w[:1] and w[0].startswith("who") and (_ROLES & set(_who_phrase(w)) or _FOUNDING & set(w[1:3]) or
                                             (len(w) > 1 and _past(w[1]))):
        kinds.append("person")  # "who chairs the board", "who wrote the report"; not "who should I ask"
    # "which…", "list the…"; not "my list" or "the program list", nouns after their determiner
    asking = next((k for k, x in enumerate(w) if x in {"which", "what"} or x in {"name", "list"} and _verb(w, k)),
                  None)
    # "which parks did the guide name?", not "what should be on my list?" (a noun after its determiner)
    naming = (bool({"which", "what"} & set(w)) and w[-1] in _NAMING and (len(w) < 2 or w[-2] not in _DETERMINERS)) \
        or ("by", "name") in pairs or ("names", "of") in pairs or \
        any(a in _NAMES_OF and b == "names" for a, b in pairs)
    specific_programs = any(x in {"which", "what"} and w[k + 1:k + 2] in (["specific"], ["particular"]) and
                            _PROGRAM_WORDS & set(w[k + 2:k + 5]) for k, x in enumerate(w))
    # "…by name", "actual names", "which specific programs…"; not "big names" or "which specific fellowships"
    # a terse ask without "which" or "what" asks for a ranking in so many words ("best parks ranking")
    # "what's my top priority?" ranks priorities: a ranking word ranks programs unless it ranks something else
    # "which kind of mentor is best…?" ranks mentors, whatever programs the question goes on to name
    head = list(takewhile(lambda x: x not in _PHRASE_VERBS, w[asking + 1:])) \
        if asking is not None and w[asking] in {"which", "what"} else []
    ranking = {x for k, x in enumerate(w) if x in (_RANKING if asking is not None else _RANKED) and
               (asking is None or k >= asking) and not _ranks_other(w[k + 1:])} \
        if not head or _PROGRAMS & set(head) else set()
    # a name asked of what the question asks about ("what model of care do the programs follow, by name?" names a
    # model), as a ranking is: programs by name only where the programs are what is asked, or no head says otherwise
    # "which programs have the lowest cutoffs?" picks programs out by a measure, as "top" ranks them; not "which
    # fellowship is the most competitive?", a kind of fellowship
    measured = bool(head) and w[asking] == "which" and bool(_PROGRAM_WORDS & set(head)) and \
        bool(_MEASURE_SUPERLATIVES & set(w[asking + 1:]))
    if any(a in {"which", "what"} and b in _INSTITUTIONS for a, b in pairs):
        kinds.append("named place")  # "which hospitals host…": named places, whatever they host
    # "what kinds of programs give me the best odds?" asks for a kind of program, not for programs by name
    elif _PROGRAMS & set(w) and not _KIND_WORDS & set(head[:1]) and (
            ranking or specific_programs or naming and (not head or bool(_PROGRAMS & set(head))) or measured or
            any(x in {"name", "list"} and w[k + 1:k + 2] and w[k + 1] in _SOME and _verb(w, k)
                for k, x in enumerate(w)) or
            _in_a_place(question)) and "way" not in w:
        kinds.append("named place")
    statistics = {a for a, b in zip(w, [*w[1:], ""]) if a in _STATISTICS and not (a == "mean" and b in _MEANING)}
    if statistics and (_RECENT & set(w) or any(a in {"last", "this"} and b in _LAST for a, b in pairs)):
        kinds.append("year")
    if _EXACT & set(w) and _DATE_WORDS & set(w) or ("what", "date") in pairs or \
            ("the", "deadline") in pairs and {"what", "when"} & set(w) or _names_date(words(question)) or \
            any(map(_dates_this_year, question_sentences(question))):
        # of one year's event: "what month is the fair this year?", "fair 2031 dates"; not advice on when to act,
        # which a time relative to the event answers ("When should I book, this year or next?": early)
        if not _ADVICE & set(w):
            kinds.append("date")
    if _LAW_WORDS & set(w):
        kinds.append("law")  # "is it legal for them to ask…?": what the law allows, which advice does not state
    if _UPPER_LIMITS & set(w):
        kinds.append("upper limit")  # "the maximum number of guests per cabin" is stated as one: "up to six"
    if "minimum" in w:
        kinds.append("lower limit")
    if permission_asked(question) is not None:
        kinds.append("permission")  # "am I allowed to bring a dog?": what a rule allows, which advice does not state
    if ("how", "long") in pairs and _length_said(w) and not lead_time(question):
        kinds.append("length")
    elif ("how", "long") in pairs:
        kinds.append("duration")
        if any(a == "long" and b in _BE for a, b in pairs) and not lead_time(question):
            kinds.append("lasting")
    if ("passing", "score") in pairs or ("to", "pass") in pairs and "score" in w:
        kinds.append("score")
    # a score told from another: "what does a 60% on the practice test convert to?", "which practice test best
    # predicts my real score?" (a score predicted, named after it; not "what is the score supposed to predict?")
    if _CONVERTING & set(w) and {"score", "scores"} & set(w) or \
            any(x in _PREDICTING and bool({"score", "scores"} & set(w[k + 1:]) or
                                          SHAPES["score"].search(" ".join(w[k + 1:]))) for k, x in enumerate(w)):
        kinds.append("conversion")
    if any(_counts_existing(part) for part in question.translate(_ASIDE_MARKS).split("|")):
        kinds.append("existing count")
    if (_specialties(w) or _own_field(told)) and not _PMR & set(told):
        kinds.append("other specialty")
    return kinds


_PERMITTING = frozenset("allowed permitted eligible".split())
_INVERTED = frozenset("am is are was were be can could will would do does did may might shall should".split())
_SUBJECTS = frozenset("i you we he she it they".split())
_SUBORDINATING = frozenset("before until till after when once if whenever".split())
_MODALS = _PERMITTING | frozenset("can cannot can't may must mustn't should need needs".split())
_RULE_WORDS = _PERMITTING | frozenset("eligibility rule rules policy required mandatory prohibited forbidden".split())


@lru_cache(maxsize=1024)
def permission_asked(question: str) -> str | None:
    """The act a question asks whether a rule allows, stemmed: "Am I allowed to bring my dog into the museum?" →
    "bring"; "Would bringing a dog be allowed?" → "bring"; "" when the clause does not name it ("Is that even
    allowed?"); None when no permission is asked, as where being allowed is a time ("How long must I wait before I'm
    allowed to leave?") or not asked at all ("I'm allowed two bags."). Only a question put to the allowing word
    asks it: an auxiliary before it, not said by its subject ("before I am allowed…" tells)."""
    for sentence in question_sentences(question):
        for clause in sentence.translate(_CLAUSE_MARKS).split("|"):
            w = unclitic(words(clause))
            for k, x in enumerate(w):
                if x not in _PERMITTING:
                    continue
                back = next((j for j in range(k - 1, -1, -1) if w[j] in _SUBORDINATING or
                             w[j] in _INVERTED and (j == 0 or w[j - 1] not in _SUBJECTS)), None)
                if back is None or w[back] in _SUBORDINATING:
                    continue
                after = content_words(" ".join(w[k + 1:k + 3])) if w[k + 1:k + 2] in (["to"], ["for"]) else []
                doing = [y for y in w[:k] if y.endswith("ing") and y not in STOPWORDS | {"being"}]
                act = after[:1] or doing[:1]
                return stem(act[0]) if act else ""
    return None


def _states_permission(sentence: str, question: str) -> bool:
    """Whether a sentence says if a rule allows the act a question asks about (`permission_asked`): the act named
    with a word that allows or obliges ("Guests may bring dogs on a leash." for "Am I allowed to bring my dog?"), or,
    for an act the question does not name, a rule in so many words ("Dogs are not permitted.")."""
    act = permission_asked(asking_part(question))
    said = words(sentence)
    if not act:
        return bool(_RULE_WORDS & set(said))
    return bool(_MODALS & set(said)) and any(x == act or same_family(x, act) for x in stemmed_words(sentence))


def _length_said(w: list[str]) -> bool:
    """Whether "how long" asks the length of something said or written ("How long should my cover note be?", "how
    long is too long to talk about it?"), which is given in words ("keep it short") as well as in minutes; not how
    long it takes or lasts ("how long does it take to write the note?"), nor a lead time (`lead_time`: "how long
    should I wait to reply?")."""
    k = next(k for k in range(len(w)) if w[k:k + 2] == ["how", "long"])
    rest = w[k + 2:]
    return bool(_SAID & {stem(x) for x in rest}) and not _TAKING & set(rest)


_PART_MARKS = ";:()—–?!"  # what sets a part of a sentence apart, as a comma may not
_ASIDE_MARKS = str.maketrans({c: "|" for c in _PART_MARKS})


def _counts_existing(part: str) -> bool:
    """Whether a part of a question asks how many of a thing there are ("How many huts exist on the ridge?",
    "how many are there", "the number of huts offered"), not how many to take: "How many huts should I book—is
    'every hut that exists' overkill?" asks the latter, in the part before the dash ("How many, roughly, exist?" is
    one part)."""
    w = words(part)
    pairs = set(zip(w, w[1:]))
    return bool({("how", "many"), ("number", "of")} & pairs) and bool(_EXISTING & set(w) or ("are", "there") in pairs)


def states(kind: str, sentence: str, question: str = "") -> bool:
    """Whether a guide sentence states a value of `kind`: "Tickets are $40." states money. Another specialty's
    facts are stated only where that specialty is named, and a passing score where the sentence says it passes ("You
    pass the written test with 180 or more.", not "Most drivers score around 210.")."""
    if kind == "other specialty":
        named = _specialties(words(question))
        w = words(sentence)
        return any(_specialties([x]) & named and _MATCHING & set(w[max(0, k - 2):k + 3]) for k, x in enumerate(w))
    if kind == "permission":
        return _states_permission(sentence, question)
    if kind == "score" and "pass" not in stemmed_words(sentence):
        return False  # a passing score is one said to pass, not "< 225 … a low-score concern"
    if kind == "date":
        asked = asking_part(question)
        subject = dated(asked)
        named = set(subject) if _dates_an_act(asked) else set(subject[:1])
        if not named & stemmed_words(sentence):
            return False  # a date of something else ("late July" to take an exam, for "when does the portal open")
    return bool(SHAPES[kind].search(sentence))


def says_when(sentence: str) -> bool:
    """Whether a sentence says when, as a question asking when needs: a time (SHAPES' "time"), a number to
    reach ("at what point is a score low?": "below 225") or a time relative to the matter ("early in the
    season"). "Bring a map." says no time."""
    return states("time", sentence) or bool(QUANTITY.search(sentence)) or bool(_RELATIVE_TIMES & set(words(sentence)))


def asks_next(question: str) -> bool:
    """Whether a question asks what comes after a step ("I've booked the ferry. What's next?", "and after that?",
    "then what do I pack?"): the guide's next step answers it, not the step taken. Not "next year", "the next
    meeting" or "the next couple of weeks", which name a time."""
    w = unclitic(words(question))
    pairs = set(zip(w, w[1:]))
    ends = zip(w, w[1:], [*w[2:], ""])  # "and after that?", "after that, what?"; not "the part after that, about…"
    return any(x == "next" and ABBREVIATIONS.get(after, after) not in _NEXT_TIMES
               for k, x in enumerate(w) for after in [next((y for y in w[k + 1:] if y not in _HOW_MANY_OF), "")]) or \
        bool({("then", "what"), ("what", "then"), ("comes", "after")} & pairs) or \
        any(a == "after" and b == "that" and c in {"", "what"} for a, b, c in ends)


_REASONS = frozenset("why purpose reason reasons gain benefit benefits".split())
_REASON_CUES = (" the point ", " what's the point ", " get out of ")
_LOSING = frozenset("lose loses losing lost".split())
_SKIPPING = frozenset("skip skips skipping skipped".split())


def asks_why(question: str) -> bool:
    """Whether a question asks for the reason behind advice or what it does for the asker: "Why book the ferry
    early?", "what's the point of a packing list?", "what do I gain from a guided tour?", "the purpose of a
    deposit?", "what do I get out of the museum pass?", "what does a deposit do for me?"; or what not doing it
    loses, which is what doing it gains ("What do I lose if I skip the guided tour?", "what is lost by not booking?";
    not "what do I lose if I switch trails?"). A guide gives the advice, then the reason ("Book the ferry early.
    This spares you the queue."), so the sentence after the advice answers it."""
    w = unclitic(words(asking_part(question)))
    said = f" {' '.join(w)} "
    # what a thing does for the asker, not what the asker does for someone ("what can I do for my host?")
    done_for = any(w[k:k + 2] == ["do", "for"] and w[k + 2:k + 3] in (["me"], ["my"]) and
                   "i" not in w[max(0, k - 2):k] for k in range(len(w)))
    # "so I don't lose my spot" fears a loss and asks nothing of what a thing gains
    lost = any(x in _LOSING and not (k and _negated(w[k - 1])) for k, x in enumerate(w))
    forgone = lost and (bool(_SKIPPING & set(w)) or _negated(" ".join(w)))
    return bool(_REASONS & set(w)) or done_for or forgone or any(cue in said for cue in _REASON_CUES)


def asks_first(question: str) -> bool:
    """Whether a question asks for the first of a guide's steps ("Where do I start?", "what's step one?", "what
    should I do first?", "the very first thing to pack?", "which step comes first?"): the list's first step
    answers it."""
    w = unclitic(words(question))
    pairs = set(zip(w, w[1:]))
    return any(x == "first" and _STEP_NOUNS & set(w[max(0, k - 2):k + 4]) for k, x in enumerate(w)) or \
        bool({("do", "first"), ("step", "one"), ("start", "with"), ("begin", "with")} & pairs) or \
        ("where" in w and bool({"start", "begin"} & set(w)))


def lead_time(question: str) -> bool:
    """Whether a question for a length of time asks how far ahead of or after something ("how many weeks before
    the race should I book?", "how long to wait after the interview?"), which a lead time answers ("two weeks
    before"), rather than how long a thing lasts. Read in the first question that asks a length of time ("How early
    should I book? Like, how many weeks before the race?"), else in the first question: not in a later one ("How
    long is the course? Should I book before May?")."""
    asked = [words(part) for part in question.split("?") if part.strip()] or [[]]
    w = next((w for w in asked if _asks_length(w)), asked[0])
    # "how long do I have to send it?" asks the time allowed, as "how long can I wait…?" does
    return bool(_LEAD & set(w)) or any(w[k:k + 2] == ["how", "long"] and "have" in w[k + 2:k + 5]
                                       for k in range(len(w)))


_ACTING = frozenset("i i'm i'd i'll i've we we're we'd you you're you'd should must ought to".split())


def own_lead(question: str) -> bool:
    """Whether a lead time asked (`lead_time`) is for the asker to act in ("how many weeks before the race should I
    book?", "how many days after the interview to write?"), which a time to act in answers ("book in early
    spring"); not for an event to happen ("how many weeks after the race do results come out?"), which only a length
    of time does ("results post within 3 weeks"): no one asked of acts, nor is told what to do."""
    return bool(_ACTING & set(words(question)))


def _asks_length(w: list[str]) -> bool:
    """Whether words ask a length of time: "how long", or a count of time units (`counted_thing`: "how many weeks")."""
    return ("how", "long") in zip(w, w[1:]) or bool(counted_thing(" ".join(w)) & TIME_UNITS)


def asks_amount(question: str) -> bool:
    """Whether a question asks for an amount ("How many rangers work here?", "How much water should I carry?",
    "What is the average wait?"): only a sentence stating a number answers it. "How much does the weather
    matter?" asks how far, not how many: "how much" before a verb asks a degree, and so does "how much weight…" (a
    price is asked as money)."""
    w = unclitic(words(question))
    pairs = set(zip(w, w[1:]))
    how_much = any(a == "how" and b == "much" and c not in _DEGREE_VERBS | _DEGREE_NOUNS | _LATER
                   for a, b, c in zip(w, w[1:], [*w[2:], ""]))
    return bool({("how", "many"), ("number", "of")} & pairs or how_much or _AMOUNT_WORDS & set(w))


def asks_wording(question: str) -> bool:
    """Whether a question asks what to say ("How should I word a complaint?", "how do I ask for a refund?", "what
    words do I use?"): only then does a script with blanks to fill ("Dear [name], …") answer it."""
    w = words(question)
    return bool(_WORDING & ({*w} | {stem(x) for x in w})) or _how_i(w, _SAYING)


def asks_count(question: str) -> bool:
    """Whether a question asks how many ("How many guides should we hire?", "the usual number of guides?"): a
    number of things answers it, not a length of time ("two weeks before")."""
    return count_asked(words(question)) is not None


def _who_phrase(w: list[str]) -> list[str]:
    """The words after "who" up to the first that links a phrase to what follows it: the role asked about is the
    head of that phrase however many words qualify it ("who is the island's summer ferry service director at Port
    Ellen?" → is, the, island, summer, ferry, service, director; "who should I ask to mentor me?" → should, i, ask)."""
    return list(takewhile(lambda x: x not in _LINKING, w[1:]))


def _past(word: str) -> bool:
    """A verb in the past tense, as "who" asks about a deed: "wrote", "published" (not "need", "bleed")."""
    return word in _PAST or (word.endswith("ed") and len(word) > 4 and not word.endswith("eed"))


def _ranks_other(after: list[str]) -> bool:
    """Whether the words after a ranking word rank something a program only qualifies: "top fellowship priority",
    "best residency advice" (a program word before another noun says whose); not "top 5 pain fellowships",
    "best PM&R residency programs right now", "top fellowship?" or "best residency in the country"."""
    run = list(takewhile(lambda x: x not in STOPWORDS, after))
    return bool(_PROGRAMS & set(run)) and not _PLURAL_PROGRAMS & set(run) and run[-1] not in _PROGRAMS


def _in_a_place(question: str) -> bool:
    """Whether a "which" question places what it asks about ("Which museums in Lisbon open late?"): a name
    after "in", not a code or an acronym ("which trails in PGY-4", "in MSK")."""
    tokens = [t.strip(",.;:!?()") for t in question.split()]
    return "which" in question.casefold().split() and any(
        a.casefold() in {"in", "at", "near", "around"} and b[:1].isupper() and b[1:].isalpha() and b[1:].islower()
        for a, b in zip(tokens, tokens[1:]))


def _how_i(w: list[str], verbs: frozenset[str]) -> bool:
    """Whether the words hold "how do/should/can I <verb>" for one of `verbs`."""
    return any(w[k] == "how" and w[k + 2:k + 3] in (["i"], ["you"], ["we"]) and w[k + 3:k + 4] and
               w[k + 3] in verbs for k in range(len(w)))


def named_exams(text: str) -> set[str]:
    """The licensing exams a text names ("Step 2 CK", "CK", "step three", "COMLEX Level 2"): a question for one
    exam's score is not answered by another's."""
    w = words(text)
    pairs = set(zip(w, w[1:]))
    named = {f"step {n}" for n, spelled in zip("123", ("one", "two", "three"))
             if {("step", n), ("step", spelled)} & pairs or f"step{n}" in w}
    if ("board", "exam") in pairs or ("board", "exams") in pairs or {"boards", "abpmr", "abepmr"} & set(w):
        named.add("boards")
    if "ck" in w:
        named.add("step 2")
    if "comlex" in w or any(a == "level" and b in "123" for a, b in pairs):
        named.add("comlex")
    return named


def exams_asked(asked: str, message: str) -> set[str]:
    """The exams a question asks about: those it names, or, where it says only "the exam" ("What's the passing
    score on the written exam?"), those the message named before it ("I'm sitting my diving boards in May.")."""
    named = named_exams(asked)
    return named or (named_exams(message) if {"exam", "exams", "test", "tests"} & set(words(asked)) else set())


def sits_exam(question: str) -> bool:
    """Whether a question is about sitting an exam ("should I take Step 3 in intern year?", "do I need to pass it
    before PGY-3?"): a verb of taking one. Not "should my statement explain my Step 1 fail?"."""
    return bool(_SITTING & set(words(question)))


def asks_when(question: str) -> bool:
    """Whether a question asks when ("By what month should the tent be booked?"): a sentence saying when (a
    month, a season, a year of training, a lead time) answers it best; so does "how much later can the tent be
    booked?". Not "when would a second tent make sense?": that asks on what condition."""
    w = unclitic(words(question))
    pairs = set(zip(w, w[1:]))
    when = any(a == "when" and b in _AUXILIARIES for a, b in pairs) or ("by", "when") in pairs or \
        any(a in {"how", "what"} and b in ASKS_WHEN for a, b in pairs) or ("how", "far") in pairs or \
        any(a == "how" and b == "much" and c in _LATER for a, b, c in zip(w, w[1:], w[2:]))
    return when and not _CONDITION & set(w)


def unclitic(w: list[str]) -> list[str]:
    """Words with a question word's "'s" said as "is": "when's the best time" → when, is, the, best, time. After
    any other word the "'s" is a possessive ("the academy's vision") and stays."""
    out: list[str] = []
    for x in w:
        base = without_possessive(x)
        out += [base, "is"] if base != x and base in _WH_WORDS else [x]
    return out


_CALENDAR_UNITS = frozenset("day date month year".split())
_DATED_BY = frozenset("is are was were will does do did".split())  # "what day is…", "which year will…"
_PAST_EVENT = frozenset("did was were".split())
_SAID_SO = _REPORTING | frozenset("mention mentioned suggest suggested recommend recommended advise advised write "
                                  "wrote".split())  # "when did the guide say…" asks what was said


def _names_date(w: list[str]) -> bool:
    """Whether a question asks what or when an event's date is, in so many words: "what's the entry deadline?",
    "when is race day?", "what is the ferry's date", "on what day does the ferry sail?", "which year will the
    museum reopen?", "when did the museum close?" (a past event's); not "what should I do before the deadline?",
    "when is the best time to go?", "what's a good date to go?", "which month of the season is quietest?" (a part of
    it), "what year would suit me?", "when was I supposed to book?" (the asker's act) or "when did the guide say to
    book?" (what was said)."""
    w = unclitic(w)
    if any(a in {"what", "which"} and b in _CALENDAR_UNITS and c in _DATED_BY
           for a, b, c in zip(w, w[1:], w[2:])):
        return True
    if any(w[k] == "when" and w[k + 1] in _PAST_EVENT and w[k + 2] not in _SUBJECTS | _DEMONSTRATIVES and
           not _SAID_SO & set(w[k + 2:]) for k in range(len(w) - 2)):
        return True
    for k in range(len(w) - 2):
        if w[k] in {"what", "when"} and w[k + 1] in {"is", "are", "was", "will"}:
            phrase = list(takewhile(lambda x: x not in STOPWORDS or x in {"the", "a"}, w[k + 2:k + 7]))
            # "what's the deadline?" asks an event's date; "what's a later date that's still okay?" a date to choose
            if any(x in _DATE_WORDS for x in phrase) and phrase[:1] != ["a"]:
                return True
    return False


def _dates_this_year(sentence: str) -> bool:
    """Whether a sentence asks when something is in a year named: "when is the fair this year?", "what month is
    the 2031 fair?"; not "Is this year too early to book?", which asks about a time of the asker's, nor "If I
    arrive in May 2031, when should I book?", where the year is in what the asker tells: the year and the asking
    words are in one clause."""
    return any(_dates_in_clause(clause) for clause in sentence.split(","))


def _dates_in_clause(sentence: str) -> bool:
    w = words(sentence)
    pairs = set(zip(w, w[1:]))
    this_year = any(a in {"this", "next"} and b in {"year", "month"} for a, b in pairs) or \
        any(len(x) == 4 and x.isdigit() and x.startswith("20") for x in w)
    return this_year and bool(({"when", "dates"} | _DATE_WORDS) & set(w) or
                              {a for a, b in pairs if b == "month"} & {"what", "which"})


def _dating_at(w: list[str]) -> int:
    """Where a question's words start asking for a date ("when", "date", "day", "deadline"), else their length."""
    return next((k for k, x in enumerate(w) if x in {"when", *_DATE_WORDS}), len(w))


def dated(question: str) -> list[str]:
    """What a question for a date dates, stemmed, in order: the words after its "when does" or "exact date", up to
    the next function word ("What exact date does the museum reopen after repairs?" → museum, reopen). The first
    is what has the date: a sentence dating the reopening must name the museum (`_dates_an_act`). With nothing
    after it, the words before a date named, nearest first ("what's the entry deadline?" → entry)."""
    w = words(question)
    start = _dating_at(w)
    subject: list[str] = []
    for x in w[start + 1:]:
        if x in STOPWORDS or x in _DATE_WORDS or x in _EXACT or x in CALENDAR or x in {"year", "month"}:
            if subject:
                break
            continue
        subject.append(x)
    if not subject and start < len(w) and w[start] in _DATE_WORDS:
        subject = list(takewhile(lambda x: x not in STOPWORDS and x not in _EXACT, reversed(w[:start])))
    return [stem(x) for x in subject]


def _dates_an_act(question: str) -> bool:
    """Whether a question for a date asks when the asker should do something ("when should I book the ferry?"),
    which a sentence naming what is done dates ("Book the ferry by March."); else it asks an event's own date
    ("when does the museum reopen?"), which only a sentence naming what has it does."""
    w = words(question)
    start = _dating_at(w)
    return bool({"i", "we", "you"} & set(w[start + 1:start + 4]))


def _specialties(w: list[str]) -> set[str]:
    return {stem(x) for x in w} & _SPECIALTY_STEMS


def _own_field(w: list[str]) -> set[str]:
    """Another specialty a message names as a field someone applies or trains in ("I'm applying derm", "going
    into ortho", "a derm residency"), not one said in passing ("fake a GI bug", "an anesthesia thing")."""
    return {stem(x) for k, x in enumerate(w) if _specialties([x]) and _FIELD_CUES & set(w[max(0, k - 2):k + 3])}


# Words that set something aside as had or known already ("besides", "other than"; "except" also takes "for").
_ASIDE = frozenset("besides except excluding".split())
_ASIDE_PAIRS = frozenset({("other", "than"), ("apart", "from"), ("aside", "from"), ("not", "from"),
                          ("isn't", "from"), ("not", "by"), ("isn't", "by")})
_CLAUSE_MARKS = str.maketrans({c: "|" for c in "," + _PART_MARKS})
SET_ASIDE_SHARE = 0.5  # of what a question sets aside, the share a sentence says that says only that


def set_aside(question: str, earlier: str = "") -> list[tuple[frozenset[str], ...]]:
    """What a question sets aside as had or known already: the things it names, each as its words' stems (a word's
    set holds shorthand and what it stands for: "MSK" → msk, musculoskeletal). "Besides sunscreen, what should I
    pack?" → (sunscreen); "Apart from the tent and the stove, …" → (tent), (stove): things joined by "and" or "or"
    are set aside each; "Besides my maps of the park, …" → (maps, park), one thing; "and the guide who isn't from
    the park service, who is she?" → (park, service) (up to the clause's end). "Other than that" sets aside each
    word of the sentence before, or of `earlier` (a follow-up's earlier turn): "I always pack snacks. Other than
    that, what should I bring?" → (always), (pack), (snacks). The answer is what else: a sentence saying what was
    set aside does not open it (`says_set_aside`)."""
    said = question_sentences(question)
    things: list[list[str]] = []
    for k, sentence in enumerate(said):
        for clause in sentence.translate(_CLAUSE_MARKS).split("|"):
            w = words(clause)
            for i, x in enumerate(w):
                pair = (x, w[i + 1]) if i + 1 < len(w) else None
                start = i + 1 if x in _ASIDE else i + 2 if pair in _ASIDE_PAIRS else None
                if start is None:
                    continue
                rest = [y for y in w[start:] if y != "for"]
                if not content_words(" ".join(rest)) and _DEMONSTRATIVES & set(rest[:2]) | {"them"} & set(rest[:1]):
                    things += [[y] for y in words(said[k - 1] if k else earlier)]  # "besides that": the one before
                else:  # "the tent and the stove": one thing between each "and" or "or"
                    things += [list(run) for joining, run in groupby(rest, key=_JOINING.__contains__) if not joining]
                break
    found = [tuple(stems for stems in map(stemmed_words, dict.fromkeys(thing)) if stems) for thing in things]
    return list(dict.fromkeys(thing for thing in found if thing))


_JOINING = frozenset("and or nor &".split())


def says_set_aside(aside: list[tuple[frozenset[str], ...]], sentence: str) -> bool:
    """Whether a sentence says what a question set aside (`set_aside`): SET_ASIDE_SHARE of its things, each said by
    more than half its words. For (tent), (stove): "Pack sunscreen and a tent." does, "Bring water." does not; for
    (maps, park): "Maps of the park are free." does, "Buy maps in town." does not."""
    if not aside:
        return False
    said = stemmed_words(sentence)
    return sum(2 * sum(bool(word & said) for word in thing) > len(thing) for thing in aside) >= \
        SET_ASIDE_SHARE * len(aside)


# What a question asks for beyond what its asker has: "what else…?", "what's left?", "am I missing anything?"
_MORE = frozenset("else left leave leaving missing remaining additional gap gaps outstanding".split())
DONE_SHARE = 0.35  # of a sentence's content words, the share a story tells for the sentence to say what was done


def told_done(question: str) -> str:
    """What a message tells its asker has or has done, when it asks what more there is: "I've booked the ferry and
    packed the tent. What else is left?" → the sentences before the one asking for more, which the answer does not
    repeat (`says_done`), but for questions: "I failed a dive test. Can I still dive? What else can I do?" asks
    about the test. Nothing when it asks for nothing more: "I failed the first dive test. Can I retake it?"."""
    said = question_sentences(question)
    asking = next((k for k, sentence in enumerate(said) if _MORE & set(words(sentence))), 0)
    return " ".join(sentence for sentence in said[:asking] if "?" not in sentence)  # what it tells, not asks


def says_done(told: str, sentence: str) -> bool:
    """Whether a guide sentence says what a message told as had or done (`told_done`): DONE_SHARE or more of its
    content words are the story's. "Book the ferry early." is said by "I've booked the ferry."; "Pack a map." is
    not."""
    said = {_undoubled(x) for x in stemmed_words(sentence)} if told else set()
    return bool(said) and len(said & {_undoubled(x) for x in stemmed_words(told)}) >= DONE_SHARE * len(said)


def _undoubled(stem_: str) -> str:
    """A stem without the consonant an inflection doubled: "submitt" (of "submitted") → "submit"."""
    return stem_[:-1] if len(stem_) > 4 and stem_[-1] == stem_[-2] and stem_[-1] in "bdgmnprt" else stem_


_NEGATIONS = frozenset("no not never without none zero 0 lack lacks lacking".split()) | \
    {f"{verb}nt" for verb in "do does did is are was were have has had ca wo could should would".split()}  # "doesnt"
_UNTIL = frozenset("until till".split())
_CLAUSE_WORDS = frozenset("but whereas while".split())


def _negated(text: str) -> bool:
    """Whether a clause says its verb does not hold, as "not" does; not with "until" after it ("I won't book it until
    May" books it, in May)."""
    said = words(text)
    return not _UNTIL & set(said) and any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in said)


def _clauses(message: str) -> list[str]:
    """A message cut into clauses at punctuation and at "but", "whereas", "while"."""
    clauses: list[list[str]] = []
    for piece in message.replace(" - ", "|").replace(".", "|").translate(_CLAUSE_MARKS).split("|"):
        clauses.append([])
        for word in words(piece):
            if word in _CLAUSE_WORDS:
                clauses.append([])
            else:
                clauses[-1].append(word)
    return [" ".join(clause) for clause in clauses if clause]


@lru_cache(maxsize=8192)  # every question reads the units of the same few hundred passages
def condition(unit: Unit, passage: str) -> str | None:
    """The condition a unit of `passage` is said under: the innermost of its lead-ins (`enclosing`) that opens with
    "if" ("If your car has chains:" over "- Drive the pass."), else None."""
    return next((part for part in enclosing(passage, unit) if words(part)[:1] == ["if"]), None)


def contradicts(condition_: str, message: str) -> bool:
    """Whether a message tells the trainee's case as the opposite of a guide's condition: "My tent doesn't have a
    rain fly. What do I do if it rains?" is not answered under "If your tent has a rain fly:", nor "I have a stove"
    under "If you lack a stove:". A clause of the message (cut at punctuation and at "but", "whereas", "while")
    holding at least half of the condition's content words tells the case; one negated ("no", "not", "without",
    "lacks", "…n't") and the other not, they are opposite. Clauses that disagree ("My friend's tent has a fly, mine
    has no fly") decide nothing."""
    terms = {stem(w) for w in content_words(condition_) if w not in _NEGATIONS}
    if not terms:
        return False
    told = [_negated(clause) for clause in _clauses(message) if 2 * len(terms & stemmed_words(clause)) >= len(terms)]
    negated = _negated(condition_)
    return bool(told) and all(said != negated for said in told)


# How a speaker takes back what they were asking, after a dash or a comma: "— no wait,", ", or rather,", "— I mean".
_REPAIRS = (("no", "wait"), ("wait",), ("or", "rather"), ("rather",), ("scratch", "that"), ("i", "mean"),
            ("actually",), ("sorry",), ("correction",))
_CLAUSE_BREAKS = str.maketrans({c: "|" for c in ",;—–"})
REPAIR_WORDS = 3  # words said before a repair, and after it, for it to correct a question rather than open one
_ASKS = _WH_WORDS | frozenset("should do does did is are am was were can could will would may might must has have "
                              "any".split())  # how a question opens


# What follows "what's step one" when it asks for the first step of something: "…for a permit?", "…in packing?"
_STEP_OF = frozenset("for in of to on when toward towards".split())


def first_step_said(question: str) -> str:
    """The question with "step one" written "the first step" where it asks for what comes first, so that it is not
    read as the exam Step 1: "New to hiking. What's step one for getting a permit?" → "…What's the first step for
    getting a permit?". It asks so after "what is" ("what's", "what was"), before what it is the step of ("for",
    "in", "to"…) or closing a question after something was said ("New to hiking — what's step one?"). "Step 1" in
    figures, as the guides write the exam, and "step one" said otherwise ("I failed step one", "now that step one is
    pass/fail", "what's step one like?", "What is step one?" alone) are left as they are."""
    tokens = question.split()
    out, k = [], 0
    while k < len(tokens):
        head = tokens[k - 1].casefold().replace("’", "'") if k else ""
        asking = head in {"what's", "whats"} or (head in {"is", "was"} and k > 1 and
                                                  tokens[k - 2].casefold() == "what")
        one = tokens[k + 1] if k + 1 < len(tokens) else ""
        core, tail = one.rstrip("?.!,;:—"), one[len(one.rstrip("?.!,;:—")):]
        after = tokens[k + 2].casefold() if k + 2 < len(tokens) else ""
        # closing the question, it is the first step of what was said before it: "What is step one?" alone asks
        # what the exam is
        said_before = k > (1 if head in {"what's", "whats"} else 2)
        if asking and tokens[k].casefold() == "step" and core.casefold() == "one" and \
                (after in _STEP_OF or (said_before and (tail or not after))):
            out += ["the", "first", f"step{tail}"]
            k += 2
            continue
        out.append(tokens[k])
        k += 1
    return " ".join(out) if out != tokens else question


def repaired(question: str) -> str:
    """A question its asker corrects midway, as corrected: "How long is the loop trail — no wait, how long is the
    ridge trail?" → "how long is the ridge trail?"; "I'm new here. Is the lake cold, or rather, can kids swim in
    it?" → "I'm new here. can kids swim in it?". What was taken back would pull the answer to it. "Sorry, quick
    one: …" and "Is it cold, actually?" take nothing back: nothing is said before, or nothing after; nor does
    "What should I pack — scratch that, for the ridge?", which puts a phrase, not a question, in place of one."""
    out = question
    for sentence in question_sentences(question):
        clauses = sentence.translate(_CLAUSE_BREAKS).split("|")
        start, kept = 0, sentence
        for k, clause in enumerate(clauses):
            w = words(clause)
            marker = next((m for m in _REPAIRS if tuple(w[:len(m)]) == m), None)
            before = sum(len(words(c)) for c in clauses[:k])
            start += len(clause) + 1
            rest = sentence[start:]
            if not marker or before < REPAIR_WORDS:
                continue
            tail = clause.split(None, len(marker))[len(marker):]  # the clause without its marker words
            asked = " ".join([*tail, *([rest.lstrip()] if rest.strip() else [])]).strip()
            # a question of its own, not a phrase put in place of one ("— scratch that, in my statement?")
            if len(words(asked)) >= REPAIR_WORDS and unclitic(words(asked))[0] in _ASKS:
                kept = asked
        if kept != sentence:  # the rest is kept as written, its line breaks too
            out = out.replace(sentence, kept, 1)
    return out


# Spoken fillers: sounds of hesitation, said anywhere; hedges and phrases said at the start or end of a clause, or
# between a question's verb and what it asks ("should I like ask…", "is it basically fine…")
_HESITATIONS = frozenset("um umm uh uhh uhm erm er hmm hm mm".split())
_HEDGES = frozenset("like basically honestly literally kinda sorta".split())
_FILLER_PHRASES = (("you", "know"), ("i", "mean"), ("i", "guess"), ("or", "whatever"), ("or", "something"),
                   ("or", "anything"), ("and", "stuff"), ("and", "whatnot"))
_CLAUSE_OPENERS = frozenset("so and but ok okay well also then".split())  # "so like what…": still the clause's start
_SUBJECTS_ASKED = _SUBJECTS | frozenset("this that".split())
_ASKING_VERBS = frozenset("should do does did is are am was were can could would will shall".split())
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[^A-Za-z\s]+|\s+")
_CLAUSE_ENDS = ",;:.!?—–()…\n"


def unfilled(message: str) -> str:
    """A message without the fillers of speech: "um so like when should I kinda book the ferry, I guess for the
    summer, you know?" → "so when should I book the ferry, for the summer?". A filler is a sound of hesitation
    ("um", "uh"); a hedge ("like", "basically", "honestly", "kinda") at a clause's start or between a question's verb
    and its subject or what follows ("is it like legal", "is basically fine"); or a phrase ("you know", "I mean", "I
    guess", "or whatever") that opens or closes a clause. Said otherwise they are words: "I like hiking", "what is the
    trail like?", "Like a relay, who goes first?", "do you know the dates?", "what kinda boots" (a kind asked, kept as
    "kind of"), "I'd like to ask"."""
    w = words(message)
    if not (_HESITATIONS | _HEDGES) & set(w) and not set(_FILLER_PHRASES) & set(zip(w, w[1:])):
        return message  # nothing to leave out, as in most messages
    tokens = _TOKEN.findall(message)
    kept: list[str] = []

    def said() -> list[str]:
        return [t for t in kept if not t.isspace()]

    def clause_start() -> bool:
        for t in reversed(said()):
            if not t[:1].isalpha():
                return any(c in _CLAUSE_ENDS for c in t)
            if t.casefold() not in _CLAUSE_OPENERS:
                return False
        return True

    def upcoming(k: int) -> list[str]:
        return [t for t in tokens[k:] if not t.isspace()]

    def clause_ends(k: int) -> bool:
        rest = upcoming(k)
        return not rest or rest[0][0] in _CLAUSE_ENDS

    def dropped(k: int, n: int) -> int:
        """Past n words from token k and the space after them; a comma left dangling goes with them."""
        while n:
            n -= not tokens[k].isspace()
            k += 1
        while k < len(tokens) and tokens[k].isspace():
            k += 1
        if k < len(tokens) and tokens[k] == "," and clause_start():
            k += 1
            while k < len(tokens) and tokens[k].isspace():
                k += 1
        elif clause_ends(k):
            while kept and (kept[-1].isspace() or kept[-1] == ","):
                kept.pop()
        return k

    k = 0
    while k < len(tokens):
        token, low = tokens[k], tokens[k].casefold()
        words_said = [t.casefold() for t in said() if t[:1].isalpha()]
        if low in _HESITATIONS:
            k = dropped(k, 1)
            continue
        following = [t.casefold() for t in upcoming(k)[:2]]
        if tuple(following) in _FILLER_PHRASES and tokens[k + 1:k + 2] == [" "] and \
                (clause_start() or clause_ends(k + 3)):
            k = dropped(k, 2)
            continue
        if low in {"kinda", "sorta"} and words_said[-1:] in (["what"], ["which"]):
            kept.append("kind of" if low == "kinda" else "sort of")  # "what kinda boots": a kind asked
            k += 1
            continue
        if low in _HEDGES:
            last = words_said[-1] if words_said else ""
            # "should I like ask", "is basically fine", "what's basically…"; not "do you like hiking?"
            between = len(words_said) >= 2 and last in _SUBJECTS_ASKED and words_said[-2] in _ASKING_VERBS or \
                last in _ASKING_VERBS - {"do"} or last.endswith(("'s", "’s"))
            # "like" opening a clause leads a comparison ("Like fixing a leak first — …?") unless a question or a
            # pause follows it ("like, when…", "so like what…")
            opens = clause_start() and (low != "like" or upcoming(k + 1)[:1] == [","] or
                                        following[1:2] and following[1] in _WH_WORDS | _ASKING_VERBS | _SUBJECTS_ASKED)
            rest = upcoming(k + 1)  # not a sentence's last word: "what is the trail like?"
            if (opens or between) and rest and rest[0][0] not in ".?!…" and following[1:] != ["to"]:
                k = dropped(k, 1)
                continue
        kept.append(token)
        k += 1
    return "".join(kept).strip() or message


_NAME_LINKS = frozenset("of for and & the in on".split())  # "Accreditation Council for Graduate Medical Education"
NAME_WORDS = 8  # words of a name spelled out at most


def guide_acronyms(texts: list[str]) -> dict[str, str]:
    """The acronyms the guides write, by their letters: {"acgme": "ACGME", "pmr": "PM&R", "img": "IMG"}, and by their
    letters and "+s" the plural they write ({"img+s": "IMGs"}); letters two acronyms share name neither."""
    found: dict[str, set[str]] = {}
    plurals = set()
    for text in texts:
        for token in text.split():
            token = token.strip(_PUNCTUATION + "/")
            if token.endswith("s") and token[:-1].isupper():  # "IMGs"
                token = token[:-1]
                plurals.add(token)
            letters = "".join(c for c in token if c.isalpha())
            if len(letters) >= 2 and letters.isupper() and all(c.isalnum() or c == "&" for c in token) and \
                    token[0].isalpha():
                found.setdefault(letters.casefold(), set()).add(token)
    said = {w.strip(_PUNCTUATION) for text in texts for w in text.split() if w.islower()}
    # not a word in capitals for emphasis ("You do NOT need…"), which the guides also write as a word
    acronyms = {letters: forms.pop() for letters, forms in found.items() if len(forms) == 1 and letters not in said}
    return acronyms | {f"{letters}+s": f"{form}s" for letters, form in acronyms.items() if form in plurals}


def abbreviated(message: str, acronyms: dict[str, str], written: str) -> str:
    """A message with the names it spells out written as the guides' acronyms for them (`guide_acronyms`), when the
    guides never write the name in full (`written`, their text casefolded): "the Accreditation Council for Graduate
    Medical Education" → "the ACGME", "United States Medical Licensing Examination Step 2 Clinical Knowledge" →
    "USMLE Step 2 CK", "International Medical Graduates" → "IMGs". A name is a run of capitalised words, function
    words between them ("for", "and", "of"), whose initials are an acronym's letters. Words in lower case are no
    name: "personal statement ready" is not "PSR"; nor are words all in capitals: "IS THE MAIN STAGE OPEN?" is
    shouted, and its "MAIN STAGE" is not "MS"."""
    tokens = _TOKEN.findall(message)
    # runs of capitalised words and the function words between them, each word one space from the next; a word all
    # in capitals is shouted or an acronym itself, not a word of a name ("MATCH STOP" spells no "MS")
    runs: list[list[int]] = []
    for k, token in enumerate(tokens):
        if not (token[:1].isupper() and not token[1:].isupper() or token.casefold() in _NAME_LINKS):
            continue
        if runs and runs[-1][-1] == k - 2 and tokens[k - 1] == " ":
            runs[-1].append(k)
        else:
            runs.append([k])
    out, done = [], 0
    for run in runs:
        k = 0
        while k < len(run):
            for stop in range(min(len(run), k + NAME_WORDS), k + 1, -1):
                name = [tokens[x] for x in run[k:stop]]
                content = [w for w in name if w.casefold() not in _NAME_LINKS]
                if len(content) < 2 or name[0] not in content or name[-1] not in content:
                    continue
                letters = "".join(w[0] for w in content).casefold()
                acronym = acronyms.get(letters)
                if acronym and " ".join(name).casefold() not in written:
                    # "International Medical Graduates" → "IMGs", where the guides write the plural so
                    out += tokens[done:run[k]] + [content[-1].endswith("s") and acronyms.get(f"{letters}+s") or
                                                  acronym]
                    done, k = run[stop - 1] + 1, stop
                    break
            else:
                k += 1
    return "".join(out + tokens[done:])


FRAME_WORDS = 5  # words of a letter's salutation ("Dear Dr. Lee,") or sign-off ("Thank you so much,\nSam")


def unframed(message: str) -> str:
    """A message written as a letter, without its salutation and sign-off, which ask nothing: "Dear Dr. Lee,\n\nIs
    the ridge trail open?\n\nBest,\nSam" → "Is the ridge trail open?". A salutation is a first line of at most
    FRAME_WORDS words ending on a comma; a sign-off, a closing block of lines (after the last blank line, or the
    last one or two lines) of at most FRAME_WORDS words and no question, after a finished sentence, whose first line
    has a comma after fewer than FRAME_WORDS words ("Best,\nSam", "Cheers, S."); not "…should I get\nfrom rangers,
    ideally". A message on one line, or one that would be left empty, is as it was. A post's tags frame it too
    (`untagged`)."""
    message = untagged(message)
    lines = message.strip().splitlines()
    if len(lines) < 2:
        return message
    if len(lines[0].split()) <= FRAME_WORDS and lines[0].rstrip().endswith(","):
        lines = lines[1:]
    blank = max((k for k, line in enumerate(lines) if not line.strip()), default=None)
    for start in ([] if blank is None else [blank + 1]) + [len(lines) - 2, len(lines) - 1]:
        block = [line.strip() for line in lines[max(start, 1):] if line.strip()]
        head, comma, _ = block[0].partition(",") if block else ("", "", "")
        before = [line.strip() for line in lines[:max(start, 1)] if line.strip()]
        if comma and len(head.split()) < FRAME_WORDS and len(" ".join(block).split()) <= FRAME_WORDS and \
                "?" not in " ".join(block) and before and before[-1].endswith((".", "?", "!", ")")):
            lines = lines[:max(start, 1)]
            break
    return "\n".join(lines).strip() or message


_MONEY_SIGN = re.compile(r"\$+(?!\s*\d)")  # "$?", "$ amount", "$___", not "$40"


def signs_read(message: str) -> str:
    """A message with a money sign that stands for a word written as the word: "ferry ticket → $?" → "ferry ticket →
    price?", "how much $ does the pass cover?" → "how much price does…", which asks a price; a "$" before a digit
    tells an amount ("I paid $40.") and stays. (A "#" for "number" is not read so: "realistic # of talks a day?"
    reads worse as "number of" than as written, and a "#" may open a comment or a tag.)"""
    return _MONEY_SIGN.sub(lambda m: "price" if m.string[m.end():m.end() + 1] in ("", " ", "?", "!", ".", ",")
                           else "price ", message)


_TAG = re.compile(r"(?<![\w&/])([#@])([A-Za-z][\w-]*)")
_TAGS_CLOSING = re.compile(r"(\s*(?:[#@][A-Za-z][\w-]*|[^\w\s?!.,;:'’\"“”()-]))+\s*$")


def untagged(message: str) -> str:
    """A social-media post as asked, without what tags it: "@rangers_desk #Hiking how early should I book the hut?
    #TrailLife #GR20" → "Hiking how early should I book the hut?". An @mention says whom the post is for, as a
    salutation does, and a closing run of hashtags files it, as a sign-off signs it: both go. A hashtag inside a
    sentence is read as its words ("#TrailLife" → "Trail Life"), but one in capitals ("#GR20", "#NPS") only labels
    the post, like the closing ones. A message that would be left empty is as it was."""
    if not _TAG.search(message):
        return message

    def words_of(tag: re.Match) -> str:
        if tag[1] == "@" or not any(c.islower() for c in tag[2]):
            return ""
        return "".join(f" {c}" if c.isupper() and k and tag[2][k - 1].islower() else c
                       for k, c in enumerate(tag[2])).replace("_", " ")
    text = _TAG.sub(words_of, _TAGS_CLOSING.sub("", message))
    text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    return text if words(text) else message


# Where in a run of parts a question points: "the first two months", "the final stretch", "the middle chunk".
_PLACES = {**dict.fromkeys("first opening initial beginning starting earliest".split(), 0),
           **dict.fromkeys("last final closing concluding ending latest".split(), -1),
           **dict.fromkeys("middle mid".split(), "middle"), "second": 1, "third": 2, "fourth": 3}
# Words a part of a run is called by, whatever the run's own heading word ("the last leg of the hike")
_PARTS = frozenset("stretch chunk part parts phase phases stage stages half leg legs section sections bit portion "
                   "period sprint block blocks window round piece".split())
_HOW_MANY_OF = frozenset("two three four couple few several of 2 3 4".split())  # "first couple of months"
_NUMBERS = {x: str(n) for n, x in enumerate("one two three four five six seven eight nine ten".split(), 1)}


_OWN = frozenset("my your his her our their".split())


def _pronoun_one(w: list[str], k: int) -> bool:
    """Whether the "one" after a plural ("the weeks one?") stands for a thing rather than a number ("weeks one and
    two"; "week one")."""
    return w[k + 1] == "one" and w[k].endswith("s") and w[k + 2:k + 3] not in (["and"], ["or"], ["to"], ["through"])


def asked_position(question: str, label: str) -> int | str | None:
    """Which part of a run the guide heads "<label> 1", "<label> 2"… a question asks for, by its place or by its
    number: "What happens in the last leg of the walk?" → -1; "what do the first two weeks look like?" → 0 for
    a run of "Week 1–2", "Week 3–4"…; "the middle chunk" → "middle"; "in weeks five and six?" → "5". A place is
    said of a part: its heading word or a word for a part ("stretch", "phase", "half"), after at most a count
    ("couple of"); a number, after the heading word. The last one said counts: "after weeks 1–2, and the final
    two weeks?" asks the last. Not "my first mentor meeting" (a meeting is no part of the run), nor a place said
    of nothing, nor "the last week before the race" (a time before something else), nor "the first half of my
    trip" (the asker's own time), nor "the weeks one" (a thing, not a number)."""
    w = unclitic(words(question))
    label = stem(label.casefold())
    found: int | str | None = None
    for k, x in enumerate(w):
        head, _, number = x.partition("-")
        if not number and k + 1 < len(w) and not _pronoun_one(w, k):
            number = _NUMBERS.get(w[k + 1], w[k + 1]).partition("-")[0]  # "month 3-4"
        if stem(head) == label and number.isdigit():  # "weeks 5–6", "week five", "PGY-3"
            found = number
        elif x in _PLACES:
            counted = list(takewhile(lambda y: y in _HOW_MANY_OF, w[k + 1:k + 4]))
            part = w[k + 1 + len(counted):k + 2 + len(counted)]
            after = w[k + 2 + len(counted):k + 4 + len(counted)]
            # "the last month before the exam" is a time relative to something else, and "the first half of your
            # third year" a part of the asker's own time, not a part of the run
            if part and (part[0] in _PARTS or stem(part[0]) == label) and after[:1] not in (["before"], ["after"]) \
                    and not (after[:1] == ["of"] and after[1:] and after[1] in _OWN):
                found = _PLACES[x]
    return found


_SPELLS = frozenset("abbreviation abbreviations abbreviated acronym acronyms initials".split())


def in_capitals(text: str) -> list[str]:
    """The words a text writes in capitals, as acronyms are ("PSR", "PM&R", "NBMEs"), casefolded."""
    bare = (word.strip(_PUNCTUATION + "'?!") for word in text.split())
    return [word.casefold() for word in bare
            if sum(c.isupper() for c in word) >= 2 and not any(c.islower() for c in word.removesuffix("s"))]


def expansion_asked(question: str) -> str:
    """The acronym whose words a question asks for, casefolded, or "": "What does 'IRB' stand for?" → "irb";
    "the acronym NIH in that list?" → "nih"; "what's PT short for" → "pt"; "what does psr mean" → "psr". A
    question that asks what something means for the trainee does not ask for words ("What does a GPA cutoff mean
    for me?": "mean" follows no acronym), nor what someone means ("What do PIs mean by fit?"). The acronym is the
    word written in capitals, else the word before "mean" or "stand for"; whether a lower-case word is an acronym,
    the guides say (`expands`)."""
    said = asking_part(question)
    capitals = in_capitals(said)
    w = words(said)
    for k, word in enumerate(w):
        before = w[k - 1] if k and w[k - 1] not in STOPWORDS else ""
        if word in _SPELLS or w[k:k + 2] in (["stand", "for"], ["stands", "for"], ["short", "for"]):
            return capitals[0] if capitals else before
        if word in {"mean", "means"} and before and (before in capitals or not capitals) and w[k + 1:k + 2] != ["by"]:
            return before
    return ""


def expands(acronym: str, text: str) -> bool:
    """Whether a text gives the words of an acronym beside it: "Detail models of Pain Management and Spine
    Rehabilitation (PSR)." expands "psr" (its letters in order among the initials, first and last matching);
    "AAP (Association of Academic Physiatrists)" expands "aap"; "Pass PM&R board exams (ABEPMR)" expands
    nothing. Function words ("of", "and", "&") give no initial."""
    letters = [c for c in acronym if c.isalpha()]
    tokens = [t.strip(_PUNCTUATION) for t in text.split()]
    reach = 2 * len(letters) + 2
    for k, token in enumerate(tokens):
        if token.casefold() != acronym:
            continue
        before, after = tokens[max(0, k - reach):k], tokens[k + 1:k + 1 + reach]
        runs = [before[start:] for start in range(len(before))] + [after[:stop] for stop in range(1, len(after) + 1)]
        if any(_initialism(letters, [t[0].casefold() for t in run if t and t.casefold() not in STOPWORDS])
               for run in runs):
            return True
    return False


def _initialism(letters: list[str], initials: list[str]) -> bool:
    """Whether an acronym's letters are the initials of a run of words, in order, first and last matching."""
    if not initials or initials[0] != letters[0] or initials[-1] != letters[-1] or len(initials) > len(letters) + 2:
        return False
    rest = iter(initials)
    return all(c in rest for c in letters)


# How a message joins a second question to the first: ", and how…", "also what's…", "plus how many…".
_JOINERS = frozenset("and also plus".split())


def separate_asks(message: str) -> list[str]:
    """The questions a message asks, each with the story told before them: "I'm an M3. How early do I book the hut,
    and how much does the ferry cost?" → ["I'm an M3. How early do I book the hut?", "I'm an M3. how much does the
    ferry cost?"]. Questions are its sentences with a question mark, the items of a numbered list ("1) … 2) …"), and
    clauses a joiner opens before a question word (", and how…", "also is…", "plus what…"). One question, or none,
    is the message itself. The lines of a conversation it quotes tell its story (`conversation`)."""
    story, asked = [], []
    for sentence, spoken in ((s, spoken) for line, spoken in conversation(message) for s in question_sentences(line)):
        said = [w for w in unclitic(words(sentence)) if w not in _JOINERS]
        if spoken:
            story.append(sentence)
            continue
        if "?" not in sentence and not _numbered(sentence.split()) and not (asked and said[:1] and said[0] in _ASKS):
            if asked:  # an aside after a question ("Two of us.") goes with it
                asked[-1] = f"{asked[-1]} {sentence}"
            else:
                story.append(sentence)
            continue
        for item in _numbered_items(sentence):
            asked += _joined_clauses(item)
    if len(asked) < 2:
        return [message]
    told = " ".join(story)
    return [f"{told} {ask}".strip() for ask in asked]


def _numbered(tokens: list[str]) -> list[int]:
    """Where a numbered list's items start among a sentence's tokens ("1)", "2."): from "1" on, in order."""
    starts, expected = [], 1
    for k, token in enumerate(tokens):
        if token in (f"{expected})", f"{expected}."):
            starts.append(k)
            expected += 1
    return starts if len(starts) >= 2 else []


def _numbered_items(sentence: str) -> list[str]:
    tokens = sentence.split()
    starts = _numbered(tokens)
    if not starts:
        return [sentence]
    return [" ".join(tokens[a + 1:b]) for a, b in zip(starts, [*starts[1:], len(tokens)]) if b > a + 1]


def _joined_clauses(question: str) -> list[str]:
    """A question split where a joiner opens a second one: "How many letters, and how much is the fee?" → "How many
    letters?", "how much is the fee?". "and" alone joins only after a comma ("pens and what else" is one question);
    "also" and "plus" join anywhere before a question word."""
    tokens = question.split()
    for k in range(1, len(tokens) - 1):
        joiner = words(tokens[k])
        after = words(tokens[k + 1])
        if joiner and joiner[0] in _JOINERS and after and unclitic(after)[0] in _ASKS and \
                (joiner[0] != "and" or tokens[k - 1].endswith(",")):
            first = " ".join(tokens[:k]).rstrip(",;") + "?"
            return [first, *_joined_clauses(" ".join(tokens[k + 1:]))]
    return [question]
