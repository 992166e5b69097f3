"""The packaged all-MiniLM-L6-v2 embedder, loaded from site-packages (never a model hub).

Two backends give the same vectors (cosine ≥ 0.9999, checked when the ONNX file is made), so one index
takes both: `onnx` (ONNX Runtime + tokenizers, no torch in the process) and `torch` (sentence-transformers).
"""
import logging
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.onnx_model import DIMENSIONS, MODEL_NAME, OnnxModel, default_cache_dir, model_dir

__all__ = ["DIMENSIONS", "MODEL_NAME", "Backend", "Embedder"]
logger = logging.getLogger(__name__)
BATCH_SIZE = 64
Backend = Literal["onnx", "torch"]

# No hub look-ups, no telemetry: everything the model needs ships in the package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class Embedder(Embeddings):
    """Unit-length sentence embeddings (so a dot product is the cosine similarity).

    `backend="onnx"` uses the ONNX file in `cache_dir`, exported first (in a child process) if there is none;
    if it cannot be made, the torch backend is used and one warning says why. `threads` 0 is the runtime's default.
    """

    def __init__(self, *, backend: Backend = "onnx", threads: int = 0, cache_dir: Path | None = None):
        self.requested = backend
        self.threads = threads
        self.cache_dir = cache_dir or default_cache_dir()

    @cached_property
    def model(self) -> "OnnxModel | TorchModel":
        """Loaded on first use: a no-op re-ingest never pays for it."""
        if self.requested == "onnx":
            from ingest.onnx_export import ExportError, export_in_child

            try:
                path = export_in_child(self.cache_dir)
            except ExportError as exc:
                logger.warning("ONNX embedder unavailable (%s): embedding with PyTorch instead, same vectors but "
                               "slower and heavier; run `make install` to make the ONNX file", exc)
            else:
                logger.info("embedding model %s: ONNX Runtime, %s", MODEL_NAME, path)
                return OnnxModel(path, threads=self.threads)
        return TorchModel(threads=self.threads)

    @property
    def backend(self) -> Backend:
        """The backend actually in use (loads the model)."""
        return self.model.backend

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

    def encode(self, texts: list[str]) -> np.ndarray:
        """A float32 numpy array, one unit-length row per text (no rows for no texts)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return self.model.encode(texts)

    def tokenize(self, text: str) -> list[str]:
        """The model's word pieces for `text`: "gabapentin" → ga·##ba·##pen·##tin."""
        return self.model.tokenize(text)


class TorchModel:
    """sentence-transformers on PyTorch: the reference the ONNX file is checked against."""

    backend = "torch"

    def __init__(self, *, threads: int = 0):
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        logger.info("embedding model %s: PyTorch (sentence-transformers) from %s", MODEL_NAME, model_dir())
        self.model = SentenceTransformer(str(model_dir()), device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)

    def tokenize(self, text: str) -> list[str]:
        return self.model.tokenizer.tokenize(text)
