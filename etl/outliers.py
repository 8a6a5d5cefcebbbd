"""Values that cannot be what the sheet means: a hundred times or more away from the same
region's stored value a year before, outside the plausible range of its indicator at its
region level (data/indicators.yaml), or a hundred times or more away from the median of its
peers in the same file where a unit people confuse brings it among them (万元 for 亿元). Each is an error that says
the likely cause ("若单位为万元，应为 2,947.07 亿元"), unless the user has confirmed the file
(a tick in the preview, --accept-outliers), when it stays as a warning on the upload's record.

The peer rule asks for a cause because real tables spread wide: Tibet's R&D spending was 170
times below the provinces' median in 2011, and right; in 万元 it would be 25 times above the
largest province, so no unit explains it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from catalog.regions import OUTSIDE_MAINLAND
from catalog.units import UNITS, conversion_factor, unit_family
from etl.known_values import KnownValues, RecordColumns
from etl.problems import Problem
from etl.records import Record

OUTLIER_FACTOR = 100.0
CAUSE_WITHIN = 10.0  # a unit explains a value when it brings it within this factor
MIN_PEERS = 5
CHECKED_KINDS = {"flow", "stock", "ratio"}
# The units Chinese statistics write amounts and people in: the confusions worth naming.
USUAL_UNITS = {"元", "千元", "万元", "亿元", "人", "万人"}
LEVEL_ZH = {"province": "省级", "city": "市级", "county": "县级", "zone": "开发区"}
LEVEL_EN = {"province": "province", "city": "city", "county": "county", "zone": "zone"}


def _fmt(v: float) -> str:
    """A figure in a message: thousands separated, at most four decimals (two from 1,000)."""
    text = f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def with_unit(v: float, unit: str) -> str:
    """A figure and its unit as a message states it, in either language: 137.3亿元, 2.41%."""
    return f"{_fmt(v)}{unit}"


def _far(a: float, b: float) -> bool:
    return a > 0 and b > 0 and max(a / b, b / a) >= OUTLIER_FACTOR


def likely_cause(value: float, read_unit: str, unit: str, fits) -> tuple[str, float] | None:
    """The unit the number was probably written in, and the value it then has in the
    indicator's unit: the one whose reading fits best (fits(v) → distance, None: no fit).
    A percentage written as a fraction (0.0254 for 2.54 %) counts as a unit "小数"."""
    options: list[tuple[str, float]] = []
    family = unit_family(unit)
    if family == "percent":
        options = [("小数", value * 100)]
    else:
        from_factor = conversion_factor(read_unit, unit) or 1.0
        options = [(u, value / from_factor * factor) for u, (f, _) in UNITS.items()
                   if f == family and u != read_unit and u in USUAL_UNITS
                   and (factor := conversion_factor(u, unit)) is not None]
    scored = [(d, u, v) for u, v in options if (d := fits(v)) is not None]
    if not scored:
        return None
    _, u, v = min(scored)
    return u, v


def _near(reference: float):
    def fits(v: float) -> float | None:
        if v <= 0 or reference <= 0:
            return None
        d = abs(math.log10(v / reference))
        return d if d <= math.log10(CAUSE_WITHIN) else None
    return fits


def _inside(low: float, high: float, centre: float | None = None):
    """Fits a value within [low, high], the nearer to centre (default: the range's own) the
    better."""
    if centre is None:
        centre = math.sqrt(max(low, high / 1e4) * high) if high > 0 else 0.0

    def fits(v: float) -> float | None:
        if not low <= v <= high or v <= 0 or centre <= 0:
            return None
        return abs(math.log10(v / centre))
    return fits


def _cause_text(cause: tuple[str, float] | None, unit: str) -> tuple[str, str]:
    if cause is None:
        return "请核对数值与单位", "check the value and its unit"
    u, v = cause
    if u == "小数":
        return (f"若为小数形式，应为 {_fmt(v)}{unit}", f"if written as a fraction, it is {_fmt(v)}{unit}")
    return f"若单位为{u}，应为 {_fmt(v)} {unit}", f"if the unit were {u}, it is {_fmt(v)} {unit}"


def implausible_values(records: list[Record], kinds: Mapping[str, str], units: Mapping[str, str],
                       known: KnownValues, levels: Mapping[str, str],
                       ranges: Mapping[str, dict[str, tuple[float, float]]],
                       units_read: Mapping[tuple[str, str], str], file: str,
                       accept: bool = False) -> list[Problem]:
    """One problem per implausible value (see the module's doc); kinds and units by
    indicator code, levels by region code, ranges by indicator and level; known: the stored
    values and the file's, the file's over the stored, built from these records
    (etl.known_values.known_for).

    What each record is compared with (its year before, its range, its peers' median) is
    worked out for all records at once; only those far from one of them are looked at one
    by one, for the rule that applies and the message."""
    cols = known.own  # the records' fields, in their order
    # As objects before filling: a map that finds no region is a float column of NaN.
    level = pd.Series(cols.region).map(levels).astype(object).fillna("").to_numpy(dtype=object)
    previous = known.year_before
    pair_ids, pairs = pd.MultiIndex.from_arrays([cols.indicator, level]).factorize()
    bounds = [ranges.get(code, {}).get(at) for code, at in pairs]
    low, high = (np.array([b[k] if b else np.nan for b in bounds], dtype=float)[pair_ids]
                 for k in (0, 1))
    median, least, most, n_peers = _peer_medians(cols, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        near = ((_far_apart(cols.value, previous)) | (cols.value < low) | (cols.value > high)
                | ((n_peers >= MIN_PEERS) & _far_apart(cols.value, median)))
    checked = pd.Series(cols.indicator).map(kinds).isin(CHECKED_KINDS).to_numpy()
    problems = []
    for i in np.flatnonzero(near & checked & (cols.value != 0)):
        r = records[i]
        peers = (float(median[i]), float(least[i]), float(most[i])) if n_peers[i] >= MIN_PEERS \
            else (None, 0.0, 0.0)
        problem = _implausible(r, units[r.indicator_code], level[i],
                               units_read.get((r.sheet, r.cell), units[r.indicator_code]),
                               None if np.isnan(previous[i]) else float(previous[i]),
                               bounds[pair_ids[i]], peers, file, accept)
        if problem:
            problems.append(problem)
    return problems


def _far_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """_far for arrays, a little looser (the rule itself decides on each record it flags)."""
    return (a > 0) & (b > 0) & (np.maximum(a / b, b / a) >= OUTLIER_FACTOR * 0.9)


def _peer_medians(cols: RecordColumns, level: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per record: the median, least and largest positive value of its peers in the file (the
    same indicator and period, regions of its level in the mainland) and how many they are."""
    frame = pd.DataFrame({"indicator": cols.indicator, "year": cols.year,
                          "quarter": cols.quarter, "cumulative": cols.cumulative,
                          "level": level})
    group = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    peer = ((cols.value > 0) & ~np.isin(level, ["", "country"])
            & ~np.isin(cols.region, list(OUTSIDE_MAINLAND)))
    stats = (pd.Series(cols.value[peer]).groupby(group[peer])
             .agg(["median", "min", "max", "count"]).reindex(range(group.max(initial=-1) + 1)))
    return tuple(stats[c].to_numpy(dtype=float)[group] if len(group) else np.array([])
                 for c in ("median", "min", "max", "count"))


def _implausible(r: Record, unit: str, level: str, read_unit: str, previous: float | None,
                 bounds: tuple[float, float] | None,
                 peers: tuple[float | None, float, float], file: str,
                 accept: bool) -> Problem | None:
    """The problem of one record, if it is implausible, given what it is compared with: its
    value a year before, the plausible range at its level, and its peers' (median, least,
    largest)."""
    median, low, high = peers
    if previous and _far(r.value, previous):
        cause = likely_cause(r.value, read_unit, unit, _near(previous))
        what = (f"与上年同期（{_fmt(previous)} {unit}）相差 {_fmt(_ratio(r.value, previous))} 倍",
                f"{_fmt(_ratio(r.value, previous))} times off the same period a year before "
                f"({_fmt(previous)} {unit})")
    elif bounds and not bounds[0] <= r.value <= bounds[1]:
        cause = likely_cause(r.value, read_unit, unit, _inside(*bounds))
        span = f"{_fmt(bounds[0])}–{_fmt(bounds[1])} {unit}"
        what = (f"超出{LEVEL_ZH.get(level, level)}地区的合理范围（{span}）",
                f"outside the plausible range for a {LEVEL_EN.get(level, level)} ({span})")
    elif median and _far(r.value, median) and (
            cause := likely_cause(r.value, read_unit, unit, _inside(low, high, median))):
        what = (f"与同表同级地区的中位数（{_fmt(median)} {unit}）相差 {_fmt(_ratio(r.value, median))} 倍",
                f"{_fmt(_ratio(r.value, median))} times off the median of its peers in the file "
                f"({_fmt(median)} {unit})")
    else:
        return None
    cause_zh, cause_en = _cause_text(cause, unit)
    mark_zh, mark_en = ("已确认：", "confirmed: ") if accept else ("", "")
    # raw, the cell's own text, is filled in by the pipeline (records do not carry it).
    return Problem("implausible_value", file, r.sheet, r.cell,
                   detail=f"{mark_zh}{what[0]}；{cause_zh}",
                   detail_en=f"{mark_en}{what[1]}; {cause_en}",
                   value=with_unit(r.value, unit), severity="warning" if accept else "error")


def _ratio(a: float, b: float) -> float:
    return max(a / b, b / a)
