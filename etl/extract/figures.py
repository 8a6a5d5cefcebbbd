"""What a sentence states, as the readers of etl.extract pass it on: the subject (an
indicator and where its name stands), the statement (kind, value, unit, offsets, period
hints), the clause it sits in; and the number of a statement in its indicator's unit."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from catalog.units import UNITS, conversion_factor
from etl.extract import patterns as P
from catalog.files import IndicatorSpec
from etl.extract.catalog import Hit

INTEGER_FAMILIES = {"count", "people"}


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


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def convert(value: float, unit_text: str, indicator: IndicatorSpec) -> float | None:
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


def number(text: str | None) -> float | None:
    if text is None:
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None
