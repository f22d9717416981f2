"""What the UI saves, read and written the same way by the CLI: the drafts store and the settings file."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace

import pytest

from assistant.cli import main
from assistant.compose.drafter import Drafter
from assistant.drafts.diff import draft_text, inline_diff, side
from assistant.drafts.export import to_markdown
from assistant.drafts.store import DraftStore, DraftStoreError
from assistant.errors import ConfigError
from assistant.settings import load_settings
from assistant.types import DraftRequest
from assistant.user_config import config_path, read_config, write_config
from tests.helpers import FACTS, UNIT

REQUEST = DraftRequest(unit=UNIT, year=2024, facts=FACTS)


@pytest.fixture
def draft():
    return Drafter(None, None).draft(REQUEST).draft


def test_each_save_is_a_version_and_edits_in_a_row_are_one(tmp_path, draft):
    store = DraftStore(tmp_path)
    saved = store.create(REQUEST, draft)
    edited = replace(draft, preamble="新的开头。")
    store.save_version(saved.id, edited, "修改")
    store.save_version(saved.id, replace(edited, preamble="又改的开头。"), "修改")
    store.save_version(saved.id, replace(edited, preamble="又改的开头。"), "重新检查")  # same text: nothing
    saved = store.get(saved.id)
    assert [v.reason for v in saved.versions] == ["生成", "修改"]
    request, latest = store.load(saved.id)
    assert latest.preamble == "又改的开头。" and request == REQUEST
    assert store.load(saved.id, 1)[1].preamble == draft.preamble
    pieces = inline_diff(draft_text(store.load(saved.id, 1)[1]), draft_text(latest))
    assert "又改的开头。" in side(pieces, "after") and "又改的开头。" not in side(pieces, "before")


def test_unknown_or_unsafe_ids_are_refused_in_chinese(tmp_path, draft):
    store = DraftStore(tmp_path)
    with pytest.raises(DraftStoreError, match="找不到草稿"):
        store.get("../../etc")
    saved = store.create(REQUEST, draft)
    with pytest.raises(DraftStoreError, match="没有第 9 版"):
        store.load(saved.id, 9)


def test_cli_lists_shows_imports_and_deletes_the_drafts_the_ui_saved(tmp_path, draft, capsys):
    saved = DraftStore(tmp_path).create(REQUEST, draft)
    assert main(["--data-dir", str(tmp_path), "drafts", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["id"] == saved.id and listed[0]["versions"][0]["reason"] == "生成"
    assert main(["--data-dir", str(tmp_path), "drafts", "show", saved.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["unit"] == UNIT and [p["key"] for p in shown["parts"]] == [p.key for p in draft.parts]
    exported = tmp_path / "草稿.md"
    exported.write_text(to_markdown(draft), encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "drafts", "import", str(exported)]) == 0
    assert len(DraftStore(tmp_path).list()) == 2
    assert main(["--data-dir", str(tmp_path), "drafts", "delete", saved.id]) == 0
    assert main(["--data-dir", str(tmp_path), "drafts", "show", saved.id]) == 2
    assert "找不到草稿" in capsys.readouterr().err


def test_settings_file_is_owner_only_and_fills_what_the_environment_leaves(tmp_path, monkeypatch):
    write_config(
        tmp_path, {"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "m-file", "llm_api_key": "k"}
    )
    assert stat.S_IMODE(os.stat(config_path(tmp_path)).st_mode) == 0o600
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path))
    assert load_settings().llm_model == "m-file" and load_settings().llm_api_key == "k"
    monkeypatch.setenv("FAZHI_LLM_MODEL", "m-env")
    assert load_settings().llm_model == "m-env"


def test_bad_settings_values_are_refused_in_chinese(tmp_path):
    with pytest.raises(ConfigError, match="http:// 或 https://"):
        write_config(tmp_path, {"llm_base_url": "ftp://x"})
    with pytest.raises(ConfigError, match="没有名为"):
        write_config(tmp_path, {"password": "x"})
    config_path(tmp_path).write_text("{broken", encoding="utf-8")
    with pytest.raises(ConfigError, match="无法读取"):
        read_config(tmp_path)


def test_cli_config_set_and_show_never_print_the_key(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "config", "set", "llm_api_key", "sk-cli-secret"]) == 0
    assert main(["--data-dir", str(tmp_path), "config", "set", "llm_model", "deepseek-chat"]) == 0
    assert main(["--data-dir", str(tmp_path), "config", "show", "--json"]) == 0
    out = capsys.readouterr().out
    assert "sk-cli-secret" not in out
    shown = json.loads(out[out.index("{") :])["settings"]
    assert shown["llm_api_key"] == {"value": "已设置", "source": "设置文件"}
    assert shown["llm_model"]["value"] == "deepseek-chat"


def test_the_outline_is_kept_with_the_draft_removed_when_none_and_a_damaged_one_is_ignored(tmp_path, draft):
    store = DraftStore(tmp_path)
    saved = store.create(REQUEST, draft)
    assert store.outline_data(saved.id) is None
    store.save_outline(saved.id, {"topics": [{"heading": "坚持党的领导", "facts": ["学法6次"]}]})
    assert store.outline_data(saved.id) == {"topics": [{"heading": "坚持党的领导", "facts": ["学法6次"]}]}
    store.save_outline(saved.id, None)  # drafted again without an outline: the facts lead
    assert store.outline_data(saved.id) is None
    (tmp_path / "drafts" / saved.id / "outline.json").write_text("{not json", encoding="utf-8")
    assert store.outline_data(saved.id) is None
