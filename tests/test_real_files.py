"""The official tables in ../shared/real load as people receive them, through `python -m etl
load` with no flags, with the right values; and load → export → load changes nothing.

The files are read where they are (never copied into the repository). Where the folder is
missing these tests are skipped with a plain message; tests/test_official_layouts.py covers
the same difficulties with sheets written by the tests themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from db.models import Observation, Upload
from db.session import get_engine, session_scope
from tests.test_cli import ROOT, run

REAL = Path(os.environ.get("REAL_DATA_DIR", ROOT.parent / "shared" / "real"))
pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"the real official tables are not here ({REAL} is missing; "
                              "set REAL_DATA_DIR to their folder)")

RD, INTENSITY, PATENTS = "rd_expenditure", "rd_intensity", "invention_patents_granted"
NATION, BEIJING, JILIN, INNER_MONGOLIA, TIBET, ANHUI = ("100000", "110000", "220000", "150000",
                                                        "540000", "340000")


def values(db_url, indicator: str, year: int) -> dict[str, float]:
    with session_scope(get_engine(db_url)) as s:
        rows = s.execute(select(Observation.region_code, Observation.value).where(
            Observation.indicator_code == indicator, Observation.year == year,
            Observation.quarter == 0))
        return dict(rows.all())


def load(db_url, *paths: Path, expect: int = 0):
    done = run(db_url, "load", *map(str, paths))
    assert done.returncode == expect, done.stdout + done.stderr
    return done


@pytest.fixture
def sqlite_db(sqlite_url):
    return sqlite_url


def test_every_nbs_bulletin_loads_with_its_figures(sqlite_db):
    files = sorted((REAL / "nbs-rd-bulletin").glob("raw-*.xlsx"))
    assert len(files) == 12
    done = load(sqlite_db, *files)
    # The year is in the file name only; the amounts state no unit: read in 亿元, and said so.
    assert "未注明单位，按指标单位亿元读取" in done.stderr
    spend, intensity = values(sqlite_db, RD, 2022), values(sqlite_db, INTENSITY, 2022)
    assert {c: spend[c] for c in (NATION, BEIJING, JILIN, INNER_MONGOLIA, TIBET, ANHUI)} == {
        NATION: 30782.9, BEIJING: 2843.3, JILIN: 187.3, INNER_MONGOLIA: 209.5, TIBET: 7.0,
        ANHUI: 1152.5}
    assert {c: intensity[c] for c in (NATION, BEIJING, JILIN, INNER_MONGOLIA, TIBET)} == {
        NATION: 2.54, BEIJING: 6.83, JILIN: 1.43, INNER_MONGOLIA: 0.9, TIBET: 0.33}
    old = values(sqlite_db, RD, 2011)
    assert (old[JILIN], old[INNER_MONGOLIA], old[TIBET], old[NATION]) == (89.1, 85.2, 1.2, 8687.0)
    assert len(spend) == 32 and len(old) == 32  # 31 provinces and the nation, every year
    # raw-2018.xlsx holds the 2019 figures: the load of 2019 after it says so.
    assert "本期全部数值与2018年已有数据完全相同，请核对期间" in done.stderr


def test_the_2018_file_warns_when_loaded_after_2019(sqlite_db):
    load(sqlite_db, REAL / "nbs-rd-bulletin" / "raw-2019.xlsx")
    done = run(sqlite_db, "load", "--lang", "en", str(REAL / "nbs-rd-bulletin" / "raw-2018.xlsx"))
    assert "Every value equals what 2019 already holds: check the period" in done.stderr


@pytest.mark.parametrize("year, expected", [
    (2022, {NATION: 30782.8823, BEIJING: 2843.3394, JILIN: 187.2794, INNER_MONGOLIA: 209.513,
            TIBET: 6.959, ANHUI: 1152.5148}),
    (2021, {NATION: 27956.3073, BEIJING: 2629.3208, JILIN: 183.6516, INNER_MONGOLIA: 190.0595,
            TIBET: 5.9989, ANHUI: 1006.1245}),
])
def test_yearbook_1_14_in_wan_yuan_above_the_header_loads_in_yi_yuan(sqlite_db, year, expected):
    done = load(sqlite_db, REAL / "yearbook-1-14-rd-by-source" / f"raw-{year}.xlsx")
    got = values(sqlite_db, RD, year)
    assert {c: pytest.approx(v, abs=1e-6) for c, v in got.items() if c in expected} == expected
    assert len(got) == 32
    # Funds by source are no catalog indicator: skipped, each named; 东部地区 … skipped as groups.
    for header in ("政府资金", "企业资金", "国外资金", "其他资金"):
        assert f"列“{header}”不在指标目录中" in done.stderr


@pytest.mark.parametrize("name, year, expected", [
    ("raw-2022.xlsx", 2022, {NATION: 695591, BEIJING: 88127, JILIN: 6483, INNER_MONGOLIA: 2054,
                             TIBET: 149, ANHUI: 26180}),
    ("raw-2022.xls", 2022, {NATION: 695591, BEIJING: 88127, JILIN: 6483, INNER_MONGOLIA: 2054,
                            TIBET: 149, ANHUI: 26180}),
    ("raw-2021.xlsx", 2021, {NATION: 585910, BEIJING: 79210, JILIN: 5730, INNER_MONGOLIA: 1651,
                             TIBET: 184, ANHUI: 23624}),
])
def test_yearbook_8_8_invention_patents_by_title_and_header(sqlite_db, name, year, expected):
    """发明 under the title 国内三种专利授权数 is 发明专利授权量; the .xls is CNKI's, encrypted
    with Excel's default key."""
    load(sqlite_db, REAL / "yearbook-8-8-patents-granted" / name)
    got = values(sqlite_db, PATENTS, year)
    assert {c: got[c] for c in expected} == expected
    assert {"810000", "820000", "710000"} <= set(got)  # Hong Kong, Macao and Taiwan as printed


def test_yearbook_1_8_time_series_loads_every_year(sqlite_db):
    load(sqlite_db, REAL / "yearbook-1-8-rd-intensity" / "raw-2021.xlsx")
    assert values(sqlite_db, INTENSITY, 2012)[BEIJING] == pytest.approx(5.589377562782757)
    assert values(sqlite_db, INTENSITY, 2021)[JILIN] == 1.39
    assert values(sqlite_db, INTENSITY, 2015)[INNER_MONGOLIA] == pytest.approx(1.050750250984632)
    assert values(sqlite_db, INTENSITY, 2016)[TIBET] == pytest.approx(0.18911849957374252)
    assert values(sqlite_db, INTENSITY, 2021)[NATION] == 2.43
    assert all(len(values(sqlite_db, INTENSITY, y)) == 32 for y in range(2012, 2022))


def test_load_export_load_changes_nothing(sqlite_db, tmp_path):
    every = sorted(p for p in REAL.rglob("raw-*.xls*"))
    assert len(every) == 18
    for path in every:
        load(sqlite_db, path)
    out = tmp_path / "all.csv"
    assert run(sqlite_db, "export", "--out", str(out)).returncode == 0
    before = pd.read_csv(out, dtype={"region_code": str})
    done = load(sqlite_db, out)
    assert "0 新增 / new, 0 修改 / changed" in done.stdout
    assert f"{len(before)} 未变" in done.stdout
    with session_scope(get_engine(sqlite_db)) as s:
        assert s.scalar(select(Upload.outcome).order_by(Upload.id.desc()).limit(1)) == "unchanged"
