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

import re
from dataclasses import replace

from etl.extract import patterns as P
from etl.extract.candidate import (AVG_GROWTH, FORECAST, GROWTH, LEVEL, NET_INCREASE, RANK,
                                   RANK_CHANGE, SHARE, TARGET)
from etl.extract.catalog import Catalog, Hit
from etl.extract.figures import Clause, Statement, Subject, convert, number, squeeze
from etl.extract.numerals import fraction_percent, parse_int
from etl.extract.spans import span_before, without_spans

SCOPE_WORDS = re.compile(r"全国|全省|全市|全县|全区")
# Statements a plan or a forecast can make; the rest (growth, ranks) of a plan are not read.
PLANNED = (TARGET, FORECAST)


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
        return squeeze(self.norm[max(clause.start, hit.start - 6):hit.start])

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
            gap = without_spans(squeeze(self.norm[hit.end:m.start]))
            if self._qualified(clause, hit, m.start) or not P.GAP_OK.fullmatch(gap):
                return None
            return Subject(hit.code, hit.start, "alias", hit.key)
        prefix = without_spans(squeeze(self.norm[clause.start:m.start]))
        if P.RELATIVE_FILLER.fullmatch(prefix):
            return self._inherited(clause, m.start)
        return None

    def _stem_before(self, hits: list[Hit], clause: Clause, pos: int, gap_re: re.Pattern) -> Hit | None:
        before = [h for h in hits if clause.start <= h.start and h.end <= pos]
        if before and gap_re.fullmatch(squeeze(self.norm[before[-1].end:pos])):
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
                tail = squeeze(norm[hit.end:clause.end]).strip("。!?")
                if tail:
                    return None  # "拥有5家企业技术中心建设单位": the name goes on
            subject, end = Subject(hit.code, hit.start, "alias", hit.key), hit.end
        else:
            hit = self._nearest_hit(clause, m.num_start)
            if hit is not None:
                link = squeeze(norm[hit.end:m.num_start])
                if m.kind == "zero":
                    link = squeeze(norm[hit.end:m.start])
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
                prefix = squeeze(norm[clause.start:m.num_start])
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
            value = convert(number(m.groups["num"]), m.groups["unit"], info)
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
        prefix = squeeze(self.norm[clause.start:m.num_start])
        prefix = re.sub(r"^(?:(?:19|20)\d{2}年(?:底|末)?)?", "", prefix)
        for r in self.catalog.find_regions(prefix):
            prefix = prefix.replace(r.key, "", 1)
        if not re.fullmatch(r"(?:全区|全县|全市|全省|我区|我县|我市|本区|本县|本市|园区|区内|县内|市内)?"
                            r"(?:目前|现|已)?(?:共有|拥有|现有|已有|共|有)?", prefix):
            return None
        tail = squeeze(self.norm[hit.end:clause.end]).strip("。!?")
        if tail and not any(h.start == hit.end for h in clause.hits):
            return None
        return hit

    def _new_units(self, clause: Clause, m: P.Match, hit: Hit) -> Statement | None:
        """"新增省级新型研发机构2家": the stock's net increase."""
        info = self.catalog.indicators[hit.code]
        if info.kind != "stock":
            return None
        value = convert(number(m.groups["num"]), m.groups["unit"], info)
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
            between = squeeze(self.norm[last.num_end:m.start])
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

    def place(self, m: P.Match) -> int | None:
        return 1 if m.groups.get("first") else parse_int(m.groups.get("n") or "")

    def _rank(self, clause: Clause, m: P.Match) -> Statement | None:
        if m.groups.get("basis0") and self._overlapped(clause, m.start):
            # "高新技术产业增加值增速在全市开发区中排名第1": 增速 ends the name
            m = replace(m, start=m.spans["basis0"][1], groups={**m.groups, "basis0": None})
        subject = self._rank_subject(clause, m)
        n = self.place(m)
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
                  and squeeze(self.norm[self.last.num_end:m.start]) in ("、", "和", "及"))
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
            value = number(m.groups["num"])
        if value is None or not 0 <= value <= 100:
            return None
        if P.ABOUT_WORDS.search(self.norm[max(clause.start, m.start - 2):m.start]):
            return None  # "约占全市的三分之一": not exact
        den = squeeze(m.groups["den"] or "")
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
        """The span named before pos, in the clause or anywhere before in the sentence."""
        return span_before(self.norm, 0 if whole_sentence else clause.start, pos, self.spans)

    def _growth(self, clause: Clause, m: P.Match) -> Statement | None:
        subject, is_rate = self._growth_subject(clause, m)
        if subject is None:
            return None
        g = m.groups
        if "n" in g and g.get("n"):  # 翻一番: doubled on last year
            value = (2 ** parse_int(g["n"]) - 1) * 100.0
        else:
            value = number(g["num"])
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
        value = number(m.groups["num"])
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
        value = number(m.groups["num"])
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
        value = convert(number(g["num"]), g["unit"], info)
        if value is None:
            return None
        if "减" in g["verb"]:
            value = -value
        base_year = int(g["base_year"]) if g.get("base_year") else None
        return self._statement(subject, NET_INCREASE, value, info.unit, m, base_year=base_year)

    def _unnamed(self, m: P.Match, kind: str, subject: Subject) -> Statement | None:
        """A figure whose indicator is not settled: the number and its unit as written."""
        read = P.read_unit(m.groups.get("unit") or "")
        value = number(m.groups.get("num"))
        if read is None or value is None:
            return None
        unit, multiplier = read
        return Statement(None, subject, kind, value * multiplier, unit, m.num_start, m.num_end,
                         m.start, m.end, False)
