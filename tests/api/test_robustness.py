"""Hostile input, load, auth and crash safety against a real `pmr serve` on loopback."""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import REPO, copy_index

TOKEN = "s3cret-admin-token"
QUESTIONS = [
    "How soon after a conference should I send thank-you notes?",
    "Who should I ask for letters of recommendation for fellowship?",
    "How many programs should I apply to for pain medicine fellowship?",
    "When should I take Step 2 CK?",
    "What is the gabapentin starting dose?",
]
FOLLOW_UP = "And how early should I ask for them?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`pmr serve` in a subprocess; stderr kept for the log assertions."""

    def __init__(self, data_dir: Path, corpus_dir: Path, *, token: str | None = TOKEN):
        self.data_dir, self.corpus_dir, self.token = data_dir, corpus_dir, token
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120, **extra_env: str) -> "Server":
        env = {**os.environ, "PMR_DATA_DIR": str(self.data_dir), "PMR_CORPUS_DIR": str(self.corpus_dir), **extra_env}
        env.pop("PMR_LOG_QUESTIONS", None)
        if self.token:
            env["PMR_ADMIN_TOKEN"] = self.token
        self.proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)], cwd=REPO,
                                     env=env, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"server did not become healthy:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def server(services, settings, tmp_path_factory):
    data, corpus = copy_index(services, settings, tmp_path_factory.mktemp("served"))
    srv = Server(data, corpus).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api_schema(server):
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    schema.config.update(base_url=server.url)
    return schema


def _operations() -> list[str]:
    return ["GET /health", "GET /api/documents", "POST /api/search", "POST /api/chat", "POST /api/chat/stream",
            "POST /api/drafts/{kind}", "POST /api/ingest"]


@pytest.mark.slow
@pytest.mark.parametrize("operation", _operations())
def test_fuzzed_requests_never_get_a_server_error_and_match_the_schema(api_schema, server, operation):
    """Schemathesis generates requests from our OpenAPI schema (valid and invalid); none may get a 5xx,
    and every response must match the schema it documents."""
    method, path = operation.split(" ")
    found = [r.ok() for r in api_schema.get_all_operations()
             if r.ok().method.upper() == method and r.ok().path == path]
    assert found, f"{operation} is missing from /openapi.json"
    calls = []

    @given(case=found[0].as_strategy())
    @hypothesis_settings(max_examples=25, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    def fuzz(case):
        calls.append(case)
        case.call_and_validate(base_url=server.url, checks=[not_a_server_error, response_schema_conformance],
                               timeout=60)

    fuzz()
    assert calls


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b'{"message": 42}', "application/json"),
    (b'{"message": ["a"]}', "application/json"),
    (b'{"message": "hi", "session_id": "../../etc/passwd"}', "application/json"),
    ("{\"message\": \"\u00e9\"}".encode("latin-1"), "application/json"),
    (b"[" * 5000 + b"]" * 5000, "application/json"),
    (b'{"message": "' + b"a" * 1_000_000 + b'"}', "application/json"),
    (b"message=hi", "application/x-www-form-urlencoded"),
])
def test_nasty_chat_bodies_are_client_errors_not_crashes(server, body, content_type):
    response = httpx.post(f"{server.url}/api/chat", content=body, headers={"content-type": content_type}, timeout=60)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("message", [r"null\u0000byte in a question about mentors", r"\ud800 lone surrogate",
                                     r"\u202e\u200b zero-width and bidi controls", "🙂" * 500])
def test_odd_characters_in_a_question_are_answered_or_refused_never_a_crash(server, message):
    body = ('{"message": "%s"}' % message).encode()
    response = httpx.post(f"{server.url}/api/chat", content=body, headers={"content-type": "application/json"},
                          timeout=60)
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
    if response.status_code == 200:
        assert "\x00" not in response.json()["answer"]


def _raw_request(server, header_value_size: int) -> tuple[bytes, int]:
    """A GET /health with one header of `header_value_size` bytes over a raw socket: the response's first
    bytes (b"" if the server closed without one) and how many bytes the server let us send."""
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Filler: "
    chunk, sent = b"a" * 65536, 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        try:
            sock.sendall(head)
            while sent < header_value_size:
                sent += sock.send(chunk[: header_value_size - sent])
            sock.sendall(b"\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what it answered, if anything, is still to be read
        try:
            return sock.recv(4096), sent
        except ConnectionResetError:
            return b"", sent


def test_request_headers_up_to_the_limit_are_read(server):
    response, _ = _raw_request(server, 12 * 1024)  # a large cookie jar
    assert response.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("size", [20 * 1024, 50 * 1024 * 1024])
def test_request_headers_over_16_kb_are_refused_and_the_server_keeps_serving(server, size):
    response, sent = _raw_request(server, size)
    assert not response.startswith(b"HTTP/1.1 200")
    assert response.split(b"\r\n")[0] in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 431 Request Header Fields Too Large",
                                           b"") and sent < 8 * 1024 * 1024  # refused early, not read to the end
    assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200


def test_script_and_template_syntax_come_back_as_data(server):
    chat = httpx.post(f"{server.url}/api/chat", json={"message": "<script>alert(1)</script> {{ 7*7 }}"}, timeout=30)
    assert chat.status_code == 200 and "<script>" not in chat.json()["answer"]
    draft = httpx.post(f"{server.url}/api/drafts/thank-you", timeout=30, json={
        "recipient_name": "Dr. {{ 7*7 }}", "sender_name": "<script>alert(1)</script>", "context": "{% for x in y %}"})
    assert draft.status_code == 200
    body = draft.json()["body"]
    assert "Dr. {{ 7*7 }}" in body and "<script>alert(1)</script>" in body and "{% for x in y %}" in body
    assert "49" not in body


def _chat(client: httpx.Client, url: str, message: str, session_id: str | None = None) -> dict:
    response = client.post(f"{url}/api/chat", json={"message": message, "session_id": session_id}, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.slow
def test_fifty_concurrent_clients_get_their_own_answers_and_sessions(server):
    with httpx.Client() as client:
        alone = {q: _chat(client, server.url, q) for q in QUESTIONS}
        alone_follow = {q: _chat(client, server.url, FOLLOW_UP, alone[q]["session_id"])["answer"] for q in QUESTIONS}

    def conversation(i: int) -> tuple[str, dict, dict]:
        question = QUESTIONS[i % len(QUESTIONS)]
        with httpx.Client() as client:
            first = _chat(client, server.url, question)
            second = _chat(client, server.url, FOLLOW_UP, first["session_id"])
        return question, first, second

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(conversation, range(50)))
    assert len({first["session_id"] for _, first, _ in results}) == 50
    for question, first, second in results:
        assert first["answer"] == alone[question]["answer"]
        assert second["session_id"] == first["session_id"]
        assert second["answer"] == alone_follow[question]  # the follow-up saw this client's own first turn


def test_ingest_endpoint_requires_the_admin_token(server):
    url = f"{server.url}/api/ingest"
    assert httpx.post(url, timeout=30).status_code == 401
    assert httpx.post(url, headers={"Authorization": "Bearer wrong"}, timeout=30).status_code == 403
    assert httpx.post(url, headers={"Authorization": "Basic " + TOKEN}, timeout=30).status_code in (401, 403)
    ok = httpx.post(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert ok.status_code == 200 and ok.json()["documents"] == 4 and ok.json()["embedded"] == 0


@pytest.mark.slow
def test_chats_keep_working_while_an_ingest_runs(server):
    (server.corpus_dir / "extra-guide.md").write_text(
        "# Extra Guide\n\n## Interview Day\n\n" + "\n\n".join(
            f"Tip {i}: arrive early and thank the coordinator on interview day number {i}." for i in range(400)))
    try:
        results: list[int] = []
        ingest = threading.Thread(target=lambda: results.append(httpx.post(
            f"{server.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600).status_code))
        ingest.start()
        with httpx.Client() as client:
            answers = [_chat(client, server.url, QUESTIONS[i % 4]) for i in range(12)]
        ingest.join(timeout=600)
        assert results == [200]
        assert all(a["grounded"] for a in answers)
        assert httpx.get(f"{server.url}/health").json()["documents"] == 5
    finally:
        (server.corpus_dir / "extra-guide.md").unlink()
        httpx.post(f"{server.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)


def test_access_log_has_status_and_time_but_no_question_text(server):
    secret = "my Step 1 failure and remediation plan"
    httpx.post(f"{server.url}/api/chat", json={"message": secret}, timeout=30)
    time.sleep(0.5)
    log = server.log.read_text()
    assert "/api/chat" in log and "200" in log and "ms" in log
    assert secret not in log


@pytest.mark.slow
def test_kill_9_during_ingest_keeps_the_previous_index_and_sessions(services, settings, tmp_path):
    data, corpus = copy_index(services, settings, tmp_path)
    pause = tmp_path / "paused-before-commit"
    srv = Server(data, corpus).start(PMR_INGEST_PAUSE_FILE=str(pause))
    try:
        before = httpx.get(f"{srv.url}/health").json()
        first = _chat(httpx.Client(), srv.url, "Who should I ask for letters of recommendation for fellowship?")
        (corpus / "filler.txt").write_text("Filler Guide\n\n" + "\n\n".join(
            f"Section {i} Heading\nParagraph {i} explains a distinct rehabilitation point number {i}." for i in range(300)))
        threading.Thread(target=lambda: _swallow(lambda: httpx.post(
            f"{srv.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)), daemon=True).start()
        _wait_for(pause.exists, 300)  # the ingest has written its vectors and waits just before its commit
        srv.kill()
        with sqlite3.connect(data / "catalog.sqlite3") as db:  # the kill landed between the vectors and the commit
            assert db.execute("SELECT value FROM meta WHERE key='vectors_dirty'").fetchone() == ("1",)
            assert db.execute("SELECT count(*) FROM documents WHERE path LIKE '%filler.txt'").fetchone() == (0,)
        pause.unlink()
        (corpus / "filler.txt").unlink()  # so the restart's own ingest is a no-op over the old corpus
        srv.start()
        assert httpx.get(f"{srv.url}/health").json() == before
        follow = _chat(httpx.Client(), srv.url, FOLLOW_UP, first["session_id"])
        assert any("2–3 months" in c["text"] for c in follow["citations"])  # the session survived the crash
        (corpus / "another.md").write_text("# Another\n\n## Part\n\nA short extra guide paragraph about mentors.")
        done = httpx.post(f"{srv.url}/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600)
        assert done.status_code == 200 and done.json()["documents"] == before["documents"] + 1
    finally:
        srv.stop()


def _wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.1)


def _swallow(call) -> None:
    try:
        call()
    except httpx.HTTPError:
        pass  # the server is killed mid-request on purpose
