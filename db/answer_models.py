"""The shared answer cache's table: answers of the read API computed once and read by every
worker (db/answers.py)."""

from __future__ import annotations

from sqlalchemy import Float, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base


class Answer(Base):
    """One answer: key is the digest of (code, data version, question), so an answer
    computed under another version of the data or of the code is never found; version
    (the digest of the data and code versions alone) lets the stale rows be deleted at once."""

    __tablename__ = "answer_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_answer_cache_version", "version"),)
