"""Reporting rounds: a reviewer asks regions for a period's figures by a deadline; each upload
into a round is a submission whose values wait here, apart from the published observations,
until the reviewer approves them (then they are stored as any upload) or returns them with
comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow

# A submission's life: submitted → approved (published) or returned; a newer submission
# covering the same regions supersedes one not yet approved.
SUBMISSION_STATUSES = ("submitted", "returned", "approved", "superseded")


class Round(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)  # as observations: 0 = the year
    cumulative: Mapped[bool] = mapped_column(Boolean, default=True)
    indicators: Mapped[list] = mapped_column(JSON, default=list)  # the expected indicator codes
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed

    __table_args__ = (Index("ix_rounds_period", "year", "quarter", "cumulative", "status"),)


class RoundRegion(Base):
    __tablename__ = "round_regions"
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"),
                                          primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)


class Submission(Base):
    """One file sent into a round, with the provenance its values get when published."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    regions: Mapped[list] = mapped_column(JSON, default=list)  # the round's regions it covers
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    sheets: Mapped[list] = mapped_column(JSON, default=list)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    n_values: Mapped[int] = mapped_column(Integer, default=0)
    n_targets: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    choices: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    flags: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The upload its approval stored: the published values' provenance.
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))


class SubmissionValue(Base):
    """A staged value (or, with is_target, an annual target) of a submission, in the
    indicator's canonical unit, with its cell."""

    __tablename__ = "submission_values"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"),
                                               index=True)
    is_target: Mapped[bool] = mapped_column(Boolean, default=False)
    region_code: Mapped[str] = mapped_column(String(32))
    indicator_code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer, default=0)
    cumulative: Mapped[bool] = mapped_column(Boolean, default=True)
    value: Mapped[float] = mapped_column(Float)
    sheet: Mapped[str | None] = mapped_column(String(200))
    cell: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="reported")


class ReviewComment(Base):
    """A reviewer's remark on a returned submission: on one cell, or (no cell) on the file."""

    __tablename__ = "review_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"),
                                               index=True)
    sheet: Mapped[str | None] = mapped_column(String(200))
    cell: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
