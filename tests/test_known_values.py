"""The values a file's checks compare it with, looked up for all records at once, and the
rules applied at their limits (only records near a limit are judged one by one)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from catalog.files import IndicatorSpec
from etl.known_values import KnownValues, RecordColumns
from etl.outliers import implausible_values
from etl.pipeline import commit, read_and_validate
from etl.records import Record
from etl.validate import plausibility_warnings
from tests.workbooks import template_like, xlsx_bytes


def test_the_files_value_replaces_the_stored_one_and_unknown_keys_are_nan():
    stored = [("341500", "rd_expenditure", 2024, 3, True, 10.0),
              ("341500", "rd_expenditure", 2025, 3, True, 99.0)]
    records = [Record("341500", "rd_expenditure", 2025, 3, True, 12.0, "S", "C2")]
    known = KnownValues(stored, RecordColumns(records))
    regions = np.array(["341500", "341500", "341500", "340100", "341500"], dtype=object)
    indicators = np.array(["rd_expenditure"] * 4 + ["gdp"], dtype=object)
    values = known.at(regions, indicators, np.array([2024, 2025, 2023, 2025, 2025]),
                      np.full(5, 3), np.ones(5, bool))
    assert values[:2].tolist() == [10.0, 12.0]  # the file's 12, not the stored 99
    assert np.isnan(values[2:]).all()  # another year, region or indicator: nothing known
    other_flag = known.at(regions[:1], indicators[:1], np.array([2025]), np.array([3]),
                          np.array([False]))
    assert np.isnan(other_flag).all()  # the quarter alone is another key than the year to date


def test_no_records_and_nothing_stored():
    known = KnownValues([], RecordColumns([]))
    assert known.at(*(np.array([], dtype=t) for t in (object, object, int, int, bool))).size == 0
    asked = known.at(np.array(["341500"], dtype=object), np.array(["gdp"], dtype=object),
                     np.array([2025]), np.array([3]), np.array([True]))
    assert np.isnan(asked).all()


def test_regions_of_no_known_level_are_checked_without_peers_or_ranges():
    records = [Record("999999", "rd_expenditure", 2025, 3, True, 5.0 * k, "S", f"C{k}")
               for k in range(1, 8)]
    known = KnownValues([("999999", "rd_expenditure", 2024, 3, True, 0.01)],
                        RecordColumns(records[:1]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pandas warning about filling a float column
        problems = implausible_values(records[:1], {"rd_expenditure": "flow"},
                                      {"rd_expenditure": "亿元"}, known, {}, {}, {}, "f.xlsx")
    # 500 times the year before: implausible whatever the region's level
    assert [(p.rule, p.cell) for p in problems] == [("implausible_value", "C1")]


def test_a_change_too_small_to_divide_is_far_from_the_year_before():
    records = [Record("341500", "rd_expenditure", 2025, 3, True, 5e-324, "S", "C2")]
    known = KnownValues([("341500", "rd_expenditure", 2024, 3, True, 5e5)], RecordColumns(records))
    infos = {"rd_expenditure": IndicatorSpec("rd_expenditure", "全社会研发投入", "R&D spending", "亿元", "flow")}
    # Not a jump (it is implausible, which the other check says); no division by zero.
    assert plausibility_warnings(records, infos, known, "f.xlsx") == []


@pytest.mark.parametrize(("now", "rules"), [
    (5.0 * 10.01, ["jump"]), (5.0 * 9.99, []), (5.0 / 10.01, ["jump"]), (5.0 / 9.99, []),
    (5.0 * 99.9, ["jump"]), (5.0 * 100.1, ["implausible_value"]),
    (-5.0, ["jump", "implausible_value"])])  # below a city's range (0–6000亿元) as well
def test_a_change_against_the_year_before_is_judged_at_its_limits(engine, now, rules):
    # 5亿元 a year before: inside a city's plausible range, so only the change counts.
    year_before = (("341500", "六安市", 5.0, None, None),)
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3", rows=year_before)),
                                     "a.xlsx", engine))
    result = read_and_validate(
        xlsx_bytes(template_like("2025Q3", rows=(("341500", "六安市", now, None, None),))),
        "b.xlsx", engine)
    assert [p.rule for p in result.problems if p.cell == "C2"] == rules


@pytest.mark.parametrize(("intensity", "warned"), [(2.44, True), (2.43, False), (2.39, False),
                                                   (2.38, True)])
def test_a_ratio_is_judged_against_its_parts_at_the_tolerance(engine, intensity, warned):
    # 120.5 / 5000 = 2.41 %; the tolerance is 1 % of it (2.386–2.434).
    wb = template_like(rows=(("341500", "六安市", 120.5, intensity, 5000),))
    result = read_and_validate(xlsx_bytes(wb), "r.xlsx", engine)
    assert ("ratio_inconsistent" in {p.rule for p in result.warnings}) is warned
