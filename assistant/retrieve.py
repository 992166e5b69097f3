"""Hybrid retrieval: dense (Chroma) and lexical (FTS5 BM25) rankings fused by reciprocal rank."""
import re
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.text import content_words, stem
from ingest.embed import Embedder
from ingest.store import Store, StoredPassage

CANDIDATES = 30  # per ranking, before fusion
# A term in more passages than this adds almost nothing to BM25 (its IDF is near zero) but costs a
# scan of its whole posting list on every query; such terms are left out of the lexical query,
# keeping at least the 3 rarest. On the guides (~150 passages) it never applies.
COMMON_TERM_PASSAGES = 5_000


@dataclass(frozen=True)
class Hit:
    passage: StoredPassage
    score: float  # fused score scaled to 0..1 (1 = ranked first by both rankings)
    similarity: float  # cosine similarity of passage and query


def reciprocal_rank_fusion(rankings: list[list[str]], *, k: int = 60) -> dict[str, float]:
    """Sum of 1 / (k + rank) over the rankings that contain each id (rank starts at 1).

    k = 60 is the constant of Cormack et al. (2009): it damps the head of each ranking
    so that one ranker's first place cannot outvote agreement further down.
    """
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank)
    return fused


def fts_query(text: str, *, frequency=None, passages: int = 0) -> str:
    """An FTS5 MATCH expression: any of the question's content words, each quoted (no syntax from users).

    With `frequency` (term → passages containing it), very common terms are left out: those in
    more than half of all `passages` (BM25 scores them about zero) and, beyond the 3 rarest, those
    in more than COMMON_TERM_PASSAGES.
    """
    terms = [t for t in dict.fromkeys(w.replace('"', "") for w in content_words(text)) if t]
    if frequency is not None and terms:
        counts = {t: frequency(t) for t in terms}
        terms = [t for t in terms if counts[t] and not (passages and counts[t] > passages / 2)]
        rarest = set(sorted(terms, key=counts.get)[:3])
        terms = [t for t in terms if counts[t] <= COMMON_TERM_PASSAGES or t in rarest]
    return " OR ".join(f'"{term}"' for term in terms)


def distinct(texts: list[str], *, limit: int, threshold: float = 0.85) -> list[int]:
    """Indices of the first `limit` texts whose word sets overlap no earlier kept text's by more
    than `threshold` (Jaccard): near-duplicate passages say the same thing twice."""
    kept: list[int] = []
    seen: list[set[str]] = []
    for i, text in enumerate(texts):
        words = set(text.casefold().split())
        if all(len(words & other) / max(1, len(words | other)) <= threshold for other in seen):
            kept.append(i)
            seen.append(words)
            if len(kept) == limit:
                break
    return kept


class HybridSearch:
    """Both rankings over the live catalog; returns passages best first."""

    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        self._vocabulary: tuple[int, frozenset[str]] = (-1, frozenset())

    def unknown_terms(self, query: str) -> float:
        """How much of the query the guides never mention: each content word absent from the guides
        counts 1 if it is an acronym ("DVT") or the model's tokenizer splits it into pieces (a rare or
        technical term such as "gabapentin"), else 0.5 (an everyday word); capped at 3.

        A question built on words the guides never use is rarely answered by them, however
        close its embedding lands.
        """
        generation = self.store.generation()
        if self._vocabulary[0] != generation:
            texts = self.store.db.execute("SELECT section || ' ' || text FROM passages")
            self._vocabulary = (generation, frozenset(stem(w) for (t,) in texts for w in content_words(t)))
        known = self._vocabulary[1]
        unknown = {w for w in content_words(query) if stem(w) not in known}
        acronyms = {w.casefold() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,}\b", query)}
        tokenizer = self.embedder.model.tokenizer
        return min(3.0, sum(1.0 if w in acronyms or len(tokenizer.tokenize(w)) > 1 else 0.5 for w in unknown))

    def search(self, query: str, *, k: int = 5, vector: np.ndarray | None = None) -> list[Hit]:
        vector = self.embedder.encode([query])[0] if vector is None else vector
        dense = self.store.dense_search(vector.tolist(), CANDIDATES + 10)
        match = fts_query(query, frequency=self.store.document_frequency, passages=self.store.passage_count())
        lexical = self.store.lexical_search(match, CANDIDATES)
        fused = reciprocal_rank_fusion([[pid for pid, _ in dense[:CANDIDATES]], [pid for pid, _ in lexical]])
        order = sorted(fused, key=fused.get, reverse=True)
        records = self.store.passages(order)
        order = [pid for pid in order if pid in records]  # stale vectors of a replaced passage
        order = [order[i] for i in distinct([records[pid].text for pid in order], limit=k)]
        similarity = dict(dense)
        missing = [pid for pid in order if pid not in similarity]
        if missing:
            stored = self.store.vectors(missing)
            similarity.update({pid: float(stored[pid] @ vector) for pid in missing})
        best = 2.0 / 61
        return [Hit(records[pid], min(1.0, fused[pid] / best), float(similarity[pid])) for pid in order]


class HybridRetriever(BaseRetriever):
    """The hybrid search as a langchain-core retriever (Documents carry the passage metadata)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: HybridSearch
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [to_document(hit) for hit in self.search.search(query, k=self.k)]


def to_document(hit: Hit) -> Document:
    p = hit.passage
    return Document(page_content=p.text, id=p.id, metadata={
        "doc_id": p.doc_id, "title": p.title, "section": p.section, "position": p.position,
        "score": hit.score, "similarity": hit.similarity})
