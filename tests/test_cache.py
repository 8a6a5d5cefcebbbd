"""The per-worker memo of catalogs and data facts: reused while nothing changed, reread as
soon as the catalog or the data did (by any process: the versions live in the database)."""

from __future__ import annotations

from sqlalchemy import select

from db import queries
from db import cache
from db.cache import bump_catalog_version
from db.models import Indicator
from db.session import session_scope
from etl.load import store
from etl.records import Record, SourceFile

LUAN = "341500"


def test_a_renamed_indicator_shows_once_the_catalog_version_moves(engine):
    before = queries.indicators(engine)
    assert "全社会研发投入" in set(before["name_zh"])
    with session_scope(engine) as session:
        session.scalars(select(Indicator).where(Indicator.code == "rd_expenditure")).one() \
            .name_zh = "研发经费投入总额"
    # Same counts, no bump yet: the memo still answers (this is what the bump is for).
    assert "全社会研发投入" in set(queries.indicators(engine)["name_zh"])
    with session_scope(engine) as session:
        bump_catalog_version(session)
    names = set(queries.indicators(engine)["name_zh"])
    assert "研发经费投入总额" in names and "全社会研发投入" not in names


def test_a_handed_out_frame_cannot_alter_the_memo(engine):
    frame = queries.indicators(engine)
    frame.loc[:, "name_zh"] = "x"
    assert "x" not in set(queries.indicators(engine)["name_zh"])


def test_periods_and_last_update_follow_a_load(engine):
    assert queries.periods(engine).empty and queries.last_update(engine) is None
    store(engine, [Record(LUAN, "gdp", 2025, 0, True, 2400.0)], SourceFile("a.xlsx"))
    periods = queries.periods(engine)
    assert [(int(r.year), int(r.quarter)) for r in periods.itertuples()] == [(2025, 0)]
    assert queries.last_update(engine) is not None
    store(engine, [Record(LUAN, "gdp", 2025, 3, True, 1700.0)], SourceFile("b.xlsx"))
    assert (2025, 3) in {(int(r.year), int(r.quarter)) for r in queries.periods(engine).itertuples()}


def test_the_memo_keeps_the_most_recently_used_values(engine, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    loads = []

    def value(key):
        return cache.cached(engine, ("test", key), lambda: loads.append(key) or key)

    value("a"), value("b"), value("a"), value("c")  # "b" is the least recently used
    assert value("a") == "a" and value("c") == "c" and loads == ["a", "b", "c"]
    assert value("b") == "b" and loads == ["a", "b", "c", "b"], "b was dropped and read again"
