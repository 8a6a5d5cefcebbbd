"""Precomputed metrics: one row per value with its growth and its ranks in the region's
default scope and peer group (a whole scope's ranking is ranked from these rows on read).
Written only by metrics.refresh; read only by metrics.api.

No foreign keys on purpose: these tables are a cache rebuilt from observations, and a
foreign-key lookup per inserted row would slow every refresh for no safety gained.

The primary key leads with the indicator and the period, so a load's new quarter is
appended in a few runs of the B-tree instead of one insert into every region's run: the
189 K metric values of a national Q1 load took 1.8 s to write instead of 9.0 s (README,
Performance). Readers that want every period of a region name the periods
(year IN ..., quarter IN ..., cumulative IN ...), which SQLite answers with one seek each.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (BigInteger, Boolean, Float, Integer, LargeBinary, PrimaryKeyConstraint,
                        String)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base

EVERY_QUARTER = [0, 1, 2, 3, 4]
BOTH_FLAGS = [False, True]


def periods_named(model, years: Iterable[int], quarters: Iterable[int] = EVERY_QUARTER,
                  flags: Iterable[bool] = BOTH_FLAGS) -> tuple:
    """year IN, quarter IN and cumulative IN conditions on a metric table: with them a read
    of some regions over many periods seeks the period-first key per (period, region)."""
    return (model.year.in_(sorted(set(years))), model.quarter.in_(sorted(set(quarters))),
            model.cumulative.in_(list(flags)))


class MetricValue(Base):
    """A value as the app shows it (reported, or derived from other values), with its growth
    on the same period a year before, its rank in the region's default scope and in its
    peer group."""

    __tablename__ = "metric_values"
    indicator_code: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)  # 0 = annual
    # True: year to date for flows, period end for stocks; False: one quarter alone (flows
    # and ratios built on flows only).
    cumulative: Mapped[bool] = mapped_column(Boolean)
    value: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))  # reported|simulated|derived
    prev_value: Mapped[float | None] = mapped_column(Float)
    net_increase: Mapped[float | None] = mapped_column(Float)
    yoy_growth_pct: Mapped[float | None] = mapped_column(Float)
    share_of_parent_pct: Mapped[float | None] = mapped_column(Float)
    rank_scope_kind: Mapped[str | None] = mapped_column(String(32))
    rank_scope_code: Mapped[str | None] = mapped_column(String(64))
    rank: Mapped[int | None] = mapped_column(Integer)
    rank_of: Mapped[int | None] = mapped_column(Integer)
    tied: Mapped[bool | None] = mapped_column(Boolean)
    rank_change: Mapped[int | None] = mapped_column(Integer)
    growth_rank: Mapped[int | None] = mapped_column(Integer)
    growth_rank_of: Mapped[int | None] = mapped_column(Integer)
    growth_tied: Mapped[bool | None] = mapped_column(Boolean)
    growth_rank_change: Mapped[int | None] = mapped_column(Integer)
    peer_group: Mapped[str | None] = mapped_column(String(64))
    peer_group_rank: Mapped[int | None] = mapped_column(Integer)
    peer_group_rank_of: Mapped[int | None] = mapped_column(Integer)
    peer_group_tied: Mapped[bool | None] = mapped_column(Boolean)
    peer_group_rank_change: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("indicator_code", "year", "quarter", "cumulative",
                                           "region_code"),
                      {"sqlite_with_rowid": False})


class MetricDigest(Base):
    """A fingerprint of the metric values of one indicator and period, so that a refresh
    rewrites only the periods whose metrics actually changed (a new quarter's upload leaves
    the other 20-odd periods untouched)."""

    __tablename__ = "metric_digests"
    indicator_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    values_hash: Mapped[int] = mapped_column(BigInteger)
    n_values: Mapped[int] = mapped_column(Integer)
    # The group's rows as the next year's refresh reads them (metrics.packed); NULL for a
    # group written before migration 0021 until a refresh reads it.
    for_next_year: Mapped[bytes | None] = mapped_column(LargeBinary)
