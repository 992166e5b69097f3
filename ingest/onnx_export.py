"""Makes the ONNX file of the packaged model once (`python -m ingest.onnx_export`, run by `make install`).

Needs torch, sentence-transformers and the `onnx` package, at export time only. The file is accepted
only if it gives sentence-transformers' vectors on a fixed sample (cosine ≥ MIN_COSINE for every text).
"""
import argparse
import datetime
import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ingest.onnx_model import (MODEL_NAME, OnnxModel, checked_export, default_cache_dir, feed, fingerprint,
                               load_tokenizer, model_dir, onnx_path, record_path)

logger = logging.getLogger(__name__)
MIN_COSINE = 0.9999
OPSET = 17
# Short and long, plain and odd: a query, list items, accents and symbols, an empty text, and one past
# MAX_TOKENS so truncation is compared too. Encoded together (padding) and one by one.
SAMPLE = (
    "How early should I ask for letters of recommendation?",
    "PM&R",
    "",
    "Aim for 1–2 away rotations; apply through VSLO by April.",
    "Café résumé naïve — “quotes” and emoji 🙂 survive tokenisation.",
    "Building Mentorship > How to be a good mentee: come prepared, follow up, and say thank you.",
    " ".join(["A mentor helps a trainee find research, clinical and career opportunities in rehabilitation."] * 30),
)


class ExportError(Exception):
    """The ONNX file could not be made or did not match sentence-transformers."""


def export_in_child(cache_dir: Path) -> Path:
    """The checked ONNX file, made by `ensure_export` in a child process if there is none: the caller (a server
    on first use) never imports torch."""
    existing = checked_export(cache_dir, fingerprint())
    if existing is not None:
        return existing
    logger.info("making the ONNX file of %s in %s (once)", MODEL_NAME, cache_dir)
    child = subprocess.run([sys.executable, "-m", "ingest.onnx_export", "--cache-dir", str(cache_dir)],
                           capture_output=True, text=True)
    made = checked_export(cache_dir, fingerprint())
    if child.returncode != 0 or made is None:
        lines = child.stderr.strip().splitlines()
        raise ExportError(lines[-1] if lines else f"`python -m ingest.onnx_export` exited with {child.returncode}")
    return made


def ensure_export(cache_dir: Path) -> Path:
    """The checked ONNX file for the installed model, exported first if there is none yet."""
    model_fingerprint = fingerprint()
    existing = checked_export(cache_dir, model_fingerprint)
    if existing is not None:
        return existing
    target = onnx_path(cache_dir, model_fingerprint)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".export-") as tmp:
            made = Path(tmp) / target.name
            record = export(made) | {"fingerprint": model_fingerprint}
            os.replace(made, target)
            _write_atomically(record_path(target), json.dumps(record, indent=2))
    except ExportError:
        raise
    except ImportError as exc:
        raise ExportError(f"{exc.name or exc} is not installed (run `make install`)") from exc
    except Exception as exc:  # torch.onnx raises many kinds; any of them means "no ONNX file"
        raise ExportError(f"{type(exc).__name__}: {exc}".splitlines()[0]) from exc
    logger.info("exported %s to %s (min cosine %.6f on %d sample texts)", MODEL_NAME, target, record["min_cosine"],
                len(SAMPLE))
    return target


def export(path: Path) -> dict:
    """Writes the graph to `path`, checks it against sentence-transformers and returns what the check found."""
    import torch
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_dir()), device="cpu")
    encoder = _pooled_encoder(reference[0].auto_model).eval()
    tokenizer = load_tokenizer()
    inputs = tuple(torch.from_numpy(a) for a in feed(tokenizer.encode_batch(list(SAMPLE[:2]))).values())
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on constant shapes: the check below is what counts
        torch.onnx.export(encoder, inputs, str(path), dynamo=False, opset_version=OPSET,
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["embedding"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "embedding": {0: "batch"}})
    expected = reference.encode(list(SAMPLE), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    model = OnnxModel(path, threads=1)
    together = model.encode(list(SAMPLE))
    alone = np.vstack([model.encode([text]) for text in SAMPLE])
    cosines = np.concatenate([(together * expected).sum(axis=1), (alone * expected).sum(axis=1)])
    record = {"model": MODEL_NAME, "min_cosine": float(cosines.min()),
              "max_abs_diff": float(max(abs(together - expected).max(), abs(alone - expected).max())),
              "sample_texts": len(SAMPLE), "opset": OPSET, "torch": version("torch"),
              "onnxruntime": version("onnxruntime"), "made": datetime.datetime.now(datetime.UTC).isoformat()}
    if record["min_cosine"] < MIN_COSINE:
        raise ExportError(f"the exported model disagrees with sentence-transformers (min cosine "
                          f"{record['min_cosine']:.6f} < {MIN_COSINE})")
    return record


def _pooled_encoder(transformer):
    """The transformer with mean pooling over real tokens and L2 normalisation, as sentence-transformers does."""
    import torch

    class PooledEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    return PooledEncoder()


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir(), help="where the file is kept")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        path = ensure_export(args.cache_dir)
    except ExportError as exc:
        print(f"ONNX export failed: {exc}", file=sys.stderr)
        return 1
    print(f"ONNX embedding model: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
