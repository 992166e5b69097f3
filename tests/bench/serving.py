"""HTTP figures against a real `pmr serve` subprocess on loopback."""
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.bench.report import Section, fmt_p, median, p50_p95, timed_ms
from tests.bench.workload import REPO

START_DEADLINE = 180.0  # seconds; a server that has not answered by then counts as failed


class Server:
    """One `pmr serve` process; `url` on 127.0.0.1 and a free port, its output in `log`."""

    def __init__(self, *, data_dir: Path, corpus: Path, log: Path, backend: str = "onnx"):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("PMR_")}
        env.update(PMR_DATA_DIR=str(data_dir), PMR_CORPUS_DIR=str(corpus), PMR_EMBED_BACKEND=backend)
        pmr = Path(sys.executable).with_name("pmr")
        command = [str(pmr)] if pmr.exists() else [sys.executable, "-m", "api.cli"]
        self.started = time.perf_counter()
        with open(log, "wb") as out:
            self.process = subprocess.Popen([*command, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_healthy(self, *, until_chunks: bool = False) -> tuple[float, dict]:
        """Seconds from launch to the first /health 200 (with chunks > 0 if `until_chunks`), and its body."""
        with httpx.Client(base_url=self.url, timeout=2.0, trust_env=False) as client:
            while time.perf_counter() - self.started < START_DEADLINE:
                if self.process.poll() is not None:
                    raise RuntimeError(f"pmr serve exited with {self.process.returncode}:\n{self.log_tail()}")
                try:
                    response = client.get("/health")
                    if response.status_code == 200 and (not until_chunks or response.json().get("chunks", 0) > 0):
                        return time.perf_counter() - self.started, response.json()
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"pmr serve did not become healthy within {START_DEADLINE:.0f} s:\n{self.log_tail()}")

    def memory_mb(self, field: str = "VmRSS") -> float | None:
        """VmRSS (now) or VmHWM (peak) of the server process, from /proc."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        line = next((x for x in status.splitlines() if x.startswith(field + ":")), None)
        return int(line.split()[1]) / 1024 if line else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@contextmanager
def running(**kwargs):
    server = Server(**kwargs)
    try:
        yield server
    finally:
        server.stop()


def cold_start_empty(section: Section, *, data_dir: Path, corpus: Path, log: Path, backend: str) -> None:
    with running(data_dir=data_dir, corpus=corpus, log=log, backend=backend) as server:
        first, _ = server.wait_healthy()
        ready, body = server.wait_healthy(until_chunks=True)
    section.add("cold start, empty data dir: launch → first /health 200", f"{first:.1f} s", 1,
                target="≤ 20 s", met=first <= 20)
    section.add("cold start, empty data dir: launch → /health shows the ingested index",
                f"{ready:.1f} s ({body.get('chunks')} passages)", 1, target="≤ 20 s", met=ready <= 20)


def warm_server(section: Section, *, data_dir: Path, corpus: Path, log: Path, backend: str, floor_ms: float | None,
                queries: list[str], conversations: list[list[str]], samples: int, per_client: int) -> dict:
    """Cold start on the existing index, then latency, throughput and RSS per stage on that one process;
    returns the 32-client throughput (req/s) as `throughput`."""
    with running(data_dir=data_dir, corpus=corpus, log=log, backend=backend) as server:
        seconds, body = server.wait_healthy(until_chunks=True)
        section.add(f"cold start, existing index ({body.get('chunks')} passages): launch → /health 200",
                    f"{seconds:.1f} s", 1, target="≤ 3 s", met=seconds <= 3)
        stages = {"healthy": server.memory_mb()}
        with httpx.Client(base_url=server.url, timeout=30.0, trust_env=False) as client:
            _search_latency(section, client, queries, samples, floor_ms=floor_ms)
            _chat_latency(section, client, conversations, samples)
        stages["sequential requests"] = server.memory_mb()
        throughput = _throughput(section, server.url, conversations, per_client, on_level=lambda c: stages.update(
            {f"{c} client{'s' * (c > 1)}": server.memory_mb()}))
        peak = server.memory_mb("VmHWM")
    for stage, mb in stages.items():
        if mb is not None:
            section.add(f"server RSS (VmRSS) after: {stage}", f"{mb:.0f} MB", 1)
    if peak is not None:
        section.add("peak RSS of the server process (VmHWM, after all of the above)", f"{peak:.0f} MB", 1,
                    target="≤ 400 MB", met=peak <= 400)
    return {"throughput": throughput}


def _search_latency(section: Section, client: httpx.Client, queries: list[str], samples: int, *,
                    floor_ms: float | None) -> None:
    cycle = iter(queries * (samples // len(queries) + 2))
    errors = []

    def one():
        response = client.post("/api/search", json={"query": next(cycle), "k": 5})
        if response.status_code != 200 or not response.json().get("results"):
            errors.append(response.status_code)

    ms = timed_ms(one, samples=samples, warmup=10)
    limit = 2 * floor_ms if floor_ms else 25.0
    target = f"p50 ≤ 2× the floor ({limit:.1f} ms)" if floor_ms else "p50 ≤ 25 ms"
    section.add(f"POST /api/search, sequential ({len(errors)} errors or empty)", fmt_p(ms), samples,
                target=target, met=median(ms) <= limit and not errors)


def _chat_latency(section: Section, client: httpx.Client, conversations: list[list[str]], samples: int) -> None:
    """Each request timed on its own; a follow-up's second turn carries the first turn's session_id.

    Split by whether this server has answered the same message before: the extractive answerer
    caches sentence embeddings, so a first-time question may embed its passages' sentences.
    """
    turns = [(turn, i > 0) for conv in conversations for i, turn in enumerate(conv)]
    turns = (turns * (samples // len(turns) + 2))[:samples + 10]
    ms, errors, session, grounded, seen = [], 0, None, 0, set()
    first, again = [], []
    for n, (message, follow_up) in enumerate(turns):
        start = time.perf_counter()
        response = client.post("/api/chat", json={"message": message, "session_id": session if follow_up else None})
        elapsed = (time.perf_counter() - start) * 1000
        repeated = message in seen
        seen.add(message)
        if response.status_code != 200:
            errors += 1
            session = None
            continue
        body = response.json()
        session = body["session_id"]
        if n >= 10:  # the first ten are warm-up
            ms.append(elapsed)
            (again if repeated else first).append(elapsed)
            grounded += bool(body.get("grounded"))
    section.add(f"POST /api/chat (extractive), sequential ({errors} errors; {grounded} grounded answers)",
                fmt_p(ms), len(ms), target="p50 ≤ 20 ms", met=bool(ms) and median(ms) <= 20 and not errors)
    for name, values in (("message new to this server", first), ("message asked before", again)):
        if values:
            section.add(f"… of which {name}", fmt_p(values), len(values))


def _throughput(section: Section, url: str, conversations: list[list[str]], per_client: int, *, on_level) -> float:
    """Requests/s at 1, 8 and 32 concurrent clients; returns the 32-client figure."""
    messages = [conv[0] for conv in conversations]
    for clients in (1, 8, 32):
        ok, errors, latencies = 0, 0, []
        lock, gate = threading.Lock(), threading.Barrier(clients + 1)

        def worker(offset: int):
            nonlocal ok, errors
            with httpx.Client(base_url=url, timeout=120.0, trust_env=False) as client:
                gate.wait()
                for i in range(per_client):
                    start = time.perf_counter()
                    try:
                        response = client.post("/api/chat", json={"message": messages[(offset + i) % len(messages)],
                                                                  "session_id": None})
                        good = response.status_code == 200
                    except httpx.HTTPError:
                        good = False
                    with lock:
                        latencies.append((time.perf_counter() - start) * 1000)
                        ok, errors = ok + good, errors + (not good)

        threads = [threading.Thread(target=worker, args=(c * 7,)) for c in range(clients)]
        for thread in threads:
            thread.start()
        gate.wait()
        start = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
        p50, p95 = p50_p95(latencies)
        section.add(f"POST /api/chat throughput, {clients} concurrent client{'s' * (clients > 1)}",
                    f"{ok / wall:.1f} req/s; latency p50 {p50:.0f} ms / p95 {p95:.0f} ms; {errors} errors",
                    f"{clients}×{per_client}")
        on_level(clients)
    return ok / wall


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
