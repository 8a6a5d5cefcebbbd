"""The statement patterns: where a number in a clause is a level, a growth rate, a share, a
rank … Each pattern says what the number is; which indicator it belongs to is decided by
etl.extract.statements from the catalog's aliases.

All patterns run on normalised text (full-width folded: "，" is ",", "％" is "%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.numerals import CN_NUMERAL, CN_OR_DIGITS

# A number that is not the tail of a date, phone or document number (0564-3371234, 〔2024〕12号).
NUM = r"(?<![\d.\-/A-Za-z])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
# Units the catalog stores, plus look-alikes listed first so they are not read as 个 or 人.
UNIT = (r"(?P<unit>个百分点|百分点|个月|个工作日|个小时|万人次|人次|家次|件次|亿美元|万美元|"
        r"亿元|万元|千元|元|万人|人|名|万家|家|户|万个|个|万项|项|万件|件|座|%)")
QUANT = NUM + r"\s*" + UNIT
RANK_NUMBER = r"(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})"

_UNIT_MAP = {"亿元": ("亿元", 1.0), "万元": ("万元", 1.0), "千元": ("千元", 1.0), "元": ("元", 1.0),
             "万人": ("万人", 1.0), "人": ("人", 1.0), "名": ("人", 1.0), "家": ("家", 1.0),
             "户": ("家", 1.0), "个": ("个", 1.0), "项": ("项", 1.0), "件": ("件", 1.0),
             "座": ("个", 1.0), "%": ("%", 1.0), "万家": ("家", 1e4), "万个": ("个", 1e4),
             "万项": ("项", 1e4), "万件": ("件", 1e4)}


def read_unit(text: str) -> tuple[str, float] | None:
    """'万家' -> ('家', 10000.0); None for units no indicator is kept in (人次, 个百分点)."""
    return _UNIT_MAP.get(text)


# -- what sits between an indicator's name and its number ------------------------------------

# "高新技术企业总数达到138家": the name, an optional measure word, a verb, the number.
# Anything else between them (实现产值, 分别, 从……, 累计, 近, 超过) means the number is
# something else, or not exact: no level.
LEVEL_LINK = re.compile(
    r"(?:总数|总量|数量|总额|规模|数|量|额)?(?:全年|当年|年内|年末|年底)?(?:已|共|总计|合计|共计)?"
    r"(?:达到了|达到|达|增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|上升至|"
    r"升至|扩大到|扩大至|为|是|共有|有)?了?")
FORECAST_LINK = re.compile(
    r"(?:总数|总量|数量|总额|规模)?(?:预计|有望|预期|可望|力争|争取|确保|计划|目标是|目标为|目标|"
    r"全年|年内|年底|到年底|当年|年度|可|将|能够|能|要|达到|达|突破|超过|超|实现|完成|为|增至|提高到|"
    r"提升至|提升到|约|近|以上)*了?")
# The clause before a statement that takes its indicator from the previous clause
# ("……达到138家，较上年净增21家"): only such words, no other subject.
RELATIVE_FILLER = re.compile(
    r"(?:同比|较上年同期|较上年|比上年|较去年|比去年|全年|当年|年内|其|已|并|且|也|均|继续|持续|"
    r"实现|总量|总数|规模|数量|排名|位次|综合排名)*")
FORECAST_FILLER = re.compile(
    r"(?:预计|有望|预期|可望|力争|争取|确保|计划|目标是|目标为|目标|全年|年内|年底|到年底|年末|当年|"
    r"可|将|能够|能|要|达到|达|突破|超过|超|实现|完成|为|总量|规模|约|近)*")
GAP_OK = RELATIVE_FILLER  # between a name and a relative statement in the same clause

LEAD_IN = re.compile(r"(?:力争|预计|计划|争取|确保|目标|有望)?\s*(?:(?:到|至)\s*(?:(?:19|20)\d{2}\s*年|年底|年末)"
                     r"(?:底|末)?|全年|今年)?")
FORECAST_MARK = re.compile(r"预计|有望|预期|可望|预测|将达|将突破|将超过")
TARGET_MARK = re.compile(r"力争|争取|确保|目标|计划|任务|(?:(?<!截)至|到)\s*(?:19|20)\d{2}\s*年")
OVER_WORDS = re.compile(r"突破|超过|超|以上")
ABOUT_WORDS = re.compile(r"约|近|左右")
# A number followed by these is not exact.
INEXACT_AFTER = re.compile(r"^\s*(?:以上|左右|多|余|上下|以内|以下)")
# Sentences that do not state a fact.
NOT_A_FACT = re.compile(r"如果|假如|假设|若能|倘若|未能|尚未|没有达到|未达到")
# A name preceded by these is a part or a different count (其中国家级孵化器, 新增高企).
QUALIFIERS = re.compile(r"(?:其中|新增|新认定|新培育|新备案|新获批|新引进|新建|新组建|净增|认定|培育|"
                        r"引进|组建|获批|备案|建成|建设|国家级|省级|市级|县级|规上|规模以上|重点|龙头|入驻|企业)$")
SUB_ITEM = re.compile(r"其中")

# -- the statements --------------------------------------------------------------------------

RANK_CHANGE = re.compile(
    r"(?P<base>(?:较|比)\s*(?:上年度?|去年|上一年度?|上次|上期|\d{4}年度?)\s*)?"
    r"(?P<word>排名|位次|排位)?\s*"
    r"(?P<dir>提升|提高|上升|前进|前移|进位|跃升|晋升|下降|下滑|后退|后移|回落)了?\s*"
    + RANK_NUMBER + r"\s*个?\s*(?P<unit>位次|位|名)")
RANK = re.compile(
    r"(?:在(?P<scope1>[^,;:]{1,24}?)(?:中|内)?\s*)?"
    r"(?P<basis>增幅|增速|增长率|增长幅度)?\s*"
    r"(?:位居|位列|名列|排名|排位|排在|位于|居于|居|列|排)\s*"
    r"(?P<scope2>全国|全省|全市|全县|全区|全[^,;:第]{1,10}?|同类[^,;:第]{1,8}?|[^,;:第]{1,12}?(?:中|内))?\s*"
    r"(?:的)?第\s*" + RANK_NUMBER + r"\s*(?:位|名)?(?=位|名|$|[,;。!?)\s]|[，；）])")
RANK_SCOPE_CLAUSE = re.compile(r"在([^,;:]{1,24}?)中\s*,\s*$")
SEATS = re.compile(
    r"(?P<scope>全国|全省|全市|全县)(?P<mid>[^。;]{0,30}?)(?P<total>" + CN_OR_DIGITS + r")"
    r"(?:家|个|项|名|席)(?P<what>[^。;]{0,30}?)中\s*,?\s*(?P<who>[^,;。]{0,10}?)"
    r"(?:占据|占有|占得|拥有|获得|占)了?(?P<n>" + CN_OR_DIGITS + r")(?:席|家|个|项|名)")
SHARE = re.compile(
    r"占(?!据|有|得|地|用)(?P<den>[^,;:]{0,24}?)(?:的)?(?:比重|比例|份额)?\s*"
    r"(?:为|达到|达|已达|是|高达)?了?\s*"
    r"(?:" + NUM + r"\s*%|(?P<frac>" + CN_NUMERAL + r"分之" + CN_NUMERAL + r")|(?P<half>一半))")
AVG_GROWTH = re.compile(
    r"年均(?:增长|增速|增幅|递增|提高)?\s*(?:为|达到|达)?了?\s*" + NUM + r"\s*%(?!的)")
AVG_GROWTH_PHRASE = re.compile(
    r"以年均\s*" + NUM + r"\s*%\s*的(?:增幅|增速|速度|幅度)(?:逐年|持续|稳步)?(?:递增|增长|提升)")
GROWTH_VERB = re.compile(
    r"(?<!年均)(?P<base>同比|较上年同期|比上年同期|较上年度|较上年|比上年|较去年|比去年|与上年相比|"
    r"较(?P<base_year>\d{4})年)?\s*(?P<dir>增长|增加|提高|上升|提升|下降|减少|回落|下滑)了?\s*"
    + NUM + r"\s*(?P<pct>%|倍)")
GROWTH_WORD = re.compile(
    r"(?<!年均)(?P<word>增速|增幅|增长率|增长幅度)\s*(?:为|达到|达|是|高达)?了?\s*" + NUM + r"\s*%")
DOUBLING = re.compile(r"(?P<base>同比|较上年|比上年|较去年|比去年)\s*(?:实现)?翻(?P<n>一|两|二|三)番")
NET_INCREASE = re.compile(
    r"(?P<base>(?:较|比)\s*(?:上年末|上年底|上年度|上年|去年|上一年|年初|"
    r"(?P<base_year>\d{4})年(?:底|末)?)\s*)?(?P<verb>净增加|净增|净减少|净减|新增|增加|减少)了?\s*" + QUANT)
VALUE = re.compile(QUANT)
REVERSE_VALUE = re.compile(r"(?:共有|拥有|现有|已有|总共有)\s*" + QUANT + r"\s*(?:的)?")

# Tried in this order for one number; the first that finds its indicator wins.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("rank_change", RANK_CHANGE), ("rank", RANK), ("share", SHARE), ("avg_growth", AVG_GROWTH),
    ("avg_growth", AVG_GROWTH_PHRASE), ("growth", GROWTH_VERB), ("growth", GROWTH_WORD),
    ("growth", DOUBLING), ("net_increase", NET_INCREASE), ("value", VALUE),
    ("reverse_value", REVERSE_VALUE),
]


@dataclass
class Match:
    """A pattern's match in a sentence (offsets in the sentence)."""

    kind: str
    priority: int
    start: int
    end: int
    num_start: int
    num_end: int
    groups: dict = field(default_factory=dict)
    spans: dict = field(default_factory=dict)


def _number_span(m: re.Match) -> tuple[int, int]:
    """Where the figure is written, with its unit: "138家", "12.6%", "第4位", "翻一番"."""
    if m.re is DOUBLING:
        return m.start("n") - 1, m.end()
    if m.re is RANK:
        return m.string.rindex("第", 0, m.start("n")), m.end()
    for name in ("num", "n", "frac", "half"):
        if name in m.re.groupindex and m.group(name) is not None:
            end = m.end("unit") if "unit" in m.re.groupindex and m.group("unit") else m.end(name)
            if name == "num" and "pct" in m.re.groupindex and m.group("pct"):
                end = m.end("pct")
            elif name == "num" and m.re in (SHARE, AVG_GROWTH, AVG_GROWTH_PHRASE, GROWTH_WORD):
                end = m.string.index("%", m.end(name)) + 1
            return m.start(name), end
    return m.start(), m.end()


def find_matches(norm: str, start: int, end: int) -> list[Match]:
    """Every pattern's matches inside the clause norm[start:end]."""
    clause = norm[start:end]
    found = []
    for priority, (kind, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(clause):
            a, b = _number_span(m)
            spans = {k: (m.start(k) + start, m.end(k) + start)
                     for k in m.re.groupindex if m.group(k) is not None}
            found.append(Match(kind, priority, m.start() + start, m.end() + start, a + start,
                               b + start, {k: v for k, v in m.groupdict().items()}, spans))
    return sorted(found, key=lambda x: (x.num_start, x.priority))


def find_seats(norm: str) -> list[Match]:
    found = []
    for m in SEATS.finditer(norm):
        spans = {k: (m.start(k), m.end(k)) for k in m.re.groupindex if m.group(k) is not None}
        found.append(Match("seats", -1, m.start(), m.end(), m.start("n"), m.end(), m.groupdict(), spans))
    return found
