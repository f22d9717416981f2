"""The limits the user meets, each written once: the CLI and the page word the message, the
domain refuses with it."""

from __future__ import annotations

from assistant.errors import AssistantError

# A report's year: earlier ones are not in the 法治政府 programme, later ones are typing errors.
YEAR_MIN, YEAR_MAX = 1990, 2100
# Facts beyond these are refused: a year's material for one report fits well within them, and
# more (a whole archive pasted) would make drafting slow without making the draft better.
MAX_FACT_CHARS = 60_000
MAX_FACT_LINES = 800
# Longer search input costs seconds (every word is scored and highlighted) and finds nothing
# better: a query is a phrase or a sentence, a pasted passage a paragraph or two.
MAX_QUERY_CHARS = 500
MAX_PASSAGE_CHARS = 3_000
DEFAULT_MAX_FILE_MB = 20
YEAR_HINT = f"{YEAR_MIN}–{YEAR_MAX} 之间的四位年份，例如 2024"


def check_facts(facts: str) -> None:
    """AssistantError in Chinese when the facts (typed, uploaded, 其他 together) pass a limit."""
    if len(facts) > MAX_FACT_CHARS:
        raise AssistantError(
            f"事实材料约 {len(facts):,} 字，超过上限 {MAX_FACT_CHARS:,} 字：请只保留本年度法治政府建设的要点"
            "（工作总结中的相关部分、统计数字），分批整理后再起草。"
        )
    lines = sum(1 for line in facts.splitlines() if line.strip())
    if lines > MAX_FACT_LINES:
        raise AssistantError(
            f"事实材料有 {lines} 行，超过上限 {MAX_FACT_LINES} 行：请合并同类事项、删去与法治政府建设无关的内容后再起草。"
        )


def check_year(value: int | str, what: str = "年度", error: type[AssistantError] = AssistantError) -> int:
    """The year as a number; an AssistantError in Chinese saying what to write when it is not one
    or is outside YEAR_MIN–YEAR_MAX. Text may end in 年 (“2024年”)."""
    text = str(value).strip().removesuffix("年").strip()
    if not text.isdigit():
        raise error(f"{what}“{str(value).strip()}”不是年份：请填写 {YEAR_HINT}。")
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise error(f"{what} {year} 超出范围：请填写 {YEAR_HINT}。")
    return year
