"""The assistant: a question (and its session) in, a cited answer or an honest refusal out."""
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.runnables import RunnableLambda

from assistant.answer import MIN_EVIDENCE, PART_EVIDENCE, Answer, ExtractiveAnswerer
from assistant.citations import without_markers
from assistant.followup import contextual_query
from assistant.retrieve import HybridRetriever, HybridSearch, hits_of
from assistant.sessions import SessionStore, Turn
from assistant.text import spelled_out
from assistant.understand import asking_part, repaired, separate_asks, signs_read, unfilled, unframed
from ingest.errors import IndexNotReady, InputError
from ingest.store import Store

logger = logging.getLogger(__name__)
MAX_QUESTION = 2000
RETRIEVE_K = 6


@dataclass
class Reply:
    session_id: str
    answer: Answer


class Assistant:
    """Composes follow-up rewriting → hybrid retrieval (a langchain-core retriever) → answering as one
    langchain-core runnable."""

    def __init__(self, *, store: Store, search: HybridSearch, answerer: ExtractiveAnswerer, sessions: SessionStore,
                 llm=None):
        self.store = store
        self.search = search
        self.retriever = HybridRetriever(search=search, k=RETRIEVE_K)
        self.answerer = answerer
        self.sessions = sessions
        self.llm = llm
        self.chain = RunnableLambda(self._retrieve) | RunnableLambda(self._answer)

    def topics(self) -> list[str]:
        return self.store.titles()

    def ask(self, question: str, session_id: str | None = None) -> Reply:
        """`session_id` None starts a conversation; an id the server did not issue, or that expired, is NotFound."""
        question = validate_question(question)
        history = self.sessions.history(session_id) if session_id else []
        answer = self.chain.invoke(self._state(question, history))
        # A message asking two things, one the guides cover, is answered on that one: "How many letters do I need,
        # and what does the portal charge?" is not refused for the fee.
        parts = separate_asks(question) if not answer.grounded else []
        if len(parts) > 1:
            answers = (self.chain.invoke({**self._state(part, history), "threshold": PART_EVIDENCE}) for part in parts)
            answer = next((a for a in answers if a.grounded), answer)
        opened = without_markers(answer.sentences[0]) if answer.grounded and answer.sentences else ""
        session_id = self.sessions.append(session_id, Turn(question, answer.passage_ids, opened))
        return Reply(session_id, answer)

    def embed_ahead(self, conversations: list[list[str]]) -> None:
        """Embeds, in one batch, what asking each conversation's turns in order will embed: a caller about to ask
        many questions at once (an evaluation over a question set) saves a model call per turn. Answers are the
        same with or without it."""
        texts = []
        for turns in conversations:
            history: list[Turn] = []
            for turn in turns:
                state = self._state(validate_question(turn), history)
                texts += self._embedded_texts(state)
                history.append(Turn(turn, []))
        self.search.embed(list(dict.fromkeys(texts)))

    def _state(self, question: str, history: list[Turn]) -> dict:
        """What the chain needs to answer `question` after the earlier turns of its conversation."""
        # misspelt words are read as the guides spell them, in what is asked and in the earlier turns it is read with;
        # what the trainee took back ("— no wait, …") is not asked, nor is a letter's salutation or sign-off
        question = self.search.read(question)
        earlier = [repaired(self.search.abbreviated(unfilled(unframed(signs_read(turn.question)))))
                   for turn in history]
        query = self.search.corrected(contextual_query(question, earlier))
        avoid = frozenset(history[-1].cited) if history else frozenset()
        # The previous answer's first sentence, so a follow-up does not open on it again.
        repeated = history[-1].opened if history else ""
        return {"question": question, "query": query, "avoid": avoid, "repeated": repeated}

    def stream(self, question: str, session_id: str | None = None) -> tuple[Reply, Iterator[str]]:
        """The reply, and its answer as the text pieces a client shows one after another."""
        reply = self.ask(question, session_id)
        sentences = reply.answer.sentences or [reply.answer.answer]
        return reply, iter([s if i == 0 else f" {s}" for i, s in enumerate(sentences)])

    def _retrieve(self, state: dict) -> dict:
        if self.store.counts()[1] == 0:
            raise IndexNotReady("the index is empty: run `pmr ingest` (or `pmr serve`, which ingests corpus/)")
        texts = self._embedded_texts(state)
        query, spelled, ask = texts
        vectors = dict(zip(texts, self.search.embed(texts)))
        vector, scoring = vectors[query], vectors[spelled]
        state = {**state, "ask_vector": vectors[ask] if ask != spelled else None}
        # the adapter's map toward answering sentences chooses among the passages' sentences, and whether to answer
        if self.search.adapts():
            choose = self.search.adapter.choose
            state["adapted"] = (choose(vector), choose(vectors[ask]) if ask != spelled else choose(vector))
        hits = hits_of(self.retriever.invoke(query, vector=vector))
        return {**state, "vector": scoring, "hits": hits}

    @staticmethod
    def _embedded_texts(state: dict) -> list[str]:
        """The query as retrieval ranks it, and as sentences are scored and refusal judged: with the question's
        shorthand written out, since MiniLM does not know "aways" or "LORs" (the sentences answering "how many aways
        should I do?" looked unrelated); passages are still ranked on the trainee's own words, as the query adapter
        learned them. Then the question proper, which chooses sentences too: what a message asks after the story it
        tells, and a follow-up's own question beside the earlier one its query is read with."""
        return [state["query"], spelled_out(state["query"]), spelled_out(asking_part(state["question"]))]

    def _answer(self, state: dict) -> Answer:
        extractive = self.answerer.answer(**self._answer_inputs(state))
        if self.llm is None or not extractive.grounded:
            return extractive
        return self.llm.answer(state["question"], state["hits"], fallback=extractive)

    def _answer_inputs(self, state: dict) -> dict:
        # Unknown words are judged in what the trainee just asked: a follow-up's earlier turn was judged already.
        return {"query": state["query"], "hits": state["hits"], "query_vector": state["vector"],
                "topics": self.topics(), "unknown_terms": self.search.unknown_terms(state["question"]),
                "avoid": state["avoid"], "asked": state["question"], "repeated": state["repeated"],
                "ask_vector": state.get("ask_vector"), "adapted": state.get("adapted"),
                "threshold": state.get("threshold", MIN_EVIDENCE)}


def validate_question(question: str) -> str:
    return _bounded(question, "question", "message", "ask something about PM&R training")


def validate_query(query: str) -> str:
    """A search query as the API takes it: not blank, at most MAX_QUESTION characters."""
    return _bounded(query, "query", "query", "say what to look for in the guides")


def _bounded(text: str, what: str, field: str, hint: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise InputError(f"the {what} is empty: {hint}", field=field)
    if len(text) > MAX_QUESTION:
        raise InputError(f"the {what} is {len(text)} characters; the limit is {MAX_QUESTION}", field=field)
    return text
