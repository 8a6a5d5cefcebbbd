"""Catalog edits made in the app, stored beside the catalog they change.

data/indicators.yaml stays the base of the indicator catalog; an administrator's edit of an
indicator's names or aliases is kept here and applied on top of the file every time the
catalogs are synced, so it survives restarts and catalog updates until it is reset.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
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
