"""What the shell around every page asks of the data on each new data version (db/queries.py):
how many values are stored, when one last changed, whether any is official or simulated.
On a large database these were scans of every value on the first page after each load; now
the first two are carried by the load from the version before, and the last two are index
seeks. Real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from db import cache, queries
from db.models import Observation
from db.session import get_engine
from etl.load import record_rejection, store
from etl.records import Record, SourceFile
from tests.sample_data import LUAN, load_sample


@pytest.fixture
def reported(db_url):
    engine = get_engine(db_url)
    load_sample(engine, status="reported")
    return engine


def counted(engine) -> tuple[int, object]:
    """The two footer facts from the table itself."""
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(Observation))
        last = conn.scalar(select(func.max(Observation.updated_at)))
    return total, queries.as_utc(last)


def footer_facts(engine) -> tuple[int, object]:
    """The footer's facts as a fresh worker reads them (its own memo empty), and how it got
    them: computed, or read from the shared answers."""
    cache.clear()
    cache.answer_counts.clear()
    facts = queries.observations_total(engine), queries.last_update(engine)
    return facts, dict(cache.answer_counts)


def test_a_load_carries_the_count_and_the_last_change_to_the_version_it_makes(reported):
    footer_facts(reported)  # the first page after the sample computed them
    store(reported, [Record(LUAN, "rd_expenditure", 2025, 0, True, 123.4),  # changed
                     Record(LUAN, "rd_expenditure", 2031, 0, True, 5.0)],  # new
          SourceFile("c.xlsx"))
    facts, how = footer_facts(reported)
    assert how == {"shared": 2}, "read as the load left them, not counted again"
    assert facts == counted(reported)


def test_an_unchanged_file_and_a_rejected_one_carry_them_too(reported):
    before, _ = footer_facts(reported)
    store(reported, [Record(LUAN, "rd_expenditure", 2031, 0, True, 5.0)], SourceFile("a.xlsx"))
    store(reported, [Record(LUAN, "rd_expenditure", 2031, 0, True, 5.0)], SourceFile("b.xlsx"))
    record_rejection(reported, SourceFile("bad.xlsx"), n_errors=2, n_warnings=0, message="x")
    facts, how = footer_facts(reported)
    assert how == {"shared": 2}
    assert facts == counted(reported) and facts[0] == before[0] + 1


def test_without_the_facts_of_the_version_before_the_next_page_counts(reported):
    cache.clear()
    with reported.begin() as conn:  # no worker computed them: the shared answers are empty
        conn.exec_driver_sql("DELETE FROM answer_cache")
    store(reported, [Record(LUAN, "rd_expenditure", 2031, 0, True, 5.0)], SourceFile("c.xlsx"))
    facts, how = footer_facts(reported)
    assert "shared" not in how and how["computed"] >= 2
    assert facts == counted(reported)


def test_official_and_simulated_values_and_the_demo_upload_are_told_apart(reported):
    assert not queries.is_simulated(reported) and not queries.has_official(reported)
    store(reported, [Record(LUAN, "gdp", 2030, 0, True, 9.0, status="official")],
          SourceFile("official"))
    assert queries.has_official(reported) and not queries.is_simulated(reported)
    store(reported, [Record(LUAN, "gdp", 2031, 0, True, 9.0)], SourceFile("demo", source="demo"))
    assert queries.is_simulated(reported), "a value of the demo's upload is simulated"


def test_simulated_values_are_simulated(db_url):
    engine = get_engine(db_url)
    load_sample(engine, status="simulated")
    assert queries.is_simulated(engine) and not queries.has_official(engine)


def test_whether_any_value_is_official_or_simulated_is_a_seek_not_a_scan(reported):
    assert "ix_observations_special_status" in {
        index["name"] for index in inspect(reported).get_indexes("observations")}
    if reported.dialect.name != "sqlite":
        return  # PostgreSQL's planner takes a scan of a table this small: its plan says nothing
    with reported.connect() as conn:
        for stmt in (queries.ANY_OFFICIAL, queries.ANY_SIMULATED):
            compiled = stmt.compile(reported)
            plan = " | ".join(row[3] for row in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled}",
                tuple(compiled.params[name] for name in compiled.positiontup)))
            assert "SCAN observations" not in plan and "SCAN o" not in plan, plan
            assert "ix_observations_special_status" in plan, plan
