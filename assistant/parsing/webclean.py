"""Published text as it comes from a government website → the report's own text.

Removes page furniture (page dates, 您所在的位置, 来源/发布时间/浏览次数 lines, 索引号/发文机关 tables,
字号 大 中 小, 打印/关闭窗口/朗读, share buttons, site names), spam suffixes after the title and
pinyin glosses left by converters (建設(shè)); converts traditional characters to simplified (OpenCC
't2s', offline data shipped with the package). Everything else is kept as written.

Every pattern is anchored or bounded and applied per line: linear in the text's length."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.parsing import page_furniture
from assistant.text.numbering import heading_level
from assistant.text.script import HAN, HAN_RANGES

log = logging.getLogger(__name__)

CONVERTED_WARNING = "原文为繁体字，已转换为简体字用于解析、检索和检查；必要时请核对原文。"

_MAX_FURNITURE_LINE = 150
_PAGE_DATE = re.compile(
    r"^(?:今天是|今日|当前日期)[:：]?|(?:\d{4}[年/.-]\d{1,2}[月/.-]\d{1,2}日?|农历\S{2,6})\s*(?:星期|周)[一二三四五六日天]"
    r"|(?:星期|周)[一二三四五六日天]\s*(?:农历|\d{4}[年/.-])"
)
_LOCATION = re.compile(r"^(?:您?(?:所在|当前)的?位置|当前位置|位置)[:：]")
_BREADCRUMB = re.compile(r"^[^。，；>＞›»]{1,20}(?:\s*[>＞›»]\s*[^。，；>＞›»]{0,20})+$")
# Labels of the page's metadata line and of the 政务公开 table (索引号 … 主题分类).
_META_LABEL = re.compile(
    r"(?:(?:文章|信息|稿件)?来源|发布(?:时间|日期|机构|单位)|更新(?:时间|日期)|信息提供日期|成文日期|"
    r"浏览(?:次数|量)|点击(?:率|数|量)|阅读(?:量|次数)|访问量|作者|(?:责任)?编辑|字号|字体|"
    r"视力保护色|索引号|发文机关|发文字号|主题分类|主题词|公开方式|公开范围|有效性|"
    r"时\s*间|日\s*期|分享到?)\s*[:：]"
)
_TABLE_LABEL = re.compile(r"^(?:索引号|发文机关|发文字号|主题分类|主题词|公开方式|公开范围|有效性|文\s*号)\s")
# Buttons, share links and site chrome: a short line made only of these words.
_BUTTON_WORDS = (
    "打印本页|打印正文|打印|关闭窗口|关闭本页|关闭|朗读|人工智能朗读|语音播报|纠错|收藏|分享到|分享|"
    "字号|字体|大|中|小|默认|返回顶部|返回|顶部|上一篇|下一篇|注销|登录|欢迎您|菜单|进入关怀版|关怀版|"
    "无障碍浏览|无障碍|微信|微博|QQ空间|扫一扫|二维码|【|】|\\[|\\]|[(（][^)）]{0,6}[)）]|[|｜:：·•\\s]"
)
_BUTTON_LINE = re.compile(rf"^(?:{_BUTTON_WORDS})+$")
_CHROME = re.compile(
    r"(?:网站|门户网站|政府网|门户|国徽|网站支持IPv6|浏览器打开|右上角|扫码|手机版|移动版)$|^(?:请点击|点击)"
)
_NAV_TOKEN = re.compile(r"\S{1,12}")
_SPAM_SUFFIX = re.compile(r"^(.{6,80}?(?:报告|总结|情况))\s*[-—–_|｜]+\s*[^\s。，]{1,30}$")
# 建設(shè), 認(rèn zhēn), 认(ren4): lower-case syllables with a tone mark or a tone digit (an
# acronym such as (APP) or (PPP) is not a gloss).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ"
_SYLLABLE = rf"[a-z{_TONED}]{{1,6}}[1-5]?"
_PINYIN_GLOSS = re.compile(
    rf"(?<={HAN})[(（](?=[^)）]{{0,30}}[{_TONED}1-5])\s*{_SYLLABLE}(?:[\s'’]{_SYLLABLE}){{0,3}}\s*[)）]"
)
_LEADING_JUNK = re.compile(rf"^[ \t\u3000\xa0]*[?？]+(?=[\s{HAN_RANGES}（(\d])")
_TRADITIONAL_MIN = 5  # characters changed before a text counts as traditional


@dataclass(frozen=True)
class Cleaned:
    text: str
    warnings: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s); simplified text comes back unchanged."""
    return str(_converter().convert(text)) if text else text


def clean_published(text: str) -> Cleaned:
    """The report's own text: furniture lines dropped, traditional converted (with a warning)."""
    simplified = to_simplified(text)
    warnings: tuple[str, ...] = ()
    if _changed_chars(text, simplified) >= _TRADITIONAL_MIN:
        warnings = (CONVERTED_WARNING,)
    lines = [_clean_line(line) for line in _unglued_lines(simplified)]
    kept = [line for line in lines if line is not None]
    return Cleaned("\n".join(kept), warnings)


def _changed_chars(before: str, after: str) -> int:
    if len(before) != len(after):  # t2s can merge characters (rare); count it as converted
        return _TRADITIONAL_MIN
    changed = 0
    for a, b in zip(before, after, strict=True):
        if a != b:
            changed += 1
            if changed >= _TRADITIONAL_MIN:
                break
    return changed


def _unglued_lines(text: str) -> list[str]:
    """The text's lines, watermarks cut out, a glued title and glued parts given lines of their own."""
    lines = []
    for line in text.split("\n"):
        line = page_furniture.without_watermarks(line)
        for piece in page_furniture.split_glued_title(line):
            lines.extend(page_furniture.split_glued_parts(piece))
    return lines


def _clean_line(line: str) -> str | None:
    """The line without glosses and stray marks, or None when the whole line is page furniture."""
    stripped = _LEADING_JUNK.sub("", line.rstrip())
    record = page_furniture.record_row(stripped)
    if record is not None:
        return record or None
    if stripped.strip() and (is_furniture(stripped) or page_furniture.is_record_bullet(stripped)):
        return None
    stripped = _PINYIN_GLOSS.sub("", stripped)
    if spam := _SPAM_SUFFIX.match(stripped):
        if "法治" in spam.group(1) or "依法行政" in spam.group(1):
            stripped = spam.group(1)
    return stripped


def is_furniture(line: str) -> bool:
    """A line of the web page around the report, not of the report."""
    text = line.strip()
    if len(text) > _MAX_FURNITURE_LINE or "。" in text or heading_level(text) is not None:
        return False
    if _PAGE_DATE.search(text) and len(text) <= 60:
        return True
    if _LOCATION.match(text) or _BREADCRUMB.match(text) or _TABLE_LABEL.match(text):
        return True
    if _META_LABEL.search(text) and "，" not in text and "," not in text:
        return True
    if len(text) <= 40 and (_BUTTON_LINE.match(text) or _CHROME.search(text)):
        return True
    return _is_nav_bar(text)


def _is_nav_bar(text: str) -> bool:
    """A row of menu links: four or more short words separated by spaces, no punctuation."""
    if re.search(r"[，,。；;：:、“”]", text):
        return False
    tokens = text.split()
    return len(tokens) >= 4 and all(_NAV_TOKEN.fullmatch(t) for t in tokens)
