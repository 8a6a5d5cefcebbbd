"""The values a file's checks compare its records with: the stored values of the periods
concerned, overlaid by the file's own, looked up for every record at once.

A national sheet has 200,000-odd records, each compared with its value a year before, the
quarter before and, for a ratio, its numerator and denominator: looked up one key at a time
in a dict, that was most of the checks' second. Here each key becomes one integer and each
lookup one vectorised index search; only the few records a check flags take the per-record
path that words their message."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from catalog.files import IndicatorSpec
from db.lookups import plausibility_periods, stored_value_rows
from etl.records import Record

# A key's fields packed into one integer: region and indicator by position, then year,
# quarter (0-4) and the cumulative flag.
_YEARS, _QUARTERS, _FLAGS = 4096, 5, 2


class RecordColumns:
    """The records' fields as arrays, in the records' order (or of any rows whose first six
    fields are a record's: region, indicator, year, quarter, cumulative, value)."""

    def __init__(self, records: Sequence[Record] | Sequence[tuple]):
        # One list per field: zip(*records) would take each record as an argument, ten
        # times slower for a national sheet.
        fields = [[r[i] for r in records] for i in range(6)]
        self.region = np.asarray(fields[0], dtype=object)
        self.indicator = np.asarray(fields[1], dtype=object)
        self.year = np.asarray(fields[2], dtype=np.int64)
        self.quarter = np.asarray(fields[3], dtype=np.int64)
        self.cumulative = np.asarray(fields[4], dtype=bool)
        self.value = np.asarray(fields[5], dtype=float)

    def mapped(self, by_indicator: dict) -> np.ndarray:
        """A property of each record's indicator (NaN where the dict has none)."""
        return pd.Series(self.indicator).map(by_indicator).to_numpy(dtype=object)


class KnownValues:
    """Values keyed (region, indicator, year, quarter, cumulative): the stored rows, and the
    file's records over them (a record replaces the stored value of its key). own: the
    file's records, the ones the checks judge."""

    def __init__(self, stored_rows: Sequence[tuple], own: RecordColumns):
        self.own = own
        stored = RecordColumns(stored_rows)
        region_ids, region_codes = pd.factorize(np.concatenate([stored.region, own.region]))
        indicator_ids, indicator_codes = pd.factorize(
            np.concatenate([stored.indicator, own.indicator]))
        self._regions = pd.Index(region_codes)
        self._indicators = {code: i for i, code in enumerate(indicator_codes)}
        keys = self._pack(region_ids, indicator_ids, *(
            np.concatenate([getattr(stored, f), getattr(own, f)])
            for f in ("year", "quarter", "cumulative")))
        values = np.concatenate([stored.value, own.value])
        last = ~pd.Index(keys).duplicated(keep="last")  # the file's value wins
        self._keys = pd.Index(keys[last])
        self._values = values[last]

    def _pack(self, region_ids, indicator_ids, years, quarters, cumulatives) -> np.ndarray:
        key = region_ids.astype(np.int64) * max(len(self._indicators), 1) + indicator_ids
        key = (key * _YEARS + years % _YEARS) * _QUARTERS + quarters
        return key * _FLAGS + cumulatives.astype(np.int64)

    def at(self, regions: np.ndarray, indicators: np.ndarray, years: np.ndarray,
           quarters: np.ndarray, cumulatives: np.ndarray) -> np.ndarray:
        """The value at each key, NaN where none is known."""
        if not len(self._values):
            return np.full(len(regions), np.nan)
        region_ids = self._regions.get_indexer(regions)
        indicator_ids = pd.Series(indicators).map(self._indicators).to_numpy(
            dtype=float, na_value=-1).astype(np.int64)
        found = (region_ids >= 0) & (indicator_ids >= 0)
        keys = self._pack(region_ids, indicator_ids, np.asarray(years, np.int64),
                          np.asarray(quarters, np.int64), np.asarray(cumulatives, bool))
        positions = np.where(found, self._keys.get_indexer(keys), -1)
        return np.where(positions >= 0, self._values[positions], np.nan)

    @functools.cached_property
    def year_before(self) -> np.ndarray:
        """The value of each own record's period a year before (NaN: none known): both
        checks compare with it."""
        own = self.own
        return self.at(own.region, own.indicator, own.year - 1, own.quarter, own.cumulative)


def known_for(engine: Engine, records: Sequence[Record],
              indicators: dict[str, IndicatorSpec]) -> KnownValues:
    """What the checks compare these records with: the stored values of their indicators
    (and of the numerators and denominators of their ratios) in their periods, the quarter
    before and the same period a year before, under the records themselves."""
    columns = RecordColumns(records)
    touched = set(columns.indicator)
    for code in list(touched):
        touched |= {x for x in (indicators[code].numerator, indicators[code].denominator) if x}
    return KnownValues(stored_value_rows(engine, touched, plausibility_periods(records)), columns)
