"""Companies, products and sales talk in a draft that the facts never mention (kind "advert").

A report on rule-of-law government names a company only when the unit's own material does (a
case, a contract review). A company or a product that appears in the draft but not in the facts
came from somewhere else — most often from text planted for the model — and gets a warning."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.injection import without_injection
from assistant.text.script import HAN_RANGES
from assistant.types import Finding

_NAME_CHAR = f"[{HAN_RANGES}A-Za-z0-9]"
_COMPANY = re.compile(
    rf"({_NAME_CHAR}{{2,10}}?)(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司(?!律师)|牌(?=[{HAN_RANGES}]{{1,4}}[，。；、]))"
)
_TRADEMARK = re.compile(rf"{_NAME_CHAR}{{1,12}}[®™]")
_SALES_TALK = re.compile(
    r"最佳合作伙伴|首选(?:品牌|产品|服务商)|强烈推荐|官方指定|独家(?:合作|代理|冠名)|"
    r"欢迎(?:选购|购买|咨询|来电)|联系电话|扫码(?:关注|购买|下单)|限时优惠|立即(?:购买|下单)"
)
# Words before 公司 that make a kind of company, not a name (各类公司, 物业公司, 供电公司).
_GENERIC = frozenset(
    "各类 各家 有关 相关 这些 该类 一批 多家 部分 全部 所有 物业 供电 供水 燃气 国有 民营 外资 上市 "
    "平台 保险 担保 投资 城投 运营 建筑 施工 劳务 中介 快递 外卖 网约 出租 公交 涉事 涉案 当事 建设 "
    "房地产 开发 运输 电力 通信 银行 证券 基金 企业 子公 分公 控股 国企 本地 辖区 市场 服务 科技 广告".split()
)

# Words that come before a name, not in it (与XX公司 → XX公司).
_BEFORE_NAME = "与和对同向及跟给让请是把被将"


def check_adverts(texts: Iterable[tuple[str, str]], facts: str) -> list[Finding]:
    """A warning for each company, trademark or piece of sales talk absent from `facts` (a planted
    instruction in the facts supports nothing)."""
    facts = without_injection(facts)
    findings = []
    for key, text in texts:
        for start, end, what in _unsupported(text, facts):
            findings.append(
                Finding(
                    key, start, end, "warning",
                    f"“{text[start:end]}”{what}在事实材料中没有出现：正式报告不为企业或产品做宣传。",
                    "请核对这句话的来源：不是本单位的事实就删除；确有其事的，先写进事实材料。",
                    kind="advert",
                )
            )  # fmt: skip
    return findings


def _unsupported(text: str, facts: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _COMPANY.finditer(text):
        start = _name_start(text, match, facts)
        if start is not None:
            found.append((start, match.end(), "这个企业或品牌"))
    for match in _TRADEMARK.finditer(text):
        if match[0] not in facts:
            found.append((match.start(), match.end(), "这个商标"))
    for match in _SALES_TALK.finditer(text):
        if match[0] not in facts:
            found.append((match.start(), match.end(), "这样的宣传用语"))
    return found


def _name_start(text: str, match: re.Match[str], facts: str) -> int | None:
    """Where the unsupported name begins (None when it is generic or the facts name it)."""
    suffix_at = match.start(2)
    shortest = text[suffix_at - 2 : suffix_at]
    if shortest in _GENERIC or text[suffix_at - 3 : suffix_at] in _GENERIC or shortest[-1] in "某该本":
        return None
    for start in range(match.start(1), suffix_at - 1):
        if text[start : match.end()] in facts:
            return None
    start = max(match.start(1), suffix_at - 4)
    lead = [i for i in (start, start + 1) if i < suffix_at - 2 and text[i] in _BEFORE_NAME]
    return lead[-1] + 1 if lead else start
