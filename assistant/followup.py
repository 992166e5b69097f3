"""Pure: recognises a follow-up question and folds in the earlier turn it depends on."""
import re

from assistant.text import content_words

_OPENERS = re.compile(r"^(and|but|so|also|then|what about|how about|what if|ok(ay)?|same|is that|does that|"
                      r"should i (also|still)|and what|and how|and when|why)\b", re.IGNORECASE)
_REFERENCES = re.compile(r"\b(it|its|they|them|their|those|these|that|this|there|one|ones|he|she|him|her|"
                         r"the same|either|both)\b", re.IGNORECASE)


def is_follow_up(question: str) -> bool:
    """Short questions that open with a connective or lean on a pronoun for their subject."""
    words = question.split()
    if len(words) > 14:
        return False
    return bool(_OPENERS.search(question.strip()) or _REFERENCES.search(question)) or len(content_words(question)) <= 1


def contextual_query(question: str, earlier_questions: list[str]) -> str:
    """The question as retrieval should see it: a follow-up carries the previous question's subject."""
    if not earlier_questions or not is_follow_up(question):
        return question
    return f"{earlier_questions[-1]} {question}"
