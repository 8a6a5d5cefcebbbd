"""Schema: catalogs (regions, peer groups, indicators), observations with provenance,
uploads, revisions, and targets with revisions of their own. Portable SQLAlchemy types only (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint, false, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Region(Base):
    __tablename__ = "regions"
    # Adcodes are text: 6 digits with meaningful leading zeros; zones get codes like Z340100-01.
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16), index=True)  # province|city|county|zone
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    zone_type: Mapped[str | None] = mapped_column(String(32))
    # Zones only (migration 0016): national | provincial; year approved; retired (off its
    # list, its data and history kept); a point for the map where one is known.
    zone_level: Mapped[str | None] = mapped_column(String(16))
    approved_year: Mapped[int | None] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)


class PeerGroup(Base):
    __tablename__ = "peer_groups"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")


class PeerGroupMember(Base):
    __tablename__ = "peer_group_members"
    group_code: Mapped[str] = mapped_column(ForeignKey("peer_groups.code", ondelete="CASCADE"),
                                            primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)


class Indicator(Base):
    __tablename__ = "indicators"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # flow|stock|ratio|rate|rank
    direction: Mapped[str] = mapped_column(String(8), default="higher")  # higher|lower
    numerator: Mapped[str | None] = mapped_column(String(64))
    denominator: Mapped[str | None] = mapped_column(String(64))
    scale: Mapped[float] = mapped_column(Float, default=1.0)
    dimension: Mapped[str] = mapped_column(String(64), default="")
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Upload(Base):
    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sheets: Mapped[list] = mapped_column(JSON, default=list)
    uploaded_by: Mapped[str] = mapped_column(String(100), default="cli")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(16), default="file")  # file|demo|text|official
    n_new: Mapped[int] = mapped_column(Integer, default=0)
    n_changed: Mapped[int] = mapped_column(Integer, default=0)
    n_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(16))  # loaded|unchanged|rejected
    message: Mapped[str] = mapped_column(Text, default="")
    # What the uploader chose for this file: region aliases, column mapping, a time series'
    # indicator, and the implausible values they confirmed (cells).
    choices: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The cells whose values a plausibility rule warned about ("2025Q3!C7" → ["jump"]), so
    # the upload's changes are shown later with the same marks as in its preview.
    flags: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The annual targets the file held, counted apart from the values (migration 0015). A
    # server default, not a Python one, and not fetched back after an insert (below): an
    # insert that does not name them leaves them out, as on a schema older than 0015.
    n_targets_new: Mapped[int] = mapped_column(Integer, server_default="0")
    n_targets_changed: Mapped[int] = mapped_column(Integer, server_default="0")
    n_targets_unchanged: Mapped[int] = mapped_column(Integer, server_default="0")

    __mapper_args__ = {"eager_defaults": False}


# The partial index's condition. A query uses the index only when its WHERE repeats this
# very term (SQLite does not infer it from status = 'official'), so the queries take it from here.
SPECIAL_STATUS = text("status IN ('official', 'simulated')")


# The observations' key as their unique index orders it: a read by indicator and period
# returns rows in this order (and a parent's sum adds its children in it).
OBSERVATION_ORDER = ["indicator_code", "year", "quarter", "cumulative", "region_code"]


class Observation(Base):
    """One value in the indicator's canonical unit, with the provenance of its current value."""

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer, default=0)  # 0 = annual, 1-4
    # True: year to date as Chinese statistics report (1-3月, 1-6月 ...); False: one quarter alone.
    cumulative: Mapped[bool] = mapped_column(Boolean, default=True)
    value: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="reported")  # reported|derived|simulated|official
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"), index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    cell: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The key leads with the indicator and the period: a load's new quarter is appended in a
    # few runs instead of one page per (region, indicator); it also answers "which periods
    # hold data" from the index alone. Reads by region use the region index, which takes a
    # region's new rows at the end of its run (rowids grow). Migration 0009 says more.
    __table_args__ = (
        UniqueConstraint(*OBSERVATION_ORDER, name="uq_observation_key"),
        Index("ix_observations_region", "region_code"),
        # The few values not reported by a region (the official series, the demo's simulated
        # ones), so that "is there any?" is a seek, not a scan of every value.
        Index("ix_observations_special_status", "status", sqlite_where=SPECIAL_STATUS,
              postgresql_where=SPECIAL_STATUS),
    )


class Revision(Base):
    """A changed value: what it was, what it became, and which upload changed it."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"), index=True)
    old_value: Mapped[float] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    old_upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    old_sheet: Mapped[str | None] = mapped_column(String(200))  # where old_value came from
    old_cell: Mapped[str | None] = mapped_column(String(32))
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))  # where new_value came from
    cell: Mapped[str | None] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AppMeta(Base):
    """Small facts about the database itself, e.g. the fingerprint of the loaded catalogs."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Target(Base):
    """An annual target for a region and indicator, in the indicator's canonical unit."""

    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    sheet: Mapped[str | None] = mapped_column(String(200))
    cell: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("region_code", "indicator_code", "year",
                                       name="uq_target_key"),)


class TargetRevision(Base):
    """A changed target, like a Revision of a value: what it was (and where that came from),
    what it became, and which upload (or rollback) changed it."""

    __tablename__ = "target_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    old_value: Mapped[float] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    old_upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    old_sheet: Mapped[str | None] = mapped_column(String(200))
    old_cell: Mapped[str | None] = mapped_column(String(32))
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    cell: Mapped[str | None] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

from db import metric_models  # noqa: E402,F401
from db import auth_models  # noqa: E402,F401
from db import catalog_override_models  # noqa: E402,F401
from db import round_models  # noqa: E402,F401
from db import answer_models  # noqa: E402,F401
