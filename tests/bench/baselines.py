"""The standard recipe's query latency beside ours, and the project's quality table."""
import tempfile
import time
from pathlib import Path

from assistant.retrieve import HybridSearch
from ingest.load import load_text
from tests.bench.floor import forget_chroma_clients
from tests.bench.report import Section, markdown_table, median, p50_p95
from tests.bench.workload import QUESTIONS


def recipe_latency(section: Section, *, store, embedder, corpus: Path, queries: list[str], samples: int) -> None:
    """RecursiveCharacterTextSplitter 1000/200 over the raw files + MiniLM dense top-10 in an embedded Chroma,
    timed per query (embedding included) beside our hybrid search, in-process. The two alternate query by
    query, so a burst of load from elsewhere hits both alike."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = [chunk for path in sorted(corpus.glob("*.txt"))
              for chunk in splitter.split_text(load_text(path, path.read_bytes()))]
    search = HybridSearch(store, embedder)
    with tempfile.TemporaryDirectory(prefix="bench-recipe-") as tmp:
        client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
        collection = client.create_collection("recipe", metadata={"hnsw:space": "cosine"}, embedding_function=None)
        start = time.perf_counter()
        collection.add(ids=[str(i) for i in range(len(chunks))], embeddings=embedder.encode(chunks), documents=chunks)
        build = time.perf_counter() - start
        recipe, ours = [], []
        for i, query in enumerate((queries * (samples // len(queries) + 2))[:samples + 5]):
            timings = _time_ms(lambda: collection.query(query_embeddings=[embedder.encode([query])[0].tolist()],
                                                        n_results=10, include=["documents", "distances"]),
                               lambda: search.search(query, k=10))
            if i >= 5:  # the first five are warm-up
                recipe.append(timings[0])
                ours.append(timings[1])
        collection = client = None  # release the index before its temp dir goes
        forget_chroma_clients()
    rows = [["recipe: split 1000/200 + MiniLM dense top-10 (Chroma)", f"{len(chunks)} chunks", f"{build:.1f} s",
             *_p(recipe), str(samples)],
            ["ours: hybrid (dense + FTS5 bm25 candidates, ranked by best answer unit) top-10", f"{store.counts()[1]} passages", "(see Ingest)",
             *_p(ours), str(samples)]]
    section.extra.append(markdown_table(["retriever", "index", "build", "query p50", "query p95", "samples"], rows))
    section.notes.append(f"Both include embedding the query. Ours takes {median(ours) / median(recipe):.2f}× the "
                         "recipe's median time: on top of the dense query it runs a lexical ranking, scores the "
                         "candidates by their best answer unit and drops near-duplicates.")


def _time_ms(*calls) -> list[float]:
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def quality(section: Section, *, store, embedder, limit: int | None = None) -> None:
    """`pmr eval`'s table; with `limit`, over an evenly spread subset of the questions (smoke runs)."""
    if not QUESTIONS.exists():
        section.notes.append("Quality table skipped: tests/eval/questions.jsonl is missing.")
        return
    from tests.eval.evaluate import evaluate, render

    lines = [line for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    subset = lines[::max(1, len(lines) // limit)][:limit] if limit else lines
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        path = Path(tmp) / "questions.jsonl"
        path.write_text("\n".join(subset) + "\n", encoding="utf-8")
        start = time.perf_counter()
        report = evaluate(store, embedder, path)
        seconds = time.perf_counter() - start
    scope = f"{len(subset)} of {len(lines)} questions" if len(subset) < len(lines) else f"all {len(lines)} questions"
    section.extra.append(f"Quality (`tests.eval.evaluate` over {scope}, {seconds:.0f} s; the same table as "
                         f"`pmr eval`):\n\n```\n{render(report)}\n```")


def _p(ms: list[float]) -> list[str]:
    return [f"{x:.1f} ms" for x in p50_p95(ms)]


