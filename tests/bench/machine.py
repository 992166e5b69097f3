"""The machine the figures were measured on."""
import datetime
import os
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def describe(*, other_load: str | None = None) -> str:
    rows = [("CPU", _cpu_model()), ("cores (os.cpu_count)", str(os.cpu_count())), ("memory", _memory()),
            ("OS", f"{platform.system()} {platform.release()}"), ("Python", platform.python_version())]
    rows += [(name, _version(name)) for name in ("onnxruntime", "torch", "sentence-transformers", "chromadb")]
    rows.append(("date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")))
    if other_load:
        rows.append(("CPU used by other processes during the run (noise)", other_load))
    lines = ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match[1].strip() if match else "unknown"


def _memory() -> str:
    try:
        kb = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)[1])
    except (OSError, TypeError):
        return "unknown"
    return f"{kb / 1024 / 1024:.1f} GiB"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


class OtherLoad:
    """CPU time the whole machine spent outside this process and its children while the bench ran:
    other work competing for the cores makes every figure slower and noisier."""

    def __init__(self):
        self.start = _cpu_snapshot()

    def summary(self) -> str:
        end = _cpu_snapshot()
        if self.start is None or end is None:
            return "unknown (no /proc/stat)"
        (busy0, wall0, own0), (busy1, wall1, own1) = self.start, end
        other = max(0.0, (busy1 - busy0) - (own1 - own0))
        return f"{other / (wall1 - wall0):.2f} cores on average (of {os.cpu_count()})"


def _cpu_snapshot() -> tuple[float, float, float] | None:
    import resource
    import time

    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    steal = fields[7] if len(fields) > 7 else 0
    busy = (sum(fields[:8]) - idle - steal) / ticks
    own = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    return busy, time.monotonic(), own
