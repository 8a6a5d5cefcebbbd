"""The dashboard's read queries (db/queries.py) on a real SQLite database with known data."""

from __future__ import annotations

from datetime import timezone

import pytest

from db import queries
from tests.sample_data import (CITIES, CORRECTED_VALUE, CORRECTION_FILE, FIRST_FILE, LUAN,
                               LUAN_COUNTIES, MISSING_CITY, PROVINCE, ZONE, load_sample,
                               rd_value)


@pytest.fixture
def loaded(engine):
    load_sample(engine)
    return engine


def test_empty_database_has_no_observations_no_update_and_no_home_province(engine):
    assert not queries.has_observations(engine)
    assert queries.last_update(engine) is None
    assert queries.home_province(engine) is None
    assert not queries.is_simulated(engine)
    assert queries.periods(engine).empty
    assert queries.upload_history(engine).empty


def test_regions_of_a_province_read_like_the_province_city_by_city(engine):
    df = queries.regions(engine, PROVINCE)
    codes = list(df["code"])
    assert codes[0] == PROVINCE
    assert set(CITIES) <= set(codes) and set(LUAN_COUNTIES) <= set(codes) and ZONE in codes
    assert not any(c.startswith("11") for c in codes), "Beijing is not in Anhui"
    # Lu'an is followed by its own counties, then its zone, before the next city.
    luan = codes.index(LUAN)
    assert codes[luan + 1:luan + 8] == sorted(LUAN_COUNTIES)
    assert codes[luan + 8] == ZONE
    row = df[df["code"] == "341524"].iloc[0]
    assert (row["name_zh"], row["name_en"], row["level"], row["city_code"]) == \
        ("金寨县", "Jinzhai County", "county", LUAN)


def test_subtree_and_children_follow_parent_links(engine):
    # The Jinzhai industrial park hangs under Jinzhai County, so it is in the tree too.
    assert set(queries.subtree_codes(engine, LUAN)) == {LUAN, *LUAN_COUNTIES, ZONE, "Z341500-02"}
    assert list(queries.child_regions(engine, PROVINCE, ("city",))["code"]) == sorted(CITIES)
    counties = queries.child_regions(engine, LUAN, ("county",))
    assert list(counties["code"]) == sorted(LUAN_COUNTIES)


def test_indicators_come_in_catalog_order_with_units(engine):
    df = queries.indicators(engine)
    assert df.iloc[0]["code"] == "rd_expenditure"
    row = df[df["code"] == "rd_intensity"].iloc[0]
    assert (row["name_zh"], row["unit"], row["kind"]) == ("研发投入强度", "%", "ratio")
    assert df["sort_order"].is_monotonic_increasing


def test_periods_with_data_newest_first(loaded):
    df = queries.periods(loaded, "rd_expenditure")
    assert [(r.year, r.quarter) for r in df.itertuples()] == [(2025, 3), (2025, 0), (2024, 0)]
    assert bool(df.iloc[0]["cumulative"]) is True
    # Every indicator: one row per period, its values of both indicators counted together.
    every = queries.periods(loaded)
    regions = 1 + len(CITIES) + len(LUAN_COUNTIES) + 1
    assert [(r.year, r.quarter, r.n) for r in every.itertuples()] == [
        (2025, 3, 2 * regions - 1), (2025, 0, 2 * regions - 1), (2024, 0, 2 * regions)]


def test_observations_filtered_by_region_indicator_and_period_carry_provenance(loaded):
    df = queries.observations(loaded, region_codes=[LUAN, "341524"],
                              indicator_codes=["rd_expenditure"], year=2024, quarter=0)
    assert sorted(df["region_code"]) == [LUAN, "341524"]
    jinzhai = df[df["region_code"] == "341524"].iloc[0]
    assert jinzhai["value"] == pytest.approx(rd_value("341524", 2024, 0))
    assert (jinzhai["region_name_zh"], jinzhai["indicator_name_zh"], jinzhai["unit"]) == \
        ("金寨县", "全社会研发投入", "亿元")
    assert (jinzhai["file_name"], jinzhai["sheet"]) == (FIRST_FILE, "2024年")
    assert jinzhai["cell"].startswith("C")
    assert jinzhai["status"] == "simulated"


def test_no_filter_is_everything_and_an_empty_list_is_nothing(loaded):
    everything = queries.count_observations(loaded)
    assert everything == len(queries.observations(loaded))
    assert queries.count_observations(loaded, region_codes=[]) == 0
    missing = queries.count_observations(loaded, region_codes=[MISSING_CITY],
                                         indicator_codes=["rd_expenditure"], year=2025, quarter=0)
    assert missing == 0, "Fuyang reported no R&D expenditure for 2025"


def test_limit_caps_the_rows_but_not_the_count(loaded):
    assert len(queries.observations(loaded, limit=5)) == 5
    assert queries.count_observations(loaded) > 5


def test_a_corrected_value_shows_its_new_source_and_its_revision(loaded):
    df = queries.observations(loaded, region_codes=[LUAN], indicator_codes=["rd_expenditure"],
                              year=2025, quarter=0)
    obs = queries.observation(loaded, int(df.iloc[0]["id"]))
    assert obs["value"] == pytest.approx(CORRECTED_VALUE)
    assert (obs["file_name"], obs["sheet"], obs["cell"], obs["uploaded_by"]) == \
        (CORRECTION_FILE, "2025年", "C16", "tester")
    revs = queries.revisions(loaded, obs["id"])
    assert len(revs) == 1
    rev = revs.iloc[0]
    assert rev["old_value"] == pytest.approx(rd_value(LUAN, 2025, 0))
    assert rev["new_value"] == pytest.approx(CORRECTED_VALUE)
    assert (rev["file_name"], rev["old_file_name"]) == (CORRECTION_FILE, FIRST_FILE)


def test_an_unrevised_value_has_no_revisions_and_an_unknown_id_no_observation(loaded):
    df = queries.observations(loaded, region_codes=["341524"], year=2024, quarter=0)
    assert queries.revisions(loaded, int(df.iloc[0]["id"])).empty
    assert queries.observation(loaded, 10**9) is None


def test_upload_history_newest_first_with_counts(loaded):
    history = queries.upload_history(loaded)
    assert list(history["file_name"]) == [CORRECTION_FILE, FIRST_FILE]
    latest = history.iloc[0]
    assert (latest["outcome"], latest["n_changed"], latest["uploaded_by"]) == ("loaded", 1, "tester")
    assert history.iloc[1]["n_new"] == queries.count_observations(loaded)


def test_facts_about_the_data(loaded):
    assert queries.has_observations(loaded)
    assert queries.home_province(loaded) == PROVINCE
    assert queries.is_simulated(loaded)
    updated = queries.last_update(loaded)
    assert updated is not None and updated.tzinfo == timezone.utc


def test_reported_data_are_not_called_simulated(engine):
    load_sample(engine, status="reported")
    assert not queries.is_simulated(engine)


def _upload(engine, name: str, values: dict[str, float], year: int = 2025) -> int:
    """Store one R&D value per region (亿元), each in its own cell of column C."""
    from etl.load import store
    from etl.records import Record, SourceFile

    records = [Record(code, "rd_expenditure", year, 0, True, value, "2025年", f"C{row}")
               for row, (code, value) in enumerate(values.items(), start=2)]
    return store(engine, records, SourceFile(name, sha256=name)).upload_id


def test_an_uploads_changes_old_to_new_largest_change_first_then_its_new_values(engine):
    _upload(engine, "v1.xlsx", {"340100": 100.0, "340200": 50.0, "340300": 0.0})
    second = _upload(engine, "v2.xlsx", {"340100": 110.0, "340200": 25.0, "340300": 4.0,
                                         "340400": 7.0})
    changes = queries.upload_changes(engine, second)
    # From zero is the largest change; then -50% before +10%; the new value last, old NaN.
    assert list(changes["region_code"]) == ["340300", "340200", "340100", "340400"]
    assert list(changes["old_value"][:3]) == [0.0, 50.0, 100.0]
    assert changes["old_value"].isna().tolist() == [False, False, False, True]
    assert list(changes["new_value"]) == [4.0, 25.0, 110.0, 7.0]
    assert list(changes["cell"]) == ["C4", "C3", "C2", "C5"]
    assert queries.count_upload_changes(engine, second) == (3, 1)
    assert list(queries.upload_changes(engine, second, limit=2)["region_code"]) == ["340300", "340200"]


def test_an_uploads_new_values_stay_as_it_gave_them_after_a_later_correction(engine):
    first = _upload(engine, "v1.xlsx", {"340100": 100.0, "340200": 50.0})
    _upload(engine, "v2.xlsx", {"340100": 120.0})
    _upload(engine, "v3.xlsx", {"340100": 130.0})
    changes = queries.upload_changes(engine, first)
    assert changes[["region_code", "new_value", "cell"]].values.tolist() == [
        ["340100", 100.0, "C2"], ["340200", 50.0, "C3"]]
    assert changes["old_value"].isna().all()
    assert queries.count_upload_changes(engine, first) == (0, 2)


def test_an_upload_record_carries_its_flags(engine):
    upload_id = _upload(engine, "v1.xlsx", {"340100": 100.0})
    record = queries.upload_record(engine, upload_id)
    assert (record["file_name"], record["n_new"], record["flags"]) == ("v1.xlsx", 1, {})
    assert queries.upload_record(engine, upload_id + 1) is None
