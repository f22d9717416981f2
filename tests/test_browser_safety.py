"""Crafted user data in a real browser (issue 20, point 3): titles, units, headings, draft ids and
findings that are Markdown images, links and HTML tags pointing elsewhere. Every request the
browser makes is recorded on every page; any request off the loopback fails the test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.drafts.store import DraftStore
from assistant.types import DraftRequest
from tests.helpers import SEEDS, make_settings
from tests.test_browser_harness import CHROMIUM, chromium, outside_requests, streamlit_server
from tests.test_ui_safety import IMAGE, TAG, crafted_draft  # the same crafted draft the AppTest shows

pytestmark = pytest.mark.integration
expect = pytest.importorskip("playwright.sync_api").expect
WAIT = 30_000
IDLE_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState === 'notRunning'; }"""


def idle(page) -> None:  # noqa: ANN001 - a Playwright Page
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE_JS, timeout=WAIT)


def go(page, title: str) -> None:  # noqa: ANN001
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    expect(page.locator("h1").filter(has_text=title)).to_be_visible(timeout=WAIT)
    idle(page)


def test_pages_showing_crafted_data_make_no_request_off_the_loopback(tmp_path):
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (.ci/run does it)")
    settings = make_settings(tmp_path)
    env = {"FAZHI_DATA_DIR": str(settings.data_dir), "FAZHI_EMBEDDING": "fake"}
    ingest = [sys.executable, "-m", "assistant.cli", "ingest", *map(str, SEEDS[:2])]
    subprocess.run(ingest, env={**os.environ, **env}, check=True, capture_output=True, timeout=300)
    from assistant.library.facade import Library  # after the ingest process, as a clerk would edit

    library = Library(settings)
    doc = library.documents()[0]
    library.edit(doc.id, title=f"{IMAGE}年度报告", unit=f"{TAG}某市")
    del library
    DraftStore(settings.data_dir).create(DraftRequest(unit="某县司法局", year=2024), crafted_draft())
    requests: list[str] = []
    with streamlit_server(tmp_path, env) as server, chromium(tmp_path / "downloads") as context:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(server.url)
        expect(page.locator("h1").filter(has_text="起草报告")).to_be_visible(timeout=WAIT)
        idle(page)
        expect(page.get_by_text("evil.example").first).to_be_visible(timeout=WAIT)  # shown, as text
        for title in ("我的草稿", "资料库", "改写段落"):
            go(page, title)
        page.goto(f"{server.url}/library?doc={doc.id}")
        idle(page)
        page.goto(f"{server.url}/?draft=%21%5Bx%5D%28http%3A%2F%2Fevil.example%2Fq.png%29")
        idle(page)
        expect(page.get_by_text("网址中的草稿无法打开").first).to_be_visible(timeout=WAIT)
        assert page.locator("img[src*='evil']").count() == 0 and page.locator("a[href*='evil']").count() == 0
    assert requests and outside_requests(requests) == []
