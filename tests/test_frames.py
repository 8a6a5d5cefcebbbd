"""db.frames: a frame written with write_frame reads back as it was, whichever of its values
are missing (rows go to the database grouped by the columns they leave empty)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from db.frames import read_frame, write_frame
from db.metric_models import MetricValue


def _plain(frame: pd.DataFrame) -> list[list]:
    """Rows as plain values, None for every kind of missing."""
    return frame.astype(object).where(frame.notna(), None).to_numpy().tolist()


def test_rows_missing_different_values_read_back_as_written(engine):
    n = 7
    frame = pd.DataFrame({
        "indicator_code": ["gdp"] * n,
        "region_code": [f"34150{i}" for i in range(n)],
        "year": [2024] * n, "quarter": [0] * n, "cumulative": [True] * n,
        "value": [float(i + 1) for i in range(n)],
        "status": ["reported"] * (n - 1) + ["derived"],
        # missing in different rows and combinations, one row missing none of them
        "prev_value": [1.0, np.nan, 2.0, np.nan, 3.0, 4.0, 5.0],
        "rank": pd.array([1, None, 3, 4, None, 6, 7], dtype="Int64"),
        "tied": pd.array([False, None, True, None, False, False, True], dtype="boolean"),
        "peer_group": [None, "g1", None, "g1", "g2", None, "g2"],
        "peer_group_rank": pd.array([None, 1, None, 2, 1, None, 2], dtype="Int64"),
    })
    with engine.begin() as conn:
        write_frame(conn, MetricValue.__table__, frame)
    table = MetricValue.__table__
    with engine.connect() as conn:
        back = read_frame(conn, select(*(table.c[name] for name in frame.columns))
                          .order_by(table.c.region_code))
        never_written = conn.execute(select(table.c.growth_rank)).scalars().all()
    assert _plain(back) == _plain(frame)
    assert never_written == [None] * n  # a column the frame lacks is NULL in every row
