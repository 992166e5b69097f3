"""The HTTP API in-process (TestClient runs the lifespan) over the session's ingested index."""
import datetime
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_assistant, get_search
from api.settings import Settings
from assistant.citations import cited_numbers
from ingest.errors import IndexNotReady
from tests.conftest import REPO, copy_index

THANK_YOU_QUESTION = "How soon after a conference should I send thank-you notes?"
DOSE_QUESTION = "What is the gabapentin starting dose?"
TOKEN = "test-admin-token"


@pytest.fixture(scope="module")
def client(services, settings):
    """The app over the same data dir the `services` fixture ingested: its own ingest is a no-op."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    """An app with an admin token and question logging on, over its own small corpus and data dir."""
    root = tmp_path_factory.mktemp("admin")
    (root / "corpus").mkdir()
    (root / "corpus" / "away-rotations.md").write_text(
        "# Away Rotation Guide\n\n## Choosing a program\n\nPick away rotations at programs you would rank highly; "
        "apply for them through VSLO about four months ahead.\n\n## On the rotation\n\nArrive early, read about "
        "every patient and ask the program director for feedback at the midpoint.\n")
    private = Settings(data_dir=root / "data", corpus_dir=root / "corpus", admin_token=TOKEN, log_questions=True)
    with TestClient(create_app(private)) as client:
        yield client


def indexed(services, text: str) -> bool:
    return services.store.db.execute("SELECT COUNT(*) FROM passages WHERE text = ?", (text,)).fetchone()[0] == 1


def sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return events


# -- reading the index ----------------------------------------------------------------------------

def test_health_reports_the_ingested_index(client, services):
    documents, chunks = services.store.counts()
    assert client.get("/health").json() == {"status": "ok", "documents": documents, "chunks": chunks}
    assert documents == 4 and chunks > 100


def test_documents_lists_every_guide_with_its_passage_count(client):
    docs = client.get("/api/documents").json()
    assert {d["doc_id"] for d in docs} == {"networking-and-mentorship", "pain-and-spine-rehab-vision",
                                           "step-score-strategy", "us-img-fellowship-prep"}
    assert sum(d["chunks"] for d in docs) == client.get("/health").json()["chunks"]
    networking = next(d for d in docs if d["doc_id"] == "networking-and-mentorship")
    assert networking["title"].startswith("Master Networking in PM&R Residency") and networking["source"]


def test_search_finds_the_post_conference_follow_up_passage(client, services):
    results = client.post("/api/search", json={"query": "thank-you notes after a conference"}).json()["results"]
    assert len(results) == 5
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    top = results[0]
    assert "7–10 days" in top["text"] and "Post-Conference Follow-Up" in top["section"]
    assert " > " in top["section"] and indexed(services, top["text"])


def test_search_returns_k_results(client):
    assert len(client.post("/api/search", json={"query": "mentorship", "k": 1}).json()["results"]) == 1
    assert len(client.post("/api/search", json={"query": "mentorship", "k": 12}).json()["results"]) == 12


# -- chat -----------------------------------------------------------------------------------------

def test_chat_answer_cites_indexed_passages_for_every_marker(client, services):
    body = client.post("/api/chat", json={"message": THANK_YOU_QUESTION}).json()
    assert body["grounded"] and "7–10 days" in body["answer"]
    markers = set(cited_numbers(body["answer"]))
    assert markers and markers == {c["n"] for c in body["citations"]}
    for citation in body["citations"]:
        assert indexed(services, citation["text"])
    assert any("Post-Conference Follow-Up" in c["section"] for c in body["citations"])


def test_uncovered_question_is_refused_without_citations(client):
    body = client.post("/api/chat", json={"message": DOSE_QUESTION}).json()
    assert body["grounded"] is False and body["citations"] == []
    assert "don't cover" in body["answer"] and "Master Networking" in body["answer"]  # says what they do cover


def test_follow_up_with_the_session_id_is_read_in_context(client):
    first = client.post("/api/chat", json={"message": "How many programs should I apply to for pain medicine fellowship?"}).json()
    follow = client.post("/api/chat", json={"message": "and for sports med?", "session_id": first["session_id"]}).json()
    cold = client.post("/api/chat", json={"message": "and for sports med?"}).json()
    assert follow["session_id"] == first["session_id"] and cold["session_id"] != first["session_id"]
    # Read after a question about how many programs, the answer leads with numbers of programs; alone, it does not.
    assert "10–20 programs" in follow["answer"] and "programs" in follow["answer"].split("[1]")[0]
    assert "programs" not in cold["answer"].split("[1]")[0]


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream"])
def test_a_session_id_the_server_did_not_issue_is_404(client, path):
    response = client.post(path, json={"message": THANK_YOU_QUESTION, "session_id": "my-own_session-1"})
    assert response.status_code == 404 and "new conversation" in response.json()["detail"]
    issued = client.post("/api/chat", json={"message": THANK_YOU_QUESTION, "session_id": None}).json()["session_id"]
    assert len(issued) >= 32 and client.post(path, json={"message": "and when?", "session_id": issued}).status_code == 200


@pytest.mark.parametrize("question", [THANK_YOU_QUESTION, DOSE_QUESTION])
def test_stream_sends_tokens_then_citations_then_done_matching_the_plain_answer(client, question):
    plain = client.post("/api/chat", json={"message": question}).json()
    response = client.post("/api/chat/stream", json={"message": question})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = sse(response.text)
    names = [name for name, _ in events]
    assert names == ["token"] * (len(names) - 2) + ["citations", "done"] and len(names) >= 3
    assert "".join(data["text"] for name, data in events if name == "token") == plain["answer"]
    citations = events[-2][1]
    assert citations["grounded"] == plain["grounded"] and citations["citations"] == plain["citations"]
    assert re.fullmatch(r"[\w-]{32}", citations["session_id"]) and events[-1][1] == {}


def test_stream_continues_a_session(client):
    first = client.post("/api/chat", json={"message": "How many programs should I apply to for pain medicine fellowship?"})
    events = sse(client.post("/api/chat/stream", json={"message": "and for sports med?",
                                                       "session_id": first.json()["session_id"]}).text)
    assert events[-2][1]["session_id"] == first.json()["session_id"]
    assert "10–20 programs" in "".join(d["text"] for name, d in events if name == "token")


def test_stream_rejects_bad_input_with_a_json_error_before_streaming(client):
    response = client.post("/api/chat/stream", json={"message": "   "})
    assert response.status_code == 422 and response.headers["content-type"] == "application/json"
    assert response.json()["detail"][0]["loc"] == ["body", "message"]


# -- input errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path, body, field", [
    ("/api/chat", {"message": ""}, "message"),
    ("/api/chat", {"message": "   \n "}, "message"),
    ("/api/chat", {"message": "x" * 2001}, "message"),
    ("/api/chat", {}, "message"),
    ("/api/chat", {"message": 42}, "message"),
    ("/api/chat", {"message": ["a"]}, "message"),
    ("/api/chat", {"message": "hi", "extra": 1}, "extra"),
    ("/api/chat", {"message": "hi", "session_id": "../../etc/passwd"}, "session_id"),
    ("/api/chat", {"message": "hi", "session_id": "a b"}, "session_id"),
    ("/api/chat", {"message": "hi", "session_id": "x" * 65}, "session_id"),
    ("/api/chat/stream", {"message": "x" * 2001}, "message"),
    ("/api/search", {"query": ""}, "query"),
    ("/api/search", {"query": "   \n\t "}, "query"),
    ("/api/search", {"query": "mentor", "k": 0}, "k"),
    ("/api/search", {"query": "mentor", "k": 51}, "k"),
    ("/api/search", {"query": "mentor", "k": "five"}, "k"),
    ("/api/search", {"query": "mentor", "k": 2.5}, "k"),
    ("/api/search", {"query": {"$ne": 1}}, "query"),
    ("/api/search", {"query": "mentor", "limit": 3}, "limit"),
])
def test_invalid_fields_are_422_naming_the_field(client, path, body, field):
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    assert ["body", field] in [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize("content", [b"{not json", b'{"message": "hi",}', b"",
                                     b"[" * 20_000 + b"]" * 20_000, b'{"message": "caf\xe9 \xff"}'])
def test_invalid_json_is_422(client, content):
    response = client.post("/api/chat", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert [error["loc"][0] for error in response.json()["detail"]] == ["body"]


def test_other_http_errors_keep_their_status_and_headers(admin):
    response = admin.post("/api/ingest")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "send the admin token as `Authorization: Bearer <token>`"}


def test_unpaired_surrogate_is_422_not_a_crash(client):
    response = client.post("/api/chat", content=b'{"message": "\\ud800 lone"}', headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "message"]


def test_validation_errors_do_not_echo_the_question_back(client):
    question = "my failed Step 1 score " * 100
    response = client.post("/api/chat", json={"message": question})
    assert response.status_code == 422 and "failed Step 1" not in response.text


@pytest.mark.parametrize("method, path", [("get", "/nope"), ("post", "/api/nope"), ("get", "/api/documents/x"),
                                          ("get", "/static/nope.js")])
def test_unknown_routes_are_404(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 404 and response.json()["detail"]


def test_wrong_method_is_405(client):
    assert client.get("/api/chat").status_code == 405


def test_megabyte_body_is_413(client):
    response = client.post("/api/chat", content=b'{"message": "' + b"a" * 1_000_000 + b'"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and "64 KB" in response.json()["detail"]


def test_streamed_body_without_length_is_cut_off_at_the_limit(client):
    def chunks():
        yield b'{"message": "'
        for _ in range(100):
            yield b"a" * 10_000
        yield b'"}'

    response = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "64 KB" in response.json()["detail"]


def test_request_headers_over_16_kb_are_431_and_a_large_cookie_jar_is_read(client):
    assert client.get("/health", headers={"Cookie": "c" * 12_000}).status_code == 200
    response = client.get("/health", headers={"Cookie": "c" * 8_000, "X-Other": "x" * 9_000})
    assert response.status_code == 431 and "16 KB" in response.json()["detail"]


def test_body_just_under_the_limit_is_read(client):
    response = client.post("/api/chat", json={"message": "a" * 60_000})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "message"]


# -- drafts ---------------------------------------------------------------------------------------

def test_thank_you_draft_uses_the_fields_and_cites_the_guides(client, services):
    body = client.post("/api/drafts/thank-you", json={
        "recipient_name": "Dr. Rivera", "sender_name": "Sam Patel",
        "context": "our conversation after your talk on concussion rehab at the Annual Assembly"}).json()
    assert body["kind"] == "thank-you" and body["subject"] and body["warnings"] == []
    assert "Dr. Rivera" in body["body"] and "concussion rehab" in body["body"] and "Sam Patel" in body["body"]
    assert body["tips"] and all(indexed(services, tip["citation"]["text"]) for tip in body["tips"])
    assert any("7–10 days" in tip["text"] for tip in body["tips"])


def test_mentor_outreach_draft_defaults_the_ask(client):
    body = client.post("/api/drafts/mentor-outreach", json={
        "recipient_name": "Dr. Lee", "sender_name": "Ana Ruiz", "training_level": "PGY-2 resident",
        "interest": "spinal cord injury research", "hours_per_week": 4}).json()
    assert "Dr. Lee" in body["body"] and "20–30 minute" in body["body"] and "4 hours per week" in body["body"]


def test_letter_request_with_a_close_deadline_warns_and_cites_the_lead_time(client):
    soon = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    body = client.post("/api/drafts/lor-request", json={
        "recipient_name": "Dr. Okafor", "sender_name": "Sam Patel", "purpose": "PM&R residency",
        "relationship": "my inpatient rehab rotation", "deadline": soon,
        "materials": ["CV", "personal statement"]}).json()
    assert "Dr. Okafor" in body["body"] and "CV and personal statement" in body["body"]
    assert len(body["warnings"]) == 1 and "2–3 months" in body["warnings"][0]
    far = (datetime.date.today() + datetime.timedelta(days=200)).isoformat()
    relaxed = client.post("/api/drafts/lor-request", json={
        "recipient_name": "Dr. Okafor", "sender_name": "Sam Patel", "purpose": "PM&R residency",
        "relationship": "my inpatient rehab rotation", "deadline": far, "materials": "CV, personal statement"}).json()
    assert relaxed["warnings"] == [] and "CV and personal statement" in relaxed["body"]


def test_pmr_draft_and_the_api_give_the_same_text(client, services, settings, tmp_path):
    fields = {"recipient_name": "dr lee", "sender_name": "Sam Patel", "training_level": "ms3",
              "interest": "I want to do sports medicine", "ask": "can I shadow you in clinic",
              "specific_work": "I read your paper on ultrasound-guided injections\nin runners"}
    api = client.post("/api/drafts/mentor-outreach", json=fields).json()
    args = [part for name, value in fields.items() for part in (f"--{name.replace('_', '-')}", value)]
    data, corpus = copy_index(services, settings, tmp_path)  # the CLI process gets its own Chroma dir
    env = {**os.environ, "PMR_DATA_DIR": str(data), "PMR_CORPUS_DIR": str(corpus)}
    env.pop("PMR_LLM_BASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "api.cli", "draft", "mentor-outreach", *args, "--json"], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    cli = json.loads(proc.stdout)
    assert (cli["subject"], cli["body"], cli["notes"]) == (api["subject"], api["body"], api["notes"])
    assert api["body"].startswith("Dear Dr. Lee,") and "Can I shadow you in clinic?" in api["body"]
    assert "I read your paper on ultrasound-guided injections in runners." in api["body"]
    assert "Training level: “ms3” → “third-year medical student”" in api["notes"]


def test_draft_fields_are_data_not_template_code(client):
    body = client.post("/api/drafts/thank-you", json={
        "recipient_name": "Dr. {{ 7*7 }}", "sender_name": "<script>alert(1)</script>", "context": "{% raw %}x"}).json()
    assert "Dr. {{ 7*7 }}" in body["body"] and "<script>alert(1)</script>" in body["body"] and "49" not in body["body"]


@pytest.mark.parametrize("kind, fields, named", [
    ("thank-you", {}, {"recipient_name", "sender_name", "context"}),
    ("thank-you", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "context": "talk", "mood": "happy"}, {"mood"}),
    ("thank-you", {"recipient_name": 5, "sender_name": "Sam", "context": "talk"}, {"recipient_name"}),
    ("thank-you", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "context": "x" * 2001}, {"context"}),
    ("thank-you", {"recipient_name": "   ", "sender_name": "Sam", "context": "talk"}, {"recipient_name"}),
    ("mentor-outreach", {"recipient_name": "Dr. Lee", "sender_name": "Sam"}, {"training_level", "interest"}),
    ("lor-request", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "purpose": "PM&R residency",
                     "relationship": "rotation", "deadline": "next week"}, {"deadline"}),
    ("lor-request", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "purpose": "PM&R residency",
                     "relationship": "rotation", "deadline": "2001-01-01"}, {"deadline"}),
    ("lor-request", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "purpose": "PM&R residency",
                     "relationship": "rotation", "deadline": "2099-01-01", "materials": [1, 2]}, {"materials"}),
])
def test_invalid_draft_fields_are_422_naming_each_field(client, kind, fields, named):
    response = client.post(f"/api/drafts/{kind}", json=fields)
    assert response.status_code == 422, response.text
    assert {error["loc"][1] for error in response.json()["detail"]} == named
    assert all(error["loc"][0] == "body" and error["msg"] for error in response.json()["detail"])


def test_draft_body_must_be_an_object(client):
    response = client.post("/api/drafts/thank-you", json=["Dr. Lee"])
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][0] == "body"


def test_unknown_draft_kind_is_404_naming_the_kinds(client):
    response = client.post("/api/drafts/cover-letter", json={"recipient_name": "Dr. Lee"})
    assert response.status_code == 404 and "mentor-outreach" in response.json()["detail"]


# -- ingest ---------------------------------------------------------------------------------------

def test_ingest_endpoint_is_off_without_an_admin_token(client):
    response = client.post("/api/ingest", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404 and "disabled" in response.json()["detail"]


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": f"Basic {TOKEN}"}, 401), ({"Authorization": "Bearer"}, 401),
    ({"Authorization": "Bearer wrong-token"}, 403), ({"Authorization": f"Bearer {TOKEN}x"}, 403),
    ({"Authorization": "Bearer tökén".encode()}, 403),
])
def test_ingest_endpoint_needs_the_bearer_token(admin, headers, status):
    response = admin.post("/api/ingest", headers=headers)
    assert response.status_code == status and response.json()["detail"]


def test_ingest_endpoint_reingests_the_corpus_folder(admin):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    unchanged = admin.post("/api/ingest", headers=auth).json()  # the lifespan ingested it already
    assert unchanged == {"added": 0, "updated": 0, "unchanged": 1, "removed": 0, "failed": [],
                         "documents": 1, "chunks": unchanged["chunks"], "embedded": 0,
                         "duplicates": [], "dropped": {}, "warnings": []}
    corpus = admin.app.state.services.settings.corpus_dir
    (corpus / "interview-day.md").write_text("# Interview Day Guide\n\n## Thank the coordinator\n\n"
                                             "Send the program coordinator a short thank-you note on interview day.")
    (corpus / "broken.txt").write_bytes(b"")
    report = admin.post("/api/ingest", headers=auth).json()
    assert report["added"] == 1 and report["documents"] == 2 and report["embedded"] >= 1
    assert [f["path"] for f in report["failed"]] == [str((corpus / "broken.txt").resolve())]
    assert admin.get("/health").json()["documents"] == 2
    hits = admin.post("/api/search", json={"query": "thank the program coordinator on interview day"}).json()
    assert "program coordinator" in hits["results"][0]["text"]


# -- status codes for server-side conditions ------------------------------------------------------

def test_empty_index_answers_503_with_what_to_do(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "no-corpus")
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").json() == {"status": "ok", "documents": 0, "chunks": 0}
        response = client.post("/api/chat", json={"message": THANK_YOU_QUESTION})
        assert response.status_code == 503 and "pmr ingest" in response.json()["detail"]
        assert client.post("/api/chat/stream", json={"message": THANK_YOU_QUESTION}).status_code == 503


class _Broken:
    def ask(self, question, session_id=None):
        raise RuntimeError("secret internal state /etc/shadow")

    def search(self, query, *, k=5):
        raise IndexNotReady("the index is being rebuilt: try again in a minute")


def test_unexpected_errors_are_500_json_without_internals(client):
    client.app.dependency_overrides[get_assistant] = _Broken
    try:
        with TestClient(client.app, raise_server_exceptions=False) as broken:
            response = broken.post("/api/chat", json={"message": THANK_YOU_QUESTION})
    finally:
        client.app.dependency_overrides.clear()
    assert response.status_code == 500 and response.headers["content-type"] == "application/json"
    assert "internal error" in response.json()["detail"]
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text


def test_index_not_ready_is_503(client):
    client.app.dependency_overrides[get_search] = _Broken
    try:
        response = client.post("/api/search", json={"query": "mentor"})
    finally:
        client.app.dependency_overrides.clear()
    assert response.status_code == 503 and "try again" in response.json()["detail"]


# -- logging --------------------------------------------------------------------------------------

def test_access_log_has_method_path_status_and_time_but_not_the_question(client, caplog):
    caplog.set_level(logging.INFO)
    client.post("/api/chat", json={"message": "my Step 1 failure and remediation plan"})
    client.get("/nope")
    lines = [r.getMessage() for r in caplog.records]
    assert any(re.fullmatch(r"POST /api/chat 200 \d+ ms", line) for line in lines)
    assert any(re.fullmatch(r"GET /nope 404 \d+ ms", line) for line in lines)
    assert not any("remediation" in line for line in lines)


def test_questions_are_logged_only_when_enabled(admin, caplog):
    caplog.set_level(logging.INFO)
    admin.post("/api/chat", json={"message": "my Step 1 failure and remediation plan"})
    assert any("remediation" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("forged", ["%0aINFO api.access: GET /admin 200 1 ms", "%0d%0aGET /x", "%00%1b[31m", "%e2%80%ae"])
def test_a_control_character_in_the_url_cannot_forge_a_log_line_or_make_the_log_binary(client, caplog, forged):
    caplog.set_level(logging.INFO)
    client.post(f"/api/drafts/thank-you{forged}", json={})
    [line] = [r.getMessage() for r in caplog.records if r.name == "api.access"]
    assert line.startswith("POST /api/drafts/thank-you\\") and line.endswith(" ms") and line.isprintable()


def test_a_logged_question_stays_on_one_line(admin, caplog):
    caplog.set_level(logging.INFO)
    admin.post("/api/chat", json={"message": "mentors?\nINFO api.access: GET /admin 200 1 ms\x00"})
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("question: ")]
    assert line == "question: mentors?\\nINFO api.access: GET /admin 200 1 ms\\x00"


# -- the page and the schema ----------------------------------------------------------------------

def test_page_serves_the_chat_and_the_three_forms(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    for marker in ['id="question"', 'id="ask"', 'id="new-chat"', 'id="draft-mentor-outreach"', 'id="draft-thank-you"',
                   'id="draft-lor-request"', 'type="date"', 'aria-live="polite"', "Master Networking in PM&amp;R"]:
        assert marker in html
    assert "script-src" not in response.headers["content-security-policy"]  # default-src 'self' covers it
    assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path, content_type, marker", [
    ("/static/app.js", "javascript", "/api/chat/stream"), ("/static/app.css", "text/css", ".citation-passage")])
def test_page_assets_are_served_by_the_app(client, path, content_type, marker):
    response = client.get(path)
    assert response.status_code == 200 and content_type in response.headers["content-type"] and marker in response.text


def test_static_files_never_use_inner_html(client):
    assert "innerHTML" not in client.get("/static/app.js").text


def test_openapi_documents_the_contract(client):
    schema = client.get("/openapi.json").json()
    assert {"/health", "/api/documents", "/api/search", "/api/chat", "/api/chat/stream", "/api/drafts/{kind}",
            "/api/ingest"} <= set(schema["paths"])
    draft_body = schema["paths"]["/api/drafts/{kind}"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    documented = [set(option["required"]) for option in draft_body["oneOf"]]
    assert {"recipient_name", "sender_name", "context"} in documented
    assert "Ask a question" in schema["paths"]["/api/chat"]["post"]["description"]
    assert all("404" in schema["paths"][path]["post"]["responses"] for path in ("/api/chat", "/api/chat/stream"))


@pytest.mark.parametrize("kind, fields", [
    ("mentor-outreach", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "training_level": "...", "interest": "SCI"}),
    ("mentor-outreach", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "training_level": ",", "interest": "SCI"}),
    ("lor-request", {"recipient_name": "Dr. Lee", "sender_name": "Sam", "purpose": "PM&R residency",
                     "relationship": "rotation", "deadline": "2099-01-01", "materials": "..."}),
])
def test_punctuation_only_draft_fields_are_rejected_naming_the_field(client, kind, fields):
    response = client.post(f"/api/drafts/{kind}", json=fields)
    assert response.status_code == 422, response.text
    field = "materials" if kind == "lor-request" else "training_level"
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_docs_page_works_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404
