"""Properties over generated data (hypothesis):
- any table the template accepts round-trips: template → load → export (CSV or Excel) → load
  again changes nothing, and the values are the ones written;
- Chinese number formats (full-width digits, thousands separators, 。 as decimal point, %,
  signs, spaces) parse back to the number they were written from;
- ranks form a competition ranking ("1, 2, 2, 4"), and the number ranked in a scope is the
  number of its regions with a value.
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from db.lookups import indicator_rows, observations_long, region_rows
from db.metric_models import MetricValue
from db.models import Observation, Revision, Target, Upload
from db.session import get_engine, session_scope
from etl.export import EXPORT_COLUMNS, write_export
from etl.number_text import parse_number_text
from etl.periods import Period
from etl.pipeline import commit, read_and_validate
from etl.template import write_template
from metrics.catalog import load_catalog
from metrics.ranks import competition_rank, snap
from metrics.scopes import membership
from db.frames import read_frame
from tests.reliability import harness

ROUND_TRIPS = 40 if harness.FULL else 6
FAST_EXAMPLES = 1000 if harness.FULL else 200
COUNT_UNITS = {"家", "个", "件", "人"}


# Deterministic in the bounded run (the same examples every time, nothing written to
# .hypothesis/); random in the long one.
SETTINGS = dict(deadline=None, database=None, derandomize=not harness.FULL)


def _count(n: int = 1) -> None:
    harness.STATS["property_examples"] += n


# ---- round trip through the template and the export ----------------------------------------

@pytest.fixture(scope="module")
def template(module_db_url):
    engine = get_engine(module_db_url)
    buf = io.BytesIO()
    write_template(buf, engine, period="2025Q3")
    regions = [r for r in region_rows(engine, "340000") if r["level"] != "province"]
    return {"url": module_db_url, "bytes": buf.getvalue(), "indicators": indicator_rows(engine),
            "n_regions": len(regions)}


def _value_strategy(indicator: dict):
    if indicator["unit"] in COUNT_UNITS or indicator["kind"] == "rank":
        return st.integers(0 if indicator["kind"] != "rank" else 1, 100_000).map(float)
    if indicator["kind"] == "ratio" and indicator["unit"] == "%":
        low, high = 0, 100
    elif indicator["kind"] == "rate":
        low, high = -100, 1000
    else:
        low, high = 0, 10**7
    # figures as sheets hold them: up to four decimals
    return st.decimals(low, high, places=4, allow_nan=False, allow_infinity=False).map(float)


@st.composite
def tables(draw, template):
    """A period and a sparse table of regions × indicators, as a user fills the template."""
    # The periods a sheet can name: the year, 1-3/1-6/1-9月 to date, single 4-6/7-9/10-12月
    # (1-12月 is the year itself; a single first quarter is 1-3月).
    year = draw(st.integers(2015, 2026))
    quarter, cumulative = draw(st.sampled_from([(0, True), (1, True), (2, True), (3, True),
                                                (2, False), (3, False), (4, False)]))
    indicators = draw(st.lists(st.sampled_from(template["indicators"]), min_size=1, max_size=6,
                               unique_by=lambda i: i["code"]))
    rows = draw(st.lists(st.integers(0, template["n_regions"] - 1), min_size=1, max_size=12, unique=True))
    cells = {}
    for ind in indicators:
        for row in rows:
            kind = draw(st.sampled_from(["value", "value", "value", "blank", "marker"]))
            if kind == "value":
                cells[(row, ind["code"])] = draw(_value_strategy(ind))
            elif kind == "marker":
                cells[(row, ind["code"])] = draw(st.sampled_from(["—", "无", "/", "..", "-"]))
    return Period(year, quarter, cumulative), cells, draw(st.sampled_from(["csv", "xlsx"]))


def clear_data(engine) -> None:
    with session_scope(engine) as s:
        for model in (MetricValue, Revision, Target, Observation, Upload):
            s.execute(delete(model))


def fill_template(template: dict, period: Period, cells: dict) -> tuple[bytes, dict]:
    wb = openpyxl.load_workbook(io.BytesIO(template["bytes"]))
    data, targets = wb.worksheets[1], wb.worksheets[2]
    data.title, targets.title = period.label_zh, f"{period.year}年目标"
    column = {}
    for c in range(3, data.max_column + 1):
        header = data.cell(1, c).value
        column.update({i["code"]: c for i in template["indicators"]
                       if header == f"{i['name_zh']}({i['unit']})"})
    expected = {}
    for (row, code), value in cells.items():
        data.cell(row + 2, column[code], value)
        region = data.cell(row + 2, 1).value
        if isinstance(value, float):
            expected[(region, code, period.year, period.quarter, period.cumulative)] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), expected


def test_any_table_the_template_accepts_round_trips_through_the_export(template, tmp_path_factory):
    engine = get_engine(template["url"])
    folder = tmp_path_factory.mktemp("roundtrip")

    @settings(max_examples=ROUND_TRIPS, **SETTINGS,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(tables(template))
    def round_trip(table):
        period, cells, fmt = table
        clear_data(engine)
        content, expected = fill_template(template, period, cells)
        # Values drawn from the whole range of a cell, not from a region's plausible one:
        # confirmed as a user confirms them (plausibility is not this property's subject).
        first = read_and_validate(content, "模板.xlsx", engine, accept_outliers=True)
        if not expected:  # only blanks and "no data" markers: nothing to load, and it says so
            assert [p.rule for p in first.errors] == ["no_values"]
            return
        assert first.ok, [p.line() for p in first.errors]
        assert {r.key: r.value for r in first.records} == expected
        assert commit(engine, first).outcome == "loaded"
        stored = harness.snapshot(engine)
        assert {k: v[0] for k, v in stored["observations"].items()} == expected

        out = folder / f"export.{fmt}"
        write_export(observations_long(engine)[EXPORT_COLUMNS], out, fmt)
        exported = pd.read_csv(out, dtype={"region_code": str}) if fmt == "csv" else pd.read_excel(
            out, dtype={"region_code": str}, engine="openpyxl")
        assert len(exported) == len(expected)
        for row in exported.itertuples():
            key = (row.region_code, row.indicator_code, int(row.year), int(row.quarter),
                   bool(row.cumulative))
            if fmt == "csv":  # CSV carries the shortest exact representation
                assert row.value == expected[key]
            else:  # xlsxwriter writes 16 significant digits, beyond Excel's own 15
                assert row.value == pytest.approx(expected[key], rel=1e-15, abs=1e-300)

        again = read_and_validate(out.read_bytes(), out.name, engine, accept_outliers=True)
        assert again.ok, [p.line() for p in again.errors]
        assert {r.key for r in again.records} == set(expected)
        report = commit(engine, again)
        assert (report.n_new, report.n_changed, report.n_unchanged) == (0, 0, len(expected))
        assert report.outcome == "unchanged"
        assert harness.snapshot(engine) == stored
        check_rank_invariants(engine)
        _count()

    round_trip()


# ---- numbers as Chinese sheets write them ----------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def written_numbers(draw):
    value = draw(st.decimals(-10**12, 10**12, places=draw(st.integers(0, 6)),
                             allow_nan=False, allow_infinity=False))
    sign = "" if value >= 0 else draw(st.sampled_from(["-", "－", "−"]))
    whole, _, frac = f"{abs(value):f}".partition(".")
    if draw(st.booleans()):  # thousands separators
        groups = []
        while len(whole) > 3:
            whole, groups = whole[:-3], [whole[-3:]] + groups
        whole = draw(st.sampled_from([",", "，"])).join([whole] + groups)
    point = draw(st.sampled_from([".", "．", "。"]))
    text = sign + whole + (point + frac if frac else "")
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    percent = draw(st.sampled_from(["", "%", "％"]))
    pad = st.sampled_from(["", " ", "\u3000", "  "])
    return draw(pad) + text + percent + draw(pad), value, bool(percent)


@settings(max_examples=FAST_EXAMPLES, **SETTINGS)
@given(written_numbers())
def test_chinese_number_formats_parse_back_to_the_number_written(written):
    text, value, percent = written
    parsed = parse_number_text(text)
    assert parsed.error is None and not parsed.missing, (text, parsed)
    assert parsed.value == float(value) and parsed.percent == percent, (text, parsed)
    _count()


@settings(max_examples=FAST_EXAMPLES, **SETTINGS)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_printed_by_python_reads_back_exactly(x):
    assert parse_number_text(repr(x)).value == x
    _count()


# ---- ranks ----------------------------------------------------------------------------------

def expected_competition(keys: list[float | None]) -> list[int | None]:
    return [None if k is None else 1 + sum(1 for j in keys if j is not None and j < k) for k in keys]


@settings(max_examples=FAST_EXAMPLES, **SETTINGS)
@given(st.lists(st.tuples(st.integers(0, 3),
                          st.one_of(st.none(), st.integers(-5, 5).map(float),
                                    st.floats(-1e6, 1e6, allow_nan=False))), max_size=40))
def test_ranks_form_a_competition_ranking_and_count_only_regions_with_data(rows):
    groups = pd.Series([g for g, _ in rows], dtype="int64")
    keys = pd.Series([k for _, k in rows], dtype="float64")
    ranked = competition_rank(keys, groups)
    for g in set(groups):
        members = [i for i, (grp, _) in enumerate(rows) if grp == g]
        group_keys = [rows[i][1] for i in members]
        with_data = sum(k is not None for k in group_keys)
        for i, want in zip(members, expected_competition(group_keys)):
            if want is None:
                assert np.isnan(ranked["rank"][i]) and pd.isna(ranked["rank_of"][i])
            else:
                assert ranked["rank"][i] == want and ranked["rank_of"][i] == with_data
                assert ranked["tied"][i] == (group_keys.count(rows[i][1]) > 1)
        ranks = sorted(int(ranked["rank"][i]) for i in members if rows[i][1] is not None)
        # competition ranking: starts at 1; a tie of n at rank r is followed by rank r + n
        for pos, r in enumerate(ranks):
            assert r == 1 + next(p for p, x in enumerate(ranks) if x == r) and r <= pos + 1
    _count()


def check_rank_invariants(engine) -> None:
    """On the metric values a load left: in every default scope and period, every region
    with a value is ranked, the ranks are a competition ranking of the values in the
    indicator's direction, and rank_of is the number of the scope's regions with a value."""
    mv = MetricValue
    with engine.connect() as conn:
        catalog = load_catalog(conn)
        values = read_frame(conn, select(
            mv.indicator_code, mv.region_code, mv.year, mv.quarter, mv.cumulative, mv.value,
            mv.rank_scope_kind, mv.rank_scope_code, mv.rank, mv.rank_of))
    members = membership(catalog.regions, catalog.peers)
    ranks = values.merge(members[members["is_default"]], on="region_code")
    assert not ranks["rank"].isna().any(), "a region with a value has no rank"
    assert (ranks["rank_scope_kind"] == ranks["scope_kind"]).all()
    assert (ranks["rank_scope_code"] == ranks["scope_code"]).all()
    group = ["indicator_code", "scope_kind", "scope_code", "year", "quarter", "cumulative"]
    for _, g in ranks.groupby(group):
        lower = catalog.indicators.at[g["indicator_code"].iloc[0], "direction"] == "lower"
        keys = snap(g["value"].to_numpy()) * (1 if lower else -1)
        want = [1 + int(np.sum(keys < k)) for k in keys]
        assert list(g["rank"].astype(int)) == want
        assert (g["rank_of"] == len(g)).all()
