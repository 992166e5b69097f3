"""Server-issued sessions end to end: their time to live from the settings, the HTTP API and the CLI."""
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import REPO

QUESTION = "How soon after a conference should I send thank-you notes?"


@pytest.mark.parametrize("value, expected", [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)),
                                             ("30m", timedelta(minutes=30)), ("90", timedelta(seconds=90)),
                                             ("45s", timedelta(seconds=45))])
def test_session_ttl_reads_days_hours_minutes_or_seconds(monkeypatch, value, expected):
    monkeypatch.setenv("PMR_SESSION_TTL", value)
    assert Settings().session_ttl == expected


@pytest.mark.parametrize("value", ["soon", "7w", "0", "-1d"])
def test_a_session_ttl_that_is_not_a_positive_duration_is_refused_with_the_forms_it_takes(monkeypatch, value):
    monkeypatch.setenv("PMR_SESSION_TTL", value)
    with pytest.raises(ValueError, match="7d, 12h, 30m"):
        Settings()


def test_default_session_ttl_is_a_week():
    assert Settings().session_ttl == timedelta(days=7)


def test_a_session_is_404_once_its_ttl_has_passed_since_its_last_turn(services, settings):
    short = settings.model_copy(update={"session_ttl": timedelta(seconds=2)})
    with TestClient(create_app(short)) as client:
        session = client.post("/api/chat", json={"message": QUESTION}).json()["session_id"]
        assert client.post("/api/chat", json={"message": "and how long?", "session_id": session}).status_code == 200
        time.sleep(2.2)
        expired = client.post("/api/chat", json={"message": "and how long?", "session_id": session})
        assert expired.status_code == 404 and "expired" in expired.json()["detail"]


def test_pmr_ask_with_a_session_the_server_did_not_issue_exits_1_saying_what_to_do(services, settings):
    env = {**os.environ, "PMR_DATA_DIR": str(settings.data_dir), "PMR_CORPUS_DIR": str(settings.corpus_dir)}
    proc = subprocess.run([sys.executable, "-m", "api.cli", "ask", QUESTION, "--session", "made-up-id"], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "unknown or expired session_id" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("query", ["   ", "x" * 2001])
def test_pmr_search_refuses_a_blank_or_overlong_query_as_the_api_does(services, settings, query):
    env = {**os.environ, "PMR_DATA_DIR": str(settings.data_dir), "PMR_CORPUS_DIR": str(settings.corpus_dir)}
    proc = subprocess.run([sys.executable, "-m", "api.cli", "search", query], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert ("query is empty" if not query.strip() else "the limit is 2000") in proc.stderr
