"""Store validated records in one transaction: new values inserted, changed values updated
with a revision each, unchanged values left alone; metrics refreshed in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, insert, select, tuple_, update
from sqlalchemy.orm import Session

from db.models import Observation, Revision, Target, Upload, utcnow
from db.session import session_scope
from etl.records import Change, LoadReport, Record, SourceFile, TargetRecord

# Values equal within this relative tolerance are "unchanged" (floats from 万元→亿元).
RELATIVE_TOLERANCE = 1e-9


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def _existing_observations(session: Session, records: list[Record]) -> dict[tuple, Observation]:
    """Current observations for the records' keys, fetched per (indicator, year, quarter)."""
    periods = {(r.indicator_code, r.year, r.quarter) for r in records}
    found: dict[tuple, Observation] = {}
    period_list = sorted(periods)
    for start in range(0, len(period_list), 300):
        chunk = period_list[start:start + 300]
        rows = session.scalars(select(Observation).where(
            tuple_(Observation.indicator_code, Observation.year, Observation.quarter).in_(chunk)))
        for o in rows:
            found[(o.region_code, o.indicator_code, o.year, o.quarter, o.cumulative)] = o
    return found


def _plan(records: list[Record], existing: dict[tuple, Observation]) -> LoadReport:
    report = LoadReport(outcome="dry-run")
    for r in records:
        old = existing.get(r.key)
        if old is None:
            report.n_new += 1
            report.changes.append(Change(r.key, None, r.value))
        elif same_value(old.value, r.value):
            report.n_unchanged += 1
        else:
            report.n_changed += 1
            report.changes.append(Change(r.key, old.value, r.value))
    return report


def _previous_upload(session: Session, sha256: str) -> int | None:
    if not sha256:
        return None
    return session.scalar(select(Upload.id).where(
        Upload.sha256 == sha256, Upload.outcome.in_(("loaded", "unchanged")))
        .order_by(Upload.id).limit(1))


def _write_observations(session: Session, records: list[Record],
                        existing: dict[tuple, Observation], upload_id: int) -> None:
    now = utcnow()
    new_rows, updates, revisions = [], [], []
    for r in records:
        old = existing.get(r.key)
        provenance = {"upload_id": upload_id, "sheet": r.sheet, "cell": r.cell,
                      "status": r.status, "updated_at": now}
        if old is None:
            new_rows.append({"region_code": r.region_code, "indicator_code": r.indicator_code,
                             "year": r.year, "quarter": r.quarter, "cumulative": r.cumulative,
                             "value": r.value, **provenance})
        elif not same_value(old.value, r.value):
            updates.append({"id": old.id, "value": r.value, **provenance})
            revisions.append({"observation_id": old.id, "old_value": old.value,
                              "new_value": r.value, "old_upload_id": old.upload_id,
                              "upload_id": upload_id, "sheet": r.sheet, "cell": r.cell,
                              "changed_at": now})
    if new_rows:
        session.execute(insert(Observation), new_rows)
    if updates:
        session.execute(update(Observation), updates)  # bulk UPDATE by primary key
    if revisions:
        session.execute(insert(Revision), revisions)


def _write_targets(session: Session, targets: list[TargetRecord], upload_id: int) -> int:
    """Targets are replaced in place (a corrected target is not a revision of a value)."""
    written = 0
    for t in targets:
        row = session.scalar(select(Target).where(
            Target.region_code == t.region_code, Target.indicator_code == t.indicator_code,
            Target.year == t.year))
        if row is None:
            session.add(Target(region_code=t.region_code, indicator_code=t.indicator_code,
                               year=t.year, value=t.value, upload_id=upload_id,
                               sheet=t.sheet, cell=t.cell))
            written += 1
        elif not same_value(row.value, t.value):
            row.value, row.upload_id, row.sheet, row.cell = t.value, upload_id, t.sheet, t.cell
            written += 1
    return written


def _refresh_metrics(session: Session, indicator_codes: set[str]) -> None:
    from metrics.refresh import refresh_metrics

    refresh_metrics(session, indicator_codes)


def store(engine: Engine, records: Iterable[Record], source: SourceFile, *,
          targets: Iterable[TargetRecord] = (), user: str = "cli", dry_run: bool = False,
          n_warnings: int = 0) -> LoadReport:
    """Write a validated batch; all or nothing. With dry_run, report what would change."""
    records, targets = list(records), list(targets)
    with session_scope(engine) as session:
        existing = _existing_observations(session, records)
        report = _plan(records, existing)
        report.previously_loaded_as = _previous_upload(session, source.sha256)
        if dry_run:
            session.rollback()
            return report
        upload = Upload(file_name=source.file_name, sha256=source.sha256,
                        size_bytes=source.size_bytes, sheets=list(source.sheets),
                        uploaded_by=user, source=source.source, n_new=report.n_new,
                        n_changed=report.n_changed, n_unchanged=report.n_unchanged,
                        n_warnings=n_warnings, outcome="pending")
        session.add(upload)
        session.flush()
        _write_observations(session, records, existing, upload.id)
        targets_written = _write_targets(session, targets, upload.id)
        changed = report.n_new + report.n_changed + targets_written
        upload.outcome = "loaded" if changed else "unchanged"
        report.outcome, report.upload_id = upload.outcome, upload.id
        if changed:
            touched = {r.indicator_code for r in records} | {t.indicator_code for t in targets}
            session.flush()
            _refresh_metrics(session, touched)
    return report


def record_rejection(engine: Engine, source: SourceFile, *, n_errors: int, n_warnings: int,
                     message: str, user: str = "cli") -> int:
    """Log a rejected upload in the history; no observation is touched."""
    with session_scope(engine) as session:
        upload = Upload(file_name=source.file_name, sha256=source.sha256,
                        size_bytes=source.size_bytes, sheets=list(source.sheets),
                        uploaded_by=user, source=source.source, n_errors=n_errors,
                        n_warnings=n_warnings, outcome="rejected", message=message[:2000])
        session.add(upload)
        session.flush()
        return upload.id
