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

from tests.bench import baselines, floor, ingestion, long_question, machine, report, scale, serving, workload
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


BACKENDS = ("onnx", "torch")  # the default first: targets are judged on it


def run_all(sizes: Sizes) -> tuple[list[Section], bool]:
    s_floor = Section("1. The floor (model and Chroma alone)")
    s_ingest = Section("2. Ingest (corpus/ through `Services.ingest`, in-process, warm model)")
    s_serve = Section("3. Serving over HTTP (`pmr serve` subprocess on 127.0.0.1, extractive answers)",
                      intro=f"Questions: {workload.source()}. One server per embedding backend "
                            "(`PMR_EMBED_BACKEND`), one after the other, on the same index.")
    s_scale = Section("4. Scale: synthetic corpora through `ingest()` and `HybridSearch`",
                      intro=f"Embeddings are **{scale.LABEL}**. Text: markdown guides of {scale.PASSAGES_PER_FILE} "
                            "sections, each a unique heading over one ~600-character paragraph drawn from the real "
                            "guides' word frequencies. Search latency uses query vectors from the real model "
                            "(passed via `vector=`), so it excludes query embedding.")
    s_base = Section("5. Baselines (same run, same queries, ONNX backend)")
    sections = [s_floor, s_ingest, s_serve, s_scale, s_base]
    per = {name: {b: Section(f"{name} {b}") for b in BACKENDS} for name in ("floor", "ingest", "serve")}
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
        embedders, query_ms = {}, {}
        for backend in BACKENDS:  # onnx first, so its fresh-process figures are not helped by a warm torch
            section = per["floor"][backend]
            embedders[backend] = step(section, f"model load ({backend})", floor.load_model, section, backend)
            if embedders[backend] is not None:
                query_ms[backend] = step(section, f"query embedding ({backend})", floor.query_embedding, section,
                                         embedders[backend], queries, samples=min(sizes.samples, 50))
        embedder = embedders["onnx"]
        if embedder is None:
            return sections, True
        chroma_ms = step(s_floor, "Chroma floor", floor.chroma_query, s_floor, vectors=sizes.floor_vectors,
                         samples=sizes.samples)
        floor_ms = query_ms.get("onnx", 0) + chroma_ms if chroma_ms is not None and query_ms.get("onnx") else None
        if floor_ms:
            s_floor.add(f"**the floor**: ONNX query embedding p50 + Chroma k=10 p50 ({sizes.floor_vectors:,} vectors)",
                        f"{floor_ms:.1f} ms", "this run")
        if sizes.floor_vectors < 100_000:
            s_floor.notes.append(f"Smoke run: the Chroma floor uses {sizes.floor_vectors:,} vectors, not 100,000.")
        corpus = ingestion.copy_corpus(workload.REPO / "corpus", tmp / "corpus")
        data = tmp / "data"
        services = None
        for backend in reversed(BACKENDS):  # the ONNX ingest last: its data dir is the one served
            if embedders[backend] is not None:
                services = step(per["ingest"][backend], f"full ingest ({backend})", ingestion.full_ingest,
                                per["ingest"][backend], per["floor"][backend], embedder=embedders[backend],
                                data_dir=tmp / f"data-{backend}", corpus=corpus, runs=sizes.runs)
        if services is not None:
            data = services.settings.data_dir
            step(s_ingest, "unchanged re-ingest", ingestion.unchanged_reingest, s_ingest, services, runs=sizes.runs)
            guide = min(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
            step(s_ingest, "one file changed", ingestion.one_file_changed, s_ingest, services, guide)
            step(s_base, "recipe latency", baselines.recipe_latency, s_base, store=services.store, embedder=embedder,
                 corpus=workload.REPO / "corpus", queries=queries, samples=sizes.samples)
            step(s_serve, "long question", long_question.run, s_serve, services, queries, samples=min(sizes.samples, 40))
            step(s_base, "quality", baselines.quality, s_base, store=services.store, embedder=embedder,
                 limit=sizes.samples if sizes is SMOKE else None)
            del services  # the server opens this data dir next: no second writer in this process
            floor.forget_chroma_clients()
            throughput = {}
            for backend in BACKENDS:
                section = per["serve"][backend]
                step(section, f"cold start on an empty data dir ({backend})", serving.cold_start_empty, section,
                     data_dir=tmp / f"empty-data-{backend}", corpus=corpus, log=tmp / f"serve-empty-{backend}.log",
                     backend=backend)
                figures = step(section, f"warm server ({backend})", serving.warm_server, section, data_dir=data,
                               corpus=corpus, log=tmp / f"serve-{backend}.log", backend=backend, floor_ms=floor_ms,
                               queries=queries, conversations=conversations, samples=sizes.samples,
                               per_client=sizes.per_client)
                if figures:
                    throughput[backend] = figures["throughput"]
            if len(throughput) == 2:
                ratio = throughput["onnx"] / throughput["torch"]
                s_serve.add("32-client chat throughput, ONNX ÷ PyTorch backend (same run)", f"{ratio:.2f}×", 1,
                            target="≥ 1.3×", met=ratio >= 1.3)
        step(s_scale, "scale", scale.run, s_scale, sizes=list(sizes.scale), corpus=workload.REPO / "corpus",
             workdir=tmp, embedder=embedder, queries=queries, samples=sizes.scale_samples)
    for name, section in (("floor", s_floor), ("ingest", s_ingest), ("serve", s_serve)):
        columns = {f"`{b}`" + (" (default)" if b == BACKENDS[0] else ""): per[name][b] for b in BACKENDS}
        section.extra.insert(0, report.side_by_side(columns))
        section.notes[:0] = [note for b in BACKENDS for note in per[name][b].notes]
    return sections, failed


def header(smoke: bool, seconds: float, other_load: str) -> str:
    kind = "smoke run (tiny sizes; not the published figures)" if smoke else "full run"
    return (f"# Benchmarks\n\nGenerated by `make bench` (`python -m tests.bench.run --out docs/benchmarks.md`), "
            f"{kind}, in {seconds / 60:.1f} minutes. Every figure states its sample count; latencies are wall "
            f"clock. Targets are the project's; \"met?\" compares the figure in this run.\n\n"
            f"{machine.describe(other_load=other_load)}")


if __name__ == "__main__":
    sys.exit(main())
