"""Catalog edits made in the app, stored beside the catalog they change.

data/indicators.yaml stays the base of the indicator catalog; an administrator's edit of an
indicator's names or aliases is kept here and applied on top of the file every time the
catalogs are synced, so it survives restarts and catalog updates until it is reset.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
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
