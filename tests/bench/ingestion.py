"""Ingest of the real corpus through Services.ingest: full, unchanged, and one file changed."""
import shutil
import time
from pathlib import Path

from api.services import Services
from api.settings import Settings
from ingest.pipeline import embedding_text
from ingest.units import unit_texts
from tests.bench.floor import batch_throughput
from tests.bench.report import Section, median

APPENDED = """

Benchmark Addendum on Quiet Reading Weeks

A short paragraph appended by the benchmark so that exactly one guide changes between two ingests: plan a quiet
reading week before each rotation, and ask your mentor which chapters matter most for the cases you will see.
"""


def copy_corpus(corpus: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for path in corpus.iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
    return target


def full_ingest(section: Section, floor: Section, *, embedder, data_dir: Path, corpus: Path, runs: int) -> Services:
    """Fresh ingests into empty data dirs, interleaved with pure batch embedding of the same texts, the
    passages and their answer units (so a burst of load from elsewhere hits both sides alike); the last
    data dir is kept and returned."""
    ingest_s, pure_s = [], []
    for run in range(runs):
        services = Services(Settings(data_dir=data_dir.with_name(f"{data_dir.name}-{run}"), corpus_dir=corpus))
        services.embedder = embedder  # the warm model: the ratio compares pipeline cost, not model loading
        start = time.perf_counter()
        report = services.ingest()
        ingest_s.append(time.perf_counter() - start)
        store = services.store
        passages = list(store.passages(sorted(store.passage_ids())).values())
        units = [t for p in passages for t in unit_texts(p.section, p.text)]
        texts = [embedding_text(p) for p in passages] + units
        pure_s.append(len(texts) / batch_throughput(embedder, texts, runs=1))
    pure_rate, ingest_rate = len(texts) / median(pure_s), report.embedded / median(ingest_s)
    floor.add(f"batch embedding throughput ({len(passages)} corpus passages and their {len(units)} answer units)",
              f"{pure_rate:.1f} texts/s", f"{runs} runs (median)")
    ratio = median(ingest_s) / median(pure_s)
    section.add(f"full ingest of corpus/ into an empty data dir ({report.documents} guides, {report.embedded} "
                "passages embedded)", f"{median(ingest_s):.2f} s median ({ingest_rate:.1f} passages/s)", runs)
    section.add("full ingest time ÷ pure batch embedding time of the same texts (medians, runs interleaved)",
                f"{ratio:.2f}×", runs, target="≤ 1.3×", met=ratio <= 1.3)
    return services


def unchanged_reingest(section: Section, services: Services, *, runs: int) -> None:
    seconds, embedded = [], []
    for _ in range(runs):
        start = time.perf_counter()
        report = services.ingest()
        seconds.append(time.perf_counter() - start)
        embedded.append(report.embedded)
    section.add("re-ingest, corpus unchanged: passages embedded", str(max(embedded)), runs, target="0",
                met=max(embedded) == 0)
    section.add("re-ingest, corpus unchanged: time (in-process)", f"{median(seconds):.3f} s (median)", runs,
                target="≤ 2 s", met=median(seconds) <= 2)


def one_file_changed(section: Section, services: Services, guide: Path) -> None:
    with guide.open("a", encoding="utf-8") as handle:
        handle.write(APPENDED)
    start = time.perf_counter()
    report = services.ingest()
    seconds = time.perf_counter() - start
    section.add(f"re-ingest after appending a paragraph to `{guide.name}`",
                f"{seconds:.2f} s; {report.updated} updated, {report.unchanged} unchanged, "
                f"{report.embedded} of {report.chunks} passages embedded", 1)
