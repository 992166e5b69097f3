"""The one Settings object, read from the PMR_* environment variables."""
from pathlib import Path

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
