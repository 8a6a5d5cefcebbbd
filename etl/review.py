"""Reviewing a submission: what it would change, approving it (its values stored as any upload
is, metrics refreshed) or returning it with comments on cells or on the file."""

from __future__ import annotations

from sqlalchemy import Engine

from db import rounds as store_rounds
from etl.load import store
from etl.records import LoadReport, Record, SourceFile, TargetRecord
from etl.rounds import RoundError

STATUS_WORDS = {"approved": "已审核 / approved", "returned": "已退回 / returned",
                "approving": "正在审核发布 / being approved",
                "superseded": "已被新的报送替代 / superseded by a newer submission"}


def _seen(engine: Engine, submission_id: int, scope: set[str] | None) -> dict:
    """The submission, if it exists and lies in the reviewer's scope (None: all)."""
    sub = store_rounds.get_submission(engine, submission_id)
    if sub is None:
        raise RoundError(f"没有此报送 / no such submission: {submission_id}")
    outside = [c for c in sub["regions"] if scope is not None and c not in scope]
    if outside:
        raise RoundError(f"无权审核这些地区 / not your regions to review: {', '.join(outside)}")
    return sub


def _submission(engine: Engine, submission_id: int, scope: set[str] | None,
                awaiting: tuple[str, ...] = ("submitted",)) -> dict:
    """The submission, awaiting review and in scope."""
    sub = _seen(engine, submission_id, scope)
    if sub["status"] not in awaiting:
        raise RoundError(f"第 {submission_id} 号报送不在待审状态（{STATUS_WORDS[sub['status']]}）/ "
                         f"submission {submission_id} is not awaiting review")
    return sub


def _batch(engine: Engine, sub: dict) -> tuple[list[Record], list[TargetRecord], SourceFile]:
    values, targets = [], []
    for v in store_rounds.staged_values(engine, sub["id"]):
        if v["is_target"]:
            targets.append(TargetRecord(v["region_code"], v["indicator_code"], v["year"],
                                        v["value"], v["sheet"], v["cell"]))
        else:
            values.append(Record(v["region_code"], v["indicator_code"], v["year"], v["quarter"],
                                 v["cumulative"], v["value"], v["sheet"], v["cell"], v["status"]))
    source = SourceFile(sub["file_name"], sub["sha256"], sub["size_bytes"], tuple(sub["sheets"]))
    return values, targets, source


def review_preview(engine: Engine, submission_id: int, scope: set[str] | None = None) -> LoadReport:
    """The old → new of every value, as the upload preview shows it, against what is
    published now."""
    values, targets, source = _batch(engine, _seen(engine, submission_id, scope))
    return store(engine, values, source, targets=targets, dry_run=True)


def approve(engine: Engine, submission_id: int, reviewer: str, scope: set[str] | None = None,
            client: str | None = None) -> LoadReport:
    """Publish a submission: stored as an upload by its uploader (provenance, revisions and
    metrics as for any upload, in one transaction), then marked approved. It is claimed first,
    so a return cannot slip in while its values are being stored."""
    sub = _submission(engine, submission_id, scope, store_rounds.AWAITING)
    newer = [s["id"] for s in store_rounds.round_submissions(engine, sub["round_id"])
             if s["id"] > sub["id"] and s["status"] in store_rounds.CURRENT
             and set(s["regions"]) & set(sub["regions"])]
    if newer:
        raise RoundError(f"这些地区已有更新的报送（第 {', '.join(map(str, newer))} 号），请审核新的报送 / "
                         f"newer submissions cover these regions: {', '.join(map(str, newer))}")
    if not store_rounds.claim_for_approval(engine, submission_id):
        raise _decided_meanwhile(submission_id)
    values, targets, source = _batch(engine, sub)
    try:
        report = store(engine, values, source, targets=targets, user=sub["uploaded_by"],
                       n_warnings=sub["n_warnings"], choices=sub["choices"], flags=sub["flags"])
    except BaseException:
        store_rounds.release_claim(engine, submission_id)  # nothing stored: awaiting again
        raise
    detail = (f"submission {submission_id} → upload {report.upload_id}: {report.n_new} new, "
              f"{report.n_changed} changed, {report.n_unchanged} unchanged")
    if not store_rounds.mark_approved(engine, submission_id, reviewer, report.upload_id, detail,
                                      client):
        raise _decided_meanwhile(submission_id)  # a second approval of the same values
    return report


def _decided_meanwhile(submission_id: int) -> RoundError:
    return RoundError(f"第 {submission_id} 号报送已由他人处理 / submission {submission_id} was "
                      f"decided by someone else meanwhile")


def parse_comment(text: str) -> dict:
    """"D7=数值有误" or "2025年1-9月!D7=…" (a cell) or plain text (the file)."""
    where, sep, said = text.partition("=")
    if sep and where.strip() and said.strip() and " " not in where.strip():
        sheet, _, cell = where.strip().rpartition("!")
        return {"sheet": sheet or None, "cell": cell, "text": said.strip()}
    return {"sheet": None, "cell": None, "text": text.strip()}


def return_submission(engine: Engine, submission_id: int, reviewer: str, comments: list[dict],
                      scope: set[str] | None = None, client: str | None = None) -> None:
    """Send a submission back with comments (at least one); nothing is published."""
    _submission(engine, submission_id, scope)
    comments = [c for c in comments if c.get("text", "").strip()]
    if not comments:
        raise RoundError("退回须附意见 / a returned submission needs a comment")
    if not store_rounds.mark_returned(engine, submission_id, reviewer, comments, client):
        raise _decided_meanwhile(submission_id)
