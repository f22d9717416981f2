"""我的草稿: one draft per unit and year gathers its versions; each records 离线 or the model's name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.compose.drafter import Drafter
from assistant.drafts.store import DraftStore, source_label
from assistant.types import DraftRequest
from tests.helpers import FACTS, UNIT
from ui.views.drafts_page import card_heading

REQUEST = DraftRequest(unit=UNIT, year=2024, facts=FACTS)


@pytest.fixture(scope="module")
def draft():
    return Drafter(None, None).draft(REQUEST).draft


def test_the_source_says_offline_the_models_name_or_imported():
    assert source_label("offline", "deepseek-chat") == "离线"
    assert source_label("llm", "deepseek-chat") == "deepseek-chat"
    assert source_label("imported") == "导入"


def test_find_returns_the_latest_draft_of_the_same_unit_and_year_only(tmp_path, draft):
    store = DraftStore(tmp_path)
    first = store.create(REQUEST, draft, source="离线")
    store.create(replace(REQUEST, year=2023), replace(draft, year=2023))
    store.create(replace(REQUEST, unit="另一单位"), replace(draft, unit="另一单位"))
    assert store.find(f" {UNIT} ", 2024).id == first.id
    assert store.find(UNIT, 2022) is None


def test_regenerating_adds_a_version_and_records_the_new_source(tmp_path, draft):
    store = DraftStore(tmp_path)
    saved = store.create(REQUEST, draft, source="离线")
    target = store.find(UNIT, 2024)
    store.save_version(
        target.id, replace(draft, preamble="模型写的开头。", mode="llm"), "生成", source="qwen-plus"
    )
    again = store.get(saved.id)
    assert [v.reason for v in again.versions] == ["生成", "生成"] and again.source == "qwen-plus"
    assert len(store.list()) == 1


def test_a_card_shows_unit_year_source_last_change_and_versions(tmp_path, draft):
    store = DraftStore(tmp_path)
    saved = store.create(REQUEST, draft, source="离线")
    heading = card_heading(saved)
    assert heading.startswith(f"{UNIT} · 2024年 · 离线 · 最近修改 ") and heading.endswith("共 1 版")


def test_a_draft_saved_before_sources_were_recorded_still_opens(tmp_path, draft):
    store = DraftStore(tmp_path)
    saved = store.create(REQUEST, draft)
    meta = store.root / saved.id / "meta.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"source": "",', ""), encoding="utf-8")
    assert store.get(saved.id).source == "" and "来源未记录" in card_heading(store.get(saved.id))
