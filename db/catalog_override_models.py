"""Catalog edits made in the app, stored beside the catalog they change.

data/indicators.yaml, zones.yaml and peer_groups.yaml stay the base of their catalogs; an
administrator's edit (an indicator's names and aliases, a zone, a peer group) is kept here and
applied on top of the file every time the catalogs are synced, so it survives restarts and
catalog updates.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class IndicatorOverride(Base):
    __tablename__ = "indicator_overrides"
    # No foreign key: an override outlives its indicator's removal from the file (and is
    # then simply not applied).
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NameAlias(Base):
    """A name in an uploader's sheets read as a region, or a header read as an indicator: a
    choice made in the upload preview, remembered so that next quarter's sheet passes."""

    __tablename__ = "name_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))  # the account that chose it
    kind: Mapped[str] = mapped_column(String(16))  # region | column
    name: Mapped[str] = mapped_column(String(200))  # as normalised for matching
    code: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("owner", "kind", "name", name="uq_name_alias"),)


class ZoneOverride(Base):
    """A zone as an administrator left it: added in the app (origin 'app'), or a zone of
    data/zones.yaml renamed, re-parented, retired or given aliases (origin 'file'). The
    catalog sync writes the file's zones first and these over them (db.zone_edits)."""

    __tablename__ = "zone_overrides"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin: Mapped[str] = mapped_column(String(8))  # app | file
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_code: Mapped[str] = mapped_column(String(32))
    zone_type: Mapped[str | None] = mapped_column(String(32))
    zone_level: Mapped[str | None] = mapped_column(String(16))
    approved_year: Mapped[int | None] = mapped_column(Integer)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PeerGroupOverride(Base):
    """A peer group as an administrator left it: created in the app, or a group of
    data/peer_groups.yaml edited or removed (removed=True keeps the sync from bringing it
    back). Applied over the file at every sync (db.peer_edits)."""

    __tablename__ = "peer_group_overrides"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    members: Mapped[list] = mapped_column(JSON, default=list)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
