"""Figures a draft states that the user's facts (or last year's report) do not support.

A figure is supported when the facts give the same value with the same measure word (6次 == 六次,
2.3万人次 == 23000人次) *and* the two clauses share a keyword (审核规范性文件37件 is not supported by
办理行政复议案件37件: the same number, said of something else). A bare number in the facts
(培训次数：6) supports the same value with any measure word in a clause sharing a keyword."""

from __future__ import annotations

import re
from functools import cache

from assistant.text.figures import Figure, date_parts, figures_in, normalize_figure
from assistant.text.script import HAN
from assistant.types import Finding

Texts = list[tuple[str, str]]
_CLAUSE_END = re.compile(r"[，。；！？\n,;]")
# Words in every clause about work, too common to show two clauses speak of the same thing.
_COMMON = frozenset(
    "开展 组织 举办 完成 共计 累计 全年 今年 本年 年度 工作 全市 全区 全县 全镇 全局 我局 我办 我委 "
    "实现 达到 其中 同比 增长 下降 进行 召开 参加 共有 共 约 余 多 以上 有关 相关 推进 加强".split()
)


def _clause(text: str, f: Figure) -> str:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, f.start)]
    start = starts[-1] if starts else 0
    end_match = _CLAUSE_END.search(text, f.end)
    return text[start : end_match.start() if end_match else len(text)]


@cache
def keywords(clause: str) -> frozenset[str]:
    from assistant.text.names import jieba_for_checks

    tokenizer, _ = jieba_for_checks()
    bare = clause
    for f in reversed(figures_in(clause)):  # the figures themselves are not what they count
        bare = bare[: f.start] + " " + bare[f.end :]
    # Search mode also yields each compound's sub-words (合法性审核 → 合法性, 审核), so two clauses
    # share a keyword whether or not the library's domain terms were added to jieba's dictionary.
    words = {w for w in tokenizer.lcut_for_search(re.sub(r"[\d.%％]+", " ", bare)) if len(w) >= 2}
    return frozenset(w for w in words if w not in _COMMON and re.search(HAN, w))


class Support:
    """The figures of the user's facts or last year's report, each with the keywords of its clause."""

    def __init__(self, *sources: str) -> None:
        self.by_key: dict[tuple, list[frozenset[str]]] = {}
        self.bare: dict[float, list[frozenset[str]]] = {}
        self.dates: list[tuple] = []
        for source in sources:
            for f in figures_in(source):
                words = keywords(_clause(source, f))
                self.by_key.setdefault(normalize_figure(f), []).append(words)
                if f.kind == "number" and not f.unit:
                    self.bare.setdefault(normalize_figure(f)[1], []).append(words)
                if f.kind == "date":
                    self.dates.append(date_parts(f))

    def verdict(self, fig: Figure, clause: str) -> str:
        """ "yes", "elsewhere" (same figure, said of something else) or "no"."""
        if fig.kind == "date":  # 4月9日 is supported by 2022年4月9日
            said = date_parts(fig)
            ok = normalize_figure(fig) in self.by_key or any(_within(said, d) for d in self.dates)
            return "yes" if ok else "no"
        contexts = self.by_key.get(normalize_figure(fig), [])
        if fig.kind == "number":
            contexts = contexts + self.bare.get(normalize_figure(fig)[1], [])
        if not contexts:
            return "no"
        mine = keywords(clause)
        if not mine or any(not words or words & mine for words in contexts):
            return "yes"
        return "elsewhere"


def _within(said: tuple, date: tuple) -> bool:
    return all(s is None or s == d for s, d in zip(said, date, strict=True))


def check_figures(texts: Texts, facts: str, previous: str) -> list[Finding]:
    """Figures (counts, rates, dates; not bare years) that the facts do not give for the same thing
    (warnings), and those found only in last year's report (info: often last year's data)."""
    from_facts, from_previous = Support(facts), Support(previous)
    findings = []
    for key, text in texts:
        for f in figures_in(text):
            if f.kind == "year":
                continue
            clause = _clause(text, f)
            verdict = from_facts.verdict(f, clause)
            if verdict == "yes":
                continue
            if verdict == "elsewhere":
                message = f"数字“{f.text}”在事实材料中说的是别的事项，与此处“{clause.strip()}”不符"
                hint = "核对事实材料，换成此处事项的实际数字"
                findings.append(Finding(key, f.start, f.end, "warning", message, hint, kind="figure"))
            elif from_previous.verdict(f, clause) == "yes":
                message = f"数字“{f.text}”只出现在上一年度报告中，请核实是否为本年度的数据"
                findings.append(
                    Finding(key, f.start, f.end, "info", message, "换成本年度的实际数字", kind="figure")
                )
            else:
                message = f"数字“{f.text}”未出现在您提供的事实材料中，请核实或改为【待补充：…】"
                hint = "核实该数字；如无依据，改为【待补充：……】"
                findings.append(Finding(key, f.start, f.end, "warning", message, hint, kind="figure"))
    return findings
