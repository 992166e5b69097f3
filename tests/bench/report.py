"""Figures, their sample counts and targets, rendered as Markdown tables."""
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Row:
    measure: str
    result: str
    samples: str = "1"
    target: str = ""
    met: bool | None = None


@dataclass
class Section:
    title: str
    intro: str = ""
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # further Markdown blocks (tables, code)

    def add(self, measure: str, result: str, samples: int | str = 1, *, target: str = "", met: bool | None = None):
        self.rows.append(Row(measure, result, str(samples), target, met))


def timed_ms(fn: Callable[[], object], *, samples: int, warmup: int = 3) -> list[float]:
    """Wall-clock milliseconds of `samples` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(ms: Iterable[float]) -> tuple[float, float]:
    values = np.asarray(list(ms), dtype=float)
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def fmt_ms(ms: float) -> str:
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"


def fmt_p(ms: Iterable[float]) -> str:
    p50, p95 = p50_p95(ms)
    return f"p50 {fmt_ms(p50)} / p95 {fmt_ms(p95)}"


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def render(sections: list[Section], *, header: str) -> str:
    parts = [header]
    for section in sections:
        parts.append(f"## {section.title}")
        if section.intro:
            parts.append(section.intro)
        if section.rows:
            parts.append(_table(section.rows))
        parts.extend(section.extra)
        if section.notes:
            parts.append("\n".join(f"- {note}" for note in section.notes))
    return "\n\n".join(parts) + "\n"


def _table(rows: list[Row]) -> str:
    lines = ["| measure | result | samples | target | met? |", "|---|---|---:|---|:---:|"]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.measure} | {r.result} | {r.samples} | {r.target} | {met} |")
    return "\n".join(lines)


def side_by_side(columns: dict[str, Section]) -> str:
    """One table of the same measures taken per column (e.g. per embedding backend), rows matched by their
    measure; the target and "met?" are the first column's."""
    names = list(columns)
    measures = list(dict.fromkeys(r.measure for section in columns.values() for r in section.rows))
    by = {name: {r.measure: r for r in section.rows} for name, section in columns.items()}
    lines = ["| measure | " + " | ".join(names) + " | samples | target | met? |",
             "|---|" + "---|" * len(names) + "---:|---|:---:|"]
    for measure in measures:
        rows = [by[name].get(measure) for name in names]
        first = next(r for r in rows if r is not None)
        lead = rows[0] or Row(measure, "")
        met = "" if lead.met is None else ("yes" if lead.met else "**no**")
        lines.append(f"| {measure} | " + " | ".join(r.result if r else "—" for r in rows) +
                     f" | {first.samples} | {lead.target} | {met} |")
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
