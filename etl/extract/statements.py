"""Turn one pattern match into a statement about one indicator, or into nothing.

The indicator is the catalog name or alias nearest before the number in the same clause
(the longest when names overlap). A relative statement ("较上年净增21家", "居全省第4位")
with no name of its own takes the indicator of the clause before it, but only when nothing
else stands in front of it. Whenever the words around the number are not ones we know,
the answer is None: a missed figure costs the user a minute, a wrong one costs trust.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from catalog.units import UNITS, conversion_factor
from etl.extract import patterns as P
from etl.extract.candidate import (AVG_GROWTH, FORECAST, GROWTH, LEVEL, NET_INCREASE, RANK,
                                   RANK_CHANGE, SHARE, TARGET)
from etl.extract.catalog import Catalog, Hit, IndicatorInfo
from etl.extract.numerals import fraction_percent, parse_int

SCOPE_WORDS = re.compile(r"全国|全省|全市|全县|全区")
INTEGER_FAMILIES = {"count", "people"}


@dataclass(frozen=True)
class Subject:
    code: str
    start: int  # where the name stands in the sentence (for the region look-up)
    how: str  # alias | inherited | stem


@dataclass(frozen=True)
class Statement:
    indicator: str
    subject: Subject  # what the sentence talks about (a share's numerator, not the ratio)
    statement_type: str
    value: float
    unit: str
    num_start: int
    num_end: int
    match_start: int
    match_end: int
    is_value: bool
    qualifier: str | None = None
    scope: str | None = None
    out_of: int | None = None
    basis: str | None = None
    base_year: int | None = None  # "较2023年增长" compares with this year


@dataclass
class Clause:
    start: int
    end: int
    hits: list[Hit]  # indicator names in the clause, sentence offsets
    sub_item: bool  # 其中……: a part of the previous figure
    lead_in: str = ""  # the clause before when it only sets a target or forecast ("到2025年")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _qualified(norm: str, clause: Clause, hit: Hit) -> bool:
    before = _squeeze(norm[max(clause.start, hit.start - 6):hit.start])
    return bool(P.QUALIFIERS.search(before) or before.endswith("的")) or clause.sub_item


def _convert(value: float, unit_text: str, indicator: IndicatorInfo) -> float | None:
    """The number in the indicator's unit; None when the units do not convert or a count
    of things comes out fractional (a sign that the number was misread). Ratios counted in
    件 (patents per 10,000 people) are fractional by nature."""
    read = P.read_unit(unit_text)
    if read is None:
        return None
    unit, multiplier = read
    factor = conversion_factor(unit, indicator.unit)
    if factor is None:
        return None
    out = value * multiplier * factor
    if indicator.kind in ("stock", "flow") and UNITS[indicator.unit][0] in INTEGER_FAMILIES:
        if abs(out - round(out)) > 1e-9:
            return None
    return out


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


class StatementReader:
    """Reads the statements of one sentence, clause by clause, carrying the topic."""

    def __init__(self, catalog: Catalog, norm: str) -> None:
        self.catalog = catalog
        self.norm = norm
        self.topic: Subject | None = None

    # -- subjects ---------------------------------------------------------------------

    def _nearest_hit(self, clause: Clause, pos: int) -> Hit | None:
        before = [h for h in clause.hits if h.end <= pos]
        return before[-1] if before else None

    def _overlapped(self, clause: Clause, pos: int) -> bool:
        return any(h.start < pos < h.end for h in clause.hits)

    def _relative_subject(self, clause: Clause, m: P.Match) -> Subject | None:
        """The indicator of a growth, net increase, rank or share statement."""
        if self._overlapped(clause, m.start):
            return None  # the name includes the statement's words: a level of that name
        hit = self._nearest_hit(clause, m.start)
        if hit is not None:
            gap = _squeeze(self.norm[hit.end:m.start])
            if _qualified(self.norm, clause, hit) or not P.GAP_OK.fullmatch(gap):
                return None
            return Subject(hit.code, hit.start, "alias")
        prefix = _squeeze(self.norm[clause.start:m.start])
        if self.topic is not None and not clause.sub_item and P.RELATIVE_FILLER.fullmatch(prefix):
            return Subject(self.topic.code, self.topic.start, "inherited")
        return None

    def _stem_before(self, hits: list[Hit], clause: Clause, pos: int, gap_re: re.Pattern) -> Hit | None:
        before = [h for h in hits if clause.start <= h.start and h.end <= pos]
        if before and gap_re.fullmatch(_squeeze(self.norm[before[-1].end:pos])):
            return before[-1]
        return None

    # -- one match --------------------------------------------------------------------

    def read(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.kind in ("value", "reverse_value"):
            return self._value(clause, m)
        return getattr(self, "_" + m.kind)(clause, m)

    def _statement(self, subject: Subject, kind: str, value: float, unit: str, m: P.Match,
                   indicator: str | None = None, is_value: bool = False, end: int | None = None,
                   **extra) -> Statement:
        # The statement runs from its indicator's name when the name is in the same clause.
        start = subject.start if subject.how != "inherited" and subject.start < m.start else m.start
        return Statement(indicator or subject.code, subject, kind, value, unit, m.num_start,
                         m.num_end, start, end or m.end, is_value, **extra)

    def _value(self, clause: Clause, m: P.Match) -> Statement | None:
        norm = self.norm
        mode = self._mode(clause, m)
        if P.INEXACT_AFTER.match(norm[m.num_end:m.num_end + 3]) and mode == LEVEL:
            return None
        link = ""  # the words between the name and the number
        if m.kind == "reverse_value":
            hits = [h for h in clause.hits if h.start == m.end]
            if not hits or mode != LEVEL or _qualified(norm, clause, hits[0]):
                return None
            tail = _squeeze(norm[hits[0].end:clause.end]).strip("。!?")
            if tail:
                return None  # "拥有5家企业技术中心建设单位": the name goes on
            subject, end = Subject(hits[0].code, hits[0].start, "alias"), hits[0].end
        else:
            end = None
            hit = self._nearest_hit(clause, m.num_start)
            if hit is not None:
                link = _squeeze(norm[hit.end:m.num_start])
                link_re = P.LEVEL_LINK if mode == LEVEL else P.FORECAST_LINK
                if not link_re.fullmatch(link) or _qualified(norm, clause, hit):
                    return None
                subject = Subject(hit.code, hit.start, "alias")
            elif mode != LEVEL and self.topic is not None and not clause.sub_item and \
                    P.FORECAST_FILLER.fullmatch(link := _squeeze(norm[clause.start:m.num_start])):
                subject = Subject(self.topic.code, self.topic.start, "inherited")
            else:
                return None
        info = self.catalog.indicators[subject.code]
        value = _convert(_number(m.groups["num"]), m.groups["unit"], info)
        if value is None or info.kind == "ratio" and info.unit == "%" and not 0 <= value <= 100:
            return None
        qualifier = None
        if mode != LEVEL:
            around = link + norm[m.num_end:m.num_end + 3]  # not the name: 省级以上众创空间
            qualifier = ("over" if P.OVER_WORDS.search(around)
                         else "about" if P.ABOUT_WORDS.search(around) else None)
        return self._statement(subject, mode, value, info.unit, m, is_value=mode == LEVEL,
                               qualifier=qualifier, end=end)

    def _mode(self, clause: Clause, m: P.Match) -> str:
        """Target or forecast when the clause says so before the number, or the clause before
        is only a lead-in such as "到2025年" or "预计全年"."""
        before = self.norm[clause.start:m.num_start]
        if clause.lead_in:
            before = clause.lead_in + before
        if P.TARGET_MARK.search(before):
            return TARGET
        if P.FORECAST_MARK.search(before):
            return FORECAST
        return LEVEL

    def _rank_change(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.groups["unit"] == "名" and not m.groups["word"]:
            return None  # "提高15名" may be people; only "排名提升15名" is a rank
        subject = self._rank_subject(clause, m)
        n = parse_int(m.groups["n"])
        if subject is None or n is None:
            return None
        sign = -1 if m.groups["dir"] in ("下降", "下滑", "后退", "后移", "回落") else 1
        info = self.catalog.indicators[subject.code]
        return self._statement(subject, RANK_CHANGE, float(sign * n), "位", m,
                               basis="value" if info.kind == "rank" else None)

    def _rank_subject(self, clause: Clause, m: P.Match) -> Subject | None:
        subject = self._relative_subject(clause, m)
        if subject is not None:
            return subject
        stems = self.catalog.find_rank_stems(self.norm)
        inside = [h for h in stems if clause.start <= h.start and h.end <= m.num_start]
        if inside:
            return Subject(inside[-1].code, inside[-1].start, "stem")
        return None

    def _rank(self, clause: Clause, m: P.Match) -> Statement | None:
        subject = self._rank_subject(clause, m)
        n = parse_int(m.groups["n"])
        if subject is None or not n:
            return None
        scope = (m.groups.get("scope1") or m.groups.get("scope2") or "").strip() or None
        if scope is None:  # "在全省16个县区中，金寨县……排名第3位": the scope is the clause before
            before = P.RANK_SCOPE_CLAUSE.search(self.norm[:clause.start])
            scope = before[1] if before else None
        out_of = None
        if scope:
            total = re.search(r"(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个|家)", scope)
            out_of = parse_int(total[1]) if total else None
            if out_of is not None and n > out_of:
                return None
        info = self.catalog.indicators[subject.code]
        basis = "growth" if m.groups.get("basis") and info.kind != "rate" else "value"
        return self._statement(subject, RANK, float(n), "位", m, scope=scope, out_of=out_of,
                               basis=basis, is_value=info.kind == "rank" and basis == "value")

    def _share(self, clause: Clause, m: P.Match) -> Statement | None:
        subject = self._relative_subject(clause, m)
        if subject is None:
            return None
        if m.groups.get("frac"):
            value = fraction_percent(m.groups["frac"])
        elif m.groups.get("half"):
            value = 50.0
        else:
            value = _number(m.groups["num"])
        if value is None or not 0 <= value <= 100:
            return None
        den = _squeeze(m.groups["den"] or "")
        den_hits = self.catalog.find_indicators(den)
        if len(den_hits) == 1:
            ratio = self.catalog.ratio_of(subject.code, den_hits[0].code)
            if ratio is None:
                return None
            return self._statement(subject, SHARE, value, "%", m, indicator=ratio, is_value=True)
        scope = SCOPE_WORDS.match(den)
        if den_hits or scope is None:
            return None  # a share of something the catalog does not name
        return self._statement(subject, SHARE, value, "%", m, scope=scope[0])

    def _growth_subject(self, clause: Clause, m: P.Match) -> tuple[Subject | None, bool]:
        """(subject, is a reported rate): "高新技术产业增加值同比增长12.1%" is the value of the
        rate indicator 高新技术产业增加值增速, not a growth of something else."""
        if self._overlapped(clause, m.start):
            return None, False
        stem = self._stem_before(self.catalog.find_rate_stems(self.norm), clause, m.start, P.GAP_OK)
        if stem is not None and not _qualified(self.norm, clause, stem):
            return Subject(stem.code, stem.start, "stem"), True
        subject = self._relative_subject(clause, m)
        if subject is not None and self.catalog.indicators[subject.code].unit == "%":
            # "研发投入强度提高0.3%" may mean percentage points: not read.
            return (subject, True) if self.catalog.indicators[subject.code].kind == "rate" else (None, False)
        return subject, False

    def _growth(self, clause: Clause, m: P.Match) -> Statement | None:
        subject, is_rate = self._growth_subject(clause, m)
        if subject is None:
            return None
        g = m.groups
        if "n" in g and g.get("n"):  # 翻一番: doubled on last year
            value = (2 ** parse_int(g["n"]) - 1) * 100.0
        else:
            value = _number(g["num"])
            if value is None:
                return None
            if g.get("pct") == "倍":
                if g.get("dir") not in ("增长", "增加", "提高"):
                    return None
                value *= 100.0
            if g.get("dir") in ("下降", "减少", "回落", "下滑"):
                value = -value
        base_year = int(g["base_year"]) if g.get("base_year") else None
        if is_rate:
            if base_year is not None or g.get("pct") == "倍" or "n" in g and g.get("n"):
                return None
            return self._statement(subject, LEVEL, value, "%", m, is_value=True)
        if value <= -100:
            return None
        return self._statement(subject, GROWTH, value, "%", m, base_year=base_year)

    def _avg_growth(self, clause: Clause, m: P.Match) -> Statement | None:
        subject = self._relative_subject(clause, m)
        if subject is None or self.catalog.indicators[subject.code].unit == "%":
            return None
        value = _number(m.groups["num"])
        return None if value is None else self._statement(subject, AVG_GROWTH, value, "%", m)

    def _net_increase(self, clause: Clause, m: P.Match) -> Statement | None:
        g = m.groups
        if not (g["verb"].startswith("净") or g["base"]):
            return None  # "新增45家" alone is a gross count, not a net change
        subject = self._relative_subject(clause, m)
        if subject is None:
            return None
        info = self.catalog.indicators[subject.code]
        if info.unit == "%":
            return None
        value = _convert(_number(g["num"]), g["unit"], info)
        if value is None:
            return None
        if "减" in g["verb"]:
            value = -value
        base_year = int(g["base_year"]) if g.get("base_year") else None
        return self._statement(subject, NET_INCREASE, value, info.unit, m, base_year=base_year)

    def seats(self, m: P.Match) -> Statement | None:
        """"全省首批12家省级新型研发机构中，我区占据三席": 3 of the province's 12."""
        a, b = m.spans["mid"][0], m.spans["what"][1]
        hits = self.catalog.find_indicators(self.norm[a:b])
        total, n = parse_int(m.groups["total"]), parse_int(m.groups["n"])
        if len({h.code for h in hits}) != 1 or not total or n is None or n > total:
            return None
        subject = Subject(hits[0].code, a + hits[0].start, "alias")
        return Statement(subject.code, subject, RANK, float(n), "席", m.num_start, m.num_end,
                         m.start, m.end, False, scope=m.groups["scope"], out_of=total, basis="seats")
