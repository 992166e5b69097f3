"""Optional LLM answers over the numbered passages, verified sentence by sentence before they are shown."""
import logging
import re

from assistant.answer import Answer
from assistant.citations import Citation, cited_numbers, without_markers
from assistant.retrieve import Hit
from assistant.text import content_words, stem, word_overlap

logger = logging.getLogger(__name__)
SUPPORT = 0.6  # share of a sentence's content words its passage must contain
PROMPT = """You answer questions from PM&R trainees using ONLY the numbered passages below.
Write 1-4 short sentences. End every sentence with the number of the passage that supports it, like [2].
If the passages do not answer the question, reply exactly: NOT COVERED.

{passages}

Question: {question}"""


def chat_model(base_url: str | None, model: str | None, api_key: str | None, *, timeout: float = 30.0):
    """The chat model of an OpenAI-compatible server (answers and draft polish share it), or None when none is
    configured."""
    if not base_url:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=base_url, model=model or "default", api_key=api_key or "not-needed",
                      timeout=timeout, max_retries=0, temperature=0)


def llm_answerer(base_url: str | None, model: str | None, api_key: str | None, *, timeout: float = 30.0):
    """An LLMAnswerer for an OpenAI-compatible server, or None when none is configured."""
    chat = chat_model(base_url, model, api_key, timeout=timeout)
    return LLMAnswerer(chat) if chat is not None else None


class LLMAnswerer:
    def __init__(self, chat_model):
        self.chat_model = chat_model

    def answer(self, question: str, hits: list[Hit], *, fallback: Answer) -> Answer:
        """The model's answer with only verified citations; `fallback` on error or when nothing survives."""
        passages = "\n\n".join(f"[{i}] ({h.passage.section}) {h.passage.text}" for i, h in enumerate(hits, 1))
        try:
            reply = self.chat_model.invoke(PROMPT.format(passages=passages, question=question))
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
        except Exception as exc:  # any server, network or timeout failure: the extractive answer stands
            logger.warning("LLM call failed, using the extractive answer: %s", exc)
            return fallback
        return verified(text, hits) or fallback


def verified(text: str, hits: list[Hit]) -> Answer | None:
    """Keep sentences whose citation supports them, re-citing to a passage that does; drop the rest."""
    if "NOT COVERED" in text:
        return None
    kept: list[tuple[str, int]] = []
    for sentence in re.split(r"(?<=[.!?\]])\s+(?=[A-Z])", text.strip()):
        claimed = cited_numbers(sentence)
        bare = without_markers(sentence)
        if len(bare.split()) < 3:
            continue
        supporting = [n for n in claimed if 1 <= n <= len(hits) and supports(bare, hits[n - 1].passage.text)]
        if not supporting:
            supporting = [n for n in range(1, len(hits) + 1) if supports(bare, hits[n - 1].passage.text)][:1]
        if supporting:
            kept.append((bare, supporting[0]))
    if not kept:
        return None
    numbers: dict[int, int] = {}
    sentences = [f"{bare} [{numbers.setdefault(n, len(numbers) + 1)}]" for bare, n in kept]
    citations = [Citation.of(new, hits[old - 1]) for old, new in numbers.items()]
    return Answer(answer=" ".join(sentences), grounded=True, citations=citations, sentences=sentences,
                  passage_ids=[hits[old - 1].passage.id for old in numbers])


def supports(sentence: str, passage: str) -> bool:
    """Most of the sentence's content words occur in the passage (stemmed)."""
    return word_overlap({stem(w) for w in content_words(sentence)}, passage) >= SUPPORT
