"""Precedents made safe to show a model: other units' figures, names and places masked, the chunk
cut at sentence ends. A model cannot copy what it never sees (docs/domain.md, "What a draft
must never do")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.figures import figures_in
from assistant.text.injection import without_injection
from assistant.text.names import names_in
from assistant.text.script import HAN

MAX_PRECEDENT_CHARS = 600
_UNIT_ENDINGS = (
    "局",
    "办",
    "委",
    "厅",
    "政府",
    "院",
    "所",
    "中心",
    "部",
    "处",
    "科",
    "室",
    "队",
    "站",
    "会",
    "办事处",
)
_DOC_NUMBER = re.compile(
    r"(印发|下发|转发|出台|制定|根据|依据|按照)?" + HAN + r"{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号"
)
_NUMBER_HEAD = re.compile(r"[\d.,]+|[零〇○一二三四五六七八九十百千两]+")
_SENTENCE_END = "。！？；"
_CANNOT_START = "，、；：）》”’」,;:)"


def mask_precedent(
    text: str, *, foreign: Iterable[str] = (), own: Iterable[str] = (), max_chars: int = MAX_PRECEDENT_CHARS
) -> str:
    """`text` with figures → ×, other units → 某单位, other places and brands → 某地, document
    numbers → 某文号, trimmed to whole sentences within `max_chars`; sentences that address the
    model are dropped first (library text is data, never instructions)."""
    text = _whole_sentences(without_injection(text).strip(), max_chars)
    text = mask_stars(text)
    text = mask_figures(text)
    text = _DOC_NUMBER.sub(lambda m: (m[1] or "") + "某文号", text)
    own = [n for n in own if n]
    text = mask_persons(text)
    text = mask_places(text, own=own)
    text = mask_titles(text)
    return mask_names(text, foreign=foreign, own=[*own, *own_chain(own)])


def mask_figures(text: str) -> str:
    """Every count, rate, date and year outside 《》 with its digits as × (12件 → ×件, 2022年3月
    → ×年×月); document titles such as 《…纲要（2021—2025年）》 stay as written."""
    for figure in sorted(figures_in(text), key=lambda f: f.start, reverse=True):
        masked = _NUMBER_HEAD.sub("×", figure.text)
        text = text[: figure.start] + masked + text[figure.end :]
    return text


def mask_names(text: str, *, foreign: Iterable[str] = (), own: Iterable[str] = ()) -> str:
    own_names = {n for n in own if n}
    found = {n for n in foreign if n and n in text} | names_in(text)
    # A name inside one of the user's own names (县 in 某县司法局) is theirs.
    names = [n for n in found if n not in own_names and not any(n in o for o in own_names)]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "某单位" if name.endswith(_UNIT_ENDINGS) else "某地")
    return re.sub(r"(某地)+", "某地", text)


def _whole_sentences(text: str, max_chars: int) -> str:
    """Cut a leading fragment (a chunk that starts mid-sentence) and a trailing one, and stop at
    the last sentence end within max_chars."""
    if text and text[0] in _CANNOT_START:
        ends = [text.find(c) for c in _SENTENCE_END if c in text]
        text = text[min(ends) + 1 :].lstrip() if ends else text
    if len(text) > max_chars:
        text = text[:max_chars]
    if text and text[-1] not in _SENTENCE_END + "”’」）":
        last = max(text.rfind(c) for c in _SENTENCE_END)
        text = text[: last + 1] if last > 0 else text + "……"
    return text


# Names every report may print: the General Secretary's, in 习近平法治思想 and the like.
_PUBLIC_NAMES = frozenset({"习近平", "毛泽东", "邓小平"})
_TITLES = "主任|局长|书记|省长|市长|县长|区长|镇长|乡长|厅长|处长|科长|部长|委员|组长|主席|秘书长"
# A name written between a title and 同志 (市长于海田同志) or after 时任 + title (时任省长许达哲).
_TITLED_NAME = re.compile(
    rf"(?:(?<=长)|(?<=任)|(?<=记)|(?<=席))({HAN}{{2,3}})(?=同志)|(?<=时任)((?:{HAN}{{0,3}}?)(?:{_TITLES}))({HAN}{{2,3}})"
)
_STARS = re.compile(r"[*＊]{1,}")


def mask_stars(text: str) -> str:
    """Redaction stars a model must not copy: a redacted place (**市**区) → 某地, a redacted
    figure (*次) → ×, any other → 某."""
    text = re.sub(r"[*＊]+[省市区县镇乡](?:[*＊]+[省市区县镇乡])*", "某地", text)
    text = re.sub(r"[*＊]+(?=[次件个项人场家份名起条年月日%％万亿])", "×", text)
    return _STARS.sub("某", text)


# The hundred commonest surnames (the Ministry of Public Security's 2020 list, about 85 % of people).
# jieba tags ordinary report words as person names too (公正 in 严格规范公正文明执法): a bare
# person-name word is masked only when it starts with one of these.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔"
    "向常汤康易乔赖文施洪辛柯庄"
)


def mask_persons(text: str) -> str:
    """Person names → 某某: jieba's person-name words that start with a common surname, and names
    written with a title (市长于海田同志)."""
    import jieba.posseg

    names = {
        w.word
        for w in jieba.posseg.cut(text)
        if w.flag in ("nr", "nrfg", "nrt")
        and 2 <= len(w.word) <= 4
        and w.word[0] in _SURNAMES
        and w.word not in _PUBLIC_NAMES
    }
    for match in _TITLED_NAME.finditer(text):
        found = match[1] or match[3]
        if found and found not in _PUBLIC_NAMES:
            names.add(found)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "某某")
    return text


def mask_places(text: str, *, own: Iterable[str] = ()) -> str:
    """Every division the gazetteer knows → 某地 (inside 《》 too), except the user's own chain: the
    divisions named in `own` (the unit, its facts) and every division above them."""
    from assistant.text.divisions import expand_short, find_places_at, gazetteer

    gaz = gazetteer()
    allowed = _chain_ids(own)
    for start, end, ids in reversed(gaz.mentions(text)):
        if not allowed.intersection(ids):
            text = text[:start] + "某地" + text[end:]
    # short city and province names the gazetteer leaves out (深圳经济特区, 关于湖南工作)
    names = {gaz.divisions[i].name for i in allowed}
    for start, full, short in reversed(find_places_at(text)):
        if full not in names:
            written = (
                next((n for n in (4, 3, 2) if expand_short(text[start : start + n]) == full), 2)
                if short
                else len(full)
            )
            text = text[:start] + "某地" + text[start + written :]
    return re.sub(r"(某地)+", "某地", text)


def _chain_ids(own: Iterable[str]) -> set[int]:
    from assistant.text.divisions import gazetteer

    gaz = gazetteer()
    allowed: set[int] = set()
    for name in own:
        for _, _, ids in gaz.mentions(name):
            for i in ids:
                allowed.update(gaz.chain(i))
    return allowed


def own_chain(own: Iterable[str]) -> set[str]:
    """Every spelling of the divisions named in `own` and of those above them (青川县 → 广元市, 四川省)."""
    from assistant.text.divisions import gazetteer

    gaz = gazetteer()
    return {name for i in _chain_ids(own) for name in gaz.spellings(i)}


_TITLE = re.compile(r"《([^《》]{2,80})》")
# Titles whose figures are part of the name every report cites: national laws, and the 纲要 in
# force (《法治政府建设实施纲要（2021—2025年）》, written short as 《纲要（2021—2025年）》).
_NATIONAL = ("中华人民共和国", "纲要（2021—2025年）")
_ISSUER = re.compile(r"^某(?:单位|[省市区县镇乡])(?!地)")


def mask_titles(text: str) -> str:
    """Inside 《》: years and figures → × (the national 纲要's own years kept), and a title another
    unit issued (it starts with a masked place or unit) → 《某地…》."""

    def masked(match: re.Match[str]) -> str:
        title = match[1]
        if any(name in title for name in _NATIONAL):
            return match[0]
        title = re.sub(r"\d+", "×", title)
        title = re.sub(r"×[—\-－~～至]×", "×", title)
        return f"《{_ISSUER.sub('某地', title)}》"

    return _TITLE.sub(masked, text)


_MASKS = re.compile(r"某某|某地|某单位|某文号|某|×")


def is_shell(masked: str, min_chars: int = 40) -> bool:
    """A masked passage with too little left to learn from: short, or a fifth of it masks."""
    plain = re.sub(r"\s", "", masked)
    masks = sum(len(m) for m in _MASKS.findall(plain))
    return len(plain) - masks < min_chars or masks > 0.2 * len(plain)
