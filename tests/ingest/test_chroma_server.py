import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from api.services import Services
from api.settings import Settings
from tests.conftest import REPO

CHROMA = Path(REPO / ".venv" / "bin" / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip(f"{CHROMA} not installed (run `make install`)")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.slow
def test_two_workers_share_one_chroma_server(chroma_url, tmp_path, corpus_copy, embedder):
    first = Services(Settings(data_dir=tmp_path / "worker-1", corpus_dir=corpus_copy, chroma_url=chroma_url))
    first.embedder = embedder  # the packaged model, loaded once for the test session
    report = first.ingest()
    assert report.documents == 4 and report.embedded == report.chunks
    assert "chroma" not in {p.name for p in (tmp_path / "worker-1").iterdir()}  # vectors live on the server

    second = Services(Settings(data_dir=tmp_path / "worker-2", corpus_dir=corpus_copy, chroma_url=chroma_url))
    second.embedder = embedder
    assert second.ingest().embedded == 0  # the server already holds every vector
    reply = second.assistant.ask("How soon after a conference should I send thank-you notes?")
    assert reply.answer.grounded and "7–10 days" in reply.answer.answer


def test_unreachable_or_malformed_server_url_is_a_clear_error(tmp_path):
    from ingest.errors import StoreError
    from ingest.store import Store

    with pytest.raises(StoreError, match="not an http"):
        Store(data_dir=tmp_path, chroma_url="ftp://nowhere")
    with pytest.raises(StoreError, match="Chroma server"):
        Store(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
