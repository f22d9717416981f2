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

from assistant.checks.brands import (
    SHORT_BRAND,
    is_common_currency,
    is_generic_phrase,
    phrase_spread,
)
from assistant.checks.jurisdiction import LEVEL_CHARS, Jurisdiction
from assistant.text.divisions import PROVINCE
from assistant.text.identity import same_unit as same_unit_name
from assistant.text.names import PLACE_SUFFIXES, names_in
from assistant.types import Finding

Texts = list[tuple[str, str]]
_COUNTY_AND_ABOVE = ("省", "市", "县", "区", "自治州", "旗")
_QUOTED = re.compile(r"[“「\"]([^”」\"\n，。；]{2,12})[”」\"]")


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
    said = "，".join(x for x in (ref.unit, f"{ref.year}年" if ref.year else "") if x)
    return f"{kind}《{ref.title}》" + (f"（{said}）" if said else "")


class Belonging:
    """For a set of references, independent of whose draft is checked: each name that belongs to a
    reference's unit → those references, and each quoted phrase → the units using it. Built once
    per library revision (library_view); a check then looks up only the names its draft contains."""

    def __init__(
        self,
        references: Iterable[Reference],
        names: Sequence[Iterable[str]] | None = None,
        spread: dict[str, frozenset[str]] | None = None,
    ) -> None:
        """`names`: each reference's belonging_names, when already computed (the library view's);
        `spread`: who writes each quoted phrase (brands.phrase_spread), computed from the
        references' texts when not given."""
        self.by_name: dict[str, list[Reference]] = {}
        self.brands: dict[str, list[Reference]] = {}
        refs = [ref.filled() for ref in references]
        for k, ref in enumerate(refs):
            for phrase in ref.quoted:
                self.brands.setdefault(phrase, []).append(ref)
            for name in belonging_names(ref) if names is None else names[k]:
                self.by_name.setdefault(name, []).append(ref)
        self._automaton = _automaton(self.by_name)
        self.spread = spread if spread is not None else reference_spread(refs)
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


def writer(ref: Reference) -> str:
    """Who wrote a reference, for counting users of a phrase: its unit, or its id when it has none."""
    return ref.unit or f"#{ref.doc_id}"


def reference_spread(refs: Sequence[Reference]) -> dict[str, frozenset[str]]:
    phrases = {p for ref in refs for p in ref.quoted}
    return phrase_spread(phrases, [(writer(r), r.text) for r in refs if r.text])


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

    def brand_owner(self, phrase: str) -> list[Reference] | None:
        """The documents quoting `phrase` when it is other units' brand (brands.py): quoted only by
        other units (at most two, not one chain with the own unit), written by no unit of another
        province, not a national or generic term."""
        refs = self.belonging.brands.get(phrase)
        if not refs or is_generic_phrase(phrase) or any(self.is_own_unit(r.unit) for r in refs):
            return None
        users = self.belonging.spread.get(phrase, frozenset(writer(r) for r in refs))
        if any(self.is_own_unit(u) for u in users) or is_common_currency(users, self._provinces(users)):
            return None
        units = {r.unit for r in refs}
        if len(units) > 2 or all(self._above_or_below(u) for u in units):
            return None  # 杭州市 on its district's “八进”, the district on the city's: one chain
        return refs

    def brand_severity(self, phrase: str, refs: list[Reference], quoted: bool) -> str:
        """An error for a quoted brand of a unit elsewhere; a warning for an unquoted or short
        phrase, or one of a unit in the own province (a provincial campaign may be shared)."""
        if any(_carries_place(phrase, r.unit, self.own) for r in refs):
            return "error"  # 平安山西: the other unit's place is in it
        if not quoted or len(phrase) <= SHORT_BRAND:
            return "warning"
        own = self._province(self.own.unit)
        return "warning" if own and any(self._province(r.unit) & own for r in refs) else "error"

    def _provinces(self, units: Iterable[str]) -> dict[str, frozenset[int]]:
        return {u: self._province(u) for u in units}

    def _province(self, unit: str) -> frozenset[int]:
        gaz = self.own.gaz
        ids = gaz.resolve(unit) if unit and not unit.startswith("#") else []
        return frozenset(j for i in ids for j in gaz.chain(i) if gaz.divisions[j].level == PROVINCE)

    def _above_or_below(self, unit: str) -> bool:
        """The unit's division is in the own chain above it, or strictly inside the own area
        (another department of the same county is neither: it is another unit)."""
        own = self.own
        theirs = own.gaz.resolve(unit)
        return bool(theirs) and all(
            i not in own.lowest and (i in own.chain or own.inside_area(i)) for i in theirs
        )


def _carries_place(phrase: str, unit: str, own: Jurisdiction) -> bool:
    """The phrase names the unit's own place (a province or city short name counts: 平安山西)."""
    if not unit:
        return False
    theirs = Jurisdiction(unit, gaz=own.gaz)
    return any(name in phrase and not own.is_own(name) for name in theirs.chain_spellings if len(name) >= 2)


def same_unit(own: Jurisdiction, unit: str) -> bool:
    if not unit or not own.unit:
        return False
    if same_unit_name(unit, own.unit):
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
    quoted = [(m.start(1), m.end(1), m[1].strip(), True) for m in _QUOTED.finditer(text)]
    unquoted = [(a, b, p, False) for a, b, p in foreign.belonging.brands_in(text)]
    for a, b, phrase, is_quoted in quoted + unquoted:
        refs = foreign.brand_owner(phrase)
        if refs is None or own.is_own(phrase):
            continue
        if all(b <= s or a >= e for s, e in taken):
            taken.append((a, b))
            found.append(
                _brand_finding(key, a, b, phrase, refs, foreign.brand_severity(phrase, refs, is_quoted))
            )
    return found


def _brand_finding(key: str, a: int, b: int, phrase: str, refs: list[Reference], severity: str) -> Finding:
    """A message naming the units whose brand it is, or the documents when they name no unit."""
    units = sorted({r.unit for r in refs if r.unit})
    titles = sorted({f"《{r.title}》" for r in refs if not r.unit and r.title})
    whose = "、".join(units) if units else "其他单位"
    where = f"（见{'、'.join(titles)}）" if titles else ""
    if severity == "error":
        msg = f"“{phrase}”是{whose}的特色提法{where}，只出现在其他单位的报告中"
        return Finding(key, a, b, "error", msg, "换成本单位自己的做法和提法，或删去", kind="name")
    msg = f"“{phrase}”像是{whose}的提法{where}，请确认是否为本单位的做法"
    return Finding(key, a, b, "warning", msg, "如是本单位的做法可保留；否则换成本单位自己的提法", kind="name")


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
