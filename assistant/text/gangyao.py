"""The national plans (纲要) the annual reports follow, as data: each plan's title, source, the
years it governs and its areas with the words that show a passage reports on the area. The next
纲要 is added to PLANS beside the current one; `plan_for(year)` picks the one in force."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    source: str
    first_year: int
    last_year: int
    areas: tuple[Area, ...]


GANGYAO_2021 = Plan(
    title="《法治政府建设实施纲要（2021—2025年）》",
    source="中共中央、国务院印发，2021年8月；第二至第九部分为八个体系，第十部分为党的领导和推进机制",
    first_year=2021,
    last_year=2025,
    areas=(
        Area(
            "政府机构职能体系",
            ("放管服", "权责清单", "营商环境", "审批", "政务服务", "职能转变", "机构改革", "一网通办"),
        ),
        Area(
            "依法行政制度体系",
            ("规范性文件", "合法性审核", "备案审查", "立法", "规章", "文件清理", "制度建设"),
        ),
        Area(
            "行政决策制度体系",
            ("重大行政决策", "决策程序", "公众参与", "专家论证", "风险评估", "集体讨论", "法律顾问"),
        ),
        Area(
            "行政执法工作体系",
            (
                "行政执法",
                "执法公示",
                "全过程记录",
                "法制审核",
                "三项制度",
                "执法监督",
                "执法人员",
                "综合执法",
            ),
        ),
        Area(
            "突发事件应对体系",
            ("突发事件", "应急", "疫情防控", "防汛", "安全生产事故", "预案", "公共卫生事件"),
        ),
        Area(
            "社会矛盾纠纷预防调处化解体系",
            ("行政复议", "行政应诉", "出庭应诉", "信访", "调解", "矛盾纠纷", "纠纷化解", "枫桥经验"),
        ),
        Area(
            "行政权力制约和监督体系",
            (
                "人大监督",
                "政协监督",
                "民主监督",
                "社会监督",
                "舆论监督",
                "审计",
                "政务公开",
                "问责",
                "信息公开",
                "政务诚信",
                "建议提案",
            ),
        ),
        Area(
            "法治政府建设科技保障体系",
            ("数字政府", "信息化", "大数据", "互联网+", "智慧", "数字法治", "网上办理", "电子政务"),
        ),
        Area(
            "党的领导与推进机制",
            ("第一责任人", "党组", "述法", "法治建设领导", "督察", "考核", "学法", "法治思想", "依法治"),
        ),
    ),
)

PLANS: tuple[Plan, ...] = (GANGYAO_2021,)


def plan_for(year: int) -> Plan:
    """The plan in force in `year`; after the last one ends, still the last one (until the next is
    added here), before the first, the first."""
    for plan in PLANS:
        if plan.first_year <= year <= plan.last_year:
            return plan
    later = [p for p in PLANS if p.first_year <= year]
    return max(later, key=lambda p: p.first_year) if later else min(PLANS, key=lambda p: p.first_year)
