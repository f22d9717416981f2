"""Settings saved from the 设置 page or `fazhi config set`: `<data dir>/settings.json`, readable by
the owner only (it may hold the API key). FAZHI_* variables and .env still win over it.

Only the LLM connection is kept here; everything else stays in the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

FILE_NAME = "settings.json"
# name → (type, Chinese label). llm_provider is the preset picked in the page; Settings ignores it.
FIELDS: dict[str, tuple[type, str]] = {
    "llm_provider": (str, "服务商"),
    "llm_base_url": (str, "接口地址"),
    "llm_api_key": (str, "接口密钥"),
    "llm_model": (str, "模型名"),
    "llm_timeout": (float, "超时（秒）"),
}
SECRET_FIELDS = {"llm_api_key"}


def config_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def read_config(data_dir: Path) -> dict[str, Any]:
    """The saved values ({} when there is no file); a damaged file is a ConfigError saying where."""
    path = config_path(data_dir)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"设置文件 {path} 无法读取（{exc}）：请删除或修正它，然后重新设置。") from None
    if not isinstance(data, dict):
        raise ConfigError(f"设置文件 {path} 格式不正确：请删除它，然后重新设置。")
    return {k: v for k, v in data.items() if k in FIELDS}


def config_problem(data_dir: Path) -> str:
    """What is wrong with the saved settings file, in words ("" when it reads or is absent). A
    damaged file costs only the LLM settings saved in it: everything else runs on."""
    try:
        read_config(data_dir)
    except ConfigError as exc:
        return f"{exc}（在此之前，大模型接口按未配置处理；资料库、草稿和离线起草照常可用。）"
    return ""


def parse_value(name: str, raw: object) -> Any:
    """A value for `name` from text (CLI) or a widget; ConfigError in Chinese when it does not fit."""
    if name not in FIELDS:
        known = "、".join(FIELDS)
        raise ConfigError(f"没有名为“{name}”的设置项：可以设置的有 {known}。")
    kind, label = FIELDS[name]
    if kind is float:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise ConfigError(f"{label}（{name}）应为数字，例如 60；收到“{raw}”。") from None
        if not 1 <= value <= 600:
            raise ConfigError(f"{label}（{name}）应在 1–600 秒之间；收到 {value:g}。")
        return value
    text = str(raw).strip()
    if name == "llm_base_url" and text and not text.startswith(("http://", "https://")):
        raise ConfigError(
            f"接口地址应以 http:// 或 https:// 开头，例如 https://api.deepseek.com/v1；收到“{text}”。"
        )
    return text


def write_config(data_dir: Path, updates: dict[str, object]) -> dict[str, Any]:
    """Merge `updates` into the file (an empty string removes a value); owner-only permissions.
    A damaged file is kept beside it as settings.json.damaged and replaced."""
    try:
        values = read_config(data_dir)
    except ConfigError:
        values = {}
        damaged = config_path(data_dir)
        os.replace(damaged, damaged.with_name(FILE_NAME + ".damaged"))
    for name, raw in updates.items():
        value = parse_value(name, raw)
        if value == "":
            values.pop(name, None)
        else:
            values[name] = value
    path = config_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(FILE_NAME + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(values, out, ensure_ascii=False, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return values


def shown(name: str, value: object) -> str:
    """A value as it may be printed: secrets only as 已设置."""
    if name in SECRET_FIELDS:
        return "已设置" if value else "未设置"
    return "" if value is None else str(value)
