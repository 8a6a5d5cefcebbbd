"""Turn pattern matches into statements about indicators, or into nothing.

The indicator is the catalog name or alias nearest before the number in the same clause
(the longest when names overlap), or right after a count ("186家开展研发活动的规上工业企业").
A relative statement ("较上年净增21家", "居全省第4位", "2024年达到8.62亿元") with no name of
its own takes the indicator of the clause before it, but only when nothing else stands in
front of it. Whenever the words around the number are not ones we know, the answer is None:
a missed figure costs the user a minute, a wrong one costs trust. Where the number is surely
a figure but its indicator is not settled, the statement keeps the number and leaves the
indicator empty for the reviewer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from catalog.units import UNITS, conversion_factor
from etl.extract import patterns as P
from etl.extract.candidate import (AVG_GROWTH, FORECAST, GROWTH, LEVEL, NET_INCREASE, RANK,
                                   RANK_CHANGE, SHARE, TARGET)
from etl.extract.catalog import Catalog, Hit, IndicatorInfo
from etl.extract.numerals import fraction_percent, parse_int

SCOPE_WORDS = re.compile(r"全国|全省|全市|全县|全区")
INTEGER_FAMILIES = {"count", "people"}
# Statements a plan or a forecast can make; the rest (growth, ranks) of a plan are not read.
PLANNED = (TARGET, FORECAST)
FIRST_FIVE_YEAR_PLAN_AFTER_1963 = (3, 1966)  # the third plan began in 1966, every plan since is 5 years


@dataclass(frozen=True)
class Subject:
    code: str | None  # None: a figure whose indicator is left to the reviewer
    start: int  # where the name stands in the sentence (for the region look-up)
    how: str  # alias | inherited | stem
    key: str = ""  # the name as matched


@dataclass(frozen=True)
class Statement:
    indicator: str | None
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
    year: int | None = None  # the statement's own year ("从2020年的327家")
    year_offset: int = 0  # relative to the sentence's year ("由上年的第十四位": -1)
    period_start: int | None = None  # first year of a span (average growth, growth since)
    span_to_now: bool = False  # a span that runs to the sentence's year ("十四五以来")
    open_period: bool = False  # the span's ends are not known: the period is left empty


@dataclass
class Clause:
    start: int
    end: int
    hits: list[Hit]  # indicator names in the clause, sentence offsets
    sub_item: bool  # 其中……: a part of the previous figure
    lead_in: str = ""  # the clause before when it only sets a target or forecast ("到2025年")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


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
    family, to_base = UNITS[indicator.unit]
    if indicator.kind in ("stock", "flow") and family in INTEGER_FAMILIES:
        whole = out * to_base  # counted in ones: 46.15万人 is 461,500 people
        if abs(whole - round(whole)) > 1e-6:
            return None
    return out


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


def _without_spans(text: str) -> str:
    text = P.PLAN.sub("", text)
    return P.YEAR_SPAN.sub("", text)


def plan_years(name: str) -> tuple[int, int] | None:
    """十三五 -> (2016, 2020): the years of a five-year plan."""
    digits = name.strip("“”\"")[1:-1]  # 十三五 -> 三, 十四五 -> 四, 十五 -> ""
    n = 10 + (parse_int(digits) if digits else 0)
    number, start = FIRST_FIVE_YEAR_PLAN_AFTER_1963
    if n < number:
        return None
    first = start + 5 * (n - number)
    return first, first + 4


class StatementReader:
    """Reads the statements of one sentence, clause by clause, carrying the topic."""

    def __init__(self, catalog: Catalog, norm: str, topic: Subject | None = None,
                 planned: bool = False) -> None:
        self.catalog = catalog
        self.norm = norm
        self.topic = topic
        self.planned = planned  # a section of targets ("三、2025年工作打算")
        self.plan_mode: str | None = None  # a target or forecast earlier in this sentence
        self.last: Statement | None = None
        self.last_pattern: re.Pattern | None = None
        self.spans: list[tuple[int, int, int | None, bool]] = []  # (pos, first year, last, to now)

    # -- subjects ---------------------------------------------------------------------

    def _nearest_hit(self, clause: Clause, pos: int) -> Hit | None:
        before = [h for h in clause.hits if h.end <= pos]
        return before[-1] if before else None

    def _overlapped(self, clause: Clause, pos: int) -> bool:
        return any(h.start < pos < h.end for h in clause.hits)

    def _qualifier_before(self, clause: Clause, hit: Hit) -> str:
        return _squeeze(self.norm[max(clause.start, hit.start - 6):hit.start])

    def _qualified(self, clause: Clause, hit: Hit, at: int | None = None) -> bool:
        """A part or a different count: 其中国家级孵化器, 新增高企, 企业研发投入."""
        before = self._qualifier_before(clause, hit)
        if P.IN_ALL.search(before):
            return False
        sub = clause.sub_item and "其中" in self.norm[clause.start:at if at is not None else hit.start]
        if sub and before.startswith("其中") is False and self.topic is None and not P.QUALIFIERS.search(before):
            # "入驻企业186家，其中……高新技术企业23家": a whole the catalog does not hold,
            # and a part that is an indicator of its own
            sub = False
        return bool(P.QUALIFIERS.search(before) or before.endswith("的")) or sub

    def _inherited(self, clause: Clause, m_start: int) -> Subject | None:
        if self.topic is None or self._sub_item_before(clause, m_start):
            return None
        return Subject(self.topic.code, self.topic.start, "inherited", self.topic.key)

    def _sub_item_before(self, clause: Clause, pos: int) -> bool:
        return clause.sub_item and "其中" in self.norm[clause.start:pos]

    def _relative_subject(self, clause: Clause, m: P.Match) -> Subject | None:
        """The indicator of a growth, net increase, rank or share statement. A span between
        the name and the statement belongs to the statement ("发明专利授权量2016年至2020年年均
        增长9.1%")."""
        if self._overlapped(clause, m.start):
            return None  # the name includes the statement's words: a level of that name
        hit = self._nearest_hit(clause, m.start)
        if hit is not None:
            gap = _without_spans(_squeeze(self.norm[hit.end:m.start]))
            if self._qualified(clause, hit, m.start) or not P.GAP_OK.fullmatch(gap):
                return None
            return Subject(hit.code, hit.start, "alias", hit.key)
        prefix = _without_spans(_squeeze(self.norm[clause.start:m.start]))
        if P.RELATIVE_FILLER.fullmatch(prefix):
            return self._inherited(clause, m.start)
        return None

    def _stem_before(self, hits: list[Hit], clause: Clause, pos: int, gap_re: re.Pattern) -> Hit | None:
        before = [h for h in hits if clause.start <= h.start and h.end <= pos]
        if before and gap_re.fullmatch(_squeeze(self.norm[before[-1].end:pos])):
            return before[-1]
        return None

    # -- one match --------------------------------------------------------------------

    def read(self, clause: Clause, m: P.Match) -> Statement | None:
        mode = self._mode(clause, m)
        st = self._read(clause, m)
        if mode != LEVEL and not self.planned:
            self.plan_mode = mode  # "力争研发投入增长15%，研发投入强度达到1.6%": both planned
        if st is None:
            return None
        if mode != LEVEL and st.statement_type not in PLANNED:
            return None  # a growth or rank of a plan: not a figure we keep
        self.last, self.last_pattern = st, m.pattern
        return st

    def _read(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.kind in ("value", "reverse_value", "zero"):
            return self._value(clause, m)
        return getattr(self, "_" + m.kind)(clause, m)

    def note(self, st: Statement, pattern: re.Pattern | None = None) -> None:
        """A statement read outside read() (whole-sentence patterns) sets the topic too."""
        self.last, self.last_pattern = st, pattern

    def _statement(self, subject: Subject, kind: str, value: float, unit: str, m: P.Match,
                   indicator: str | None = None, is_value: bool = False, end: int | None = None,
                   **extra) -> Statement:
        # The statement runs from its indicator's name when the name is in the same clause.
        start = subject.start if subject.how != "inherited" and subject.start < m.start else m.start
        code = indicator if indicator is not None else subject.code
        return Statement(code, subject, kind, value, unit, m.num_start, m.num_end, start,
                         end or m.end, is_value and code is not None, **extra)

    def _mode(self, clause: Clause, m: P.Match) -> str:
        """Target or forecast when the clause says so before the number, the clause before
        is only a lead-in such as "到2025年" or "预计全年", an earlier clause of the sentence
        set one, or the section is a plan."""
        before = self.norm[clause.start:m.num_start]
        if clause.lead_in:
            before = clause.lead_in + before
        if P.FORECAST_MARK.search(before):
            return FORECAST
        if P.TARGET_MARK.search(before):
            return TARGET
        if self.plan_mode:
            return self.plan_mode
        if self.planned:
            return TARGET
        return LEVEL

    def _value(self, clause: Clause, m: P.Match) -> Statement | None:
        norm = self.norm
        mode = self._mode(clause, m)
        if P.INEXACT_AFTER.match(norm[m.num_end:m.num_end + 3]) and mode == LEVEL:
            return None
        if m.kind == "zero" and mode != LEVEL:
            return None
        link, kind = "", mode
        end = None
        after = self._name_after(clause, m) if m.kind == "value" else None
        if m.kind == "reverse_value" or after is not None:
            hit = after if after is not None else next((h for h in clause.hits if h.start == m.end), None)
            if hit is None or mode != LEVEL or self._qualified(clause, hit):
                return None
            if m.kind == "reverse_value":
                tail = _squeeze(norm[hit.end:clause.end]).strip("。!?")
                if tail:
                    return None  # "拥有5家企业技术中心建设单位": the name goes on
            subject, end = Subject(hit.code, hit.start, "alias", hit.key), hit.end
        else:
            hit = self._nearest_hit(clause, m.num_start)
            if hit is not None:
                link = _squeeze(norm[hit.end:m.num_start])
                if m.kind == "zero":
                    link = _squeeze(norm[hit.end:m.start])
                link_re = P.LEVEL_LINK if mode == LEVEL else P.FORECAST_LINK
                if not link_re.fullmatch(link):
                    return None
                before = self._qualifier_before(clause, hit)
                if mode == LEVEL and P.NEW_UNITS.search(before) and not self._sub_item_before(clause, hit.start):
                    return self._new_units(clause, m, hit)
                if self._qualified(clause, hit, m.num_start):
                    return None
                subject = Subject(hit.code, hit.start, "alias", hit.key)
            else:
                prefix = _squeeze(norm[clause.start:m.num_start])
                filler = P.LEVEL_INHERITED if mode == LEVEL else P.FORECAST_FILLER
                if m.kind == "zero" or not filler.fullmatch(prefix) or not prefix and mode == LEVEL:
                    return None
                subject = self._inherited(clause, m.start)
                if subject is None:
                    return None
                link = prefix
        if subject.code is None:
            return None
        info = self.catalog.indicators[subject.code]
        if "累计" in link and info.kind != "stock":
            return None  # a flow summed over years is not the year's figure
        if m.kind == "zero":
            value = 0.0
        else:
            value = _convert(_number(m.groups["num"]), m.groups["unit"], info)
        if value is None or info.kind == "ratio" and info.unit == "%" and not 0 <= value <= 100:
            return None
        qualifier = None
        if mode != LEVEL:
            around = link + norm[m.num_end:m.num_end + 3]  # not the name: 省级以上众创空间
            qualifier = ("over" if P.OVER_WORDS.search(around)
                         else "about" if P.ABOUT_WORDS.search(around) else None)
            self.plan_mode = mode
        return self._statement(subject, kind, value, info.unit, m, is_value=kind == LEVEL,
                               qualifier=qualifier, end=end)

    def _name_after(self, clause: Clause, m: P.Match) -> Hit | None:
        """The name a count stands before: "全县186家开展研发活动的规上工业企业" — with only
        the region, a verb of having or nothing before the count, and nothing after the
        name but the clause's end or another indicator's name."""
        gap_end = m.end
        if self.norm[gap_end:gap_end + 1] == "的":
            gap_end += 1
        hit = next((h for h in clause.hits if h.start == gap_end), None)
        if hit is None:
            return None
        prefix = _squeeze(self.norm[clause.start:m.num_start])
        prefix = re.sub(r"^(?:(?:19|20)\d{2}年(?:底|末)?)?", "", prefix)
        for r in self.catalog.find_regions(prefix):
            prefix = prefix.replace(r.key, "", 1)
        if not re.fullmatch(r"(?:全区|全县|全市|全省|我区|我县|我市|本区|本县|本市|园区|区内|县内|市内)?"
                            r"(?:目前|现|已)?(?:共有|拥有|现有|已有|共|有)?", prefix):
            return None
        tail = _squeeze(self.norm[hit.end:clause.end]).strip("。!?")
        if tail and not any(h.start == hit.end for h in clause.hits):
            return None
        return hit

    def _new_units(self, clause: Clause, m: P.Match, hit: Hit) -> Statement | None:
        """"新增省级新型研发机构2家": the stock's net increase."""
        info = self.catalog.indicators[hit.code]
        if info.kind != "stock":
            return None
        value = _convert(_number(m.groups["num"]), m.groups["unit"], info)
        if value is None:
            return None
        subject = Subject(hit.code, hit.start, "alias", hit.key)
        return self._statement(subject, NET_INCREASE, value, info.unit, m)

    # -- ranks ------------------------------------------------------------------------

    def _rank_change(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.groups["unit"] == "名" and not (m.groups["word"] or m.groups["word2"]):
            return None  # "提高15名" may be people; only "排名提升15名" is a rank
        before = self.norm[clause.start:m.start]
        if not m.groups.get("base") and re.search(r"(?:较|比)[^,;]{0,8}$", before):
            return None  # "较上半年前移3位": not a change on last year
        subject = self._rank_subject(clause, m)
        n = parse_int(m.groups["n"])
        if subject is None or n is None:
            return None
        sign = -1 if m.groups["dir"] in P.DOWN_WORDS else 1
        info = self.catalog.indicators[subject.code]
        scope = (m.groups.get("scope1") or "").strip() or None
        return self._statement(subject, RANK_CHANGE, float(sign * n), "位", m, scope=scope,
                               basis="value" if info.kind == "rank" else None)

    def _rank_subject(self, clause: Clause, m: P.Match) -> Subject | None:
        last = self.last
        if last is not None and last.indicator is not None and clause.start <= last.num_start \
                and last.num_end <= m.start:
            between = _squeeze(self.norm[last.num_end:m.start])
            # "增速18.2%全市第1": the figure just stated; "居全省第3位、皖北同类市第1位": the
            # rank just stated, in another scope
            if between in ("", "、", "(") or last.statement_type == RANK and between in ("和", "及", "、"):
                return Subject(last.indicator, last.subject.start, "inherited", last.subject.key)
        subject = self._relative_subject(clause, m)
        if subject is not None and subject.how != "inherited":
            return subject if subject.code is not None else None
        # An assessment named in the clause ("在全省开发区考核中") is what ranks, before any topic.
        stems = self.catalog.find_rank_stems(self.norm)
        inside = [h for h in stems if clause.start <= h.start and h.end <= m.num_start]
        if inside:
            return Subject(inside[-1].code, inside[-1].start, "stem", inside[-1].key)
        return subject if subject is not None and subject.code is not None else None

    def _place(self, m: P.Match) -> int | None:
        return 1 if m.groups.get("first") else parse_int(m.groups.get("n") or "")

    def _rank(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.groups.get("basis0") and self._overlapped(clause, m.start):
            # "高新技术产业增加值增速在全市开发区中排名第1": 增速 ends the name
            m = replace(m, start=m.spans["basis0"][1], groups={**m.groups, "basis0": None})
        subject = self._rank_subject(clause, m)
        n = self._place(m)
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
        # "增速13.6%，居全省第9位": a rank right after a growth rate named as such is its rank.
        after_rate = (subject.how == "inherited" and self.last is not None
                      and self.last.statement_type == GROWTH and self.last_pattern is P.GROWTH_WORD)
        listed = (self.last is not None and self.last.statement_type == RANK
                  and _squeeze(self.norm[self.last.num_end:m.start]) in ("、", "和", "及"))
        growth = bool(m.groups.get("basis") or m.groups.get("basis0")) or after_rate \
            or listed and self.last.basis == "growth"
        if growth and subject.how == "inherited" and self.last is not None and \
                self.last.statement_type == SHARE and self.last.subject.code != self.last.indicator:
            # "产值186.5亿元，占规上工业产值比重达27%，增幅居全省第1位": the growth of the output
            subject = replace(self.last.subject, how="inherited")
            info = self.catalog.indicators[subject.code]
        basis = "growth" if growth and info.kind != "rate" else "value"
        return self._statement(subject, RANK, float(n), "位", m, scope=scope, out_of=out_of,
                               basis=basis, is_value=info.kind == "rank" and basis == "value")

    # -- shares, growth, changes ---------------------------------------------------------

    def _share(self, clause: Clause, m: P.Match) -> Statement | None:
        subject = self._relative_subject(clause, m)
        if subject is None or subject.code is None:
            return None
        if m.groups.get("frac"):
            value = fraction_percent(m.groups["frac"])
        elif m.groups.get("half"):
            value = 50.0
        else:
            value = _number(m.groups["num"])
        if value is None or not 0 <= value <= 100:
            return None
        if P.ABOUT_WORDS.search(self.norm[max(clause.start, m.start - 2):m.start]):
            return None  # "约占全市的三分之一": not exact
        den = _squeeze(m.groups["den"] or "")
        # "占规上工业比重": the whole is named without its measure word (产值)
        den_hits = self.catalog.find_indicators(den) or self.catalog.find_indicators(
            re.sub(r"的$", "", den) + "产值")
        subject_info = self.catalog.indicators[subject.code]
        if subject_info.kind == "ratio" and subject_info.unit == "%" and not den_hits:
            # "战略性新兴产业产值占规上工业比重……，占比38.2%" after the ratio itself
            return self._statement(subject, SHARE, value, "%", m, is_value=True)
        if len(den_hits) == 1:
            ratio = self.catalog.ratio_of(subject.code, den_hits[0].code)
            if ratio is None:
                return None
            return self._statement(subject, SHARE, value, "%", m, indicator=ratio, is_value=True)
        if den_hits:
            return None
        den = re.sub(r"的$", "", den)
        if not den:
            # "战略性新兴产业产值所占比重为41.5%": the whole goes unsaid; the catalog's one
            # percentage with this numerator is what such a share is
            ratios = [i.code for i in self.catalog.indicators.values() if i.kind == "ratio"
                      and i.unit == "%" and i.numerator == subject.code]
            if len(ratios) == 1:
                return self._statement(subject, SHARE, value, "%", m, indicator=ratios[0], is_value=True)
            return None
        scope = SCOPE_WORDS.fullmatch(den)
        if scope is None:
            return None  # a share of something the catalog does not name
        return self._statement(subject, SHARE, value, "%", m, scope=scope[0])

    def _growth_subject(self, clause: Clause, m: P.Match) -> tuple[Subject | None, bool]:
        """(subject, is a reported rate): "高新技术产业增加值同比增长12.1%" is the value of the
        rate indicator 高新技术产业增加值增速, not a growth of something else."""
        if self._overlapped(clause, m.start):
            return None, False
        stem = self._stem_before(self.catalog.find_rate_stems(self.norm), clause, m.start, P.GAP_OK)
        if stem is not None and not self._qualified(clause, stem, m.start):
            return Subject(stem.code, stem.start, "stem", stem.key), True
        subject = self._relative_subject(clause, m)
        if subject is not None and subject.code is None:
            return None, False
        if subject is not None and self.catalog.indicators[subject.code].unit == "%":
            # "研发投入强度提高0.3%" may mean percentage points: not read.
            return (subject, True) if self.catalog.indicators[subject.code].kind == "rate" else (None, False)
        return subject, False

    def span_before(self, clause: Clause, pos: int, whole_sentence: bool) -> tuple[int, int | None, bool] | None:
        """(first year, last year or None for "to now", to now) of a span named before pos:
        a plan ("十四五以来"), years as written ("2016年至2020年") or the years of a move
        ("由2015年的……增加到2020年的……") — in the clause, or anywhere before in the sentence."""
        start = 0 if whole_sentence else clause.start
        text = self.norm[start:pos]
        found = []
        for m in P.PLAN.finditer(text):
            years = plan_years(m["plan"])
            if years is None:
                continue
            if m["how"] == "以来":
                found.append((m.start(), years[0], None, True))
            elif m["how"] in ("期间", "时期"):
                # a plan still under way ends, so far, at the sentence's year: the cap
                found.append((m.start(), years[0], years[1], True))
        for m in P.YEAR_SPAN.finditer(text):
            found.append((m.start(), int(m["y1"]), int(m["y2"]), False))
        moves = [(p - start, a, b, now) for p, a, b, now in self.spans if p < pos]
        found += [m for m in moves if m[0] >= 0]
        if not found:
            return None
        _, first, last, now = max(found)
        ends = [b for _, _, b, _ in moves if b is not None and first <= b <= (last or b)]
        if now and ends:  # "从2020年的327家增加到2024年的812家，“十四五”期间……": to 2024
            last, now = max(ends), False
        return first, last, now

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
        if P.INEXACT_AFTER.match(self.norm[m.num_end:m.num_end + 3]):
            return None
        base_year = int(g["base_year"]) if g.get("base_year") else None
        if is_rate:
            if base_year is not None or g.get("pct") == "倍" or "n" in g and g.get("n"):
                return None
            return self._statement(subject, LEVEL, value, "%", m, is_value=True)
        if value <= -100:
            return None
        extra = {}
        if base_year is not None:
            extra = {"period_start": base_year + 1, "span_to_now": True}
        elif not g.get("base") and m.pattern is not P.DOUBLING:
            span = self.span_before(clause, m.start, whole_sentence=False)
            if span is None and self.spans and self.spans[-1][0] < clause.start \
                    and self.last is not None and self.last.year is not None:
                span = self.spans[-1][1:]  # "由2015年的……增加到2020年的……，增长1.6倍"
            if span is not None:
                first, last, now = span
                extra = {"period_start": first, "year": last, "span_to_now": now}
        return self._statement(subject, GROWTH, value, "%", m, **extra)

    def _avg_growth(self, clause: Clause, m: P.Match) -> Statement | None:
        subject = self._relative_subject(clause, m)
        if subject is None or subject.code is None:
            return None
        if self.catalog.indicators[subject.code].unit == "%":
            return None
        value = _number(m.groups["num"])
        if value is None:
            return None
        if m.pattern is P.AVG_GROWTH_DOWN:
            value = -value
        span = self.span_before(clause, m.start, whole_sentence=True)
        if span is None:
            return self._statement(subject, AVG_GROWTH, value, "%", m, open_period=True)
        first, last, now = span
        return self._statement(subject, AVG_GROWTH, value, "%", m, period_start=first, year=last,
                               span_to_now=now)

    def _points(self, clause: Clause, m: P.Match) -> Statement | None:
        """"研发投入强度较上年提高0.15个百分点": the change of a percentage, in points."""
        subject = self._relative_subject(clause, m)
        if subject is None or subject.code is None:
            return None
        info = self.catalog.indicators[subject.code]
        if info.unit != "%" or info.kind not in ("ratio", "rate"):
            return None  # "增速较上年提高4.2个百分点": the change of a growth rate
        value = _number(m.groups["num"])
        if value is None:
            return None
        if m.groups["dir"] in ("下降", "降低", "回落", "减少", "下滑"):
            value = -value
        return self._statement(subject, NET_INCREASE, value, P.POINTS, m)

    def _net_increase(self, clause: Clause, m: P.Match) -> Statement | None:
        g = m.groups
        subject = self._relative_subject(clause, m)
        if subject is None:
            return None
        if subject.code is not None and subject.how == "inherited" and not g["base"]:
            # "新增高新技术企业93家，净增68家": the net increase is the stock's (with 较上年 it
            # is the change of the count of new ones: "新认定……5家，较上年净增1家")
            stock = self.catalog.stock_of_new(subject.code)
            if stock is not None:
                if not g["verb"].startswith("净"):
                    return None
                subject = Subject(stock, subject.start, "inherited", subject.key)
        if not (g["verb"].startswith("净") or g["base"]):
            if subject.code is None or self.catalog.indicators[subject.code].kind != "stock":
                return None  # "新增45家" of a flow is its level, not a change
            if self.catalog.new_counterpart(subject.code):
                # "高新技术企业新增45家": newly certified, or a net increase?
                subject = Subject(None, subject.start, subject.how, subject.key)
        if subject.code is None:
            return self._unnamed(m, NET_INCREASE, subject)
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

    def _unnamed(self, m: P.Match, kind: str, subject: Subject) -> Statement | None:
        """A figure whose indicator is not settled: the number and its unit as written."""
        read = P.read_unit(m.groups.get("unit") or "")
        value = _number(m.groups.get("num"))
        if read is None or value is None:
            return None
        unit, multiplier = read
        return Statement(None, subject, kind, value * multiplier, unit, m.num_start, m.num_end,
                         m.start, m.end, False)

    # -- statements that take the whole sentence ------------------------------------------

    def seats(self, m: P.Match) -> Statement | None:
        """"全省首批12家省级新型研发机构中，我区占据三席": 3 of the province's 12."""
        a = m.spans["mid"][0]
        b = m.spans["who"][1] if "who" in m.spans else m.spans["what"][1]
        hits = self.catalog.find_indicators(self.norm[a:b])
        total, n = parse_int(m.groups["total"]), parse_int(m.groups["n"])
        if len({h.code for h in hits}) != 1 or not total or n is None or n > total:
            return None
        subject = Subject(hits[0].code, a + hits[0].start, "alias", hits[0].key)
        return Statement(subject.code, subject, RANK, float(n), "席", m.num_start, m.num_end,
                         m.start, m.end, False, scope=m.groups["scope"], out_of=total, basis="seats")

    def subject_before(self, hits: list[Hit], pos: int, clause_start: int) -> Subject | None:
        """The name right before a statement that spans its clause, or the topic when the
        clause has only filler before it."""
        before = [h for h in hits if clause_start <= h.start and h.end <= pos]
        if before:
            h = before[-1]
            gap = _squeeze(self.norm[h.end:pos])
            qual = _squeeze(self.norm[max(clause_start, h.start - 6):h.start])
            if P.GAP_OK.fullmatch(gap) and not P.QUALIFIERS.search(qual) and not qual.endswith("的"):
                return Subject(h.code, h.start, "alias", h.key)
            return None
        if self.topic is not None and P.RELATIVE_FILLER.fullmatch(_squeeze(self.norm[clause_start:pos])):
            return self.topic
        return None

    def from_to(self, m: P.Match, subject: Subject) -> list[Statement]:
        """"由2015年的1.12亿元增加到2020年的2.91亿元": two levels, each with its year."""
        info = self.catalog.indicators[subject.code]
        g = m.groups
        a = _convert(float(g["a"]), g["ua"], info)
        b = _convert(float(g["b"]), g["ub"], info)
        y1, y2 = int(g["y1"]), int(g["y2"])
        if a is None or b is None or y1 >= y2:
            return []
        out = []
        for value, year, (s, e) in ((a, y1, m.spans["a"]), (b, y2, (m.spans["b"][0], m.spans["ub"][1]))):
            if (s, e) == m.spans["a"]:
                e = m.spans["ua"][1]
            out.append(Statement(subject.code, subject, LEVEL, value, info.unit, s, e,
                                 min(subject.start, m.start) if subject.how != "inherited" else m.start,
                                 m.end, True, year=year))
        self.spans.append((m.start, y1 + 1, y2, False))
        return out

    def rank_move(self, m: P.Match, subject: Subject) -> list[Statement]:
        """"从全省第11位升至第6位": the two ranks, with their years where stated, and the move."""
        g = m.groups
        a, b = parse_int(g["a"]), parse_int(g["b"])
        if not a or not b:
            return []
        up = g["dir"] not in P.DOWN_WORDS
        if (a > b) != up or a == b:
            return []  # "从第6位升至第11位" says two things at once
        scope = (g.get("s1") or g.get("s2") or g.get("scope0") or "").strip() or None
        y2 = int(g["y2"]) if g.get("y2") else None
        first_year = dict(year=int(g["y1"])) if g.get("y1") else dict(year=y2 - 1) if y2 and g.get("last") \
            else dict(year_offset=-1) if g.get("last") else dict(open_period=True)  # left to the reviewer
        start = subject.start if subject.how != "inherited" else m.start
        a_start = self.norm.rindex("第", 0, m.spans["a"][0])
        b_start = self.norm.rindex("第", 0, m.spans["b"][0])
        out = []
        if first_year:
            out.append(Statement(subject.code, subject, RANK, float(a), "位", a_start, m.spans["a"][1],
                                 start, m.end, False, scope=scope, basis="value", **first_year))
        out.append(Statement(subject.code, subject, RANK, float(b), "位", b_start, m.end, start, m.end,
                             False, scope=scope, basis="value", year=y2))
        out.append(Statement(subject.code, subject, RANK_CHANGE, float(a - b), "位", a_start, m.end,
                             start, m.end, False, scope=scope, year=y2))
        return out

    def group_rank(self, m: P.Match, hits: list[Hit]) -> list[Statement]:
        """"两项指标增幅均居全省首位": the rank of each of the indicators just named."""
        k = parse_int(m.groups["k"])
        codes = []
        for h in reversed([h for h in hits if h.end <= m.start]):
            if h.code not in codes:
                codes.append(h.code)
        if not k or len(codes) < k:
            return []
        n = self._place(m)
        if not n:
            return []
        scope = (m.groups.get("scope2") or "").strip() or None
        basis = "growth" if m.groups.get("basis") else "value"
        out = []
        for code in reversed(codes[:k]):
            hit = next(h for h in hits if h.code == code and h.end <= m.start)
            subject = Subject(code, hit.start, "alias", hit.key)
            out.append(Statement(code, subject, RANK, float(n), "位", m.num_start, m.num_end, m.start,
                                 m.end, False, scope=scope, basis=basis))
        return out

    def respectively(self, m: P.Match, hits: list[Hit]) -> list[Statement]:
        """"高新技术企业、科技型中小企业分别达到138家、256家": the numbers in the order of
        the names, when the names before are exactly as many as the numbers."""
        items = list(P.RESPECTIVELY_ITEM.finditer(m.groups["list"]))
        offset = m.spans["list"][0]
        before = [h for h in hits if h.end <= m.start]
        codes = []
        for h in before:
            if h.code not in codes:
                codes.append(h.code)
        if len(codes) != len(items) or any(P.QUALIFIERS.search(_squeeze(self.norm[max(0, h.start - 6):h.start]))
                                           for h in before):
            return []
        verb = m.groups.get("verb") or ""
        out = []
        for code, item in zip(codes, items):
            info = self.catalog.indicators[code]
            hit = next(h for h in before if h.code == code)
            subject = Subject(code, hit.start, "alias", hit.key)
            s, e = item.start() + offset, item.end() + offset
            number = float(item["num"])
            if verb in ("增长", "提高") or (verb == "增加" and item["unit"] == "%"):
                if item["unit"] != "%" or info.unit == "%":
                    return []
                out.append(Statement(code, subject, GROWTH, number, "%", s, e, m.start, m.end, False))
                continue
            value = _convert(number, item["unit"], info)
            if value is None:
                return []
            if verb in ("净增", "增加"):
                if info.unit == "%":
                    return []
                out.append(Statement(code, subject, NET_INCREASE, value, info.unit, s, e, m.start, m.end, False))
            else:
                if info.kind == "ratio" and info.unit == "%" and not 0 <= value <= 100:
                    return []
                kind = self.plan_mode or (TARGET if self.planned else LEVEL)
                out.append(Statement(code, subject, kind, value, info.unit, s, e, m.start, m.end,
                                     kind == LEVEL))
        return out


def with_scope(st: Statement, scope: str | None) -> Statement:
    return replace(st, scope=scope)
