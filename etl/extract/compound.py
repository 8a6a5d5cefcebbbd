"""Statements that hold more than one number or reach across clauses: seats among a
province's first batch, two levels of a move (由2015年的……增加到2020年的……), two ranks and the
move between them, one rank for several indicators (两项指标均居……), lists with 分别."""

from __future__ import annotations

from etl.extract import patterns as P
from etl.extract.candidate import GROWTH, LEVEL, NET_INCREASE, RANK, RANK_CHANGE, TARGET
from etl.extract.catalog import Hit
from etl.extract.figures import Statement, Subject, convert, squeeze
from etl.extract.numerals import parse_int
from etl.extract.statements import StatementReader


def seats(reader: StatementReader, m: P.Match) -> Statement | None:
    """"全省首批12家省级新型研发机构中，我区占据三席": 3 of the province's 12."""
    a = m.spans["mid"][0]
    b = m.spans["who"][1] if "who" in m.spans else m.spans["what"][1]
    hits = reader.catalog.find_indicators(reader.norm[a:b])
    total, n = parse_int(m.groups["total"]), parse_int(m.groups["n"])
    if len({h.code for h in hits}) != 1 or not total or n is None or n > total:
        return None
    subject = Subject(hits[0].code, a + hits[0].start, "alias", hits[0].key)
    return Statement(subject.code, subject, RANK, float(n), "席", m.num_start, m.num_end,
                     m.start, m.end, False, scope=m.groups["scope"], out_of=total, basis="seats")

def subject_before(reader: StatementReader, hits: list[Hit], pos: int, clause_start: int) -> Subject | None:
    """The name right before a statement that spans its clause, or the topic when the
    clause has only filler before it."""
    before = [h for h in hits if clause_start <= h.start and h.end <= pos]
    if before:
        h = before[-1]
        gap = squeeze(reader.norm[h.end:pos])
        qual = squeeze(reader.norm[max(clause_start, h.start - 6):h.start])
        if P.GAP_OK.fullmatch(gap) and not P.QUALIFIERS.search(qual) and not qual.endswith("的"):
            return Subject(h.code, h.start, "alias", h.key)
        return None
    if reader.topic is not None and P.RELATIVE_FILLER.fullmatch(squeeze(reader.norm[clause_start:pos])):
        return reader.topic
    return None

def from_to(reader: StatementReader, m: P.Match, subject: Subject) -> list[Statement]:
    """"由2015年的1.12亿元增加到2020年的2.91亿元": two levels, each with its year."""
    info = reader.catalog.indicators[subject.code]
    g = m.groups
    a = convert(float(g["a"]), g["ua"], info)
    b = convert(float(g["b"]), g["ub"], info)
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
    reader.spans.append((m.start, y1 + 1, y2, False))
    return out

def rank_move(reader: StatementReader, m: P.Match, subject: Subject) -> list[Statement]:
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
    a_start = reader.norm.rindex("第", 0, m.spans["a"][0])
    b_start = reader.norm.rindex("第", 0, m.spans["b"][0])
    out = []
    if first_year:
        out.append(Statement(subject.code, subject, RANK, float(a), "位", a_start, m.spans["a"][1],
                             start, m.end, False, scope=scope, basis="value", **first_year))
    out.append(Statement(subject.code, subject, RANK, float(b), "位", b_start, m.end, start, m.end,
                         False, scope=scope, basis="value", year=y2))
    out.append(Statement(subject.code, subject, RANK_CHANGE, float(a - b), "位", a_start, m.end,
                         start, m.end, False, scope=scope, year=y2))
    return out

def group_rank(reader: StatementReader, m: P.Match, hits: list[Hit]) -> list[Statement]:
    """"两项指标增幅均居全省首位": the rank of each of the indicators just named."""
    k = parse_int(m.groups["k"])
    codes = []
    for h in reversed([h for h in hits if h.end <= m.start]):
        if h.code not in codes:
            codes.append(h.code)
    if not k or len(codes) < k:
        return []
    n = reader.place(m)
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

def respectively(reader: StatementReader, m: P.Match, hits: list[Hit]) -> list[Statement]:
    """"高新技术企业、科技型中小企业分别达到138家、256家": the numbers in the order of
    the names, when the names before are exactly as many as the numbers."""
    items = list(P.RESPECTIVELY_ITEM.finditer(m.groups["list"]))
    offset = m.spans["list"][0]
    before = [h for h in hits if h.end <= m.start]
    codes = []
    for h in before:
        if h.code not in codes:
            codes.append(h.code)
    if len(codes) != len(items) or any(P.QUALIFIERS.search(squeeze(reader.norm[max(0, h.start - 6):h.start]))
                                       for h in before):
        return []
    verb = m.groups.get("verb") or ""
    out = []
    for code, item in zip(codes, items):
        info = reader.catalog.indicators[code]
        hit = next(h for h in before if h.code == code)
        subject = Subject(code, hit.start, "alias", hit.key)
        s, e = item.start() + offset, item.end() + offset
        number = float(item["num"])
        if verb in ("增长", "提高") or (verb == "增加" and item["unit"] == "%"):
            if item["unit"] != "%" or info.unit == "%":
                return []
            out.append(Statement(code, subject, GROWTH, number, "%", s, e, m.start, m.end, False))
            continue
        value = convert(number, item["unit"], info)
        if value is None:
            return []
        if verb in ("净增", "增加"):
            if info.unit == "%":
                return []
            out.append(Statement(code, subject, NET_INCREASE, value, info.unit, s, e, m.start, m.end, False))
        else:
            if info.kind == "ratio" and info.unit == "%" and not 0 <= value <= 100:
                return []
            kind = reader.plan_mode or (TARGET if reader.planned else LEVEL)
            out.append(Statement(code, subject, kind, value, info.unit, s, e, m.start, m.end,
                                 kind == LEVEL))
    return out
