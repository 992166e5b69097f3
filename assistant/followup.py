"""Pure: recognises a follow-up question and folds in the earlier turn it depends on."""
from assistant.text import content_words, question_sentences, words

# How a turn that carries on the conversation opens: a connective, a "what about", a "why", a filler word
# ("wait so…", "ok and…"). Closed classes of English, read on the question's first words.
_CONNECTIVES = frozenset("and but so also then ok okay same why".split())
_OPENING_PAIRS = frozenset({("what", "about"), ("how", "about"), ("what", "if"), ("is", "that"), ("does", "that"),
                            ("should", "i", "also"), ("should", "i", "still")})
_FILLERS = frozenset("wait hmm hm oh ah right cool great thanks alright sure".split())
_TWO_WORD_FILLERS = frozenset({("got", "it"), ("thank", "you")})
# Words that lean on an earlier turn for what they mean.
_REFERENCES = frozenset("it its they them their those these that this there one ones he she him her either "
                        "both same".split())
# Words with which a turn asks something of its own ("and how early should I ask?"), unlike "and for pain?".
_ASKING = frozenset("how what when where why which who should can could will would is are if i they we you he "
                    "she it".split())
_ELLIPSIS_OPENERS = frozenset({"for", "with", "in", "as", "about"})
FOLLOW_UP_WORDS = 25  # a turn opening on a connective may be this long and still carry on the conversation
LEANING_WORDS = 14  # a turn this short leaning on a reference word carries on the conversation
ELLIPSIS_WORDS = 8  # "and for sports med?" is short: a new subject, nothing asked
ACKNOWLEDGEMENT_WORDS = 2  # "Fine —", "Makes sense," before a follow-up


def _opening(question: str) -> list[str]:
    """The question's words after any filler ("wait", "ok so", "got it,")."""
    w = words(question)
    k = 0
    while k < len(w):
        if w[k] in _FILLERS:
            k += 1
        elif tuple(w[k:k + 2]) in _TWO_WORD_FILLERS:
            k += 2
        else:
            break
    return w[k:]


def is_follow_up(question: str) -> bool:
    """Questions that open with a connective ("so how far ahead…", after a "wait" or "ok"), short ones that lean
    on a pronoun for their subject ("and how much does it cost?", "wait, is that too late?"), and short messages
    whose question is bare, whatever they say before it ("Final week, days 6–7: what's on the list?")."""
    w, short = words(question), len(question.split()) <= FOLLOW_UP_WORDS
    rest = _opening(question)
    after = _opening(_unacknowledged(question))  # "Fine — and…" opens on its connective
    if short and rest and (len(rest) < len(w) or any(
            x and (x[0] in _CONNECTIVES or {tuple(x[:2]), tuple(x[:3])} & _OPENING_PAIRS) for x in (rest, after))):
        return True
    return (len(question.split()) <= LEANING_WORDS and bool(_REFERENCES & set(w))) or \
        len(content_words(question)) <= 1 or (short and len(content_words(_asked(question))) <= 1)


def _asked(question: str) -> str:
    """What a message asks in so many words: the last clause of its last question ("Final week, days 6–7: what's on
    the list?" → "what's on the list?"). Bare ("What should I do?"), it asks about what was said before."""
    asking = [s for s in question_sentences(question) if "?" in s] or question_sentences(question) or [question]
    return asking[-1].replace("—", ":").replace(";", ":").split(":")[-1]


def _unacknowledged(question: str) -> str:
    """The question without a short acknowledgement before it ("Fine — and for the kids?", "Perfect, so how long?"):
    ACKNOWLEDGEMENT_WORDS words at most, closed by a dash, a comma or a full stop, asking nothing."""
    marks = [k for k in (question.find(c) for c in "—,.!") if k > 0]
    if not marks:
        return question
    head, tail = question[:min(marks)], question[min(marks) + 1:]
    return tail if tail.strip() and len(head.split()) <= ACKNOWLEDGEMENT_WORDS and "?" not in head else question


def is_elliptical(question: str) -> bool:
    """A follow-up that names a new subject but asks nothing of its own: "and for the kids?", "what about
    Sundays?" (the earlier question's "how many" still holds)."""
    w = words(question)
    while w and w[0] in {"and", "but", "ok", "okay", "so"}:
        w = w[1:]
    if tuple(w[:2]) in {("what", "about"), ("how", "about"), ("same", "for")}:
        w = w[2:]
    elif w[:1] and w[0] in _ELLIPSIS_OPENERS:
        w = w[1:]
    elif len(words(question)) == len(w):
        return False
    asks = {x.replace("’", "'").split("'")[0] for x in w} & _ASKING
    return 0 < len(w) <= ELLIPSIS_WORDS and not asks and question.count("?") <= 1


def contextual_query(question: str, earlier_questions: list[str]) -> str:
    """The question as retrieval should see it: a follow-up carries the previous question's subject, itself
    read in its own context ("What to pack for a hike?", "and during it?", "and after it?" keeps the hike)."""
    if not earlier_questions or not is_follow_up(question):
        return question
    return f"{contextual_query(earlier_questions[-1], earlier_questions[:-1])} {question}"
