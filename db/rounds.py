"""Reporting rounds in the database: every read and write of rounds, submissions, their staged
values and review comments goes through here, each write with its audit entry in the same
transaction. The rules (who may, what a file must hold, status) live in etl.rounds."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, insert, literal, null, select, update

from db.auth_models import AuditEntry
from db.models import Indicator, Region, utcnow
from db.round_models import (
    ReviewComment,
    Round,
    RoundRegion,
    Submission,
    SubmissionValue,
)
from db.session import session_scope

# Submissions that still count for their regions: a superseded one has a newer sibling.
# "approving": claimed by a reviewer while its values are stored (none may return it then).
CURRENT = ("submitted", "approving", "returned", "approved")
AWAITING = ("submitted", "approving")


def _round_dict(r: Round, regions: list[str]) -> dict:
    return {"id": r.id, "title": r.title, "year": r.year, "quarter": r.quarter,
            "cumulative": r.cumulative, "indicators": list(r.indicators or ()),
            "deadline": r.deadline, "opened_by": r.opened_by, "opened_at": r.opened_at,
            "status": r.status, "regions": regions}


def create_round(engine: Engine, *, title: str, year: int, quarter: int, cumulative: bool,
                 regions: list[str], indicators: list[str], deadline: datetime, opened_by: str,
                 client: str | None = None) -> int:
    with session_scope(engine) as session:
        row = Round(title=title, year=year, quarter=quarter, cumulative=cumulative,
                    indicators=list(indicators), deadline=deadline, opened_by=opened_by,
                    status="open")
        session.add(row)
        session.flush()
        session.execute(insert(RoundRegion), [{"round_id": row.id, "region_code": c}
                                              for c in regions])
        session.add(AuditEntry(user_name=opened_by[:64], action="round_open", client=client,
                               detail=f"round {row.id} {title}: {len(regions)} regions, "
                                      f"{len(indicators)} indicators, deadline "
                                      f"{deadline:%Y-%m-%d %H:%M} UTC"))
        return row.id


def set_round_status(engine: Engine, round_id: int, status: str, user: str,
                     client: str | None = None) -> bool:
    with session_scope(engine) as session:
        done = session.execute(update(Round).where(Round.id == round_id, Round.status != status)
                               .values(status=status)).rowcount
        if done:
            session.add(AuditEntry(user_name=user[:64], action=f"round_{status}",
                                   detail=f"round {round_id}", client=client))
        return bool(done)


def get_round(engine: Engine, round_id: int) -> dict | None:
    with session_scope(engine) as session:
        row = session.get(Round, round_id)
        if row is None:
            return None
        regions = list(session.scalars(select(RoundRegion.region_code).where(
            RoundRegion.round_id == round_id).order_by(RoundRegion.region_code)))
        return _round_dict(row, regions)


def list_rounds(engine: Engine, status: str | None = None) -> list[dict]:
    """Rounds, newest first, each with its regions."""
    with session_scope(engine) as session:
        stmt = select(Round).order_by(Round.id.desc())
        if status:
            stmt = stmt.where(Round.status == status)
        rounds = list(session.scalars(stmt))
        members: dict[int, list[str]] = {}
        for rid, code in session.execute(select(RoundRegion.round_id, RoundRegion.region_code)
                                         .order_by(RoundRegion.region_code)):
            members.setdefault(rid, []).append(code)
        return [_round_dict(r, members.get(r.id, [])) for r in rounds]


def open_rounds_covering(engine: Engine, periods: set[tuple[int, int, bool]],
                         region_codes: set[str]) -> list[dict]:
    """The open rounds of any of these periods that ask any of these regions."""
    if not periods or not region_codes:
        return []
    return [r for r in list_rounds(engine, "open")
            if (r["year"], r["quarter"], r["cumulative"]) in periods
            and region_codes & set(r["regions"])]


def add_submission(engine: Engine, round_id: int, *, regions: list[str], file_name: str,
                   sha256: str, size_bytes: int, sheets: list[str], user: str,
                   values: list[dict], targets: list[dict], n_warnings: int,
                   choices: dict | None, flags: dict | None,
                   client: str | None = None) -> tuple[int, list[int]]:
    """Stage a submission's values; earlier submissions not yet approved whose regions it
    covers are superseded. Returns its id and theirs."""
    with session_scope(engine) as session:
        sub = Submission(round_id=round_id, regions=sorted(regions), file_name=file_name,
                         sha256=sha256, size_bytes=size_bytes, sheets=list(sheets),
                         uploaded_by=user, status="submitted", n_values=len(values),
                         n_targets=len(targets), n_warnings=n_warnings, choices=choices or None,
                         flags=flags or None)
        session.add(sub)
        session.flush()
        rows = [{**v, "submission_id": sub.id, "is_target": False} for v in values]
        rows += [{**t, "submission_id": sub.id, "is_target": True, "quarter": 0,
                  "cumulative": True, "status": "reported"} for t in targets]
        if rows:
            session.execute(insert(SubmissionValue), rows)
        superseded = [s.id for s in session.scalars(select(Submission).where(
            Submission.round_id == round_id, Submission.id != sub.id,
            Submission.status.in_(("submitted", "returned"))))
            if set(s.regions or ()) <= set(regions)]
        if superseded:
            session.execute(update(Submission).where(Submission.id.in_(superseded))
                            .values(status="superseded"))
        note = f"; supersedes {', '.join(map(str, superseded))}" if superseded else ""
        session.add(AuditEntry(user_name=user[:64], action="round_submit", file_name=file_name,
                               client=client,
                               detail=f"round {round_id} submission {sub.id}: "
                                      f"{','.join(sorted(regions))}, {len(values)} values, "
                                      f"{len(targets)} targets{note}"))
        return sub.id, superseded


def _submission_dict(s: Submission) -> dict:
    return {c.name: getattr(s, c.name) for c in Submission.__table__.columns}


def get_submission(engine: Engine, submission_id: int) -> dict | None:
    with session_scope(engine) as session:
        row = session.get(Submission, submission_id)
        return None if row is None else _submission_dict(row)


def round_submissions(engine: Engine, round_id: int) -> list[dict]:
    """Every submission of a round, oldest first."""
    with session_scope(engine) as session:
        return [_submission_dict(s) for s in session.scalars(
            select(Submission).where(Submission.round_id == round_id).order_by(Submission.id))]


def staged_values(engine: Engine, submission_id: int) -> list[dict]:
    with session_scope(engine) as session:
        rows = session.execute(select(SubmissionValue).where(
            SubmissionValue.submission_id == submission_id).order_by(SubmissionValue.id))
        return [{c.name: getattr(v, c.name) for c in SubmissionValue.__table__.columns}
                for (v,) in rows]


def staged_indicators(engine: Engine, submission_ids: list[int]) -> set[tuple[int, str, str]]:
    """(submission, region, indicator) of the values (not targets) these submissions hold."""
    if not submission_ids:
        return set()
    with session_scope(engine) as session:
        return set(session.execute(select(
            SubmissionValue.submission_id, SubmissionValue.region_code,
            SubmissionValue.indicator_code).where(
            SubmissionValue.submission_id.in_(submission_ids),
            SubmissionValue.is_target.is_(False)).distinct()).all())


def claim_for_approval(engine: Engine, submission_id: int) -> bool:
    """submitted → approving: from here no one may return it. One that a failed approval left
    approving may be claimed again (storing it twice changes nothing the second time)."""
    with session_scope(engine) as session:
        return bool(session.execute(update(Submission).where(
            Submission.id == submission_id, Submission.status.in_(AWAITING)).values(
            status="approving")).rowcount)


def release_claim(engine: Engine, submission_id: int) -> None:
    """The approval failed before anything was stored: back to awaiting review."""
    with session_scope(engine) as session:
        session.execute(update(Submission).where(
            Submission.id == submission_id, Submission.status == "approving").values(
            status="submitted"))


def mark_approved(engine: Engine, submission_id: int, reviewer: str, upload_id: int | None,
                  detail: str, client: str | None = None) -> bool:
    """approving → approved, with the upload that published it, and the audit entry."""
    with session_scope(engine) as session:
        done = session.execute(update(Submission).where(
            Submission.id == submission_id, Submission.status == "approving").values(
            status="approved", reviewed_by=reviewer, reviewed_at=utcnow(),
            upload_id=upload_id)).rowcount
        if done:
            session.add(AuditEntry(user_name=reviewer[:64], action="round_approve",
                                   client=client, detail=detail))
        return bool(done)


def mark_returned(engine: Engine, submission_id: int, reviewer: str, comments: list[dict],
                  client: str | None = None) -> bool:
    """submitted → returned, with the comments (sheet, cell, text), in one transaction."""
    with session_scope(engine) as session:
        done = session.execute(update(Submission).where(
            Submission.id == submission_id, Submission.status == "submitted").values(
            status="returned", reviewed_by=reviewer, reviewed_at=utcnow())).rowcount
        if not done:
            return False
        session.execute(insert(ReviewComment), [
            {"submission_id": submission_id, "sheet": c.get("sheet"), "cell": c.get("cell"),
             "text": c["text"], "author": reviewer, "at": utcnow()} for c in comments])
        lines = "; ".join(f"{'!'.join(x for x in (c.get('sheet'), c.get('cell')) if x) or 'file'}"
                          f": {c['text']}" for c in comments)
        session.add(AuditEntry(user_name=reviewer[:64], action="round_return", client=client,
                               detail=f"submission {submission_id}: {lines}"[:4000]))
        return True


def review_comments(engine: Engine, submission_id: int) -> list[dict]:
    with session_scope(engine) as session:
        return [{"sheet": c.sheet, "cell": c.cell, "text": c.text, "author": c.author,
                 "at": c.at} for c in session.scalars(select(ReviewComment).where(
                     ReviewComment.submission_id == submission_id).order_by(ReviewComment.id))]


def submissions_by(engine: Engine, user: str, status: str) -> list[dict]:
    """The user's submissions in this status, newest first (a returned one leaves the list
    once a correction supersedes it)."""
    with session_scope(engine) as session:
        return [_submission_dict(s) for s in session.scalars(select(Submission).where(
            Submission.uploaded_by == user, Submission.status == status)
            .order_by(Submission.id.desc()))]


def awaiting_submissions(engine: Engine) -> list[dict]:
    """Every submission a reviewer has not decided yet, oldest first."""
    with session_scope(engine) as session:
        return [_submission_dict(s) for s in session.scalars(select(Submission).where(
            Submission.status.in_(AWAITING)).order_by(Submission.id))]


# The value's own status beside where it waits; upload_source "pending" marks it as not yet
# published wherever the columns of db.queries.observations are read (exports: source).
PENDING_SOURCE = "pending"


def _staged_values():
    """Staged values (not targets) with the columns of db.queries.observations (id: the staged
    value's; file_name, sheet, cell: where it was sent) plus submission_id and uploaded_by."""
    sv = SubmissionValue
    return (select(sv.id, sv.region_code, Region.name_zh.label("region_name_zh"),
                   Region.name_en.label("region_name_en"), Region.level, Region.parent_code,
                   sv.indicator_code, Indicator.name_zh.label("indicator_name_zh"),
                   Indicator.name_en.label("indicator_name_en"), Indicator.unit, sv.year,
                   sv.quarter, sv.cumulative, sv.value, sv.status,
                   null().label("upload_id"), Submission.file_name,
                   literal(PENDING_SOURCE).label("upload_source"), sv.sheet, sv.cell,
                   Submission.submitted_at.label("updated_at"), sv.submission_id,
                   Submission.uploaded_by)
            .join(Submission, Submission.id == sv.submission_id)
            .join(Region, Region.code == sv.region_code)
            .join(Indicator, Indicator.code == sv.indicator_code)
            .where(sv.is_target.is_(False)))


def pending_values(engine: Engine, submission_ids: list[int], *, region_codes=None,
                   indicator_codes=None, year: int | None = None, quarter: int | None = None,
                   cumulative: bool | None = None) -> pd.DataFrame:
    """The values these submissions stage (_staged_values). Not cached: a submission is not a
    data change."""
    from db.queries import values_filtered

    sv = SubmissionValue
    stmt = (_staged_values()
            .where(sv.submission_id.in_([int(i) for i in submission_ids]))
            .order_by(Indicator.sort_order, sv.region_code, sv.year.desc(), sv.quarter.desc(),
                      sv.cumulative.desc()))
    stmt = values_filtered(sv, stmt, region_codes, indicator_codes, year, quarter, cumulative)
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def pending_value(engine: Engine, value_id: int) -> dict | None:
    """One staged value (_staged_values) with its submission's status and its round."""
    stmt = (_staged_values()
            .add_columns(Submission.status.label("submission_status"),
                         Round.id.label("round_id"), Round.title.label("round_title"))
            .join(Round, Round.id == Submission.round_id)
            .where(SubmissionValue.id == int(value_id)))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None
