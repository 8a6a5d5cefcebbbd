"""Which year and which region a statement is about.

The year comes from the sentence itself, else from earlier sentences of the paragraph, a
section heading, the year the user gave, or the document title, in that order; the reason
goes with it. A placeholder (20XX年) or a relative year (去年) leaves the year empty for
the user: it is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.catalog import Catalog
from etl.extract.text import Sentence
from etl.periods import parse_period

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年")
_PLACEHOLDER_YEAR = re.compile(r"(?<![\dA-Za-z])(?:(?:19|20)[Xx×*]{2}|[Xx×*]{4})\s*年")
_BASE_BEFORE = re.compile(r"(?:较|比|与|同|相比|从|自|由|对比|相较)\s*$")
_TARGET_BEFORE = re.compile(r"(?:(?<!截)至|到|力争|争取|计划|预计|确保|有望|目标)\s*$")
_SINCE_AFTER = re.compile(r"^\s*(?:年度)?\s*(?:以来|来|起|以后|以前|之前|前|底前|末前)")
_TARGET_AFTER = re.compile(r"^\s*(?:年度)?\s*(?:目标|计划|任务|将|要)")
_RELATIVE = re.compile(r"(?<![较比同与])(?:去年|上年|上一年|前年)(?!同期)")
_QUARTER_WORD = re.compile(r"(前三季度|上半年|第?[一二三四]季度|1\s*-\s*(?:3|6|9|12)\s*月|全年)")

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
    """A period named without its year (上半年, 前三季度, 1-9月): the cumulative quarter."""
    m = _QUARTER_WORD.search(norm)
    if not m:
        return None
    period = parse_period("2000年" + m[1].replace(" ", ""))
    return period.quarter if period else None


class YearContext:
    """Year mentions of the whole document, indexed for look-ups backwards from a sentence."""

    def __init__(self, sentences: list[Sentence], given_year: int | None = None) -> None:
        self.sentences = sentences
        self.given_year = given_year
        self.mentions = [year_mentions(s.norm) for s in sentences]
        self.title_index = 0 if sentences and sentences[0].is_heading else None

    def resolve(self, index: int, position: int, roles: tuple[str, ...] = ("time",)) -> YearResolution:
        """The year for a statement at `position` in sentence `index`."""
        sentence = self.sentences[index]
        before = sentence.norm[:position]
        own_quarter = quarter_word(before)
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
            return YearResolution(m.year, own_quarter or m.quarter, "sentence",
                                  f"句中“{sentence.text[m.start:m.end]}”")
        return self._from_context(index, own_quarter)

    def _from_context(self, index: int, own_quarter: int | None) -> YearResolution:
        sentence = self.sentences[index]
        for j in range(index - 1, -1, -1):
            prev = self.sentences[j]
            if prev.paragraph != sentence.paragraph:
                break
            found = self._last_time(j)
            if found is not None:
                return self._resolution(found, own_quarter, "context",
                                        f"前文“{prev.text[found.start:found.end]}”（第{prev.start}字）")
        for j in range(index - 1, -1, -1):
            prev = self.sentences[j]
            if not prev.is_heading or j == self.title_index or prev.paragraph == sentence.paragraph:
                continue
            found = self._last_time(j)
            if found is not None:
                return self._resolution(found, own_quarter, "heading",
                                        f"标题“{prev.text}”")
        if self.given_year is not None:
            return YearResolution(self.given_year, own_quarter or 0, "given", "用户指定的年份")
        if self.title_index is not None and self.title_index != index:
            title = self.sentences[self.title_index]
            years = [m for m in self.mentions[self.title_index] if m.role == "time"]
            if len({m.year for m in years}) == 1:
                return self._resolution(years[0], own_quarter, "title", f"文档标题“{title.text}”")
        return YearResolution(None, own_quarter or 0, "none", "未找到年份，请填写")

    def _last_time(self, j: int) -> YearMention | None:
        times = [m for m in self.mentions[j] if m.role == "time"]
        return times[-1] if times else None

    @staticmethod
    def _resolution(m: YearMention, own_quarter: int | None, source: str, note: str) -> YearResolution:
        if m.year is None:
            return YearResolution(None, 0, "placeholder", f"{note}中的年份为占位符，请填写")
        return YearResolution(m.year, own_quarter or m.quarter, source, note)


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
    """全省/全市 as the subject ("全省高新技术企业……"), not a scope ("在全省……中", "居全省")."""
    return any(not _NOT_SUBJECT_BEFORE.search(before[max(0, m.start() - 3):m.start()])
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
        city = catalog.ancestor_at(given, "city")
        if city is not None:
            return RegionResolution(city, "given" if city == given else "scope", "全市")
    if given is not None:
        return RegionResolution(given, "given", "用户指定的地区")
    return RegionResolution(None, "none", "未指定地区")
