"""Runs every benchmark section in one process and writes the Markdown report.

    python -m tests.bench.run --out docs/benchmarks.md   # full run (~15 min on 2 cores)
    python -m tests.bench.run --smoke                    # same code path, tiny sizes, prints only
"""
import argparse
import logging
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from tests.bench import baselines, floor, ingestion, machine, scale, serving, workload
from tests.bench.report import Section, render

logger = logging.getLogger("bench")


@dataclass(frozen=True)
class Sizes:
    samples: int  # latency samples per figure (query embedding: min(samples, 50))
    floor_vectors: int
    scale: tuple[int, ...]
    scale_samples: int
    per_client: int
    runs: int


FULL = Sizes(samples=200, floor_vectors=100_000, scale=(1_000, 10_000, 100_000), scale_samples=100,
             per_client=30, runs=3)
SMOKE = Sizes(samples=20, floor_vectors=5_000, scale=(1_000,), scale_samples=20, per_client=5, runs=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the report here (default: print only)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: a check that every section runs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s bench: %(message)s", datefmt="%H:%M:%S")
    for noisy in ("httpx", "ingest", "assistant", "chromadb", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sizes = SMOKE if args.smoke else FULL
    started, load = time.perf_counter(), machine.OtherLoad()
    sections, failed = run_all(sizes)
    text = render(sections, header=header(args.smoke, time.perf_counter() - started, load.summary()))
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        logger.info("wrote %s", args.out)
    return 1 if failed else 0


def run_all(sizes: Sizes) -> tuple[list[Section], bool]:
    s_floor = Section("1. The floor (model and Chroma alone)")
    s_ingest = Section("2. Ingest (corpus/ through `Services.ingest`, in-process, warm model)")
    s_serve = Section("3. Serving over HTTP (`pmr serve` subprocess on 127.0.0.1, extractive answers)",
                      intro=f"Questions: {workload.source()}.")
    s_scale = Section("4. Scale: synthetic corpora through `ingest()` and `HybridSearch`",
                      intro=f"Embeddings are **{scale.LABEL}**. Text: markdown guides of {scale.PASSAGES_PER_FILE} "
                            "sections, each a unique heading over one ~600-character paragraph drawn from the real "
                            "guides' word frequencies. Search latency uses query vectors from the real model "
                            "(passed via `vector=`), so it excludes query embedding.")
    s_base = Section("5. Baselines (same run, same queries)")
    sections = [s_floor, s_ingest, s_serve, s_scale, s_base]
    queries, conversations = workload.search_queries(), workload.conversations()
    failed = False

    def step(section: Section, name: str, fn, *args, **kwargs):
        nonlocal failed
        logger.info("%s", name)
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            failed = True
            logger.error("%s failed:\n%s", name, traceback.format_exc())
            first_line = str(exc).splitlines()[0] if str(exc) else ""
            section.notes.append(f"**{name} failed**: {type(exc).__name__}: {first_line}")
            return None

    with tempfile.TemporaryDirectory(prefix="pmr-bench-") as tmp:
        tmp = Path(tmp)
        embedder = step(s_floor, "model load", floor.load_model, s_floor)
        if embedder is None:
            return sections, True
        step(s_floor, "query embedding", floor.query_embedding, s_floor, embedder, queries,
             samples=min(sizes.samples, 50))
        step(s_floor, "Chroma floor", floor.chroma_query, s_floor, vectors=sizes.floor_vectors, samples=sizes.samples)
        if sizes.floor_vectors < 100_000:
            s_floor.notes.append(f"Smoke run: the Chroma floor uses {sizes.floor_vectors:,} vectors, not 100,000.")
        corpus = ingestion.copy_corpus(workload.REPO / "corpus", tmp / "corpus")
        data = tmp / "data"
        services = step(s_ingest, "full ingest", ingestion.full_ingest, s_ingest, s_floor, embedder=embedder,
                        data_dir=data, corpus=corpus, runs=sizes.runs)
        if services is not None:
            data = services.settings.data_dir  # the last of the fresh ingests: the one the server serves
            step(s_ingest, "unchanged re-ingest", ingestion.unchanged_reingest, s_ingest, services, runs=sizes.runs)
            guide = min(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
            step(s_ingest, "one file changed", ingestion.one_file_changed, s_ingest, services, guide)
            step(s_base, "recipe latency", baselines.recipe_latency, s_base, store=services.store, embedder=embedder,
                 corpus=workload.REPO / "corpus", queries=queries, samples=sizes.samples)
            step(s_base, "quality", baselines.quality, s_base, store=services.store, embedder=embedder,
                 limit=sizes.samples if sizes is SMOKE else None)
            del services  # the server opens this data dir next: no second writer in this process
            floor.forget_chroma_clients()
            step(s_serve, "cold start on an empty data dir", serving.cold_start_empty, s_serve,
                 data_dir=tmp / "empty-data", corpus=corpus, log=tmp / "serve-empty.log")
            step(s_serve, "warm server", serving.warm_server, s_serve, data_dir=data, corpus=corpus,
                 log=tmp / "serve.log", queries=queries, conversations=conversations, samples=sizes.samples,
                 per_client=sizes.per_client)
        step(s_scale, "scale", scale.run, s_scale, sizes=list(sizes.scale), corpus=workload.REPO / "corpus",
             workdir=tmp, embedder=embedder, queries=queries, samples=sizes.scale_samples)
    return sections, failed


def header(smoke: bool, seconds: float, other_load: str) -> str:
    kind = "smoke run (tiny sizes; not the published figures)" if smoke else "full run"
    return (f"# Benchmarks\n\nGenerated by `make bench` (`python -m tests.bench.run --out docs/benchmarks.md`), "
            f"{kind}, in {seconds / 60:.1f} minutes. Every figure states its sample count; latencies are wall "
            f"clock. Targets are the project's; \"met?\" compares the figure in this run.\n\n"
            f"{machine.describe(other_load=other_load)}")


if __name__ == "__main__":
    sys.exit(main())
