"""Builds the heavy objects once from Settings; the CLI and the app lifespan both use it."""
from dataclasses import dataclass
from functools import cached_property

from api.settings import Settings
from assistant.answer import ExtractiveAnswerer
from assistant.chat import Assistant
from assistant.retrieve import HybridSearch
from assistant.sessions import SessionStore
from ingest.embed import Embedder
from ingest.pipeline import IngestReport, Progress, ingest
from ingest.store import Store


@dataclass
class Services:
    settings: Settings

    @cached_property
    def store(self) -> Store:
        return Store(data_dir=self.settings.data_dir, chroma_url=self.settings.chroma_url)

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder(backend=self.settings.embed_backend, threads=self.settings.embed_threads)

    @cached_property
    def search(self) -> HybridSearch:
        return HybridSearch(self.store, self.embedder)

    @cached_property
    def assistant(self) -> Assistant:
        from assistant.llm import llm_answerer

        return Assistant(store=self.store, search=self.search, answerer=ExtractiveAnswerer(),
                         sessions=SessionStore(self.settings.data_dir / "sessions.sqlite3",
                                               ttl=self.settings.session_ttl.total_seconds()),
                         llm=llm_answerer(self.settings.llm_base_url, self.settings.llm_model,
                                          self.settings.llm_api_key))

    @cached_property
    def drafts(self):
        from assistant.draft_polish import draft_polisher
        from assistant.drafts import Drafter

        return Drafter(self.search, polisher=draft_polisher(self.settings.llm_base_url, self.settings.llm_model,
                                                            self.settings.llm_api_key))

    def ingest(self, paths=None, *, progress: Progress | None = None) -> IngestReport:
        return ingest(self.store, self.embedder, list(paths or [self.settings.corpus_dir]), progress=progress,
                      max_guide_bytes=int(self.settings.max_guide_mb * 2**20),
                      pause_before_commit=self.settings.ingest_pause_file)
