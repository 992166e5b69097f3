"""A running `pmr serve` against CLI ingests that are killed, repeated and fed duplicate guides."""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.api.test_robustness import TOKEN, Server
from tests.conftest import REPO, copy_index

NETWORKING = "networking-and-mentorship.txt"
DRAFT = {"recipient_name": "Dr. Lee", "sender_name": "Sam Patel", "context": "the AAPM&R poster session"}


class Traffic:
    """Search, chat, draft and health requests in a loop on a thread; anything but a 200 (and an "ok"
    health) is a failure."""

    def __init__(self, url: str):
        self.url, self.statuses, self.failures = url, [], []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        calls = [("GET", "/health", None), ("POST", "/api/search", {"query": "letters of recommendation"}),
                 ("POST", "/api/chat", {"message": "How do I find a mentor in PM&R?"}),
                 ("POST", "/api/drafts/thank-you", DRAFT)]
        with httpx.Client(base_url=self.url, timeout=60) as client:
            while not self._stop.wait(0.1):  # leave the ingests some CPU
                for method, path, body in calls:
                    try:
                        response = client.request(method, path, json=body)
                    except httpx.HTTPError as exc:  # the server died or hung
                        self.failures.append((path, None, repr(exc)))
                        continue
                    self.statuses.append(response.status_code)
                    if response.status_code != 200 or (path == "/health" and response.json()["status"] != "ok"):
                        self.failures.append((path, response.status_code, response.text[:300]))

    def __enter__(self) -> "Traffic":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=120)


def _cli(data: Path, corpus: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(corpus), "--json"], cwd=REPO,
                            env={**os.environ, "PMR_DATA_DIR": str(data), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_before_commit(data: Path, corpus: Path, pause: Path) -> None:
    """A CLI ingest SIGKILLed at its pause point: vectors written, catalog not committed."""
    proc = _cli(data, corpus, PMR_INGEST_PAUSE_FILE=str(pause))
    deadline = time.monotonic() + 300
    while not pause.exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "timeout"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    pause.unlink()


def _ingest(data: Path, corpus: Path) -> None:
    proc = _cli(data, corpus)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err


def _passages_per_guide(url: str) -> dict[str, int]:
    return {d["doc_id"]: d["chunks"] for d in httpx.get(f"{url}/api/documents", timeout=30).json()}


@pytest.fixture
def served(services, settings, tmp_path):
    """`pmr serve` over a copy of the session's index of the four guides."""
    data, corpus = copy_index(services, settings, tmp_path)
    srv = Server(data, corpus).start(timeout=300)
    yield srv, data, corpus
    srv.stop()


def _new_guide(corpus: Path, n: int) -> Path:
    path = corpus / f"interview-day-{n}.md"
    path.write_text(f"# Interview Day {n}\n\n## Arriving\n\nArrive fifteen minutes early on interview day {n} and "
                    "greet the coordinator by name.\n")
    return path


def test_a_killed_cli_ingest_and_the_next_one_never_break_a_running_server(served, tmp_path):
    srv, data, corpus = served
    before = _passages_per_guide(srv.url)
    with Traffic(srv.url) as traffic:
        _new_guide(corpus, 1)
        _kill_before_commit(data, corpus, tmp_path / "pause")
        assert _passages_per_guide(srv.url) == before  # nothing committed
        _ingest(data, corpus)
        time.sleep(2)  # more traffic against the index the second ingest wrote
    assert traffic.failures == [] and len(traffic.statuses) > 8
    assert _passages_per_guide(srv.url) == {**before, "interview-day-1": 1}
    hits = httpx.post(f"{srv.url}/api/search", json={"query": "greet the coordinator on interview day"}).json()
    assert hits["results"][0]["doc_id"] == "interview-day-1"
    assert httpx.get(f"{srv.url}/health").json() == {"status": "ok", "documents": 5, "chunks": sum(before.values()) + 1}


@pytest.mark.slow
def test_ten_rounds_of_duplicates_and_killed_ingests_lose_no_guide_and_serve_no_500(served, tmp_path):
    srv, data, corpus = served
    before = _passages_per_guide(srv.url)
    with Traffic(srv.url) as traffic:
        for n in range(10):
            copy = corpus / "networking-and-mentorship (1).txt"
            shutil.copy(corpus / NETWORKING, copy)
            extra = _new_guide(corpus, n)
            _kill_before_commit(data, corpus, tmp_path / "pause")
            _ingest(data, corpus)
            assert _passages_per_guide(srv.url) == {**before, f"interview-day-{n}": 1}, n
            copy.unlink()
            extra.unlink()
            done = httpx.post(f"{srv.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)
            assert done.status_code == 200 and _passages_per_guide(srv.url) == before, n
    assert traffic.failures == [] and len(traffic.statuses) > 100, traffic.failures[:3]
    print(f"10 rounds: {len(traffic.statuses)} requests during the faults, statuses {sorted(set(traffic.statuses))}")


def test_health_is_degraded_with_a_reason_when_the_vector_index_is_gone_and_ok_after_an_ingest(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from ingest.store import Store

    corpus = tmp_path / "corpus"  # its own index: a Chroma collection no other test's process shares
    corpus.mkdir()
    _new_guide(corpus, 1)
    data = tmp_path / "data"
    with TestClient(create_app(Settings(data_dir=data, corpus_dir=corpus, admin_token=TOKEN))) as client:
        assert client.get("/health").json() == {"status": "ok", "documents": 1, "chunks": 1}
        outsider = Store(data_dir=data)  # e.g. someone wiping the Chroma data under a running server
        outsider.client.delete_collection(outsider.collection_name())
        health = client.get("/health").json()
        assert health["status"] == "degraded" and "pmr ingest" in health["reason"] and health["documents"] == 1
        assert client.post("/api/search", json={"query": "greet the coordinator"}).status_code == 200
        assert client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert client.get("/health").json() == {"status": "ok", "documents": 1, "chunks": 1}
