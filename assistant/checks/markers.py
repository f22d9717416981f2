"""Redaction marks (**市**区, *次) and placeholders: 【待补充：…】 left on purpose, and template
remnants (××次, XX县, ○○, 某某) that a clerk forgot to fill in."""

from __future__ import annotations

import re

from assistant.types import Finding

Texts = list[tuple[str, str]]
_REDACTION = re.compile(r"[*＊]+")
_PLACEHOLDER = re.compile(r"【(?:待补充|待填写|待核实)[^】]*】")
# ×/✕/╳ pairs, XX (not inside a Latin word), ○○ and 〇〇 (not a year's zeros: 二〇〇八), 某某.
_TEMPLATE = re.compile(
    r"[×✕╳]{2,}|(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,})(?![A-Za-z])|[○Ｏ◯]{2,}"
    r"|(?<![零〇一二三四五六七八九])〇{2,}(?![零〇一二三四五六七八九]*年)|某某"
)


def check_redactions(texts: Texts) -> list[Finding]:
    """Stars standing for removed words; Markdown's ** (wording.markdown_spans) is not one."""
    from assistant.checks.wording import markdown_spans

    hint = "换成本单位的实际内容，或写【待补充：……】"
    found = []
    for key, text in texts:
        markdown = markdown_spans(text)
        for m in _REDACTION.finditer(text):
            if not any(a <= m.start() and m.end() <= b for a, b in markdown):
                msg = f"含有脱敏标记“{m[0]}”"
                found.append(Finding(key, m.start(), m.end(), "error", msg, hint, kind="redaction"))
    return found


def check_placeholders(texts: Texts) -> list[Finding]:
    findings = []
    for key, text in texts:
        for m in _PLACEHOLDER.finditer(text):
            message = f"尚有待补充内容：{m[0]}"
            findings.append(
                Finding(
                    key, m.start(), m.end(), "warning", message, "用实际情况替换该占位符", kind="placeholder"
                )
            )
        for m in _TEMPLATE.finditer(text):
            message = f"尚有未填写的模板占位“{m[0]}”"
            findings.append(
                Finding(
                    key, m.start(), m.end(), "warning", message, "填入实际的数字或名称", kind="placeholder"
                )
            )
    return findings
