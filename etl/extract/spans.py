"""The span of years a growth is over: a five-year plan ("“十四五”以来", "十三五期间"), years as
written ("2016年至2020年"), or the years of a move stated before ("由2015年的……增加到2020年的……")."""

from __future__ import annotations

from etl.extract import patterns as P
from etl.extract.numerals import parse_int

FIRST_FIVE_YEAR_PLAN_AFTER_1963 = (3, 1966)  # the third plan began in 1966, every plan since is 5 years
# (position in the sentence, first year, last year or None, runs to the sentence's year)
Span = tuple[int, int, "int | None", bool]


def without_spans(text: str) -> str:
    """The words between a name and its statement, with the span removed."""
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


def span_before(norm: str, start: int, pos: int, moves: list[Span]) -> tuple[int, int | None, bool] | None:
    """(first year, last year or None for "to now", to now) of a span named before pos:
    a plan ("十四五以来"), years as written ("2016年至2020年") or the years of a move
    ("由2015年的……增加到2020年的……") — in the clause, or anywhere before in the sentence."""
    text = norm[start:pos]
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
    moves = [(p - start, a, b, now) for p, a, b, now in moves if p < pos]
    found += [m for m in moves if m[0] >= 0]
    if not found:
        return None
    _, first, last, now = max(found)
    ends = [b for _, _, b, _ in moves if b is not None and first <= b <= (last or b)]
    if now and ends:  # "从2020年的327家增加到2024年的812家，“十四五”期间……": to 2024
        last, now = max(ends), False
    return first, last, now
