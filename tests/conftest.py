"""Shared fixtures: one real index (real Chroma, real packaged model) per test session."""
import shutil
import sqlite3
from pathlib import Path

import pytest

from api.services import Services
from api.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    """A private copy of corpus/ that tests may not modify (use `tmp_corpus` to modify)."""
    target = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def settings(tmp_path_factory, corpus_copy) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("pmr-data"), corpus_dir=corpus_copy)


@pytest.fixture(scope="session")
def services(settings) -> Services:
    """Services over the ingested guides; shared, so tests must only read the index."""
    services = Services(settings)
    services.ingest()
    return services


@pytest.fixture(scope="session")
def embedder(services):
    return services.embedder


def copy_index(services, settings, target: Path) -> tuple[Path, Path]:
    """A private copy of the session's ingested index and corpus (one writer per Chroma dir)."""
    services.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = target / "data"
    shutil.copytree(settings.data_dir, data, ignore=shutil.ignore_patterns("sessions.sqlite3*", "ingest.lock"))
    corpus = target / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    with sqlite3.connect(data / "catalog.sqlite3") as db:  # the copy's guides live in the copied folder
        db.execute("UPDATE documents SET path = replace(path, ?, ?)", (str(settings.corpus_dir), str(corpus)))
    return data, corpus
