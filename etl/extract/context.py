"""Which year and which region a statement is about.

The year comes from the sentence itself, else from earlier sentences of the section, a
section heading, the year the user gave, the document title, or — for a report on part of
a year (前三季度, 一季度) — the date it was signed, in that order; the reason goes with it.
A placeholder (20XX年, 202x年) or a relative year (去年) leaves the year empty for the user:
it is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.catalog import Catalog
from etl.extract.text import DATE_LINE, Sentence
from etl.periods import parse_period

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_PLACEHOLDER_YEAR = re.compile(r"(?<![\dA-Za-z])(?:(?:19|20)[Xx×*]{2}|(?:19|20)\d[Xx×*]|[Xx×*]{4})\s*年")
_BASE_BEFORE = re.compile(r"(?:较|比|与|同|相比|从|自|由|对比|相较)\s*$")
_TARGET_BEFORE = re.compile(r"(?:(?<!截)至|到|力争|争取|计划|预计|确保|有望|目标)\s*$")
# "2025年以来", "2025年前": not the year of a figure; "2025年前三季度" is one.
_SINCE_AFTER = re.compile(r"^\s*(?:年度)?\s*(?:以来|来|起|以后|以前|之前|前(?![三两二]季度)|底前|末前)")
_TARGET_AFTER = re.compile(r"^\s*(?:年度)?\s*(?:目标|计划|任务|将|要)")
_RELATIVE = re.compile(r"(?<![较比同与])(?:去年|上年|上一年|前年)(?!同期)")
_QUARTER_WORD = re.compile(r"(前三季度|上半年|第?[一二三四]季度|1\s*-\s*(?:3|6|9|12)\s*月|全年)")
# Stocks at a quarter's end: "截至6月底", "截至9月末".
_QUARTER_END = re.compile(r"截[至止](?:(?:19|20)\d{2}年)?\s*(3|6|9|12)\s*月\s*(?:底|末|份)")
# A part of a year that is no quarter ("1-10月", "截至11月底"): no quarter to store it in.
_OTHER_MONTHS = re.compile(r"1\s*-\s*(1[01]|[124578])\s*月|截[至止]\s*(1[01]|[124578])\s*月\s*(?:底|末)")
# A section that sets targets: "三、2025年工作打算", "六、主要目标", "下步工作".
PLAN_HEADING = re.compile(r"(?:目标|计划|打算|思路|安排|展望|下步工作|下一步工作|下步打算)")
NOT_PLAN_HEADING = re.compile(r"完成|进展|成效|情况|回顾|总结|成绩")

# Region words that name the writer's own region, or a wider one.
_OWN_REGION = re.compile(r"(?:我|本|全)(?:区|县|园区|园|开发区|高新区|经开区)|我市|本市|"
                         r"(?<![A-Za-z])(?:XX|xx|××|\*\*)(?:市|县|区|开发区|高新区)")
_WHOLE_CITY = re.compile(r"全市")
_WHOLE_PROVINCE = re.compile(r"全省")
_WHOLE_COUNTRY = re.compile(r"全国")
# A region name in these positions is a comparison or the scope of a rank, not the subject.
_NOT_SUBJECT_BEFORE = re.compile(r"(?:居|在|较|比|占|高于|低于|与|超过|列|位居|位列|排名)\s*$")
_NOT_SUBJECT_AFTER = re.compile(r"^\s*(?:中|平均|的平均|同类|内排名|排名)")


@dataclass(frozen=True)
class YearMention:
    start: int  # in the sentence
    end: int
    year: int | None  # None for a placeholder
    role: str  # time | base | target | since
    quarter: int = 0


@dataclass(frozen=True)
class YearResolution:
    year: int | None
    quarter: int
    source: str
    note: str


def year_mentions(norm: str) -> list[YearMention]:
    found = []
    for m, year in [(m, int(m[1])) for m in _YEAR.finditer(norm)] + \
                   [(m, None) for m in _PLACEHOLDER_YEAR.finditer(norm)]:
        before, after = norm[max(0, m.start() - 4):m.start()], norm[m.end():m.end() + 4]
        if _BASE_BEFORE.search(before):
            role = "base"
        elif _SINCE_AFTER.match(after):
            role = "since"
        elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after):
            role = "target"
        else:
            role = "time"
        quarter = 0
        if year is not None:
            period = parse_period(norm[m.start():m.start() + 16])
            quarter = period.quarter if period and period.year == year and period.cumulative else 0
        found.append(YearMention(m.start(), m.end(), year, role, quarter))
    return sorted(found, key=lambda y: y.start)


def quarter_word(norm: str) -> int | None:
    """The last period named without its year (上半年, 前三季度, 1-9月, 截至6月底): the
    cumulative quarter; -1 for a part of a year that is no quarter (1-10月)."""
    found = [(m.start(), m) for m in _QUARTER_WORD.finditer(norm)]
    found += [(m.start(), m) for m in _QUARTER_END.finditer(norm)]
    found += [(m.start(), m) for m in _OTHER_MONTHS.finditer(norm)]
    if not found:
        return None
    _, m = max(found, key=lambda x: x[0])
    if m.re is _OTHER_MONTHS:
        return -1
    if m.re is _QUARTER_END:
        month = int(m[1])
        return 0 if month == 12 else month // 3
    period = parse_period("2000年" + m[1].replace(" ", ""))
    return period.quarter if period else None


def is_plan_heading(norm: str) -> bool:
    return bool(PLAN_HEADING.search(norm)) and not NOT_PLAN_HEADING.search(norm)


class YearContext:
    """Year mentions of the whole document, indexed for look-ups backwards from a sentence."""

    def __init__(self, sentences: list[Sentence], given_year: int | None = None) -> None:
        self.sentences = sentences
        self.given_year = given_year
        self.mentions = [year_mentions(s.norm) for s in sentences]
        self.title_index = 0 if sentences and sentences[0].is_heading else None
        # A report on part of a year names the part in its title ("蚌埠市前三季度……") and
        # may leave the year to the date it was signed.
        self.title_quarter = 0
        if self.title_index is not None and not self.mentions[0]:
            self.title_quarter = max(quarter_word(sentences[0].norm) or 0, 0)
        self.date = next(((int(m[1]), int(m[2])) for s in sentences if s.is_date
                          for m in [DATE_LINE.match(s.norm)] if m), None)

    def resolve(self, index: int, position: int, roles: tuple[str, ...] = ("time",),
                planned: bool = False) -> YearResolution:
        """The year for a statement at `position` in sentence `index`. planned: a target or
        forecast, whose quarter is only one its own sentence names (全年 otherwise)."""
        sentence = self.sentences[index]
        before = sentence.norm[:position]
        own_quarter = quarter_word(before)
        if own_quarter == -1:
            return YearResolution(None, 0, "none", "句中期间不是季度（如1-10月），请填写")
        if planned:
            own_quarter = own_quarter or 0
        usable = [m for m in self.mentions[index] if m.start < position and m.role in roles]
        relative = list(_RELATIVE.finditer(before))
        if relative and (not usable or relative[-1].start() > usable[-1].start):
            return YearResolution(None, 0, "relative",
                                  f"句中“{relative[-1][0]}”所指年份不确定，请填写")
        if usable:
            m = usable[-1]
            if m.year is None:
                return YearResolution(None, 0, "placeholder",
                                      f"句中年份为占位符“{sentence.norm[m.start:m.end]}”，请填写")
            quarter = own_quarter if planned else (own_quarter or m.quarter)
            return YearResolution(m.year, quarter, "sentence", f"句中“{sentence.norm[m.start:m.end]}”")
        return self._from_context(index, own_quarter, roles, planned)

    def sentence_year(self, index: int) -> YearResolution:
        """The year a sentence as a whole is about: its last year, else its context."""
        return self.resolve(index, len(self.sentences[index].norm))

    def _from_context(self, index: int, own_quarter: int | None, roles: tuple[str, ...],
                      planned: bool) -> YearResolution:
        sentence = self.sentences[index]
        for j in range(index - 1, -1, -1):
            prev = self.sentences[j]
            if prev.is_heading and prev.paragraph != sentence.paragraph:
                break  # the section ends at its heading
            if prev.is_date or "\t" in prev.norm:
                continue  # a date line or a table row dates no prose
            found = self._last(j, ("time",))
            if found is not None:
                return self._resolution(found, own_quarter, "context",
                                        f"前文“{prev.norm[found.start:found.end]}”（第{prev.start}字）", planned)
        for j in range(index - 1, -1, -1):
            prev = self.sentences[j]
            if not prev.is_heading or j == self.title_index or prev.paragraph == sentence.paragraph:
                continue
            found = self._last(j, roles)
            if found is not None:
                return self._resolution(found, own_quarter, "heading", f"标题“{prev.text}”", planned)
        if self.given_year is not None:
            return YearResolution(self.given_year, own_quarter or 0, "given", "用户指定的年份")
        if self.title_index is not None and self.title_index != index:
            title = self.sentences[self.title_index]
            years = [m for m in self.mentions[self.title_index] if m.role == "time"]
            if len({m.year for m in years}) == 1:
                return self._resolution(years[0], own_quarter, "title", f"文档标题“{title.text}”", planned)
        quarter = own_quarter if own_quarter is not None else (0 if planned else self.title_quarter)
        if self.date is not None and (own_quarter or self.title_quarter):
            year, month = self.date
            # A report on 1-9月 signed in October is of that year; one signed in the first
            # months of a year on "一季度" is too; a later quarter than the month is last year's.
            part = own_quarter or self.title_quarter
            if not planned and month <= part * 3:
                year -= 1  # a target looks ahead; a figure of a later quarter is last year's

            return YearResolution(year, quarter or 0, "date", f"落款日期（{self.date[0]}年{self.date[1]}月）")
        return YearResolution(None, own_quarter or 0, "none", "未找到年份，请填写")

    def _last(self, j: int, roles: tuple[str, ...]) -> YearMention | None:
        found = [m for m in self.mentions[j] if m.role in roles]
        return found[-1] if found else None

    def _resolution(self, m: YearMention, own_quarter: int | None, source: str, note: str,
                    planned: bool = False) -> YearResolution:
        if m.year is None:
            return YearResolution(None, 0, "placeholder", f"{note}中的年份为占位符，请填写")
        quarter = (own_quarter or 0) if planned else (own_quarter or m.quarter or
                                                       (self.title_quarter if source == "title" else 0))
        return YearResolution(m.year, quarter, source, note)


@dataclass(frozen=True)
class RegionResolution:
    code: str | None
    source: str  # sentence | scope | given | none | ambiguous
    note: str = ""


def _deepest(codes: set[str], catalog: Catalog) -> str | None:
    """Of names on one line of descent (六安市金安区) the most specific; None otherwise."""
    for code in codes:
        if all(other == code or other in catalog.ancestors(code) for other in codes):
            return code
    return None


def _subject_word(pattern: re.Pattern, before: str) -> bool:
    """全省/全市 as the subject ("全省高新技术企业……"), not a scope ("在全省……中", "居全省")
    nor an average to compare with ("（全省平均10.22亿元）")."""
    return any(not _NOT_SUBJECT_BEFORE.search(before[max(0, m.start() - 3):m.start()])
               and not re.match(r"[^,;:]{0,6}?平均", before[m.end():])
               for m in pattern.finditer(before))


def resolve_region(norm: str, position: int, catalog: Catalog, given: str | None) -> RegionResolution:
    """The region a statement at `position` of a sentence is about."""
    before = norm[:position]
    named = set()
    for hit in catalog.find_regions(before):
        if _NOT_SUBJECT_BEFORE.search(before[max(0, hit.start - 3):hit.start]):
            continue
        if _NOT_SUBJECT_AFTER.match(norm[hit.end:hit.end + 4]):
            continue
        named.add(hit.code)
    if named:
        code = _deepest(named, catalog)
        if code is None:
            return RegionResolution(None, "ambiguous", "句中有多个地区：" + "、".join(sorted(named)))
        return RegionResolution(code, "sentence", catalog.regions[code]["name_zh"])
    own = _OWN_REGION.search(before)
    if _subject_word(_WHOLE_COUNTRY, before):
        return RegionResolution(None, "none", "全国数据")
    if _subject_word(_WHOLE_PROVINCE, before) and not own:
        province = catalog.province_of(given)
        if given is not None and catalog.level(given) == "province":
            return RegionResolution(given, "given", "全省")
        return RegionResolution(province, "scope", "全省") if province else RegionResolution(None, "none")
    if _subject_word(_WHOLE_CITY, before) and not own and given is not None:
        if str(catalog.regions.get(given, {}).get("name_zh", "")).endswith("市"):
            return RegionResolution(given, "given", "全市")  # a county-level city (巢湖市) calls itself 全市
        city = catalog.ancestor_at(given, "city")
        if city is not None:
            return RegionResolution(city, "given" if city == given else "scope", "全市")
    if given is not None:
        return RegionResolution(given, "given", "用户指定的地区")
    return RegionResolution(None, "none", "未指定地区")
