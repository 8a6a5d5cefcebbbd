"""The year before's metrics as a refresh reads them: packed with each group's fingerprint
(metrics/packed.py) or, for groups stored before packing existed, as rows, which are then
packed. Both give the same values and ranks."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select, update

from db.metric_models import MetricDigest
from db.session import session_scope
from metrics.refresh import _read_year_before
from tests.sample_data import load_sample

CODES = {"rd_expenditure", "high_tech_enterprises"}


def _year_before(engine):
    with session_scope(engine) as session:
        return _read_year_before(session, CODES, {2024}, {0})


def _packed_groups(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(select(func.count(), func.count(MetricDigest.for_next_year))
                                  .where(MetricDigest.year == 2024)).one())


def test_packed_groups_read_as_their_rows(engine):
    load_sample(engine)
    n_groups, n_packed = _packed_groups(engine)
    assert n_groups >= 2 and n_packed == n_groups  # every refresh packs what it writes
    packed = _year_before(engine)

    with engine.begin() as conn:  # a database from before the packing (migration 0021)
        conn.execute(update(MetricDigest).values(for_next_year=None))
    as_rows = _year_before(engine)
    assert _packed_groups(engine) == (n_groups, n_groups)  # packed as they were read

    assert len(packed.values) > 20 and packed.ranks["rank"].notna().any()
    assert {"peer", "province_cities"} <= set(packed.ranks["scope_kind"])  # text of both kinds
    assert set(packed.values["indicator_code"]) == CODES
    pd.testing.assert_frame_equal(packed.values, as_rows.values)
    pd.testing.assert_frame_equal(packed.ranks, as_rows.ranks)
    pd.testing.assert_frame_equal(_year_before(engine).ranks, as_rows.ranks)
