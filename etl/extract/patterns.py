"""The statement patterns: where a number in a clause is a level, a growth rate, a share, a
rank … Each pattern says what the number is; which indicator it belongs to is decided by
etl.extract.statements from the catalog's aliases.

All patterns run on the compact normalised text of a sentence (full-width folded: "，" is
",", "％" is "%"; the line breaks of a PDF copy and the blanks around CJK removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.numerals import CN_NUMERAL, CN_OR_DIGITS

# A number that is not the tail of a date, phone or document number (0564-3371234, 〔2024〕12号).
NUM = r"(?<![\d.\-/A-Za-z+])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
# Units the catalog stores, plus look-alikes listed first so they are not read as 个 or 人.
UNIT = (r"(?P<unit>个百分点|百分点|个月|个工作日|个小时|万人次|人次|家次|件次|亿美元|万美元|"
        r"亿元|万元|千元|元|万人|人|名|万家|家|户|万个|个|万项|项|万件|件|座|%)")
QUANT = NUM + r"\s*" + UNIT
RANK_NUMBER = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
# 第1位 / 第十二名 / 首位 / 第一: the place, with 首 for the first.
PLACE = r"(?:第\s*" + RANK_NUMBER + r"\s*(?:位|名)?|(?P<first>首位|榜首))"
PLACE_END = r"(?=位|名|$|[,;。!?)\s\t]|[，；）、])"
YEAR = r"(?:19|20)\d{2}"

_UNIT_MAP = {"亿元": ("亿元", 1.0), "万元": ("万元", 1.0), "千元": ("千元", 1.0), "元": ("元", 1.0),
             "万人": ("万人", 1.0), "人": ("人", 1.0), "名": ("人", 1.0), "家": ("家", 1.0),
             "户": ("家", 1.0), "个": ("个", 1.0), "项": ("项", 1.0), "件": ("件", 1.0),
             "座": ("个", 1.0), "%": ("%", 1.0), "万家": ("家", 1e4), "万个": ("个", 1e4),
             "万项": ("项", 1e4), "万件": ("件", 1e4)}
POINTS = "百分点"  # the unit of a change of a percentage


def read_unit(text: str) -> tuple[str, float] | None:
    """'万家' -> ('家', 10000.0); None for units no indicator is kept in (人次, 个百分点)."""
    return _UNIT_MAP.get(text)


# -- what sits between an indicator's name and its number ------------------------------------

# "高新技术企业总数达到138家": the name, an optional measure word, a verb, the number.
# Anything else between them (实现产值, 分别, 从……, 近, 超过) means the number is something
# else, or not exact: no level. 累计 is taken for stocks only (statements.py): a flow summed
# over years is not the year's figure.
LEVEL_LINK = re.compile(
    r"(?:总数|总量|数量|总额|规模|数|量|额)?(?:全年|当年|年内|年末|年底|目前)?"
    r"(?:已|共|总计|合计|共计|累计|仅|只)?"
    r"(?:达到了|达到|达|增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|上升至|"
    r"升至|扩大到|扩大至|完成了|完成|实现了|实现|为|是|共有|拥有|现有|有|选派|培育|建成)?了?")
# A clause that gives the level of the indicator of the clause before, with no name of its
# own ("……以年均12.4%的速度增长，2024年达到8.62亿元", "新增2家，总数达到5家"): a time word
# or a measure word, and a verb.
LEVEL_INHERITED = re.compile(
    r"(?:" + YEAR + r"年(?:底|末)?|全年|当年|年底|年末|目前|现)?(?:已|共|累计)?"
    r"(?:总数|总量|数量|总额|规模)?"
    r"(?:达到了|达到|达|增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|"
    r"上升至|升至|扩大到|扩大至|完成了|完成|实现了|实现|共有|拥有|现有)了?")
FORECAST_LINK = re.compile(
    r"(?:总数|总量|数量|总额|规模|数|量|额)?(?:预计|有望|预期|可望|力争|争取|确保|计划|目标是|目标为|目标|"
    r"全年|年内|年底|到年底|当年|年度|可|将|能够|能|要|达到|达|突破|超过|超|实现|完成|为|增至|提高到|"
    r"提升至|提升到|约|近|以上)*了?")
# The clause before a statement that takes its indicator from the previous clause
# ("……达到138家，较上年净增21家"): only such words, no other subject.
RELATIVE_FILLER = re.compile(
    r"(?:同比|较上年同期|较上年|比上年|较去年|比去年|全年|当年|年内|其|已|并|且|也|均|继续|持续|"
    r"实现|总量|总数|规模|数量|排名|位次|综合排名|认定数量|认定数|入库数量|入库数|但|且|仍|仅|只)*")
FORECAST_FILLER = re.compile(
    r"(?:预计|有望|预期|可望|力争|争取|确保|计划|目标是|目标为|目标|全年|年内|年底|到年底|年末|当年|"
    r"年度目标为|年度目标|年度|可|将|能够|能|要|达到|达|突破|超过|超|实现|完成|为|总量|规模|约|近)*")
GAP_OK = RELATIVE_FILLER  # between a name and a relative statement in the same clause
# A clause whose number failed to be read leaves its name as the topic when only these stand
# between them ("总数突破2000家，达到2137家"; "占比达到45.2%，共有72家").
KEEP_TOPIC_GAP = re.compile(r"(?:总数|总量|数量|规模|占比|所占比重|比重|占|突破|超过|超|近|约|达到|达|为|"
                            r"已|共|首次|累计|仅|只)*")

LEAD_IN = re.compile(r"(?:力争|预计|计划|争取|确保|目标|有望)?\s*(?:(?:到|至)\s*(?:(?:19|20)\d{2}\s*年|年底|年末)"
                     r"(?:底|末)?|全年|今年)?")
FORECAST_MARK = re.compile(r"预计|有望|预期|可望|预测|将达|将突破|将超过")
# "到2027年" sets a target; "2016年至2020年" (a span) and "增加到2020年的" (a move) do not.
TARGET_MARK = re.compile(r"力争|争取|确保|目标|计划|任务|(?<![年\d])(?<!增加|增长|提高|提升|上升|扩大)"
                         r"(?:(?<!截)至|到)\s*(?:19|20)\d{2}\s*年")
OVER_WORDS = re.compile(r"突破|超过|超|以上")
ABOUT_WORDS = re.compile(r"约|近|左右")
# A number followed by these is not exact.
INEXACT_AFTER = re.compile(r"^\s*(?:以上|左右|多|余|上下|以内|以下)")
# Sentences that do not state a fact.
NOT_A_FACT = re.compile(r"如果|假如|假设|若能|倘若|未能|尚未|没有达到|未达到")
# A name preceded by these is a part or a different count (其中国家级孵化器, 新增高企).
QUALIFIERS = re.compile(r"(?:其中|新增|新认定|新培育|新备案|新获批|新引进|新建|新组建|净增|认定|培育|"
                        r"引进|组建|获批|备案|建成|建设|国家级|省级|市级|县级|规上|规模以上|重点|龙头|入驻|企业)$")
# New units of a stock: "新增省级新型研发机构2家" is its net increase, not its level.
NEW_UNITS = re.compile(r"(?:新增|净增|新认定|新建|新引进|引进|新培育)$")
# "共建成企业技术中心58个": built in all, the level.
IN_ALL = re.compile(r"(?:共|累计|已|共计)(?:建成|培育|引进|认定)$")
SUB_ITEM = re.compile(r"其中")

# -- the statements --------------------------------------------------------------------------

RANK_CHANGE = re.compile(
    r"(?:在(?P<scope1>[^,;:在第居位、]{1,24}?)(?:中|内)?(?:的)?\s*)?"
    r"(?P<word>排名|位次|排位)?\s*"
    r"(?P<base>(?:较|比)\s*(?:上年同期|去年同期|上年度?|去年|上一年度?|上次|上期|\d{4}年度?)\s*)?"
    r"(?P<word2>排名|位次|排位)?\s*"
    r"(?P<dir>提升|提高|上升|前进|前移|进位|跃升|晋升|下降|下滑|后退|后移|回落)了?\s*"
    + RANK_NUMBER + r"\s*个?\s*(?P<unit>位次|位|名)")
# Words that make a change downward.
DOWN_WORDS = ("下降", "下滑", "后退", "后移", "回落", "降", "滑落")
RANK = re.compile(
    r"(?P<basis0>增幅|增速|增长率|增长幅度)?\s*(?:在(?P<scope1>[^,;:在]{1,24}?)(?:中|内)?\s*)?"
    r"(?P<basis>增幅|增速|增长率|增长幅度)?\s*(?:均)?"
    r"(?:位居|位列|名列|排名|排位|排在|位于|居于|并列|居|列|排)\s*"
    r"(?P<scope2>[^,;:第首末前后]{0,16}?)\s*(?:的)?" + PLACE + PLACE_END)
# A rank set apart, with no verb: "3.05%，全市第2", "增速18.2%全市第1".
RANK_BARE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<scope2>全国|全省|全市|全县|同类[县市区]|[\u4e00-\u9fff]{2,6}同类[县市区])"
    r"\s*" + PLACE + PLACE_END)
# "从全省第11位升至第6位", "由2023年的全市第5位上升到2024年的第3位": two ranks and the move.
RANK_MOVE = re.compile(
    r"(?:在(?P<scope0>[^,;:在]{1,24}?)(?:中|内)?(?:的)?(?:位次|排名|排位)?\s*)?"
    r"(?:从|由)\s*(?:(?P<y1>" + YEAR + r")年度?(?:的)?|(?P<last>上年|去年|上一年)(?:的)?)?\s*"
    r"(?P<s1>全国|全省|全市|全县|同类[县市区])?\s*第\s*(?P<a>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:位|名)?\s*"
    r"(?P<dir>上升|升|提升|跃升|前移|前进|下降|降|后移|后退|滑落|回落)(?:至|到|为)\s*"
    r"(?:(?P<y2>" + YEAR + r")年度?(?:的)?)?\s*(?P<s2>全国|全省|全市|全县|同类[县市区])?\s*"
    r"第\s*(?P<b>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:位|名)?")
# "两项指标增幅均居全省首位": one rank for the indicators just named.
GROUP_RANK = re.compile(
    r"(?P<k>两|二|三|四|五|[2-5])项(?:指标)?\s*(?P<basis>增幅|增速)?\s*均\s*"
    r"(?:位居|位列|名列|排名|居于|居|列)\s*(?P<scope2>[^,;:第首]{0,12}?)\s*(?:的)?" + PLACE + PLACE_END)
RANK_SCOPE_CLAUSE = re.compile(r"在([^,;:]{1,24}?)中\s*,\s*$")
SEATS = re.compile(
    r"(?P<scope>全国|全省|全市|全县)(?P<mid>[^。;]{0,30}?)(?P<total>" + CN_OR_DIGITS + r")"
    r"(?:家|个|项|名|席)(?P<what>[^。;]{0,30}?)中?\s*,?\s*(?P<who>[^,;。]{0,10}?)"
    r"(?:占据|占有|占得|拥有|获得|占)了?(?P<n>" + CN_OR_DIGITS + r")(?:席|家|个|项|名)")
SHARE = re.compile(
    r"(?:所)?占(?!据|有|得|地|用)(?P<den>[^,;:]{0,24}?)(?:的)?(?:比重|比例|份额)?\s*"
    r"(?:为|达到|达|已达|是|高达)?了?\s*"
    r"(?:" + NUM + r"\s*%|(?P<frac>" + CN_NUMERAL + r"分之" + CN_NUMERAL + r")|(?P<half>一半))")
AVG_GROWTH = re.compile(
    r"年均(?:增长|增速|增幅|递增|提高)?\s*(?:为|达到|达)?了?\s*" + NUM + r"\s*%(?!的)")
AVG_GROWTH_DOWN = re.compile(r"年均(?:下降|减少)\s*" + NUM + r"\s*%")
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
    r"(?P<base>(?:较|比)\s*(?:上年末|上年底|上年度|上年同期|上年|去年同期|去年|上一年|年初|"
    r"(?P<base_year>\d{4})年(?:底|末)?)\s*)?(?P<verb>净增加|净增|净减少|净减|新增|增加|减少|提高|提升|增长)了?\s*"
    + QUANT)
# A change of a percentage, in points: "较上年提高0.15个百分点".
POINTS_CHANGE = re.compile(
    r"(?P<base>(?:较|比)\s*(?:上年同期|上年度|上年|去年同期|去年|上一年))\s*"
    r"(?P<dir>提高|提升|上升|增加|增长|下降|降低|回落|减少|下滑)了?\s*" + NUM + r"\s*个?百分点")
VALUE = re.compile(QUANT)
ZERO = re.compile(r"(?P<link>为|是)(?P<zero>零)(?![星点])")
REVERSE_VALUE = re.compile(r"(?:共有|拥有|现有|已有|总共有)\s*" + QUANT + r"\s*(?:的)?")
# "由2015年的1.12亿元增加到2020年的2.91亿元": two levels with their years.
FROM_TO = re.compile(
    r"(?:由|从)\s*(?P<y1>" + YEAR + r")年(?:底|末)?(?:的)?\s*(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>亿元|万元|家|个|件|项|人|名|%)"
    r"\s*(?:增加|增长|提高|提升|上升|扩大|跃升|发展|增)?(?:到|至)\s*(?P<y2>" + YEAR + r")年(?:底|末)?(?:的)?\s*"
    r"(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>亿元|万元|家|个|件|项|人|名|%)")
# "分别达到138家、256家", "同比分别增长26.4%和18.9%": numbers in the order of the names before.
RESPECTIVELY = re.compile(
    r"分别\s*(?P<verb>为|是|达到|达|完成|实现|增长|增加|提高|净增)?了?\s*(?P<list>"
    r"\d+(?:\.\d+)?\s*(?:亿元|万元|家|个|件|项|人|名|%)"
    r"(?:\s*(?:、|和|与|及|,)\s*\d+(?:\.\d+)?\s*(?:亿元|万元|家|个|件|项|人|名|%))+)")
RESPECTIVELY_ITEM = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|家|个|件|项|人|名|%)")

# -- periods inside a sentence ----------------------------------------------------------------

# "“十四五”以来", "十三五期间": a five-year plan, and whether the span runs to now.
PLAN = re.compile(r"[\"“]?(?P<plan>十[一二三四五六七八九]?五)[\"”]?\s*(?P<how>以来|期间|时期|末)?")
# "2016年至2020年", "2016-2020年": a span as written.
YEAR_SPAN = re.compile(r"(?P<y1>" + YEAR + r")\s*年?\s*(?:至|到|-|—|–|~|～)\s*(?P<y2>" + YEAR + r")\s*年")

# Tried in this order for one number; the first that finds its indicator wins.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("rank_change", RANK_CHANGE), ("rank", RANK), ("rank", RANK_BARE), ("share", SHARE),
    ("avg_growth", AVG_GROWTH), ("avg_growth", AVG_GROWTH_DOWN), ("avg_growth", AVG_GROWTH_PHRASE),
    ("points", POINTS_CHANGE), ("growth", GROWTH_VERB), ("growth", GROWTH_WORD),
    ("growth", DOUBLING), ("net_increase", NET_INCREASE), ("value", VALUE),
    ("reverse_value", REVERSE_VALUE), ("zero", ZERO),
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
    pattern: re.Pattern | None = None


def _number_span(m: re.Match) -> tuple[int, int]:
    """Where the figure is written, with its unit: "138家", "12.6%", "第4位", "翻一番"."""
    if m.re is DOUBLING:
        return m.start("n") - 1, m.end()
    if m.re is ZERO:
        return m.start("zero"), m.end("zero")
    if m.re in (RANK, RANK_BARE, GROUP_RANK):
        if m.group("first"):
            return m.start("first"), m.end("first")
        return m.string.rindex("第", 0, m.start("n")), m.end()
    for name in ("num", "n", "frac", "half"):
        if name in m.re.groupindex and m.group(name) is not None:
            end = m.end("unit") if "unit" in m.re.groupindex and m.group("unit") else m.end(name)
            if name == "num" and "pct" in m.re.groupindex and m.group("pct"):
                end = m.end("pct")
            elif name == "num" and m.re in (SHARE, AVG_GROWTH, AVG_GROWTH_DOWN, AVG_GROWTH_PHRASE,
                                            GROWTH_WORD):
                end = m.string.index("%", m.end(name)) + 1
            elif name == "num" and m.re is POINTS_CHANGE:
                end = m.string.index("百分点", m.end(name)) + 3
            return m.start(name), end
    return m.start(), m.end()


def _match(kind: str, priority: int, m: re.Match, offset: int = 0) -> Match:
    a, b = _number_span(m)
    spans = {k: (m.start(k) + offset, m.end(k) + offset)
             for k in m.re.groupindex if m.group(k) is not None}
    return Match(kind, priority, m.start() + offset, m.end() + offset, a + offset, b + offset,
                 dict(m.groupdict()), spans, m.re)


def find_matches(norm: str, start: int, end: int) -> list[Match]:
    """Every pattern's matches inside the clause norm[start:end]."""
    clause = norm[start:end]
    found = [_match(kind, priority, m, start)
             for priority, (kind, pattern) in enumerate(PATTERNS) for m in pattern.finditer(clause)]
    return sorted(found, key=lambda x: (x.num_start, x.priority))


def find_all(pattern: re.Pattern, norm: str, kind: str) -> list[Match]:
    """A whole-sentence pattern's matches (seats, ranks that move, lists with 分别)."""
    return [_match(kind, -1, m) for m in pattern.finditer(norm)]


def find_seats(norm: str) -> list[Match]:
    found = []
    for m in SEATS.finditer(norm):
        spans = {k: (m.start(k), m.end(k)) for k in m.re.groupindex if m.group(k) is not None}
        found.append(Match("seats", -1, m.start(), m.end(), m.start("n"), m.end(), m.groupdict(),
                           spans, SEATS))
    return found
