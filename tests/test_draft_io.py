"""Drafts to and from the JSON contract, our Markdown export and plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.drafts.codec import draft_from_text, load_draft
from assistant.drafts.draft_json import draft_from_dict, draft_to_dict
from assistant.drafts.export import to_markdown
from assistant.errors import ReadError
from assistant.text.sections import standard_heading, standard_title
from assistant.types import PART_KEYS, Draft, DraftPart, Finding, Source

SOURCE = Source(
    id="S1", doc_id="doc-000", title="关于2022年法治政府建设工作情况的报告", unit="某市司法局", year=2022
)
FINDING = Finding(
    part="achievements", start=3, end=8, severity="warning", message="数字缺少来源", suggestion="核对"
)


def make_draft(**changes: object) -> Draft:
    texts = {
        "achievements": "（一）加强组织领导。召开专题会议【待补充：次数】次。\n（二）推进依法决策。严格履行决策程序。",
        "shortcomings": "一是法治宣传的针对性有待增强。二是执法人员专业能力仍有差距。",
        "leadership": "主要负责人带头学法，主持专题研究法治工作。",
        "plans": "（一）持续深化依法行政。\n（二）加强执法监督。",
    }
    parts = tuple(
        DraftPart(key, standard_heading(key, 2024), texts[key], (SOURCE,) if key == "achievements" else ())
        for key in PART_KEYS
    )
    values: dict[str, object] = {
        "title": standard_title("某县司法局", 2024),
        "unit": "某县司法局",
        "year": 2024,
        "mode": "offline",
        "parts": parts,
        "findings": (FINDING,),
        "date": "2025年1月15日",
        "preamble": "2024年，我局扎实推进法治政府建设。现将有关情况报告如下：",
        "errors": ("第四部分生成失败，已用模板补足",),
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


def _parts(draft: Draft) -> list[tuple[str, str, str]]:
    return [(p.key, p.heading, p.text) for p in draft.parts]


# ---------------------------------------------------------------- JSON contract


def test_dict_round_trip_through_json_keeps_everything() -> None:
    draft = make_draft()
    data = json.loads(json.dumps(draft_to_dict(draft), ensure_ascii=False))
    assert draft_from_dict(data) == draft


def test_dict_uses_the_contract_field_names() -> None:
    data = draft_to_dict(make_draft())
    assert {"title", "mode", "unit", "year", "date", "preamble", "parts", "findings", "errors"} <= set(data)
    assert set(data["parts"][0]) == {"key", "heading", "text", "sources"}
    assert data["parts"][0]["sources"][0] == {
        "id": "S1",
        "doc_id": "doc-000",
        "title": SOURCE.title,
        "unit": "某市司法局",
        "year": 2022,
    }
    assert set(data["findings"][0]) == {
        "part",
        "start",
        "end",
        "severity",
        "message",
        "suggestion",
        "kind",
        "source",
    }
    assert data["repairs"] == []


def test_dict_with_only_parts_and_title_gets_sensible_defaults() -> None:
    draft = draft_from_dict(
        {"title": "关于2023年法治政府建设情况的报告", "parts": [{"heading": "一、工作情况", "text": "正文"}]}
    )
    assert (draft.year, draft.mode, draft.unit, draft.date) == (2023, "imported", "", "")
    assert draft.parts[0].key == "achievements" and draft.parts[0].sources == ()


@pytest.mark.parametrize(
    "data",
    [
        ["not", "an", "object"],
        {"title": "关于2024年法治政府建设情况的报告"},
        {"title": "关于2024年的报告", "parts": "一、…"},
        {"title": "关于2024年的报告", "parts": [{"heading": "一、工作情况", "text": 12}]},
        {"title": "关于2024年的报告", "parts": [{"key": "bogus", "text": ""}]},
        {"title": "关于2024年的报告", "parts": [], "year": "2024"},
        {
            "title": "关于2024年的报告",
            "parts": [],
            "findings": [{"part": "plans", "message": "x", "severity": "fatal"}],
        },
        {
            "title": "关于2024年的报告",
            "parts": [],
            "findings": [{"part": "plans", "start": "3", "message": "x"}],
        },
        {"title": "关于2024年的报告", "parts": [{"text": "", "sources": [{"title": "无编号"}]}]},
        {"title": "没有年份", "parts": []},
    ],
)
def test_bad_dict_shape_is_a_chinese_read_error(data: object) -> None:
    with pytest.raises(ReadError, match="草稿数据"):
        draft_from_dict(data)  # type: ignore[arg-type]


# ---------------------------------------------------------------- Markdown


@pytest.mark.parametrize("with_sources", [True, False])
def test_markdown_round_trip_keeps_parts_title_unit_and_date(with_sources: bool) -> None:
    draft = make_draft()
    parsed = draft_from_text(to_markdown(draft, with_sources=with_sources))
    assert _parts(parsed) == _parts(draft)
    assert (parsed.title, parsed.unit, parsed.date, parsed.year) == (
        draft.title,
        draft.unit,
        draft.date,
        2024,
    )
    assert parsed.preamble == draft.preamble
    assert parsed.mode == "imported"


def test_markdown_with_only_a_date_keeps_the_last_paragraph_in_its_part() -> None:
    draft = make_draft(
        unit="", parts=(DraftPart("plans", standard_heading("plans", 2024), "加强监督。\n特此报告"),)
    )
    parsed = draft_from_text(to_markdown(draft))
    assert parsed.parts[0].text == "加强监督。\n特此报告"
    assert parsed.date == "2025年1月15日"


def test_markdown_markup_is_stripped_but_redaction_markers_survive() -> None:
    text = (
        "# **关于2024年法治政府建设情况的报告**\n\n## 一、工作情况\n\n"
        "**（一）加强领导。**召开会议。\n\n- 在`**市**区`开展培训约*****份\n"
    )
    parsed = draft_from_text(text)
    assert parsed.title == "关于2024年法治政府建设情况的报告"
    assert parsed.parts[0].text == "（一）加强领导。召开会议。\n在**市**区开展培训约*****份"


# ---------------------------------------------------------------- plain text

PLAIN = """关于2023年度法治政府建设情况的报告

　　2023年，我办坚持依法行政。现将有关情况报告如下：
一、工作情况
　　（一）加强组织领导。召开专题会议。

　　（二）推进依法决策。
二、存在问题
　　执法队伍力量不足。
三、改进措施
　　加强执法监督。
  特此报告。

某县人民政府办公室
2024年1月20日
"""


def test_plain_text_without_markdown_parses_parts_and_issuer() -> None:
    draft = draft_from_text(PLAIN)
    assert draft.title == "关于2023年度法治政府建设情况的报告"
    assert draft.year == 2023
    assert draft.preamble == "2023年，我办坚持依法行政。现将有关情况报告如下："
    assert [(p.key, p.heading) for p in draft.parts] == [
        ("achievements", "一、工作情况"),
        ("shortcomings", "二、存在问题"),
        ("plans", "三、改进措施"),
    ]
    assert draft.parts[0].text == "（一）加强组织领导。召开专题会议。\n（二）推进依法决策。"
    assert draft.parts[-1].text == "加强执法监督。\n特此报告。"
    assert (draft.unit, draft.date) == ("某县人民政府办公室", "2024年1月20日")


def test_plain_text_arguments_win_over_what_the_text_says() -> None:
    draft = draft_from_text(PLAIN, unit="某县司法局", year=2022)
    assert (draft.unit, draft.year) == ("某县司法局", 2022)


def test_headings_in_unusual_order_keep_their_own_keys() -> None:
    text = "一、区政府主要负责同志履行推进法治建设第一责任人职责情况\n带头述法。\n二、主要做法\n完善制度。"
    assert [p.key for p in draft_from_text(text).parts] == ["leadership", "achievements"]


def test_unrecognised_heading_takes_the_standard_part_at_its_position() -> None:
    text = "一、工作情况\n甲。\n二、需要说明的事项\n乙。"
    assert [p.key for p in draft_from_text(text).parts] == ["achievements", "shortcomings"]


def test_year_and_title_fall_back_to_the_headings_without_a_title() -> None:
    draft = draft_from_text("一、主要举措和成效\n甲。\n二、2025年推进法治政府建设的主要安排\n乙。")
    assert draft.year == 2024
    assert draft.title == standard_title("", 2024)


# ---------------------------------------------------------------- files


def test_load_draft_reads_json_and_gbk_text(tmp_path: Path) -> None:
    draft = make_draft()
    json_path = tmp_path / "d.json"
    json_path.write_text(json.dumps(draft_to_dict(draft), ensure_ascii=False), encoding="utf-8")
    assert load_draft(json_path) == draft
    text_path = tmp_path / "d.txt"
    text_path.write_bytes(PLAIN.encode("gb18030"))
    assert load_draft(text_path).unit == "某县人民政府办公室"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.pdf", b"%PDF-1.4", "不能作为草稿"),
        ("d.json", b"{not json", "不是有效的 JSON"),
        ("d.json", b'{"parts": 3}', "草稿数据"),
        ("d.docx", b"not a zip", "不是有效的 Word"),
        ("d.md", b"  \n", "文件为空"),
    ],
)
def test_unreadable_files_are_chinese_read_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        load_draft(path)


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到"):
        load_draft(tmp_path / "none.md")


@pytest.mark.parametrize(
    "value", ["start", "end", "both", "distribute", "left", "right", "center", "thaiDistribute"]
)
def test_every_word_alignment_value_is_read(tmp_path, value) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    body = document.add_paragraph("一、2024年推进法治政府建设的主要举措和成效")
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), value)
    body._p.get_or_add_pPr().append(jc)
    document.add_paragraph("审核规范性文件12件。")
    document.save(tmp_path / "d.docx")
    draft = load_draft(tmp_path / "d.docx", unit="某县司法局", year=2024)
    assert draft.parts and "12件" in draft.parts[0].text
