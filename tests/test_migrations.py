"""Migrations that rebuild tables keep every row: a database of the sample data taken back to
the revision before and forward again holds the same metrics, under the keys the models say."""

from __future__ import annotations

import pandas as pd
from alembic import command
from sqlalchemy import inspect, select

from db.metric_models import MetricRank, MetricValue
from db.session import alembic_config, get_engine
from metrics.sql import read_frame
from tests.sample_data import load_sample


def _alembic(url: str, verb: str, revision: str) -> None:
    cfg = alembic_config(url)
    with get_engine(url).begin() as connection:
        cfg.attributes["connection"] = connection
        getattr(command, verb)(cfg, revision)


def _rows(engine, model) -> pd.DataFrame:
    keys = [c.name for c in model.__table__.primary_key.columns]
    with engine.connect() as conn:
        frame = read_frame(conn, select(*model.__table__.columns))
    return frame.sort_values(keys).reset_index(drop=True)


def _key(engine, table: str) -> list[str]:
    return inspect(engine).get_pk_constraint(table)["constrained_columns"]


def test_period_first_keys_survive_a_downgrade_and_upgrade_with_every_row(engine, db_url):
    """0008 (metric keys) and 0009 (observation period index) taken back and forth."""
    load_sample(engine)
    before = {m: _rows(engine, m) for m in (MetricValue, MetricRank)}
    assert len(before[MetricValue]) > 100 and len(before[MetricRank]) > 100

    _alembic(db_url, "downgrade", "0007")
    engine.dispose()
    assert _key(engine, "metric_values") == ["indicator_code", "region_code", "year", "quarter",
                                             "cumulative"]
    assert "ix_metric_ranks_period" in {i["name"] for i in inspect(engine).get_indexes(
        "metric_ranks")}

    _alembic(db_url, "upgrade", "head")
    engine.dispose()
    for model in (MetricValue, MetricRank):
        table = model.__table__
        assert _key(engine, table.name) == [c.name for c in table.primary_key.columns]
        assert inspect(engine).get_indexes(table.name) == []
        pd.testing.assert_frame_equal(_rows(engine, model), before[model])
    assert "ix_observations_period" in {i["name"] for i in inspect(engine).get_indexes(
        "observations")}
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = "
                                       "'metric_values'").scalar()
        assert "WITHOUT ROWID" in ddl
