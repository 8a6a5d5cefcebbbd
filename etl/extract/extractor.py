"""Read a report's text into candidate figures: sentences → clauses → statements → year,
region and confidence. `python -m etl extract` calls extract_document; the upload page is
to call the same function."""

from __future__ import annotations

from etl.extract import patterns as P
from etl.extract.candidate import Candidate, FORECAST, TARGET
from etl.extract.catalog import Catalog, Hit
from etl.extract.context import YearContext, resolve_region
from etl.extract.documents import Document
from etl.extract.statements import Clause, Statement, StatementReader, Subject
from etl.extract.text import Sentence, normalise_text, split_clauses, split_sentences

# Confidence: where the indicator, year and region came from, each a deduction from a base.
BASE_CONFIDENCE = 0.95
DEDUCTIONS = {
    "subject": {"alias": 0.0, "stem": 0.05, "inherited": 0.1},
    "year": {"sentence": 0.0, "context": 0.05, "heading": 0.05, "given": 0.05, "title": 0.1,
             "placeholder": 0.25, "relative": 0.25, "none": 0.25},
    "region": {"sentence": 0.0, "given": 0.0, "scope": 0.1, "none": 0.25, "ambiguous": 0.25},
}
FORECAST_DEDUCTION = 0.05
QUALIFIER_DEDUCTION = 0.1


def _confidence(st: Statement, year_source: str, region_source: str) -> float:
    c = BASE_CONFIDENCE - DEDUCTIONS["subject"][st.subject.how] - DEDUCTIONS["year"][year_source]
    c -= DEDUCTIONS["region"][region_source]
    if st.statement_type in (TARGET, FORECAST):
        c -= FORECAST_DEDUCTION
    if st.qualifier:
        c -= QUALIFIER_DEDUCTION
    return round(max(0.05, min(1.0, c)), 2)


def _statements(sentence: Sentence, catalog: Catalog) -> list[Statement]:
    norm = sentence.norm
    if P.NOT_A_FACT.search(norm):
        return []
    reader = StatementReader(catalog, norm)
    used: set[tuple[int, int]] = set()
    found: list[Statement] = []
    for m in P.find_seats(norm):
        st = reader.seats(m)
        if st is not None:
            found.append(st)
            used.add((m.num_start, m.num_end))
    previous_text = ""
    for start, end in split_clauses(norm):
        text = norm[start:end]
        hits = [Hit(h.start + start, h.end + start, h.code, h.key)
                for h in catalog.find_indicators(text)]
        lead_in = previous_text if (previous_text.strip() and
                                    P.LEAD_IN.fullmatch(previous_text.strip())) else ""
        clause = Clause(start, end, hits, bool(P.SUB_ITEM.search(text))
                        or previous_text.strip().endswith("其中"), lead_in)
        if "分别" in text:  # "分别达到138家、256家": which number is whose is not ours to guess
            reader.topic, previous_text = None, text
            continue
        emitted: list[Statement] = []
        for m in P.find_matches(norm, start, end):
            span = (m.num_start, m.num_end)
            if span in used or any(a < m.num_end and m.num_start < b for a, b in used):
                continue
            st = reader.read(clause, m)
            if st is not None:
                emitted.append(st)
                used.add(span)
        found.extend(emitted)
        if clause.sub_item:
            reader.topic = None
        elif emitted:
            reader.topic = emitted[-1].subject
        elif hits:
            codes = {h.code for h in hits}
            reader.topic = Subject(hits[-1].code, hits[-1].start, "alias") if len(codes) == 1 else None
        previous_text = text
    return sorted(found, key=lambda s: s.num_start)


def extract_text(text: str, catalog: Catalog, *, region: str | None = None,
                 year: int | None = None) -> list[Candidate]:
    """Candidates from a report's text. region: the code of the region the report is
    about (用于“全区/我区”); year: the report's year when the text does not say."""
    norm = normalise_text(text)
    sentences = split_sentences(text, norm)
    years = YearContext(sentences, year)
    out: list[Candidate] = []
    for index, sentence in enumerate(sentences):
        for st in _statements(sentence, catalog):
            roles = ("time", "target") if st.statement_type in (TARGET, FORECAST) else ("time",)
            y = years.resolve(index, st.match_start, roles)
            if st.base_year is not None and (y.year is None or st.base_year != y.year - 1):
                continue  # "较2020年增长" is not a year-on-year figure
            where = st.subject.start if st.subject.start < st.match_start else st.match_start
            if st.basis == "seats":
                where = st.match_end
            r = resolve_region(sentence.norm, where, catalog, region)
            info = catalog.indicators[st.indicator]
            out.append(Candidate(
                indicator=st.indicator, indicator_name=info.name_zh,
                statement_type=st.statement_type, value=st.value, unit=st.unit,
                raw=sentence.text[st.num_start:st.num_end], year=y.year, quarter=y.quarter,
                year_source=y.source, year_note=y.note, region=r.code, region_source=r.source,
                sentence=sentence.text, start=sentence.start, end=sentence.end,
                match_start=sentence.start + st.match_start, match_end=sentence.start + st.match_end,
                confidence=_confidence(st, y.source, r.source), is_value=st.is_value,
                qualifier=st.qualifier, scope=st.scope, out_of=st.out_of, basis=st.basis))
    return out


def extract_document(document: Document, catalog: Catalog, *, region: str | None = None,
                     year: int | None = None) -> list[Candidate]:
    return extract_text(document.text, catalog, region=region, year=year)
