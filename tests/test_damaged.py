"""Damaged drafts, settings and library files say what is wrong and how to recover (issue 20, 5)."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.drafts.bounds import MAX_IMPORT_BYTES, MAX_IMPORT_CHARS
from assistant.drafts.codec import load_draft
from assistant.drafts.store import DraftStore
from assistant.errors import ReadError, StoreError
from assistant.settings import load_settings
from assistant.types import Draft, DraftPart, DraftRequest
from assistant.user_config import config_path, read_config, write_config
from tests.helpers import SEEDS, make_settings

DRAFT = Draft("某县司法局关于2024年法治政府建设情况的报告", "某县司法局", 2024, "offline",
              (DraftPart("achievements", "一、主要举措和成效", "全年审核规范性文件12件。"),))  # fmt: skip


def two_drafts(data_dir):
    store = DraftStore(data_dir)
    good = store.create(DraftRequest(unit="某县司法局", year=2024), DRAFT)
    bad = store.create(DraftRequest(unit="某镇政府", year=2024), DRAFT)
    return store, good, bad


def test_a_truncated_meta_file_is_listed_as_damaged_with_the_reason_and_can_be_deleted(tmp_path, capsys):
    store, good, bad = two_drafts(tmp_path)
    meta = store.root / bad.id / "meta.json"
    meta.write_text(meta.read_text(encoding="utf-8")[:30], encoding="utf-8")
    assert [d.id for d in store.list()] == [good.id]
    assert [(d.id, "meta.json" in d.reason) for d in store.damaged()] == [(bad.id, True)]
    assert main(["--data-dir", str(tmp_path), "drafts", "list"]) == 0
    out = capsys.readouterr().out
    assert f"{bad.id}  已损坏：文件 meta.json 已损坏或不完整" in out and good.id in out
    assert main(["--data-dir", str(tmp_path), "drafts", "delete", bad.id]) == 0
    assert store.damaged() == [] and not (store.root / bad.id).exists()


def test_a_damaged_latest_version_is_damaged_not_the_draft_opened_on_a_new_session(tmp_path):
    store, good, bad = two_drafts(tmp_path)
    (store.root / bad.id / "v0001.json").write_text("{", encoding="utf-8")
    assert store.latest().id == good.id
    assert [d.reason for d in store.damaged()] == ["文件 v0001.json 已损坏或不完整，无法读取"]


def test_the_drafts_list_json_names_damaged_drafts(tmp_path, capsys):
    store, _, bad = two_drafts(tmp_path)
    (store.root / bad.id / "meta.json").write_text("[]", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "drafts", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id": bad.id, "damaged": store.damaged()[0].reason} in listed and len(listed) == 2


def test_an_import_larger_than_a_draft_can_be_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "大.json"
    big.write_text(json.dumps({"title": "x", "parts": [{"text": "字" * MAX_IMPORT_BYTES}]}), encoding="utf-8")
    with pytest.raises(ReadError, match="超过草稿文件的上限"):
        load_draft(big)
    assert not (tmp_path / "data" / "drafts").exists()


def test_an_import_with_too_many_characters_or_parts_is_refused(tmp_path):
    long = tmp_path / "长.md"
    long.write_text(
        "# 报告\n\n## 一、主要举措和成效\n\n" + "审核文件。" * (MAX_IMPORT_CHARS // 5 + 1), encoding="utf-8"
    )
    with pytest.raises(ReadError, match="超过草稿的上限"):
        load_draft(long)
    many = tmp_path / "多.json"
    parts = [{"key": "other", "heading": f"部分{i}", "text": "正文。"} for i in range(20)]
    many.write_text(
        json.dumps({"title": "报告", "year": 2024, "parts": parts}, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(ReadError, match="个部分，超过上限"):
        load_draft(many)


def test_a_damaged_settings_file_costs_only_the_llm_settings_and_says_so(tmp_path, capsys):
    settings = make_settings(tmp_path)
    settings.data_dir.mkdir(parents=True)
    config_path(settings.data_dir).write_text(
        '{"llm_base_url": "http://127.0.0.1:9/v1", "llm_', encoding="utf-8"
    )
    assert not load_settings(data_dir=settings.data_dir).llm_configured
    assert main(["--data-dir", str(settings.data_dir), "drafts", "list"]) == 0
    captured = capsys.readouterr()
    assert "还没有保存的草稿" in captured.out
    assert "提醒：设置文件" in captured.err and "大模型接口按未配置处理" in captured.err
    write_config(settings.data_dir, {"llm_model": "m"})
    assert read_config(settings.data_dir) == {"llm_model": "m"}
    assert config_path(settings.data_dir).with_name("settings.json.damaged").is_file()


def test_a_damaged_library_file_is_named_with_the_way_to_recover(tmp_path):
    from assistant.library.facade import Library
    from vectorstore.embeddings import FakeEmbedder

    settings = make_settings(tmp_path)
    Library(settings, FakeEmbedder()).add_paths(SEEDS[:1])
    database = settings.data_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError) as caught:
        Library(make_settings(tmp_path), FakeEmbedder()).documents()
    message = str(caught.value)
    assert str(database) in message and "fazhi reindex" in message and "备份" in message
    assert "请稍后重试" not in message
