"""The query adapter: a linear map that moves a trainee's question toward the guide sentences answering it.

MiniLM puts "which fellowship is the hardest to get into?" far from "Often the most competitive for PM&R
residents". The adapter W (dimensions × dimensions, near the identity) is learned offline from questions with
known answers (`tests/eval/train_adapter.py`, `make adapter`) and shipped as query_adapter.npz, with a second map
that chooses the answer's sentences among the ranked passages' and judges whether to answer at all (see
`ExtractiveAnswerer.answer`). It knows our guides' sentences only, so it applies while the index holds every
guide it learned from (`applies_to`); other corpora are ranked on the plain embedding.
"""
import logging
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)
ADAPTER_PATH = Path(__file__).with_name("query_adapter.npz")


class QueryAdapter:
    """Maps unit-length query vectors to unit-length query vectors; the identity when there is no matrix."""

    def __init__(self, matrix: np.ndarray | None = None, guides: frozenset[str] = frozenset(),
                 sentences: np.ndarray | None = None):
        self.matrix = None if matrix is None else np.asarray(matrix, dtype=np.float32)
        self.guides = frozenset(guides)  # the doc_ids of the guides it learned from
        # the map that chooses sentences (`choose`): learned toward the sentence stating each answer
        self.sentences = None if sentences is None else np.asarray(sentences, dtype=np.float32)

    @classmethod
    def load(cls, path: Path = ADAPTER_PATH) -> "QueryAdapter":
        if not path.exists():
            logger.warning("no query adapter at %s: ranking uses the plain embedding", path)
            return cls(None)
        with np.load(path) as saved:
            return cls(saved["matrix"], frozenset(str(g) for g in saved["guides"]),
                       saved["sentences"] if "sentences" in saved.files else None)

    def save(self, path: Path) -> None:
        extra = {} if self.sentences is None else {"sentences": self.sentences}
        np.savez(path, matrix=self.matrix, guides=np.array(sorted(self.guides)), **extra)

    def __bool__(self) -> bool:
        return self.matrix is not None

    def applies_to(self, doc_ids) -> bool:
        return self.matrix is not None and self.guides <= set(doc_ids)

    def __call__(self, vector: np.ndarray) -> np.ndarray:
        """The vector that ranks passages."""
        return _mapped(self.matrix, vector)

    def choose(self, vector: np.ndarray) -> np.ndarray:
        """The vector that chooses the answer's sentences among the ranked passages' (the ranking one without a
        map of its own)."""
        return self(vector) if self.sentences is None else _mapped(self.sentences, vector)


def _mapped(matrix: np.ndarray | None, vector: np.ndarray) -> np.ndarray:
    if matrix is None or matrix.shape[1] != vector.shape[-1]:
        return vector
    mapped = vector @ matrix.T
    return (mapped / np.linalg.norm(mapped, axis=-1, keepdims=True)).astype(np.float32)
