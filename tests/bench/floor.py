"""The floor: what the model and Chroma cost on their own, with nothing of ours around them."""
import tempfile
import time

import numpy as np

from tests.bench.report import Section, fmt_p, median, timed_ms

DIM = 384


def load_model(section: Section):
    """A fresh Embedder with its model loaded; the load (imports + weights) is timed once."""
    from ingest.embed import Embedder

    embedder = Embedder()
    start = time.perf_counter()
    embedder.model
    section.add("model load (import sentence-transformers + weights)", f"{time.perf_counter() - start:.2f} s", 1)
    return embedder


def query_embedding(section: Section, embedder, queries: list[str], *, samples: int) -> None:
    cycle = iter(queries * (samples // len(queries) + 2))
    ms = timed_ms(lambda: embedder.encode([next(cycle)]), samples=samples, warmup=5)
    section.add("embed one query", fmt_p(ms), samples, target="≈10 ms p50", met=median(ms) <= 15)


def chroma_query(section: Section, *, vectors: int, samples: int) -> None:
    """An embedded Chroma collection of random unit vectors; embeddings always passed explicitly,
    so Chroma's own (downloading) embedding function is never invoked."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.create_collection("floor", metadata={"hnsw:space": "cosine"}, embedding_function=None)
        start = time.perf_counter()
        for first in range(0, vectors, 5000):
            batch = _unit(rng, min(5000, vectors - first))
            collection.add(ids=[str(i) for i in range(first, first + len(batch))], embeddings=batch)
        build = time.perf_counter() - start
        section.add(f"Chroma add {vectors:,} vectors (batches of 5,000)",
                    f"{build:.1f} s ({vectors / build:,.0f} vectors/s)", 1)
        queries = _unit(rng, samples + 10)
        cycle = iter(queries.tolist())
        ms = timed_ms(lambda: collection.query(query_embeddings=[next(cycle)], n_results=10, include=["distances"]),
                      samples=samples, warmup=10)
        target = "≈3 ms p50" if vectors >= 100_000 else ""
        section.add(f"Chroma k=10 query at {vectors:,} vectors", fmt_p(ms), samples, target=target,
                    met=median(ms) <= 5 if target else None)
        collection = client = None  # release the index before its temp dir goes
        forget_chroma_clients()


def batch_throughput(embedder, texts: list[str], *, runs: int) -> float:
    """Passages/s of `embedder.encode` over `texts` (the median of `runs` runs)."""
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        embedder.encode(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return median(rates)


def _unit(rng, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def forget_chroma_clients() -> None:
    """Chroma caches one system per path; drop them so a deleted temp dir is not held open."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # an internal API: harmless if it moves
        pass

