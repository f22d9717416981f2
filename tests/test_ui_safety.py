"""User data on every page is shown as text, and damaged drafts are shown and deletable (AppTest;
issue 20, points 3 and 5). The browser's requests are checked in tests/test_browser_safety.py."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from assistant.drafts.store import DraftStore
from assistant.library.facade import Library
from assistant.types import Draft, DraftPart, DraftRequest
from tests.helpers import ROOT, SEEDS, app_data_dir, make_settings
from ui.views.library_page import CHOSEN_KEY as CHOSEN

APP = str(ROOT / "ui" / "app.py")
IMAGE = "![p](http://evil.example/x.png)"
TAG = '<img src="http://evil.example/y.png">'
LINK = "[点此](http://evil.example/z)"
# Markdown or HTML that would load or link something, not preceded by the escaping backslash.
LIVE_MARKUP = re.compile(r"(?<!\\)!\[|(?<!\\)\]\(|(?<!\\)<img|(?<!\\)<a |https?\\?://evil|www\\?\.evil")


def crafted_draft() -> Draft:
    parts = (
        DraftPart(
            "achievements", f"一、主要举措和成效{IMAGE}", f"全年审核文件12件。{LINK}XX公司是最佳合作伙伴。"
        ),
        DraftPart("shortcomings", f"二、不足{TAG}", f"{IMAGE}仍有不足。"),
    )
    return Draft(f"{IMAGE}关于2024年的报告", f"{TAG}某县司法局", 2024, "offline", parts)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("ui-safety"))
    library = Library(settings)
    library.add_paths(SEEDS[:2])
    doc = library.documents()[0]
    library.edit(doc.id, title=f"{IMAGE}年度报告", unit=f"{TAG}某市")
    store = DraftStore(settings.data_dir)
    store.create(DraftRequest(unit="某县司法局", year=2024), crafted_draft())
    damaged = store.create(DraftRequest(unit="某镇", year=2024), crafted_draft())
    (store.root / damaged.id / "meta.json").write_text('{"id": "', encoding="utf-8")
    return settings.data_dir


@pytest.fixture
def data_dir(seeded, tmp_path, monkeypatch):
    yield from app_data_dir(monkeypatch, tmp_path, seeded)


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def shown_markup(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown (bodies, notices, labels) with live markup in it."""
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success",
                                  "title", "header", "subheader") for e in getattr(at, kind)]  # fmt: skip
    texts += [e.label for e in (*at.expander, *at.button, *at.text_area, *at.text_input, *at.selectbox)]
    return [t for t in texts if LIVE_MARKUP.search(str(t))]


def test_crafted_titles_units_headings_and_findings_are_text_on_every_page(data_dir):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and any("evil" in h.value for h in at.header)  # the draft reopened
    assert shown_markup(at) == []
    for view in ("views/library_page.py", "views/drafts_page.py", "views/rewrite_page.py"):
        at.switch_page(view).run()
        assert not at.exception and shown_markup(at) == [], view
    crafted = next(d for d in Library(make_settings(data_dir.parent)).documents() if IMAGE in d.title)
    at.switch_page("views/library_page.py").run()
    at.selectbox(key=CHOSEN).select(crafted.id).run()
    at.button(key="library_remove").click().run()
    assert not at.exception and any("evil" in w.value for w in at.warning)
    assert shown_markup(at) == []


def test_the_document_view_shows_a_crafted_title_as_text(data_dir):
    crafted = next(d for d in Library(make_settings(data_dir.parent)).documents() if IMAGE in d.title)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = crafted.id
    at.run().switch_page("views/library_page.py").run()
    assert not at.exception and any("evil" in h.value for h in at.subheader)
    assert shown_markup(at) == []


def test_a_crafted_draft_link_is_shown_as_text(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["draft"] = IMAGE
    at.run()
    assert not at.exception and any("网址中的草稿无法打开" in w.value for w in at.warning)
    assert shown_markup(at) == []


def test_a_damaged_draft_is_listed_with_its_reason_and_deleted_from_the_page(data_dir):
    at = AppTest.from_file(APP, default_timeout=60).run().switch_page("views/drafts_page.py").run()
    damaged = DraftStore(data_dir).damaged()
    assert len(damaged) == 1 and any("meta.json 已损坏或不完整" in plain(c.value) for c in at.caption)
    at.button(key=f"drafts_del_damaged_{damaged[0].id}").click().run()
    assert not at.exception and DraftStore(data_dir).damaged() == []
    assert any(f"已删除已损坏的草稿 {damaged[0].id}" in plain(s.value) for s in at.success)
