"""Turn located cells into records in canonical units, and check them before anything is
written. Every problem is collected; nothing stops half-way."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from catalog.files import IndicatorSpec
from catalog.units import UNITS, conversion_factor
from etl.known_values import KnownValues
from etl.number_text import parse_cell
from etl.outliers import OUTLIER_FACTOR, with_unit
from etl.problems import VALUE_RULES, Problem
from etl.records import Record, TargetRecord
from etl.table import LocatedValue

COUNT_FAMILIES = {"count", "people"}
JUMP_FACTOR = 10.0
# No indicator comes near 10^12 in its canonical unit (亿元, 家, 人, %): a larger figure is
# a typo or a hostile file, and sums of a few such values would overflow to infinity.
MAX_MAGNITUDE = 1e12
RATIO_TOLERANCE = 0.01  # relative


def cell_text(raw: object) -> str:
    """What a cell holds, as the spreadsheet shows it: 921450, not 921450.0."""
    if raw is None:
        return ""
    if raw.__class__ is float and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return str(raw)


def _plain_number(raw: object) -> float | None:
    """A numeric cell's value, without building a ParsedValue: nine cells in ten of a
    filled sheet are plain numbers."""
    if raw.__class__ in (float, int) and math.isfinite(raw):
        return float(raw)
    return None


@dataclass(frozen=True)
class _ValueRule:
    """What a value of one indicator in one unit is checked against (a sheet has a few
    dozen such pairs and 100,000 cells)."""

    factor: float | None  # to the canonical unit; None: the units do not convert
    non_negative: bool  # counts of enterprises, people ...
    percent: bool  # a reported rate in %: 0-100


def _value_rule(info: IndicatorSpec, unit: str) -> _ValueRule:
    family = UNITS[info.unit][0]
    return _ValueRule(conversion_factor(unit, info.unit),
                      info.kind in ("flow", "stock") and family in COUNT_FAMILIES,
                      info.kind == "ratio" and info.unit == "%")


def convert(values: list[LocatedValue], indicators: dict[str, IndicatorSpec], file: str,
            units_read: dict[tuple[str, str], str] | None = None, max_errors: int | None = None
            ) -> tuple[list[Record], list[TargetRecord], list[Problem]]:
    """Records in canonical units, with every problem located. units_read, when given,
    collects the unit each value was read in where it is not the catalog's ((sheet, cell) →
    unit): what a suspect value would be in another unit is worked out from it. max_errors:
    stop once this many errors are found (the file will be rejected whatever follows)."""
    records: list[Record] = []
    targets: list[TargetRecord] = []
    problems: list[Problem] = []
    bad_units_reported: set = set()
    first_cell: dict[tuple, tuple[str, str]] = {}
    rules: dict[tuple[str, str], _ValueRule] = {}
    for v in values:
        if max_errors is not None and len(problems) >= max_errors:
            break  # convert's problems are all errors
        info = indicators[v.indicator_code]
        number = _plain_number(v.raw)
        percent = False
        if number is None:
            parsed = parse_cell(v.raw)
            if parsed.missing:
                continue
            if parsed.error:
                problems.append(Problem(parsed.error, file, v.sheet, v.cell, cell_text(v.raw)))
                continue
            number, percent = parsed.value, parsed.percent
        unit = "%" if percent else (v.unit or info.unit)
        rule = rules.get((v.indicator_code, unit))
        if rule is None:
            rule = rules[(v.indicator_code, unit)] = _value_rule(info, unit)
        if rule.factor is None:
            key = (v.sheet, v.indicator_code, unit)
            if key not in bad_units_reported:
                bad_units_reported.add(key)
                problems.append(Problem("bad_unit", file, v.sheet, v.cell, unit, detail=info.unit))
            continue
        value = number * rule.factor
        if units_read is not None and unit != info.unit:
            units_read[(v.sheet, v.cell)] = unit
        if abs(value) >= MAX_MAGNITUDE:
            problems.append(Problem("out_of_range", file, v.sheet, v.cell, cell_text(v.raw)))
            continue
        if value < 0 and rule.non_negative:
            problems.append(Problem("negative_count", file, v.sheet, v.cell, cell_text(v.raw)))
            continue
        if rule.percent and not 0 <= value <= 100:
            problems.append(Problem("percent_out_of_range", file, v.sheet, v.cell,
                                    cell_text(v.raw)))
            continue
        p = v.period
        key = (v.region_code, v.indicator_code, p.year, p.quarter, p.cumulative, v.is_target)
        if key in first_cell:
            problems.append(Problem("duplicate_value", file, v.sheet, v.cell, cell_text(v.raw),
                                    detail="!".join(first_cell[key])))
            continue
        first_cell[key] = (v.sheet, v.cell)
        if v.is_target:
            targets.append(TargetRecord(v.region_code, v.indicator_code, p.year, value,
                                        v.sheet, v.cell))
        else:
            records.append(Record(v.region_code, v.indicator_code, p.year, p.quarter,
                                  p.cumulative, value, v.sheet, v.cell))
    return records, targets, problems


def plausibility_warnings(records: list[Record], indicators: dict[str, IndicatorSpec],
                          known: KnownValues, file: str) -> list[Problem]:
    """Warnings against the file itself and the stored values (known: both, the file's
    over the stored, built from these records: etl.known_values.known_for): ratio
    consistency, cumulative quarters going down, and jumps beyond a factor of 10 from a year
    earlier. Each states its figures with the indicator's unit; raw, the cell's own text, is
    filled in by the pipeline (records do not carry it).

    The figures each record is compared with are looked up for all records at once; the
    rules are then applied, record by record, to those that come near a limit."""
    cols = known.own  # the records' fields, in their order
    kind = cols.mapped({c: i.kind for c, i in indicators.items()})
    nan = np.full(len(records), np.nan)
    previous = known.year_before
    later = (kind == "flow") & cols.cumulative & (cols.quarter > 1)
    before = nan.copy()
    before[later] = known.at(cols.region[later], cols.indicator[later], cols.year[later],
                             cols.quarter[later] - 1, np.ones(later.sum(), bool))
    numerator, denominator = (cols.mapped({c: getattr(i, part) for c, i in indicators.items()})
                              for part in ("numerator", "denominator"))
    ratio = (kind == "ratio") & pd.notna(numerator) & pd.notna(denominator)
    parts = {}
    for name, codes in (("numerator", numerator), ("denominator", denominator)):
        parts[name] = nan.copy()
        parts[name][ratio] = known.at(cols.region[ratio], codes[ratio], cols.year[ratio],
                                      cols.quarter[ratio], cols.cumulative[ratio])
    scale = cols.mapped({c: float(i.scale) for c, i in indicators.items()}).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Looser than the rules themselves (NaN, nothing known, compares false): a record
        # not flagged here cannot be warned about.
        expected = parts["numerator"] / parts["denominator"] * scale
        change = cols.value / previous
        near = ((np.abs(expected - cols.value) > RATIO_TOLERANCE / 2 * np.maximum(np.abs(expected), 1e-9))
                | (cols.value < before)
                | (np.isin(kind, ["flow", "stock"])
                   & ((change > JUMP_FACTOR / 3) | (change < 3 / JUMP_FACTOR))))
    problems: list[Problem] = []
    for i in np.flatnonzero(near):
        problems.extend(_plausibility_of(records[i], indicators, file, _known(previous[i]),
                                         _known(before[i]), _known(parts["numerator"][i]),
                                         _known(parts["denominator"][i])))
    return problems


def _known(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _plausibility_of(r: Record, indicators: dict[str, IndicatorSpec], file: str,
                     previous: float | None, before: float | None, num: float | None,
                     den: float | None) -> list[Problem]:
    """The warnings of one record, given the figures it is compared with (None: unknown):
    its value a year before, the quarter before, and a ratio's numerator and denominator."""
    problems: list[Problem] = []

    def warn(rule: str, reference: float, unit: str, zh: str = "{}", en: str = "{}") -> None:
        problems.append(Problem(rule, file, r.sheet, r.cell,
                                detail=zh.format(with_unit(reference, unit)),
                                detail_en=en.format(with_unit(reference, unit)),
                                value=with_unit(r.value, unit)))

    info = indicators[r.indicator_code]
    if info.kind == "ratio" and info.numerator and info.denominator:
        if num is not None and den:
            expected = num / den * info.scale
            if abs(expected - r.value) > RATIO_TOLERANCE * max(abs(expected), 1e-9):
                a, b = indicators.get(info.numerator), indicators.get(info.denominator)
                warn("ratio_inconsistent", expected, info.unit,
                     f"按{_name(a, info.numerator)}÷{_name(b, info.denominator)}计算为{{}}",
                     f"{_name(a, info.numerator, 'en')} / {_name(b, info.denominator, 'en')} "
                     "gives {}")
    if info.kind == "flow" and r.cumulative and r.quarter > 1:
        if before is not None and r.value < before - 1e-9:
            warn("cumulative_decrease", before, info.unit)
    if previous and r.value and info.kind in ("flow", "stock"):
        ratio = r.value / previous  # 0.0 only when the quotient underflows: far apart
        far = ratio == 0 or max(ratio, 1 / ratio) >= OUTLIER_FACTOR  # implausible instead
        if (ratio > JUMP_FACTOR or ratio < 1 / JUMP_FACTOR) and not far:
            warn("jump", previous, info.unit)
    return problems


def with_cell_text(problems: list[Problem], values: list[LocatedValue]) -> list[Problem]:
    """The problems, those of the value rules with the text of their cell as raw: beside the
    value they checked (92.145亿元) the user sees what the cell holds (921450, in 万元).
    One pass over the located values, only when such a problem exists."""
    wanted = {(p.sheet, p.cell) for p in problems if p.rule in VALUE_RULES and not p.raw}
    if not wanted:
        return problems
    texts = {(v.sheet, v.cell): v.raw for v in values if (v.sheet, v.cell) in wanted}
    return [replace(p, raw=cell_text(texts[(p.sheet, p.cell)]))
            if p.rule in VALUE_RULES and not p.raw and (p.sheet, p.cell) in texts else p
            for p in problems]


def _name(info: IndicatorSpec | None, code: str, lang: str = "zh") -> str:
    if info is None:
        return code
    return (info.name_en if lang == "en" else info.name_zh) or info.name_zh or code
