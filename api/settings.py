"""The one Settings object, read from the PMR_* environment variables."""
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PMR_", extra="ignore")

    data_dir: Path = Path(".pmr-data")
    corpus_dir: Path = Path("corpus")
    chroma_url: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    admin_token: str | None = None
    log_questions: bool = False
    embed_backend: Literal["onnx", "torch"] = "onnx"  # same vectors; onnx keeps torch out of the server
    embed_threads: int = Field(0, ge=0)  # threads per embedding call; 0 = the runtime's default (one per core)
