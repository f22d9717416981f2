"""The app in a real browser: Debian's Chromium driven by Playwright against a real `streamlit run`,
as a clerk uses it — one session through every page. It records every request the browser makes
and every visible text node, and prints the step table (step → outcome → seconds) and the speed
figures (form usable after health, page switches) to bench/results/browser.json."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.limits import MAX_FACT_CHARS
from assistant.llm.fakes import FakeOpenAIServer
from tests.helpers import FACTS, SEEDS, UNIT, make_settings
from tests.test_browser_harness import (
    ATTRIBUTE_TEXT_JS,
    CHROMIUM,
    ROOT,
    VISIBLE_TEXT_JS,
    Steps,
    chromium,
    english_words,
    outside_requests,
    streamlit_server,
)

pytestmark = pytest.mark.integration
expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)
LEAKY = "高显镇全年办理行政复议案件35件，依法行政工作稳步推进。"
FIXED = "我局全年办理行政复议案件35件，依法行政工作稳步推进。"
# A passage of the 省外事办 seed, as a model that copies its precedent would answer.
COPIED = (
    "通过专家辅导、学法课堂等多种形式，增强学法用法的自觉性主动性。严格执行重大行政决策法定程序。"
    "把调查研究、公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为重大决策的必经程序。"
)
WAIT = 30_000  # ms for anything that runs on the server
SHOTS = ROOT / "bench" / "results" / "browser"  # screenshots of the comparisons and the upload error
PAGES = {"起草报告": "起草报告", "我的草稿": "我的草稿", "改写段落": "改写段落", "查找范例": "查找范例",
         "资料库": "资料库", "设置": "设置", "使用说明": "使用说明"}  # fmt: skip
# The user guide's command-line section: commands the clerk types, not English prose.
COMMAND_WORDS = ["fazhi", "ingest", "list", "edit", "draft", "check", "search", "config", "set", "show",
                 "ollama", "pull"]  # fmt: skip
# Hovered on every page: the sidebar's collapse button, heading anchors, the help marks.
HOVER_TARGETS = (
    '[data-testid="stSidebarCollapseButton"] button',
    "h1 a",
    '[data-testid="stTooltipHoverTarget"]',
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (.ci/run does it)")
    work = tmp_path_factory.mktemp("browser")
    settings = make_settings(work)
    env = {"FAZHI_DATA_DIR": str(settings.data_dir), "FAZHI_EMBEDDING": "fake", "FAZHI_LLM_MAX_RETRIES": "0"}
    # `fazhi ingest` in its own process, as a clerk fills the library: loading the library here
    # would add the search's domain words to this process's shared jieba, which the checks' tests
    # later in the same run also tokenize with.
    ingest = [sys.executable, "-m", "assistant.cli", "ingest", *map(str, SEEDS)]
    subprocess.run(ingest, env={**os.environ, **env}, check=True, capture_output=True, timeout=300)
    with FakeOpenAIServer([LEAKY], chunk_size=6) as llm, streamlit_server(work, env) as server:
        with chromium(work / "downloads") as context:
            yield {"work": work, "server": server, "llm": llm, "context": context}


IDLE_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState === 'notRunning'; }"""


def idle(page) -> None:  # noqa: ANN001 - a Playwright Page
    """Wait until the script run the last action started has finished."""
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE_JS, timeout=WAIT)


def go(page, title: str) -> float:  # noqa: ANN001
    started = time.monotonic()
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    expect(page.locator("h1").filter(has_text=title)).to_be_visible(timeout=WAIT)
    idle(page)
    return time.monotonic() - started


def pick(page, label: str, option: str) -> None:  # noqa: ANN001
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    idle(page)


def commit(locator) -> None:  # noqa: ANN001 - fill a text widget and apply it (Enter / Ctrl+Enter)
    locator.press("Control+Enter" if locator.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")


def type_into(page, label: str | re.Pattern, text: str) -> None:  # noqa: ANN001
    box = page.get_by_label(label, exact=True) if isinstance(label, str) else page.get_by_label(label)
    box.fill(text)
    commit(box)
    idle(page)


SET_VALUE_JS = """(el, value) => {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def paste(page, label: str, text: str) -> None:  # noqa: ANN001 - a large paste, as one input event
    box = page.get_by_label(label, exact=True)
    box.evaluate(SET_VALUE_JS, text)
    commit(box)
    idle(page)


def click(page, name: str) -> None:  # noqa: ANN001
    page.get_by_role("button", name=name, exact=True).click()
    idle(page)


def shown(page, text: str) -> None:  # noqa: ANN001
    expect(page.get_by_text(text).first).to_be_visible(timeout=WAIT)


def answer(llm: FakeOpenAIServer, replies: list[str], script: tuple[str, ...] = ()) -> None:
    """What the fake model says from now on, in order (the last reply repeats)."""
    llm.replies, llm.script = list(replies), list(script)
    llm._replies_used = 0  # the fake has no public reset; start its reply sequence again


def open_summary(page, text: str) -> None:  # noqa: ANN001 - open the first expander whose title has `text`
    page.locator("summary").filter(has_text=text).first.click()


def test_a_clerk_does_the_three_jobs_in_a_real_browser_offline_and_with_an_llm(world):
    server, llm, context = world["server"], world["llm"], world["context"]
    steps, figures, requests, english = Steps(), {"health_s": round(server.health_s, 2)}, [], {}
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    user_data = [UNIT, "fake", "fake-model", str(world["work"])]

    def scan(name: str, extra: list[str] | None = None) -> None:
        """Visible text, the attributes a hover or a screen reader shows, and the tooltips of a
        few hovered elements."""
        texts = page.evaluate(VISIBLE_TEXT_JS) + page.evaluate(ATTRIBUTE_TEXT_JS) + hover_texts()
        english[name] = english_words(texts, user_data + (extra or []))

    def hover_texts() -> list[str]:
        found: list[str] = []
        table = page.get_by_test_id("stDataFrame").first
        if table.count():  # its toolbar shows on hover; each button's tooltip after a second
            table.hover()
            for button in page.locator('[data-testid="stElementToolbarButton"] button:visible').all():
                button.hover(force=True)
                page.wait_for_timeout(1300)
                found += page.evaluate(VISIBLE_TEXT_JS)
        for selector in HOVER_TARGETS:
            target = page.locator(f"{selector}:visible").first
            if target.count():
                target.hover(force=True)
                page.wait_for_timeout(400)
                found += page.evaluate(VISIBLE_TEXT_JS)
        page.mouse.move(0, 0)
        return found

    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with steps.step("冷启动：表单可用"):
            started = time.monotonic()
            page.goto(server.url)
            expect(page.get_by_label("单位名称")).to_be_editable(timeout=WAIT)
            figures["form_usable_after_health_s"] = round(time.monotonic() - started, 2)
            idle(page)
            scan("起草报告")

        with steps.step("错误输入：年度 1800 被拒绝并说明"):
            type_into(page, "单位名称", UNIT)
            type_into(page, "年度", "1800")
            click(page, "生成草稿")
            shown(page, "超出范围")
            type_into(page, "年度", "2024")
        with steps.step("错误输入：10 万字事实被拒绝并说明上限"):
            paste(page, "本年度事实材料", "办理行政复议案件35件。\n" * 8000)  # about 100 000 characters
            click(page, "生成草稿")
            shown(page, f"超过上限 {MAX_FACT_CHARS:,} 字")
        with steps.step("错误输入：空事实先提示全部【待补充】"):
            paste(page, "本年度事实材料", "")
            click(page, "生成草稿")
            shown(page, "全部标注【待补充】")
            scan("空事实确认")
            click(page, "先去填写事实材料")

        with steps.step("离线起草全过程"):
            type_into(page, "本年度事实材料", FACTS)
            click(page, "生成草稿")
            shown(page, "检查结果")
        with steps.step("下载 Word 草稿"):
            with page.expect_download() as download:
                page.get_by_role("button", name="Word 公文格式（.docx）").click()
            saved = Path(download.value.path())
            assert saved.read_bytes()[:2] == b"PK" and download.value.suggested_filename.endswith(".docx")
            scan("草稿")
        with steps.step("成文日期、待补充计数与事实依据"):
            shown(page, "处【待补充】需要填写")
            count = int(re.search(r"还有 (\d+) 处【待补充】", page.inner_text("body"))[1])  # type: ignore[index]
            type_into(page, "成文日期", "2025-02-20")
            shown(page, f"还有 {count - 1} 处【待补充】需要填写")
            shown(page, "句写到数字、活动、会议或文件")
            open_summary(page, "句有依据")
            shown(page, "依据　第")

        with steps.step("刷新后草稿还在"):
            page.reload()
            expect(page.get_by_text("已自动保存").first).to_be_visible(timeout=WAIT)
            expect(page.get_by_label("单位名称")).to_have_value(UNIT)
            assert "draft=" in page.url

        with steps.step("页面切换"):
            switches = {title: round(go(page, title), 2) for title in PAGES if title != "起草报告"}
            switches["起草报告"] = round(go(page, "起草报告"), 2)
            figures["page_switch_s"] = switches

        with steps.step("我的草稿：改一个字，比较两个版本时只标出这个字"):
            go(page, "起草报告")
            part = page.locator('textarea[aria-label^="一、"]').first
            text = part.input_value()
            assert "35件" in text
            part.evaluate(SET_VALUE_JS, text.replace("35件", "36件", 1))
            commit(part)
            idle(page)
            go(page, "我的草稿")
            shown(page, f"{UNIT} · 2024年 · 离线 · 最近修改")
            page.get_by_text("比较两个版本").first.click()
            idle(page)
            expect(page.locator(".fazhi-diff del.fazhi-del").first).to_have_text("删去：5")
            expect(page.locator(".fazhi-diff ins.fazhi-ins").first).to_have_text("新增：6")
            page.screenshot(path=str(SHOTS / "drafts_compare.png"), full_page=True)
            scan("我的草稿")

        with steps.step("设置：选服务商、取模型列表、保存、测试连接"):
            go(page, "设置")
            pick(page, "服务商", "本地 vLLM（OpenAI 兼容）")
            expect(page.get_by_label("接口地址")).to_have_value("http://127.0.0.1:8000/v1")
            type_into(page, "接口地址", llm.base_url)
            type_into(page, re.compile("接口密钥"), "sk-browser-test")
            click(page, "获取模型列表")
            click(page, "保存")
            shown(page, "只有本机账户可读")
            assert "sk-browser-test" not in page.inner_text("body")
            click(page, "测试连接")
            shown(page, "连接正常")
            scan("设置")

        with steps.step("大模型起草：流式输出、泄露检查、500 后继续"):
            go(page, "起草报告")
            llm.script = ["ok", "500"]
            click(page, "生成草稿")
            shown(page, "起草失败")
            assert page.get_by_test_id("stAlertContentError").count() == 1
            click(page, "继续起草余下部分")
            expect(page.get_by_role("button", name="继续起草余下部分")).to_have_count(0)
            expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
            finding = page.locator("summary").filter(has_text="出现其他单位的名称“高显镇”").first
            finding.click()
            expect(page.locator("mark.fazhi-finding:visible", has_text="高显镇").first).to_be_visible(
                timeout=WAIT
            )
            assert all(r.body and r.body.get("stream") for r in llm.chat_requests)
            scan("大模型草稿")

        with steps.step("大模型照抄范例：雷同段落与资料库原文并排"):
            answer(llm, [COPIED])
            click(page, "生成草稿")
            open_summary(page, "雷同")
            shown(page, "资料库中的原文：《")
            expect(page.locator("mark.fazhi-finding:visible").first).to_be_visible(timeout=WAIT)
            scan("照抄范例")

        with steps.step("大模型先泄露后修复：显示修复前后对比"):
            answer(llm, [LEAKY] * 4 + [FIXED])
            click(page, "生成草稿")
            open_summary(page, "已自动修复模型文字")
            expect(page.locator(".fazhi-diff del.fazhi-del:visible").first).to_have_text("删去：高显镇")
            expect(page.locator(".fazhi-diff ins.fazhi-ins:visible").first).to_have_text("新增：我局")
            shown(page, "全年办理行政复议案件35件，依法行政工作稳步推进。")  # the rest stays plain
            page.screenshot(path=str(SHOTS / "repair_compare.png"), full_page=True)
            scan("修复对比")

        with steps.step("输出被截断：标为不完整，只重新起草这一部分"):
            answer(llm, [FIXED], script=("length",))
            click(page, "生成草稿")
            shown(page, "这一部分不完整")
            expect(page.get_by_role("button", name="继续起草余下部分")).to_have_count(0)
            calls = len(llm.chat_requests)
            click(page, "重新起草这一部分")
            expect(page.get_by_role("button", name="重新起草这一部分")).to_have_count(0, timeout=WAIT)
            expect(page.get_by_text("这一部分不完整")).to_have_count(0)
            assert len(llm.chat_requests) == calls + 1
            scan("重新起草")

        with steps.step("改写段落：改为年度口径并显示对比"):
            go(page, "改写段落")
            type_into(page, "要改写的文字", "2022年，组织学法6次。明年将继续深化。")
            pick(page, "改写要求", "改为所选年度口径")
            click(page, "改写")
            expect(page.locator(".fazhi-diff del.fazhi-del").first).to_have_text(
                "删去：2"
            )  # 2022 → 2024: one digit
            expect(page.locator(".fazhi-diff ins.fazhi-ins").first).to_have_text("新增：4")
            page.locator(".fazhi-diff").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "rewrite_compare.png"))
            scan("改写段落")

        with steps.step("查找范例：筛选与相似段落"):
            go(page, "查找范例")
            type_into(page, "查找措辞或主题", "行政复议")
            click(page, "查找")
            shown(page, "“行政复议”：")
            with context.expect_page() as opened:
                page.get_by_role("link", name="在原文中查看").first.click()
            document = opened.value
            expect(document.locator("mark.fazhi-finding").first).to_be_visible()
            assert "行政复议" in document.locator("mark.fazhi-finding").first.inner_text()
            document.close()
            page.get_by_text("以段落查找相似").click()
            type_into(
                page,
                "粘贴一段文字，查找写法相似的范例",
                "全面推进严格规范公正文明执法，行政执法三项制度全面落实。",
            )
            click(page, "查找相似段落")
            shown(page, "与所给段落相似")
            scan("查找范例")

        with steps.step("资料库：超过 20 MB 的文件旁写明原因，收录按钮说明没有收录"):
            go(page, "资料库")
            big = world["work"] / "超大的报告.txt"
            big.write_bytes(b"x" * (21 * 1024 * 1024))
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
            expect(page.get_by_text(re.compile("文件超过 20.0 MB，未能上传")).first).to_be_visible(
                timeout=WAIT
            )
            page.get_by_test_id("stFileChip").first.hover()
            page.wait_for_timeout(400)
            page.screenshot(path=str(SHOTS / "library_oversize.png"), full_page=True)
            scan("超大文件")
            click(page, "收录到资料库")
            shown(page, "没有收录任何文件")
            page.screenshot(path=str(SHOTS / "library_nothing_added.png"), full_page=True)
            remove = page.get_by_role("button", name="移除 超大的报告.txt")
            if remove.count():  # the form may already have cleared the box
                remove.click()
                idle(page)
        with steps.step("使用说明：从设置页打开"):
            go(page, "设置")
            page.get_by_role("link", name=re.compile("打开使用说明")).first.click()
            expect(page.locator("h1").filter(has_text="使用说明")).to_be_visible(timeout=WAIT)
            idle(page)
            shown(page, "怎样填写【待补充】")
            scan("使用说明", COMMAND_WORDS)
        with steps.step("资料库：上传（逐个文件、逐批段落的进度），清空上传框"):
            go(page, "资料库")
            report = world["work"] / "某县司法局2023年法治政府建设情况报告.txt"
            report.write_text(
                (ROOT / "samples" / SEEDS[0].name).read_text(encoding="utf-8")[:3000] + "\n某县司法局",
                encoding="utf-8",
            )
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(report))
            click(page, "收录到资料库")
            expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
            scan("资料库")
        with steps.step("资料库：修改级别，列表随之更新"):
            chooser = page.get_by_label("选择文档", exact=True)
            chooser.click()
            chooser.type("高显镇")
            page.keyboard.press("Enter")
            idle(page)
            expect(page.get_by_role("button", name="保存修改")).to_be_visible(timeout=WAIT)
            level = page.get_by_label("级别", exact=True)
            level.click()
            level.type("县")  # filters the choices to 县; Enter takes it
            page.keyboard.press("Enter")
            click(page, "保存修改")
            shown(page, "的修改。")
            row = page.get_by_test_id("stDataFrame").locator("tr").filter(has_text="高显镇")
            expect(row.first).to_contain_text("县", timeout=WAIT)
            expect(row.first).not_to_contain_text("乡镇")
            scan("资料库修改")

        with steps.step("资料库：删除（先确认）"):
            chooser = page.get_by_label("选择文档", exact=True)
            chooser.click()
            chooser.type("省外事办")
            page.keyboard.press("Enter")
            idle(page)
            page.get_by_role("button", name=re.compile("^删除《")).click()
            idle(page)
            shown(page, "确定从资料库删除《")
            page.get_by_role("button", name=re.compile("^确认删除《")).click()
            idle(page)
            shown(page, "已删除《")
    finally:
        _write_report(steps, figures, english, requests)
    outside = outside_requests(requests)
    assert not outside, f"the browser fetched from outside this machine: {outside}"
    assert not {k: v for k, v in english.items() if v}, f"English on screen: {english}"
    assert "Traceback" not in server.log()


def _write_report(steps: Steps, figures: dict, english: dict, requests: list[str]) -> None:
    report = {"steps": steps.rows, "figures": figures, "english": english,
              "outside_requests": outside_requests(requests)}  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print("\n" + steps.table() + "\n" + json.dumps(figures, ensure_ascii=False))
