"""Which embedding runtime a real `pmr serve` process loads."""
from pathlib import Path

import httpx
import pytest

from tests.api.test_robustness import Server
from tests.conftest import copy_index


def _loaded_libraries(pid: int) -> str:
    """The shared objects mapped into the process: importing torch maps libtorch, whoever imports it."""
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["onnx", "torch"])
def test_the_server_loads_pytorch_only_when_asked_to(services, settings, tmp_path, monkeypatch, backend):
    data, corpus = copy_index(services, settings, tmp_path)
    monkeypatch.setenv("PMR_EMBED_BACKEND", backend)
    server = Server(data, corpus, token=None).start()
    try:
        response = httpx.post(f"{server.url}/api/search", json={"query": "thank-you notes after a conference"},
                              timeout=30)
        assert "7–10 days" in response.json()["results"][0]["text"]
        maps = _loaded_libraries(server.proc.pid)
        assert "onnxruntime" in maps or backend == "torch"
        assert ("libtorch" in maps) == (backend == "torch")
    finally:
        server.stop()
