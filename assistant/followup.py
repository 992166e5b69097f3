"""Pure: recognises a follow-up question and folds in the earlier turn it depends on."""
import re

from assistant.text import content_words

_OPENERS = re.compile(r"^(and|but|so|also|then|what about|how about|what if|ok(ay)?|same|is that|does that|"
                      r"should i (also|still)|and what|and how|and when|why)\b", re.IGNORECASE)
_ELLIPTICAL = re.compile(r"^(?:(?:and|but|ok(?:ay)?|so),?\s+)?(?:what about|how about|and for|and with|and in|and as|"
                         r"same for|for|and)\b(?!.*\b(?:how|what|when|where|why|which|who|should|can|could|will|"
                         r"would|is|are|if|i|they|we|you|he|she|it)\b)[^?]{0,60}\??$", re.IGNORECASE)
_FILLERS = re.compile(r"^((wait|hmm+|hm+|oh|ah|right|cool|great|got it|thanks|thank you|alright|sure)\b[,.!]*\s*)+",
                      re.IGNORECASE)
_REFERENCES = re.compile(r"\b(it|its|they|them|their|those|these|that|this|there|one|ones|he|she|him|her|"
                         r"the same|either|both)\b", re.IGNORECASE)


def is_follow_up(question: str) -> bool:
    """Questions that open with a connective ("so how far ahead…", after a "wait" or "ok"), or short ones
    that lean on a pronoun for their subject."""
    words = question.split()
    question = question.strip()
    stripped = _FILLERS.sub("", question)
    if len(words) <= 25 and stripped and (stripped != question or _OPENERS.search(stripped)):
        return True
    return (len(words) <= 14 and bool(_REFERENCES.search(question))) or len(content_words(question)) <= 1


def is_elliptical(question: str) -> bool:
    """A follow-up that names a new subject but asks nothing of its own: "and for pain?", "what about
    sports med?" (the earlier question's "how many" still holds)."""
    return bool(_ELLIPTICAL.match(question.strip()))


def contextual_query(question: str, earlier_questions: list[str]) -> str:
    """The question as retrieval should see it: a follow-up carries the previous question's subject."""
    if not earlier_questions or not is_follow_up(question):
        return question
    return f"{earlier_questions[-1]} {question}"
