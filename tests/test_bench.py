"""The benchmark's own machinery on its quick province dataset: the generator adds up like a
yearbook, its workbook goes through the real ingest, and `python -m bench` ends with JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.dataset import EXTRA, NEXT_QUARTER, counts
from db.models import Observation, Region
from db.session import get_engine, session_scope
from etl.pipeline import read_and_validate

ROOT = Path(__file__).resolve().parent.parent
HEFEI = "340100"


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench")
    os.environ["BENCH_DATA_DIR"] = str(path)
    yield path
    os.environ.pop("BENCH_DATA_DIR", None)


@pytest.fixture(scope="module")
def quick_province(bench_dir):
    from bench.__main__ import database

    url, workbook = database("province", quick=True)
    return get_engine(url), workbook


def _value(session, region, indicator, year, quarter=0):
    return session.scalar(select(Observation.value).where(
        Observation.region_code == region, Observation.indicator_code == indicator,
        Observation.year == year, Observation.quarter == quarter))


def test_generated_cities_are_the_sums_of_their_counties(quick_province):
    engine, _ = quick_province
    with session_scope(engine) as session:
        counties = session.scalars(select(Region.code).where(Region.parent_code == HEFEI,
                                                             Region.level == "county")).all()
        for indicator, quarter in (("rd_expenditure", 0), ("high_tech_enterprises", 2)):
            parts = [_value(session, c, indicator, 2025, quarter) for c in counties]
            assert _value(session, HEFEI, indicator, 2025, quarter) == pytest.approx(sum(parts))
        # A ratio is its numerator over its denominator, at the city too.
        rd, gdp = _value(session, HEFEI, "rd_expenditure", 2025), _value(session, HEFEI, "gdp", 2025)
        assert _value(session, HEFEI, "rd_intensity", 2025) == pytest.approx(rd / gdp * 100, abs=1e-4)
    sizes = counts(engine)
    assert sizes["indicators"] >= 40 and sizes["metric_values"] > sizes["observations"] // 2


def test_the_quarter_workbook_passes_the_real_ingest(quick_province):
    engine, workbook = quick_province
    result = read_and_validate(workbook.read_bytes(), workbook.name, engine, province_code="340000")
    assert result.ok, [p.line("en") for p in result.errors[:3]]
    assert {(r.year, r.quarter) for r in result.records} == {NEXT_QUARTER}
    assert {r.indicator_code for r in result.records} >= {code for code, *_ in EXTRA}
    assert len(result.records) > 130 * 34  # every region, every indicator but ratios and ranks


def test_the_bench_command_prints_a_table_and_then_json(quick_province, bench_dir):
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "province", "--quick", "--no-page",
         "--repeats", "2"], cwd=ROOT, capture_output=True, text=True, timeout=900,
        env=os.environ | {"BENCH_DATA_DIR": str(bench_dir)})
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    assert "ingest: load / parse" in out.stdout
    result = json.loads(lines[-1])
    province = result["province"]
    ingest = province["ingest"]
    assert ingest["values"] > 0 and ingest["openpyxl_parse_s"] > 0
    # the floor: the load's own rows (observations and their metrics) inserted alone
    assert ingest["rows_written"] > ingest["values"] and 0 < ingest["insert_only_s"] < ingest["load_s"]
    assert 0 < ingest["insert_observations_s"] < ingest["insert_only_s"]
    assert "the observations alone / parse" in out.stdout
    # what a user would write instead, each reader timed against the same parse
    assert all(ingest[f"naive_{reader}_ratio"] > 0 for reader in ("openpyxl", "calamine"))
    assert 0 < ingest["load_cpu_s"] and ingest["cpu_ratio"] > 0
    assert "naive calamine+melt+to_sql / parse" in out.stdout
    # the load's stages, in the order it runs them, adding up to (nearly) the whole load
    stages = ingest["stages_s"]
    assert list(stages["read_validate"]) == ["read the workbook", "cells to values",
                                             "check values"]
    assert list(stages["store_refresh"]) == ["compare with stored", "write values",
                                             "read metric inputs", "compute metrics",
                                             "write metrics", "commit"]
    for part in ("read_validate", "store_refresh"):
        assert all(s >= 0 for s in stages[part].values())
        assert 0.5 * ingest[f"{part}_s"] < sum(stages[part].values()) <= 1.01 * ingest[f"{part}_s"]
    assert "    compute metrics (s)" in out.stdout
    assert set(province["callbacks"]) == {"overview", "trends", "rankings", "compare", "map", "data"}
    assert all(c["p50_ms"] > 0 and c["bytes"] > 1000 for c in province["callbacks"].values())
    assert 50 < province["rss_mb"] < 5000
    # the command line as processes: --help, and a load into a copy of the bench database
    cli = result["cli"]
    assert cli["repeats"] == 2 and 0 < cli["help_s"] < cli["load_s"]
    assert 0 < cli["load_cpu_s"] and "cli: python -m etl load (s)" in out.stdout
    # the floor of the load as a process: Python started, the load's modules imported
    assert 0 < cli["imports_s"] < cli["load_s"]
    # The ingest forgets its quarter afterwards: the bench database is left as built.
    engine, _ = quick_province
    with session_scope(engine) as session:
        assert session.scalar(select(Observation.id).where(Observation.year == NEXT_QUARTER[0])) is None


def test_two_scales_are_timed_call_after_call_by_their_own_workers(quick_province):
    """The national / province ratios come from two worker processes asked in turn."""
    from bench.__main__ import bench_env
    from bench.callbacks import PAGES, measure

    engine, _ = quick_province
    url = engine.url.render_as_string(hide_password=False)
    result = measure({"first": url, "second": url}, repeats=2, env=bench_env(url))
    assert set(result) == {"first", "second"}
    for served in result.values():
        assert set(served["callbacks"]) == set(PAGES)
        assert all(c["p50_ms"] > 0 and c["bytes"] > 1000 for c in served["callbacks"].values())
        assert 50 < served["rss_mb"] < 5000
    # the same views of the same data: the same responses
    assert ({n: c["bytes"] for n, c in result["first"]["callbacks"].items()}
            == {n: c["bytes"] for n, c in result["second"]["callbacks"].items()})
