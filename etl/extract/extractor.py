"""Read a report's text into candidate figures: sentences → clauses → statements → year,
region and confidence; the tables of a Word report through etl.extract.tables.
`python -m etl extract` calls extract_document; the upload page calls the same function."""

from __future__ import annotations

import re
from dataclasses import replace

from etl.extract import patterns as P
from etl.extract.candidate import AVG_GROWTH, FORECAST, GROWTH, RANK, RANK_CHANGE, TARGET, Candidate
from etl.extract.catalog import Catalog, Hit
from etl.extract.context import YearContext, YearResolution, is_plan_heading, resolve_region
from etl.extract.documents import Document
from etl.extract import compound
from etl.extract.figures import Clause, Statement, Subject
from etl.extract.statements import StatementReader
from etl.extract.tables import extract_tables
from etl.extract.text import Sentence, normalise_text, split_clauses, split_sentences

# Confidence: where the indicator, year and region came from, each a deduction from a base.
BASE_CONFIDENCE = 0.95
DEDUCTIONS = {
    "subject": {"alias": 0.0, "stem": 0.05, "inherited": 0.1},
    "year": {"sentence": 0.0, "context": 0.05, "heading": 0.05, "given": 0.05, "title": 0.1,
             "date": 0.1, "placeholder": 0.25, "relative": 0.25, "none": 0.25},
    "region": {"sentence": 0.0, "given": 0.0, "scope": 0.1, "none": 0.25, "ambiguous": 0.25},
}
FORECAST_DEDUCTION = 0.05
QUALIFIER_DEDUCTION = 0.1
UNNAMED_CONFIDENCE = 0.3  # the indicator is the reviewer's to choose
PLANNED = (TARGET, FORECAST)


def _confidence(st: Statement, year_source: str, region_source: str) -> float:
    c = BASE_CONFIDENCE - DEDUCTIONS["subject"][st.subject.how] - DEDUCTIONS["year"][year_source]
    c -= DEDUCTIONS["region"][region_source]
    if st.statement_type in PLANNED:
        c -= FORECAST_DEDUCTION
    if st.qualifier:
        c -= QUALIFIER_DEDUCTION
    if st.indicator is None:
        c = min(c, UNNAMED_CONFIDENCE)
    return round(max(0.05, min(1.0, c)), 2)


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in used)


def _topic_of(st: Statement, catalog: Catalog) -> Subject | None:
    """What the next clause's relative statement is about: the statement's indicator (a
    share's ratio, not its numerator); for a figure left without one, the name it was
    written with ("高新技术企业新增45家，总数达到142家")."""
    code = st.indicator or catalog.code_of_key(st.subject.key)
    if code is None:
        return None
    return Subject(code, st.subject.start, "alias", st.subject.key)


def _fill_scopes(found: list[Statement]) -> list[Statement]:
    """A rank or rank change that names no scope takes the scope of the same indicator's
    rank or change nearest before it in the sentence, else nearest after
    ("在全省开发区考核中排名第9，较上年度提升12位"; "较上年前移两位，居全市第三")."""
    out = []
    for i, st in enumerate(found):
        if st.statement_type in (RANK, RANK_CHANGE) and st.scope is None and st.basis != "seats":
            same = [(j, o) for j, o in enumerate(found) if o.indicator == st.indicator and o.scope
                    and o.statement_type in (RANK, RANK_CHANGE) and o.basis != "seats" and j != i]
            before = [o for j, o in same if j < i]
            after = [o for j, o in same if j > i]
            source = before[-1] if before else after[0] if after else None
            if source is not None:
                st = replace(st, scope=source.scope)
        out.append(st)
    return out


def _statements(sentence: Sentence, catalog: Catalog, topic: Subject | None,
                planned: bool) -> tuple[list[Statement], Subject | None]:
    """The statements of one sentence, and the topic it leaves for the next."""
    norm = sentence.norm
    if P.NOT_A_FACT.search(norm):
        return [], None
    hits = catalog.find_indicators(norm)
    reader = StatementReader(catalog, norm, None if hits else topic, planned)
    used: list[tuple[int, int]] = []
    found: list[Statement] = []
    for m in P.find_seats(norm):
        st = compound.seats(reader, m)
        if st is not None:
            found.append(st)
            used.append((m.num_start, m.num_end))
    multi = sorted(P.find_all(P.RANK_MOVE, norm, "rank_move") + P.find_all(P.FROM_TO, norm, "from_to")
                      + P.find_all(P.GROUP_RANK, norm, "group_rank")
                      + P.find_all(P.RESPECTIVELY, norm, "respectively"), key=lambda m: m.start)
    previous_text = ""
    for start, end in split_clauses(norm):
        text = norm[start:end]
        if start and norm[start - 1] == ";":
            reader.plan_mode = None  # "预计全年可达720家；入库科技型中小企业1324家": a new statement
        clause_hits = [h for h in hits if start <= h.start and h.end <= end]
        lead_in = previous_text if (previous_text.strip() and
                                    P.LEAD_IN.fullmatch(previous_text.strip())) else ""
        clause = Clause(start, end, clause_hits, bool(P.SUB_ITEM.search(text))
                        or previous_text.strip().endswith("其中"), lead_in)
        emitted: list[Statement] = []
        for m in (m for m in multi if start <= m.start < end):
            if _overlaps((m.start, m.end), used):
                continue
            emitted += _compound(reader, m, hits, clause)
        used += [(st.num_start, st.num_end) for st in emitted]
        if "分别" in text and not emitted:
            # "分别达到138家、256家" whose names are not exactly as many: not ours to pair
            reader.topic, previous_text = None, text
            continue
        for m in P.find_matches(norm, start, end):
            span = (m.num_start, m.num_end)
            if _overlaps(span, used):
                continue
            st = reader.read(clause, m)
            if st is not None:
                emitted.append(st)
                used.append(span)
        found.extend(emitted)
        if clause.sub_item and not emitted:
            reader.topic = None
        elif emitted:
            reader.topic = _topic_of(emitted[-1], catalog)
        elif clause_hits and _about_something_else(norm, clause_hits[-1], start, end):
            reader.topic = None  # its number was about something else ("认定申报企业412家")
        elif clause_hits:
            codes = {h.code for h in clause_hits}
            reader.topic = Subject(clause_hits[-1].code, clause_hits[-1].start, "alias",
                                   clause_hits[-1].key) if len(codes) == 1 else None
        previous_text = text
    found = _fill_scopes(sorted(found, key=lambda s: s.num_start))
    return found, reader.topic


def _about_something_else(norm: str, hit: Hit, start: int, end: int) -> bool:
    """A clause that names an indicator and a number not read as its figure: the number is
    about another thing ("高新技术企业认定申报企业412家"), unless only words of a threshold or
    a share stand between ("总数突破2000家")."""
    numbers = [m for m in P.find_matches(norm, start, end) if m.kind == "value" and m.num_start >= hit.end]
    if not numbers:
        return False
    before = re.sub(r"\s+", "", norm[max(start, hit.start - 6):hit.start])
    if P.QUALIFIERS.search(before) or before.endswith("的"):
        return True  # "规上工业企业研发投入12.8亿元": a part
    gap = re.sub(r"\s+", "", norm[hit.end:numbers[0].num_start])
    return not P.KEEP_TOPIC_GAP.fullmatch(gap)


def _compound(reader: StatementReader, m: P.Match, hits: list[Hit], clause: Clause) -> list[Statement]:
    """Statements that hold more than one number (two ranks and a move, two levels, a list
    with 分别, one rank for several indicators)."""
    if m.kind == "group_rank":
        out = compound.group_rank(reader, m, hits)
    elif m.kind == "respectively":
        out = compound.respectively(reader, m, hits)
    else:
        subject = compound.subject_before(reader, hits, m.start, clause.start)
        if subject is None or subject.code is None:
            return []
        out = (compound.rank_move if m.kind == "rank_move" else compound.from_to)(reader, m, subject)
        if reader.planned or reader.plan_mode:
            return []
    if out:
        reader.note(out[-1], m.pattern)
    return out


def _year(st: Statement, index: int, years: YearContext) -> tuple[YearResolution, int | None] | None:
    """The statement's year (and first year of its span), or None when the statement is not
    what it seemed (a growth on a base year that leaves no span)."""
    planned = st.statement_type in PLANNED
    roles = ("time", "target") if planned else ("time",)
    if st.open_period:
        what = "年均增速的起止年份" if st.statement_type == AVG_GROWTH else "所指年份"
        return YearResolution(None, 0, "none", f"{what}不明，请填写"), None
    if st.span_to_now:
        y = years.sentence_year(index)
        if st.year is not None and (y.year is None or y.year > st.year):
            y = YearResolution(st.year, 0, "sentence", f"句中“{st.year}年”")  # 十三五期间: to 2020
        if y.year is None:
            return YearResolution(None, 0, y.source, y.note), None
        start = st.period_start
        if st.base_year is not None or st.statement_type == GROWTH and start is not None:
            if start is not None and start > y.year:
                return None
            if start == y.year:  # "较2023年增长" in 2024: the growth on last year
                start = None
        return YearResolution(y.year, 0 if start else y.quarter, y.source, y.note), start
    if st.year is not None:
        return YearResolution(st.year, 0, "sentence", f"句中“{st.year}年”"), st.period_start
    y = years.resolve(index, st.match_start, roles, planned=planned)
    if st.year_offset and y.year is not None:
        return YearResolution(y.year + st.year_offset, 0, y.source, y.note + "的上一年"), None
    if st.base_year is not None:
        if y.year is None or st.base_year != y.year - 1:
            return None  # "较2020年净增": not a change on last year
    return y, None


def extract_text(text: str, catalog: Catalog, *, region: str | None = None,
                 year: int | None = None) -> list[Candidate]:
    """Candidates from a report's text. region: the code of the region the report is
    about (用于“全区/我区”); year: the report's year when the text does not say."""
    norm = normalise_text(text)
    sentences = split_sentences(text, norm)
    years = YearContext(sentences, year)
    out: list[Candidate] = []
    topic, paragraph, planned = None, -1, False
    for index, sentence in enumerate(sentences):
        if sentence.is_heading and index != years.title_index:
            planned = is_plan_heading(sentence.norm)
        if sentence.paragraph != paragraph:
            topic, paragraph = None, sentence.paragraph
        statements, topic = _statements(sentence, catalog, topic, planned)
        for st in statements:
            when = _year(st, index, years)
            if when is None:
                continue
            y, period_start = when
            if period_start is not None:  # the grid shows a year: say the span in the note
                y = replace(y, note=f"{period_start}—{y.year}年；{y.note}")
            where = st.subject.start if st.subject.start < st.match_start else st.match_start
            if st.basis == "seats":
                where = st.match_end
            r = resolve_region(sentence.norm, where, catalog, region)
            info = catalog.indicators.get(st.indicator) if st.indicator else None
            raw_a, raw_b = sentence.text_span(st.num_start, st.num_end)
            m_a, m_b = sentence.text_span(st.match_start, st.match_end)
            out.append(Candidate(
                indicator=st.indicator, indicator_name=info.name_zh if info else "",
                statement_type=st.statement_type, value=st.value, unit=st.unit,
                raw=sentence.text[raw_a:raw_b], year=y.year, quarter=y.quarter,
                year_source=y.source, year_note=y.note, region=r.code, region_source=r.source,
                sentence=sentence.text, start=sentence.start, end=sentence.end,
                match_start=sentence.start + m_a, match_end=sentence.start + m_b,
                confidence=_confidence(st, y.source, r.source), is_value=st.is_value,
                qualifier=st.qualifier, scope=st.scope, out_of=st.out_of, basis=st.basis,
                period_start=period_start))
    return out + extract_tables(text, sentences, years, catalog, region)


def extract_document(document: Document, catalog: Catalog, *, region: str | None = None,
                     year: int | None = None) -> list[Candidate]:
    return extract_text(document.text, catalog, region=region, year=year)
