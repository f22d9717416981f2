"""Names of other units in a draft (docs/domain.md, "Own and foreign names").

Policy: a name that belongs to another unit whose document is in the library or was shown as a
precedent → error, naming that document; another jurisdiction named without such a link → warning
(请确认: 川渝 joint enforcement, a study visit to 永川区 are legitimate); a quoted brand or slogan that
occurs only in other units' documents → error. Own names, national bodies and generic words are
never reported. A name *belongs* to a document's unit when it is that unit, lies inside its area
(its district, its towns, its bodies), or is a non-place name of its text (a 文号 prefix, a brand)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import ahocorasick

from assistant.checks.jurisdiction import LEVEL_CHARS, Jurisdiction
from assistant.text.names import PLACE_SUFFIXES, names_in
from assistant.types import Finding

Texts = list[tuple[str, str]]
_COUNTY_AND_ABOVE = ("省", "市", "县", "区", "自治州", "旗")
_QUOTED = re.compile(r"[“「\"]([^”」\"\n，。；]{2,12})[”」\"]")
# National policy terms seen in quotes in every report (docs/domain.md): never a brand of one unit. A
# small library cannot learn them from document frequency, so the common ones are listed.
NATIONAL_TERMS = frozenset(
    (
        "放管服 谁执法谁普法 枫桥经验 三项制度 八五普法 七五普法 八五 七五 十四五 十三五 十五五 两个维护 "
        "两个确立 四个意识 四个自信 四个全面 第一议题 三重一大 关键少数 一网通办 高效办成一件事 双随机、一公开 "
        "双随机一公开 一岗双责 互联网+政务服务 跨省通办 接诉即办 最多跑一次 一件事一次办 证照分离 放管服改革 "
        "三会一课 第一责任人 一规划两纲要 告知承诺 宪法宣传周 一带一路 五位一体 民法典 法律明白人 蓝天保卫战"
    ).split()
)

# A national title or honour in quotation marks (“全国法治政府建设示范项目”) is no unit's brand.
_NATIONAL_TITLE = re.compile(r"^(?:全国|国家级?)")  # not 中国…: “中国式现代化的先行者” is a province's slogan


@dataclass(frozen=True)
class Reference:
    """A document of the library, or a precedent shown for this draft: who wrote it and the names
    and quoted phrases in it (`names` from names_in; both are computed from `text` when empty)."""

    doc_id: str
    title: str
    unit: str
    year: int | None
    names: frozenset[str] = frozenset()
    quoted: frozenset[str] = frozenset()
    text: str = field(default="", repr=False)
    precedent: bool = False

    def filled(self) -> Reference:
        if self.names or self.quoted or not self.text:
            return self
        return Reference(
            self.doc_id, self.title, self.unit, self.year, frozenset(names_in(self.text)),
            quoted_phrases(self.text), self.text, self.precedent,
        )  # fmt: skip


def quoted_phrases(text: str) -> frozenset[str]:
    return frozenset(m[1].strip() for m in _QUOTED.finditer(text))


def _label(ref: Reference) -> str:
    kind = "范例" if ref.precedent else "资料库文档"
    year = f"{ref.year}年" if ref.year else ""
    return f"{kind}《{ref.title}》（{ref.unit or '单位不详'}{'，' + year if year else ''}）"


class Belonging:
    """For a set of references, independent of whose draft is checked: each name that belongs to a
    reference's unit → those references, and each quoted phrase → the units using it. Built once
    per library revision (library_view); a check then looks up only the names its draft contains."""

    def __init__(self, references: Iterable[Reference], names: Sequence[Iterable[str]] | None = None) -> None:
        """`names`: each reference's belonging_names, when already computed (the library view's)."""
        self.by_name: dict[str, list[Reference]] = {}
        self.brands: dict[str, list[Reference]] = {}
        for k, ref in enumerate(references):
            ref = ref.filled()
            for phrase in ref.quoted:
                self.brands.setdefault(phrase, []).append(ref)
            for name in belonging_names(ref) if names is None else names[k]:
                self.by_name.setdefault(name, []).append(ref)
        self._automaton = _automaton(self.by_name)
        # A brand copied without its quotation marks (学习平安山西经验) is still the other unit's.
        self._brand_automaton = _automaton(p for p in self.brands if len(p) >= UNQUOTED_BRAND_MIN)

    def brands_in(self, text: str) -> list[tuple[int, int, str]]:
        """Spans of known brands in `text`, quoted or not (longest first at each start)."""
        if not len(self._brand_automaton) or not text:  # only short brands: nothing to find unquoted
            return []
        found = [(end + 1 - len(p), end + 1, p) for end, p in self._brand_automaton.iter(text)]
        return sorted(found, key=lambda f: (f[0], -(f[1] - f[0])))

    def names_in(self, text: str) -> set[str]:
        return {name for _, name in self._automaton.iter(text)} if len(self._automaton) and text else set()


UNQUOTED_BRAND_MIN = 4  # shorter quoted words (“三化”) are too common to match outside quotes


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def belonging_names(ref: Reference) -> set[str]:
    """The names that identify the reference's unit (its own, its area's, its text's non-place names)."""
    theirs = Jurisdiction(ref.unit)
    gaz = theirs.gaz
    placed = {n for n in theirs.short_names if gaz.mentions(n)}  # 中村乡政府, not 政府
    areas = {n for i in theirs.lowest for n in gaz.spellings(i)}  # 静海区: jieba knows it not
    out = set()
    for name in set(ref.names) | ({ref.unit} if ref.unit else set()) | placed | areas:
        mentioned = [ids for _, _, ids in gaz.mentions(name)]
        if len(name) < 2 or (not mentioned and name[0] in LEVEL_CHARS):
            continue  # 省外事办, 区体育局: a level and a department name no particular unit
        if not mentioned and name.endswith(PLACE_SUFFIXES):
            continue  # a "place" the gazetteer does not know: 大都市, 大湾区, a bad cut (召開市)
        if mentioned and not any(theirs.inside_area(i) for ids in mentioned for i in ids):
            continue  # 浙江省 in a 上海 report, 广东省 in a 深圳 one: not that unit's own name
        out.add(name)
    return out


class ForeignNames:
    """What, of the names in `texts`, belongs to other units than `own`: name → a reference (a
    precedent shown for this draft first), and the brand lookup."""

    def __init__(
        self,
        own: Jurisdiction,
        belonging: Belonging,
        texts: Texts,
        precedent_ids: frozenset[str] = frozenset(),
    ) -> None:
        self.own, self.belonging = own, belonging
        self.precedent_ids = precedent_ids
        self.belongs: dict[str, Reference] = {}
        for name in set().union(*(belonging.names_in(t) for _, t in texts)) if texts else set():
            if own.is_own(name) or own.is_never_a_leak(name):
                continue
            refs = [r for r in belonging.by_name[name] if not self.is_own_unit(r.unit)]
            if refs:
                refs.sort(key=lambda r: r.doc_id not in precedent_ids)
                self.belongs[name] = refs[0]

    def is_own_unit(self, unit: str) -> bool:
        return same_unit(self.own, unit)

    def label(self, ref: Reference) -> str:
        return _label(replace(ref, precedent=ref.precedent or ref.doc_id in self.precedent_ids))

    def brand_owner(self, phrase: str) -> set[str] | None:
        """Units whose documents use the quoted `phrase`, when only other units (at most two) do."""
        refs = self.belonging.brands.get(phrase)
        if not refs or phrase in NATIONAL_TERMS or _NATIONAL_TITLE.match(phrase):
            return None
        if any(self.is_own_unit(r.unit) for r in refs):
            return None
        units = {r.unit for r in refs}
        if len(units) > 2 or all(self._above_or_below(u) for u in units):
            return None  # 杭州市 on its district's “八进”, the district on the city's: one chain
        return units

    def _above_or_below(self, unit: str) -> bool:
        """The unit's division is in the own chain above it, or strictly inside the own area
        (another department of the same county is neither: it is another unit)."""
        own = self.own
        theirs = own.gaz.resolve(unit)
        return bool(theirs) and all(
            i not in own.lowest and (i in own.chain or own.inside_area(i)) for i in theirs
        )


def same_unit(own: Jurisdiction, unit: str) -> bool:
    if not unit or not own.unit:
        return False
    if unit == own.unit:
        return True
    shorter = min(unit, own.unit, key=len)
    if (unit.endswith(own.unit) or own.unit.endswith(unit)) and own.gaz.mentions(shorter):
        return True  # 青川县司法局 is 四川省广元市青川县司法局; 政府办公室 is not every 某县政府办公室
    theirs = Jurisdiction(unit, gaz=own.gaz)
    return (
        bool(theirs.lowest)
        and set(theirs.lowest) == set(own.lowest)
        and bool(theirs.short_names & own.short_names)
    )


def check_names(
    texts: Texts, own: Jurisdiction, foreign: ForeignNames, legacy_foreign: Sequence[str] = ()
) -> list[Finding]:
    """Findings for names of other units (errors), other jurisdictions (warnings) and brands."""
    findings: list[Finding] = []
    warned: set[str] = set()  # another jurisdiction is worth one "please confirm" per draft, not ten
    for key, text in texts:
        taken: list[tuple[int, int]] = []
        findings += _belonging(key, text, own, foreign, legacy_foreign, taken)
        findings += _brands(key, text, own, foreign, taken)
        findings += _other_places(key, text, own, taken, warned)
    return findings


def _belonging(
    key: str, text: str, own: Jurisdiction, foreign: ForeignNames, legacy: Sequence[str], taken: list
) -> list[Finding]:
    found = []
    names = {n: foreign.belongs[n] for n in foreign.belongs} | {
        n: None for n in legacy if len(n) >= 2 and n not in foreign.belongs
    }
    for name in sorted(names, key=len, reverse=True):
        if own.is_own(name) or own.is_never_a_leak(name):
            continue
        ref = names[name]
        where = f"，见{foreign.label(ref)}" if ref else ""
        for a, b in free_occurrences(text, name, taken):
            msg = f"出现其他单位的名称“{name}”{where}，可能抄自范例"
            found.append(Finding(key, a, b, "error", msg, "改为本单位的名称或做法，或删去", kind="name"))
    return found


def _brands(key: str, text: str, own: Jurisdiction, foreign: ForeignNames, taken: list) -> list[Finding]:
    found = []
    quoted = [(m.start(1), m.end(1), m[1].strip()) for m in _QUOTED.finditer(text)]
    for a, b, phrase in quoted + foreign.belonging.brands_in(text):
        units = foreign.brand_owner(phrase)
        if units is None or own.is_own(phrase):
            continue
        if all(b <= s or a >= e for s, e in taken):
            taken.append((a, b))
            msg = f"“{phrase}”是{'、'.join(sorted(units))}的特色提法，只出现在其他单位的报告中"
            found.append(Finding(key, a, b, "error", msg, "换成本单位自己的做法和提法，或删去", kind="name"))
    return found


def _other_places(key: str, text: str, own: Jurisdiction, taken: list, warned: set[str]) -> list[Finding]:
    """Division names (gazetteer) and place/unit names (jieba) that are nobody's known name."""
    found = []
    spans = [(a, b) for a, b, _ in own.foreign_divisions(text)]
    for name in names_in(text):
        if name.endswith(_COUNTY_AND_ABOVE) and not own.leading_division(name):
            continue  # the gazetteer knows every county and above: 大都市, 大湾区, 開展市 are no places
        if not (own.is_own(name) or own.is_never_a_leak(name) or _is_doc_prefix_own(own, name, text)):
            spans += [m.span() for m in re.finditer(re.escape(name), text)]
    for a, b in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if all(b <= s or a >= e for s, e in taken):
            taken.append((a, b))
            if text[a:b] in warned:
                continue
            warned.add(text[a:b])
            msg = f"提到其他地区或单位“{text[a:b]}”，请确认是否属实、是否与本单位有关"
            hint = "如属交流、协作或引用，可保留；如抄自范例，请改为本单位的情况"
            found.append(Finding(key, a, b, "warning", msg, hint, kind="name"))
    return found


def _is_doc_prefix_own(own: Jurisdiction, name: str, text: str) -> bool:
    """A 文号 prefix (石政办函〔2022〕1号) starting with one of the own chain's initials."""
    return bool(re.search(re.escape(name) + r"[〔\[［(（]\d{4}", text)) and own.is_own_doc_prefix(name)


def free_occurrences(text: str, name: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of `name` in `text` that overlap no span in `taken`; adds them to `taken`."""
    spans = []
    for m in re.finditer(re.escape(name), text):
        a, b = m.span()
        if all(b <= s or a >= e for s, e in taken):
            taken.append((a, b))
            spans.append((a, b))
    return spans
