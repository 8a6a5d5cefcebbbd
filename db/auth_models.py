"""Accounts and the audit log: who may write what, and a record of every write."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow

# A reviewer opens reporting rounds for the regions given and approves or returns what is
# sent into them (db.rounds); like an uploader, the regions below are included.
ROLES = ("admin", "uploader", "reviewer", "viewer")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))  # admin | uploader | reviewer | viewer
    # Region codes an uploader may write, or a reviewer review; their children are included (db.accounts).
    regions: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Written into each session at sign-in and compared on every request: raising it (sign-out,
    # a new password, disabling) ends every session issued before.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AuditEntry(Base):
    """One write (or refused write, or failed login): who, when, what, from which file."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str | None] = mapped_column(String(500))
    client: Mapped[str | None] = mapped_column(String(64))  # the request's address

    __table_args__ = (Index("ix_audit_action_at", "action", "at"),)


class LoginThrottle(Base):
    """Failed sign-ins of one user name from one address (db.login_throttle): how many in a
    row, and the Unix time before which the next attempt from there is refused."""

    __tablename__ = "login_throttles"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)  # "" when unknown
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    not_before: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    updated_at: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")

    __table_args__ = (Index("ix_login_throttles_updated_at", "updated_at"),)
