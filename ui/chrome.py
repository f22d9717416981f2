"""Streamlit's own English strings in Chinese, and nothing fetched from outside the machine.

Streamlit (1.67) has no locale setting: its uploader, inputs, selects and dialogs carry fixed
English text. A small script in the page (st.html with JavaScript, same document) replaces those
strings in text nodes and in aria-label/placeholder/title attributes as they appear, so the widgets
stay usable and screen readers read Chinese too. Page icons are a local PNG, because Streamlit
fetches `:material/…` icons and emoji favicons from public font hosts."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from assistant.limits import DEFAULT_MAX_FILE_MB

ICON = Path(__file__).resolve().parent / "static" / "icon.png"

# Exact strings (after trimming) → Chinese.
EXACT = {
    "Skip to main content": "跳到正文",
    "Error:": "⚠",
    "Upload": "选择文件",
    "Browse files": "选择文件",
    "Drag and drop files here": "把文件拖到这里",
    "Drag and drop a file here": "把文件拖到这里",
    "Press Enter to apply": "按回车键确认",
    "Press Ctrl+Enter to apply": "按 Ctrl+回车键确认",
    "Press ⌘+Enter to apply": "按 ⌘+回车键确认",
    "Select all": "全选",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Remove file": "移除文件",
    "file upload": "上传文件",
    "Delete": "移除",
    "No results": "没有匹配项",
    "No options": "没有可选项",
    "No options to select.": "没有可选项",
    "Loading...": "正在加载…",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Running...": "正在处理…",
    "Stop": "停止",
    "Please wait...": "请稍候…",
    "Connecting": "正在连接",
    "Connecting to Streamlit server": "正在连接本机界面服务",
    "Page not found": "页面不存在",
    "Close": "关闭",
    "Copy to clipboard": "复制",
    "Copied": "已复制",
    "Download": "下载",
    "Show password text": "显示密码",
    "Hide password text": "隐藏密码",
    "Increment": "增加",
    "Decrement": "减少",
    "Open": "展开",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Connection error": "连接中断",
    # Hover texts and the labels a screen reader speaks (title, aria-label, placeholder).
    "Collapse sidebar": "收起侧栏",
    "Expand sidebar": "展开侧栏",
    "Sidebar": "侧栏",
    "App pages": "页面导航",
    "Main menu": "主菜单",
    "Link to heading": "本节链接",
    "Add files": "添加文件",
    "Download as CSV": "下载为表格文件",
    "Show/hide columns": "显示或隐藏列",
    "Search": "在表格中查找",
    "Close Search": "关闭查找",
    "Next Result": "下一个",
    "Previous Result": "上一个",
    "Dataframe column menu": "列菜单",
    "Copy column name": "复制列名",
    "Clear selection": "取消选择",
    "Notifications": "通知",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    "Select...": "请选择…",
    "Button action menu": "按钮菜单",
    "Scroll tabs right": "向右滚动标签",
    "Scroll tabs left": "向左滚动标签",
    "Navigate to home page": "回到首页",
    "Markdown content": "正文",
    "Theme": "外观",
    "progress": "进度",
    "File size is too small.": "文件是空的：请选择有内容的文件。",
    "Only one file is allowed.": "这里一次只能选择一个文件。",
    "Unexpected error. Please try again.": "上传失败：请重新选择文件。",
    "File type not allowed.": "不支持这种格式：请选择下方列出的格式。",
}
# Patterns (JavaScript regular expressions) → replacement.
PATTERNS = [
    (r"^(\S+) per file(?: • (.*))?$", "每个文件不超过 __LIMIT__ MB　格式：$2"),
    (r"^Select (\d+) matches$", "选择 $1 个匹配项"),
    (r"^Help for (.+)$", "$1：说明"),
    (r"^• (.+)$", "　格式：$1"),
    (r"^You can only select up to (\d+).*$", "最多选择 $1 项"),
    (r"^The page that you have requested does not seem to exist.*$", "请求的页面不存在，已打开首页。"),
    (r"^You have requested page .*$", "请求的页面不存在，已打开首页。"),
    (
        r"^(?:Error: )?File must be ([\d.]+) ?([KMG]?B) or smaller\.?$",
        "文件超过 $1 $2，未能上传，也不会收录：请压缩、拆分，或删去图片后再添加。",
    ),
    (
        r"^(?:Error: )?(.*) files are not allowed\.?$",
        "不支持 $1 格式，未能上传：请另存为下方列出的格式后再添加。",
    ),
    (r"^(?:Error: )?File type must be (.*)\.?$", "不支持这种格式，未能上传：请选择 $1 格式。"),
    (r"^Remove (.+)$", "移除 $1"),
    # A table's toolbar buttons say "<action>: <the table's label>" to screen readers.
    (r"^Download as CSV: (.+)$", "下载为表格文件：$1"),
    (r"^Show/hide columns: (.+)$", "显示或隐藏列：$1"),
    (r"^Search: (.+)$", "在表格中查找：$1"),
    (r"^Fullscreen: (.+)$", "全屏：$1"),
    (r"^Close fullscreen: (.+)$", "退出全屏：$1"),
    (r"^Remove$", "移除"),
    (r"^(.+), ([\d.]+ ?[KMG]?B)$", "$1，$2"),
    (r"^Is Streamlit still running\?.*$", "与本机界面服务的连接中断：请确认程序仍在运行，然后刷新页面。"),
]

_SCRIPT = """<script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.fazhiTranslator) return;
  const exact = __EXACT__;
  const patterns = __PATTERNS__.map(([re, to]) => [new RegExp(re), to]);
  const tr = (s) => {
    const t = s.trim();
    if (!t) return null;
    if (exact[t]) return s.replace(t, exact[t]);
    for (const [re, to] of patterns) if (re.test(t)) return t.replace(re, to).replace(/　格式：$/, '');
    return null;
  };
  const fixOne = (n) => {
    if (n.nodeType === 3) { const v = tr(n.nodeValue); if (v !== null && v !== n.nodeValue) n.nodeValue = v; return; }
    if (n.nodeType !== 1) return;
    for (const a of ['aria-label', 'placeholder', 'title']) {
      const v = n.getAttribute(a); if (v) { const w = tr(v); if (w !== null && w !== v) n.setAttribute(a, w); }
    }
  };
  const fixNode = (n) => {  // the node and everything under it, each node once
    fixOne(n);
    if (n.nodeType !== 1) return;
    const walker = doc.createTreeWalker(n, 5);
    for (let c = walker.nextNode(); c; c = walker.nextNode()) fixOne(c);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData' || r.type === 'attributes') fixOne(r.target);
      else r.addedNodes.forEach(fixNode);
    }
  });
  observer.observe(doc.documentElement, {subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label', 'placeholder', 'title']});
  doc.documentElement.lang = 'zh-CN';
  fixNode(doc.body);
  doc.fazhiTranslator = observer;
})();
</script>"""

_STYLE = """<style>
/* Streamlit's developer menu and its "Deploy" button are not for clerks. */
[data-testid="stToolbar"], [data-testid="stAppDeployButton"], [data-testid="stMainMenu"] { display: none !important; }
/* Marks a finding's span in a part's text. */
mark.fazhi-finding { background: #fde2b3; padding: 0; }
mark.fazhi-finding.error { background: #f8c4c4; }
/* A rejected upload's reason, which Streamlit only shows on hover, written beside the file. */
[data-testid="stFileChip"][aria-invalid="true"] { flex-wrap: wrap; height: auto; max-width: 100%; }
[data-testid="stFileChip"][aria-invalid="true"] span[role="alert"] {
  position: static !important; width: 100% !important; height: auto !important; clip: auto !important;
  clip-path: none !important; overflow: visible !important; white-space: normal !important;
  margin: 0.2rem 0 0 0 !important; color: #b42318; font-size: 0.85rem; }
/* 复制原文 looks like the page's other secondary buttons, not a bare browser button. */
button.fazhi-copy { font: inherit; font-size: 0.9rem; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.2); background: #fff; color: inherit; cursor: pointer; }
button.fazhi-copy:hover { border-color: #ff4b4b; color: #ff4b4b; }
/* Comparisons: changes inside the sentence. */
.fazhi-diff { line-height: 1.9; padding: 0.6rem 0.8rem; border: 1px solid #e6e6e6; border-radius: 0.4rem; }
del.fazhi-del { background: #fbd5d5; color: #9b1c1c; text-decoration: line-through; }
ins.fazhi-ins { background: #d3f4dc; color: #03543f; text-decoration: underline; }
.fazhi-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>"""


def translator_html(max_file_mb: int) -> str:
    """The script; the uploader's limit is ours (the readers refuse larger files), not Streamlit's."""
    patterns = [(re, to.replace("__LIMIT__", str(max_file_mb))) for re, to in PATTERNS]
    script = _SCRIPT.replace("__EXACT__", json.dumps(EXACT, ensure_ascii=False))
    return script.replace("__PATTERNS__", json.dumps(patterns, ensure_ascii=False))


def apply(max_file_mb: int = DEFAULT_MAX_FILE_MB) -> None:
    """Once per run, before any page: the style and the translator (it installs itself once)."""
    st.html(_STYLE + translator_html(max_file_mb), unsafe_allow_javascript=True)
