"""Migrations that rebuild tables keep every row: a database of the sample data taken back to
the revision before and forward again holds the same metrics, under the keys the models say.
(metric_ranks, dropped by 0010, comes back empty on the way down: it was a cache.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from db.metric_models import MetricDigest, MetricValue
from db.models import Observation, Revision
from db.session import alembic_config, head_revision, migrate, stored_revisions
from etl.load import store
from etl.records import Record, SourceFile
from db.frames import read_frame
from metrics.refresh import open_database
from tests.sample_data import load_sample


def _rows(engine, model) -> pd.DataFrame:
    """The table's rows in key order, of the columns it has at the current revision."""
    keys = [c.name for c in model.__table__.primary_key.columns]
    present = {c["name"] for c in inspect(engine).get_columns(model.__tablename__)}
    with engine.connect() as conn:
        frame = read_frame(conn, select(*(c for c in model.__table__.columns
                                          if c.name in present)))
    return frame.sort_values(keys).reset_index(drop=True)


def _unpacked(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows without the packed copy of a metric group (0021): a downgrade drops it, and a
    refresh packs the group again when it reads it."""
    return frame.drop(columns="for_next_year", errors="ignore")


def _key(engine, table: str, unique: str | None = None) -> list[str]:
    """The columns of the table's primary key, or of the named unique constraint."""
    if unique is None:
        return inspect(engine).get_pk_constraint(table)["constrained_columns"]
    found = {u["name"]: u["column_names"] for u in inspect(engine).get_unique_constraints(table)}
    return found[unique]


def test_period_first_keys_survive_a_downgrade_and_upgrade_with_every_row(engine, db_url):
    """0008 (metric keys), 0009 (observation key) and 0010 (no metric_ranks) back and forth."""
    load_sample(engine)
    before = {m: _rows(engine, m) for m in (MetricValue, MetricDigest, Observation, Revision)}
    assert len(before[MetricValue]) > 100

    migrate(db_url, "0007", down=True)
    engine.dispose()
    assert _key(engine, "metric_values") == ["indicator_code", "region_code", "year", "quarter",
                                             "cumulative"]
    assert "ix_metric_ranks_period" in {i["name"] for i in inspect(engine).get_indexes(
        "metric_ranks")}
    assert {"ranks_hash", "n_ranks"} <= {c["name"] for c in inspect(engine).get_columns(
        "metric_digests")}
    assert _key(engine, "observations", unique="uq_observation_key") == [
        "region_code", "indicator_code", "year", "quarter", "cumulative"]

    migrate(db_url)
    engine.dispose()
    assert "metric_ranks" not in inspect(engine).get_table_names()
    for model in (MetricValue, MetricDigest):
        table = model.__table__
        assert _key(engine, table.name) == [c.name for c in table.primary_key.columns]
        assert inspect(engine).get_indexes(table.name) == []
        assert [c["name"] for c in inspect(engine).get_columns(table.name)] == [
            c.name for c in table.columns]
        pd.testing.assert_frame_equal(_unpacked(_rows(engine, model)), _unpacked(before[model]))
    assert _key(engine, "observations", unique="uq_observation_key") == [
        "indicator_code", "year", "quarter", "cumulative", "region_code"]
    assert {i["name"] for i in inspect(engine).get_indexes("observations")
            if not i.get("duplicates_constraint")} == {
        "ix_observations_region", "ix_observations_upload_id", "ix_observations_special_status"
    } == {i.name for i in Observation.__table__.indexes}
    for model in (Observation, Revision):
        pd.testing.assert_frame_equal(_rows(engine, model), before[model])
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = "
                                       "'metric_values'").scalar()
            assert "WITHOUT ROWID" in ddl
            # The rebuilt observations are still what revisions refer to, foreign keys on.
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert "REFERENCES observations" in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'revisions'").scalar()


def _first_quarter(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["quarter"] == 1]


def test_the_first_quarter_alone_is_folded_into_the_year_to_date_row(engine, db_url):
    """0011: a database that stored quarter 1 alone beside 1-3月 keeps one row each, with
    the status of a reported quarter alone."""
    load_sample(engine)
    counties = ["341502", "341503", "341504"]
    store(engine, [Record(c, "rd_expenditure", 2025, 1, c != counties[0], 2.0 + i, "2025Q1",
                          f"C{i + 3}") for i, c in enumerate(counties)],
          SourceFile("2025Q1.xlsx", sha256="q1"))
    before = {m: _rows(engine, m) for m in (MetricValue, MetricDigest)}
    q1 = _first_quarter(before[MetricValue])
    assert len(q1) == len(counties) and q1["cumulative"].all()
    reported_alone = q1[q1["region_code"] == counties[0]]
    assert list(reported_alone["status"]) == ["reported"]

    migrate(db_url, "0010", down=True)
    engine.dispose()
    assert _first_quarter(_rows(engine, MetricValue)).empty
    assert _first_quarter(_rows(engine, MetricDigest)).empty
    # What 0010 stored: quarter 1 alone beside 1-3月 for a flow; where only the quarter alone
    # was reported, the 1-3月 row was the derived one.
    old = pd.concat([q1, q1[q1["indicator_code"] == "rd_expenditure"].assign(cumulative=False)])
    derived = (old["region_code"] == counties[0]).to_numpy() & old["cumulative"].to_numpy()
    old.loc[derived, "status"] = "derived"
    with engine.begin() as conn:
        conn.execute(MetricValue.__table__.insert(), old.astype(object).where(
            old.notna(), None).to_dict("records"))
        conn.execute(MetricDigest.__table__.insert(),
                     _unpacked(_first_quarter(before[MetricDigest])).to_dict("records"))

    migrate(db_url)
    engine.dispose()
    for model in (MetricValue, MetricDigest):
        pd.testing.assert_frame_equal(_unpacked(_rows(engine, model)), _unpacked(before[model]))


def test_a_year_and_its_1_12_figure_become_one_observation(engine, db_url):
    """0013: where the year and its 1-12月 figure were stored apart, one annual observation
    stays: the newer upload's value, the older kept as a revision; a 1-12月 value alone
    becomes the year's; the metrics are rebuilt at the next start."""
    from sqlalchemy import text

    from db import queries
    from db.models import AppMeta, Upload
    from db.session import session_scope
    from metrics.refresh import open_database

    load_sample(engine)
    migrate(db_url, "0012", down=True)
    engine.dispose()
    with session_scope(engine) as s:
        older, newer = (Upload(file_name=f"{n}.xlsx", sha256=n, size_bytes=1, outcome="loaded")
                        for n in ("older", "newer"))
        s.add_all([older, newer])
        s.flush()
        rows = [("341502", 0, 100.0, older.id), ("341502", 4, 110.0, newer.id),  # 1-12月 newer
                ("341503", 0, 50.0, newer.id), ("341503", 4, 45.0, older.id),  # the year newer
                ("341504", 4, 30.0, older.id),  # 1-12月 alone
                ("341522", 0, 7.0, older.id), ("341522", 4, 7.0, newer.id)]  # the same figure
        for region, quarter, value, upload in rows:
            s.add(Observation(region_code=region, indicator_code="gdp", year=2031, quarter=quarter,
                              cumulative=True, value=value, upload_id=upload, sheet="S",
                              cell=f"Q{quarter}"))
        s.flush()
        q4 = s.scalar(select(Observation.id).where(Observation.region_code == "341522",
                                                   Observation.quarter == 4))
        s.add(Revision(observation_id=q4, old_value=6.0, new_value=7.0, upload_id=newer.id))
        ids = older.id, newer.id

    migrate(db_url)
    engine.dispose()
    with session_scope(engine) as s:
        kept = {o.region_code: (o.quarter, o.value, o.upload_id, o.cell) for o in s.scalars(
            select(Observation).where(Observation.indicator_code == "gdp", Observation.year == 2031))}
        revisions = {(r.observation_id, r.old_value, r.new_value, r.old_upload_id, r.upload_id)
                     for r in s.scalars(select(Revision).join(Observation).where(
                         Observation.year == 2031))}
        annual = {o.region_code: o.id for o in s.scalars(select(Observation).where(
            Observation.year == 2031))}
        assert s.get(AppMeta, "refresh_metrics") is not None
    older, newer = ids
    assert kept == {"341502": (0, 110.0, newer, "Q4"), "341503": (0, 50.0, newer, "Q0"),
                    "341504": (0, 30.0, older, "Q4"), "341522": (0, 7.0, older, "Q0")}
    assert revisions == {(annual["341502"], 100.0, 110.0, older, newer),
                         (annual["341503"], 45.0, 50.0, older, newer),
                         (annual["341522"], 6.0, 7.0, None, newer)}

    open_database(db_url)  # the next start rebuilds the metrics it asked for
    with session_scope(engine) as s:
        assert s.get(AppMeta, "refresh_metrics") is None
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM metric_values WHERE indicator_code = 'gdp' "
                                 "AND region_code = '341502' AND year = 2031 AND quarter = 0")
                            ).scalar() == 110.0
    periods = queries.periods(engine, "gdp")
    assert not ((periods["year"] == 2031) & (periods["quarter"] == 4)).any()


def test_target_revisions_and_upload_target_counts_come_and_go_with_every_other_row(engine, db_url):
    """0015: down to 0014 drops target_revisions and the uploads' target counts and keeps
    every upload and target; up again brings them back, the counts 0 where not known."""
    from db.models import Target, TargetRevision, Upload
    from etl.records import TargetRecord

    load_sample(engine)
    for value, name in ((20.0, "目标.xlsx"), (22.0, "目标更正.xlsx")):
        store(engine, [], SourceFile(name, sha256=name, sheets=("2025年目标",)),
              targets=[TargetRecord("341500", "rd_expenditure", 2025, value, "2025年目标", "C3")])
    assert len(_rows(engine, TargetRevision)) == 1
    uploads, targets = _rows(engine, Upload), _rows(engine, Target)
    assert list(uploads["n_targets_changed"]) == [0, 0, 0, 1]

    migrate(db_url, "0014", down=True)
    engine.dispose()
    assert "target_revisions" not in inspect(engine).get_table_names()
    assert not {c["name"] for c in inspect(engine).get_columns("uploads")} & {
        "n_targets_new", "n_targets_changed", "n_targets_unchanged"}

    migrate(db_url)
    engine.dispose()
    assert _rows(engine, TargetRevision).empty
    assert {i["name"] for i in inspect(engine).get_indexes("target_revisions")} == {
        "ix_target_revisions_target_id", "ix_target_revisions_upload_id"}
    counts = ["n_targets_new", "n_targets_changed", "n_targets_unchanged"]
    after = _rows(engine, Upload)
    assert (after[counts] == 0).all().all()
    pd.testing.assert_frame_equal(after.drop(columns=counts), uploads.drop(columns=counts))
    pd.testing.assert_frame_equal(_rows(engine, Target), targets)


def test_the_head_revision_read_from_the_file_names_is_alembics_head():
    """db.session.migrate skips alembic when the database is at head_revision(): the file
    names must carry the revisions, and the newest name the head."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revision() == script.get_current_head()
    for migration in script.walk_revisions():
        assert Path(migration.path).name.startswith(f"{migration.revision}_")


def test_a_database_behind_the_head_is_migrated_when_opened(engine, db_url):
    assert stored_revisions(engine) == {head_revision()}
    migrate(db_url, "0016", down=True)
    engine.dispose()
    assert stored_revisions(engine) == {"0016"}
    assert "login_throttles" not in inspect(engine).get_table_names()
    open_database(db_url)
    assert stored_revisions(engine) == {head_revision()}
    engine.dispose()
    assert "login_throttles" in inspect(engine).get_table_names()  # made by the head, 0017
