"""A document whose unit was not found stays visible: a warning at ingest (in the JSON and on the
progress line), marked and listed first by `fazhi list`, and first on the 资料库 page with its edit
form open; once the clerk fills the unit in, it takes its place among the others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.config import set_option
from streamlit.testing.v1 import AppTest

from assistant.cli.wording import UNKNOWN as UNIT_MARK
from assistant.library.prepare import UNKNOWN_UNIT_MESSAGE, UNKNOWN_UNIT_WARNING
from tests.helpers import SEEDS, make_settings
from ui.views.library_page import UNKNOWN_UNIT_CELL

APP = str(Path(__file__).resolve().parent.parent / "ui" / "app.py")
NO_UNIT = (
    "坚持以习近平法治思想为指导，深入推进法治政府建设，取得明显成效。\n"
    "一、主要举措和成效\n（一）加强组织领导。专题研究法治建设工作4次，全年办理行政复议案件35件。\n"
    "二、存在的不足和原因\n基层执法力量仍然薄弱，执法人员法治素养有待提高。\n"
    "三、下一年工作安排\n持续深化行政执法体制改革，加强执法人员培训。"
)


@pytest.fixture
def no_unit_file(tmp_path: Path) -> Path:
    path = tmp_path / "工作报告.txt"
    path.write_text(NO_UNIT, encoding="utf-8")
    return path


def test_ingest_json_carries_the_unknown_unit_warning_for_that_file_only(run, no_unit_file):
    code, out, _ = run("ingest", str(SEEDS[0]), str(no_unit_file), "--json")
    known, unknown = json.loads(out)["added"]
    assert code == 0 and unknown["unit"] == "" and unknown["warnings"] == [UNKNOWN_UNIT_WARNING]
    assert known["unit"] and UNKNOWN_UNIT_WARNING not in known["warnings"]


def test_the_progress_line_names_the_file_whose_unit_is_unknown(library, no_unit_file):
    heard: list[str] = []
    result = library.add_paths([SEEDS[0], no_unit_file], progress=lambda m, done, total: heard.append(m))
    assert UNKNOWN_UNIT_MESSAGE.format(name="工作报告.txt") in heard
    assert sum("找不到单位名称" in m for m in heard) == 1
    assert (str(no_unit_file), UNKNOWN_UNIT_WARNING) in result.warnings


def test_list_marks_the_unknown_units_first_and_says_how_to_fill_them_in(run, no_unit_file):
    run("ingest", *map(str, SEEDS[:2]), str(no_unit_file))
    code, out, _ = run("list")
    lines = out.splitlines()
    rows = [line for line in lines if line.count("｜") >= 5][1:]  # the header row first
    assert code == 0 and len(rows) == 3 and rows[0].startswith("！") and UNIT_MARK in rows[0]
    assert not any(row.startswith("！") for row in rows[1:])
    assert "1 篇没有识别出单位" in lines[-1] and "fazhi edit" in lines[-1]
    doc_id = rows[0].split("｜")[-1].strip()
    run("edit", doc_id, "--unit", "某县司法局")
    assert not any(line.startswith("！") for line in run("list")[1].splitlines())


@pytest.fixture
def page_data(tmp_path, monkeypatch, no_unit_file):
    from assistant.library.facade import Library

    settings = make_settings(tmp_path / "lib")
    Library(settings).add_paths([SEEDS[0], no_unit_file])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FAZHI_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("FAZHI_EMBEDDING", "fake")
    set_option("server.address", "127.0.0.1")  # a local page: no login
    st.cache_resource.clear()
    yield settings
    st.cache_resource.clear()
    shutil.rmtree(settings.data_dir, ignore_errors=True)


def test_the_library_page_lists_unknown_units_first_with_the_edit_form_open(page_data):
    from assistant.library.facade import Library

    (doc,) = [d for d in Library(page_data).documents() if not d.unit]
    at = AppTest.from_file(APP, default_timeout=30).run().switch_page("views/library_page.py").run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[0]["单位"] == UNKNOWN_UNIT_CELL
    assert any(h.value == "1 篇文档没有识别出单位" for h in at.subheader)
    at.text_input(key=f"library_unknown_unit_{doc.id}").input("某县司法局")
    at.button(key=f"library_unknown_save_{doc.id}").click().run()
    assert not at.exception and "已保存" in at.success[0].value
    assert next(d for d in Library(page_data).documents() if d.id == doc.id).unit == "某县司法局"
    assert not any("没有识别出单位" in h.value for h in at.subheader)
