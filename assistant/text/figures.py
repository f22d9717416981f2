"""Numbers in Chinese report text: counts, percentages, dates and years, in Arabic or Chinese numerals.

`figures_in` finds them with their exact spans; `normalize_figure` gives a key under which
6次 == 六次, 100% == 百分之百 and 2.3万人次 == 23000人次, so a draft's figures can be matched
against the user's facts. Not figures: anything inside 《》 (policy titles), year ranges
(2021—2025年), document numbers (〔2022〕1号), ordinals (第一), enumerations (（1）, 1.),
named days (12·4, “4.15”), hotlines (“12345”) and fixed political phrases (三项制度, 四个意识)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

# Same-length mapping, so offsets into the translated text are offsets into the original.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

_CN_DIGITS = {c: (i if i < 10 else 2) for i, c in enumerate("零一二三四五六七八九两")} | {"〇": 0}
_MULTIPLIERS = {"万": 10_000, "千": 1000, "亿": 100_000_000}

# Units after an Arabic number; longest first so 人次 wins over 人 and 个月 over 个.
_UNITS = sorted(
    (
        "个百分点 百分点 个工作日 工作日 人次 件次 户次 批次 场次 课时 学时 个月 小时 分钟 平方米 公里 部门 "
        "% 次 场 个 件 名 人 家 所 项 份 期 篇 条 部 批 起 宗 户 村 元 天 年 周 类 轮 支 处 座 套 本 册 "
        "张 台 辆 位 组 届 节 封 例 倍 分 票 亩 米"
    ).split(),
    key=len,
    reverse=True,
)
# A Chinese numeral is a figure only before one of these (so 一是, 十四五, 二十大 are not). Fewer than
# for Arabic numbers: 四周, 四处, 两位数, 七台河 are words, not counts.
_CN_UNITS = sorted(
    (
        "个百分点 个工作日 人次 件次 个月 小时 % 次 场 个 件 名 人 家 所 项 份 期 篇 条 部 批 起 宗 户 "
        "类 轮 支 座 套 本 册 张 辆 组 节 例 倍 天 元"
    ).split(),
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_CN_UNIT_RE = "|".join(re.escape(u) for u in _CN_UNITS)
_CN_DIGIT_CHARS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGIT_CHARS + "十百千万亿"

# Numeral + measure word that are names of policies or slogans, not counts.
FIXED_PHRASES = tuple(
    (
        "三项制度 八项规定 四个意识 四个自信 四个全面 四个伟大 四个服务 两个维护 两个确立 两个责任 "
        "两个大局 两个一百年 两个毫不动摇 两个基本点 两个结合 三个代表 三个务必 三个区分开来 四个最严 "
        "五位一体 三位一体 十个坚持 十一个坚持 五个必由之路 六个必须坚持 两个先行 三个转变 四套班子"
    ).split()
)

_ANGLE_OPEN, _ANGLE_CLOSE = "《〈", "》〉"
_MASKS = (
    re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d+号"),  # document numbers: 〔2022〕1号
    re.compile(r"【[^】\n]*】"),  # placeholders: 【待补充：培训次数】
    re.compile(r"(?<!\d)(?:19|20)\d{2}年?\s*[-—–－~～至到]{1,2}\s*(?:19|20)\d{2}年?(?:度)?"),
    re.compile(r"(?<![\d.])\d{1,2}[·•]\d{1,2}(?!\d)"),  # named days: 12·4, 4·15
)
_DATE_YMD = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月(?:\s?(\d{1,2})\s?日)?")
_DATE_MD = re.compile(r"(?<![\d.年])(\d{1,2})月(?:(\d{1,2})日)?(?!\d)")
_DATE_D = re.compile(r"(?<![\d.月])(\d{1,2})日")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s?年")  # 2024 年 (spaces) is a year too
_YEAR_CN = re.compile(r"([〇零一二三四五六七八九]{4})年")
_PERCENT_CN = re.compile(r"百分之([零〇一二两三四五六七八九十百千点]+|\d+(?:\.\d+)?)")
_RANGE = re.compile(
    rf"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)\s*[-—–~～至到]\s*(\d+(?:\.\d+)?)(万|千|亿)?(余|多)?({_UNIT_RE})"
)
_ARABIC = re.compile(
    rf"(?<![A-Za-z\d.,])(\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(\.\d+)?(万|千|亿)?(余|多)?({_UNIT_RE})?(?![A-Za-z])"
)
_CHINESE = re.compile(rf"([{_CN_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?)(余|多)?({_CN_UNIT_RE})?")
_QUOTES_OPEN, _QUOTES_CLOSE = '“"「‘', '”"」’'
_NOT_AFTER_BARE = ("热线", "平台", "便民", "服务热线")


@dataclass(frozen=True)
class Figure:
    """A number in a text. `kind` is "number", "percent", "year", "date" or "range"; `value` is None
    for dates and ranges (their parts are in `text`)."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str
    kind: str = "number"


def parse_chinese_number(s: str) -> float | None:
    """二十三 → 23, 一百零五 → 105, 两百 → 200, 三万五千 → 35000, 九十八点五 → 98.5; None if malformed
    (十四五, 一一: digits in a row are no number). cn2an's strict mode does the parsing."""
    s = s.replace("两", "二")
    if s[:1] in ("百", "千", "万", "亿"):
        s = "一" + s  # 百分之百: cn2an wants 一百
    try:
        value = cn2an.cn2an(s, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value)


def _mask_spans(t: str) -> list[tuple[int, int]]:
    """Spans that hold no figures: 《…》 titles (nested 〈〉 included) and the _MASKS patterns."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(t):
        if ch in _ANGLE_OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _ANGLE_CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    spans.extend(m.span() for pattern in _MASKS for m in pattern.finditer(t))
    return spans


class _Scanner:
    """Claims non-overlapping spans of the text, pattern by pattern, in priority order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.t = text.translate(_FULLWIDTH)
        self.taken = [False] * len(text)
        self.figures: list[Figure] = []
        for a, b in _mask_spans(self.t):
            self.claim(a, b)

    def free(self, a: int, b: int) -> bool:
        return not any(self.taken[a:b])

    def claim(self, a: int, b: int) -> None:
        self.taken[a:b] = [True] * (b - a)

    def add(self, a: int, b: int, value: float | None, unit: str, kind: str = "number") -> None:
        self.claim(a, b)
        self.figures.append(Figure(a, b, self.text[a:b], value, unit, kind))

    def free_matches(self, pattern: re.Pattern[str]):  # noqa: ANN201 - iterator of re.Match
        return (m for m in pattern.finditer(self.t) if self.free(*m.span()))


def _scan_dates(sc: _Scanner) -> None:
    for m in sc.free_matches(_DATE_YMD):
        month, day = int(m[2]), int(m[3]) if m[3] else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            sc.add(m.start(), m.end(), None, "日" if day else "月", "date")
    for m in sc.free_matches(_DATE_MD):
        month, day = int(m[1]), int(m[2]) if m[2] else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            sc.add(m.start(), m.end(), None if day else float(month), "日" if day else "月", "date")
    for m in sc.free_matches(_DATE_D):
        if 1 <= int(m[1]) <= 31:
            sc.add(m.start(), m.end(), float(m[1]), "日", "date")


def _scan_years(sc: _Scanner) -> None:
    for m in sc.free_matches(_YEAR):
        sc.add(m.start(), m.end(), float(m[1]), "年", "year")
    for m in sc.free_matches(_YEAR_CN):
        digits = "".join(str(_CN_DIGITS[c]) for c in m[1])
        if digits.startswith(("19", "20")):
            sc.add(m.start(), m.end(), float(digits), "年", "year")


def _scan_percent_words(sc: _Scanner) -> None:
    for m in sc.free_matches(_PERCENT_CN):
        raw = m[1]
        value = float(raw) if raw[0].isdigit() else parse_chinese_number(raw)
        if value is not None:
            sc.add(m.start(), m.end(), value, "%", "percent")


def _scan_ranges(sc: _Scanner) -> None:
    for m in sc.free_matches(_RANGE):
        if _is_ordinal(sc.t, m.start()):
            continue
        sc.add(m.start(), m.end(), None, _canonical_unit(m[5]), "range")


def _is_ordinal(t: str, start: int) -> bool:
    return start > 0 and t[start - 1] == "第"


def _is_enumeration_or_label(t: str, a: int, b: int) -> bool:
    """A unit-less number that is a list marker (1. / 1、 / （1）), a hotline or a quoted day name."""
    before, after = t[a - 1 : a], t[b : b + 1]
    if after in ("、", ".") and not t[b + 1 : b + 2].isdigit():
        return True
    if (before, after) in (("（", "）"), ("(", ")")):
        return True
    if before and before in _QUOTES_OPEN and after and after in _QUOTES_CLOSE:
        return True
    return t.startswith(_NOT_AFTER_BARE, b)


def _scan_arabic(sc: _Scanner) -> None:
    for m in sc.free_matches(_ARABIC):
        unit = m[5] or ""
        if _is_ordinal(sc.t, m.start()):
            continue
        if not unit and not m[3] and _is_enumeration_or_label(sc.t, m.start(), m.end()):
            continue
        value = float(m[1].replace(",", "") + (m[2] or "")) * _MULTIPLIERS.get(m[3] or "", 1)
        kind = "percent" if unit == "%" else "number"
        sc.add(m.start(), m.end(), value, _canonical_unit(unit), kind)


def _scan_chinese(sc: _Scanner) -> None:
    for m in sc.free_matches(_CHINESE):
        numeral, unit = m[1], m[3] or ""
        if not (unit or m[2]) or numeral == "一" or _is_ordinal(sc.t, m.start()):
            continue  # 一次 / 一项 read as "a", not as a count
        if not any(c in _CN_DIGITS for c in numeral) and not numeral.startswith("十"):
            continue  # 百名, 万家, 千万: slogans, not counts
        if sc.t.startswith(FIXED_PHRASES, m.start()):
            continue
        value = parse_chinese_number(numeral)
        if value is not None:
            kind = "percent" if unit == "%" else "number"
            sc.add(m.start(), m.end(), value, _canonical_unit(unit), kind)


def _canonical_unit(unit: str) -> str:
    return {"百分点": "个百分点", "％": "%"}.get(unit, unit)


def figures_in(text: str) -> list[Figure]:
    """Every figure in `text`, in order of position. Bare years (2024年) come back with kind "year"."""
    sc = _Scanner(text)
    for scan in (_scan_dates, _scan_years, _scan_percent_words, _scan_ranges, _scan_arabic, _scan_chinese):
        scan(sc)
    return sorted(sc.figures, key=lambda f: f.start)


_DATE_PARTS = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?")


def date_parts(fig: Figure) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a date figure, None where the text does not say."""
    m = _DATE_PARTS.fullmatch(re.sub(r"\s", "", fig.text.translate(_FULLWIDTH)))
    if not m:
        return (None, None, None)
    y, mo, d = (int(g) if g else None for g in m.groups())
    return (y, mo, d)


def normalize_figure(fig: Figure) -> tuple:
    """A key equal for figures that say the same thing: 6次/六次, 100%/百分之百, 2.3万人次/23000人次.
    余/多 (approximately) are ignored: 2.2万余次 == 22000次."""
    if fig.kind == "year":
        return ("year", int(fig.value or 0))
    if fig.kind == "date":
        return ("date", *date_parts(fig))
    if fig.kind == "range":
        bounds = re.findall(r"\d+(?:\.\d+)?", fig.text.translate(_FULLWIDTH))
        return ("range", *(float(b) for b in bounds[:2]), fig.unit)
    return ("num", round(fig.value or 0.0, 6), fig.unit)
