"""A file that repeats another period: every value of one of its periods equals what another
period already holds. Files get mislabelled in real life (the NBS bulletin saved as 2018 holds
the 2019 figures); the load warns so that the user checks the period before storing."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine

from db.lookups import stored_history, stored_values
from etl.periods import Period
from etl.problems import Problem
from etl.records import Record

MIN_VALUES = 5  # fewer equal values than this can be chance
SAMPLES = 5
RELATIVE_TOLERANCE = 1e-9


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def same_as_other_period(engine: Engine, records: list[Record], file: str) -> list[Problem]:
    by_period: dict[tuple, list[Record]] = defaultdict(list)
    for r in records:
        by_period[(r.year, r.quarter, r.cumulative)].append(r)
    problems = []
    for period, group in sorted(by_period.items()):
        if len(group) < MIN_VALUES:
            continue
        sample = group[:: max(1, len(group) // SAMPLES)][:SAMPLES]
        history = stored_history(engine, {(r.region_code, r.indicator_code) for r in sample})
        candidates = None
        for r in sample:
            equal = {p for p, v in history.get((r.region_code, r.indicator_code), {}).items()
                     if p != period and _same(v, r.value)}
            candidates = equal if candidates is None else candidates & equal
        for other in sorted(candidates or ()):
            stored = stored_values(engine, {r.indicator_code for r in group}, {other[:2]})
            if all(_same(stored.get((r.region_code, r.indicator_code, *other)), r.value) for r in group):
                label = Period(*other)
                problems.append(Problem("same_as_other_period", file, group[0].sheet, None,
                                        Period(*period).label_zh, detail=label.label_zh,
                                        detail_en=label.label_en))
                break
    return problems
