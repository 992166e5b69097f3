"""The floor: what the model and Chroma cost on their own, with nothing of ours around them."""
import json
import subprocess
import sys
import tempfile
import time

import numpy as np

from tests.bench.report import Section, fmt_p, median, p50_p95, timed_ms
from tests.bench.workload import REPO

DIM = 384
# A fresh interpreter: import our embedder, load the model, embed one query; report time, RSS and torch.
FRESH_LOAD = """
import json, resource, sys, time
start = time.perf_counter()
from ingest.embed import Embedder
embedder = Embedder(backend=sys.argv[1])
embedder.encode(["How early should I ask for letters of recommendation?"])
print(json.dumps({"seconds": time.perf_counter() - start, "backend": embedder.backend, "torch": "torch" in sys.modules,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def load_model(section: Section, backend: str):
    """An Embedder with its model loaded in this process (timed), after the same load in a fresh process
    (imports + weights + one query, and that process's peak RSS)."""
    from ingest.embed import Embedder

    out = subprocess.run([sys.executable, "-c", FRESH_LOAD, backend], cwd=REPO, capture_output=True, text=True,
                         check=True)
    fresh = json.loads(out.stdout.strip().splitlines()[-1])
    section.add("fresh process: import, load the model, embed one query", f"{fresh['seconds']:.2f} s", 1)
    section.add("fresh process: peak RSS after that (torch imported?)",
                f"{fresh['rss_mb']:.0f} MB ({'yes' if fresh['torch'] else 'no'})", 1)
    embedder = Embedder(backend=backend)
    start = time.perf_counter()
    if embedder.backend != backend:
        raise RuntimeError(f"asked for the {backend} backend, got {embedder.backend}: see the log")
    section.add("model load in the bench process", f"{time.perf_counter() - start:.2f} s", 1)
    return embedder


def query_embedding(section: Section, embedder, queries: list[str], *, samples: int) -> float:
    """p50 ms of embedding one query."""
    cycle = iter(queries * (samples // len(queries) + 2))
    ms = timed_ms(lambda: embedder.encode([next(cycle)]), samples=samples, warmup=5)
    section.add("embed one query", fmt_p(ms), samples, target="≈3 ms p50", met=median(ms) <= 4)
    return p50_p95(ms)[0]


def chroma_query(section: Section, *, vectors: int, samples: int) -> float:
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
    return p50_p95(ms)[0]


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

