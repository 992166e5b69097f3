"""The one Settings object, read from the PMR_* environment variables."""
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(value) -> timedelta:
    """`7d`, `12h`, `30m`, `45s` or a number of seconds (`3600`) as a timedelta."""
    if isinstance(value, timedelta):
        return value
    text = str(value).strip().lower()
    number, factor = (text[:-1], _UNITS[text[-1]]) if text[-1:] in _UNITS else (text, 1)
    try:
        seconds = float(number) * factor
    except ValueError:
        raise ValueError(f"{value!r} is not a duration: write e.g. 7d, 12h, 30m or a number of seconds") from None
    if not 0 < seconds <= timedelta.max.total_seconds():
        raise ValueError(f"{value!r} is not a positive duration: write e.g. 7d, 12h, 30m or a number of seconds")
    return timedelta(seconds=seconds)


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
    session_ttl: Annotated[timedelta, BeforeValidator(duration)] = timedelta(days=7)
    max_guide_mb: float = Field(5, gt=0)  # a guide file larger than this is refused (a guide is tens of KB)
    ingest_pause_file: Path | None = None  # crash tests only: ingest waits before its commit while this file exists
