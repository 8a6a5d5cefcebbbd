"""Store validated records in one transaction: new values inserted, changed values updated
with a revision each, unchanged values left alone; metrics refreshed in the same transaction.
A batch's annual targets are stored the same way, with target revisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from db.cache import data_version
from db.frames import plain_rows, write_frame
from db.models import (OBSERVATION_ORDER, Indicator, Observation, Region, Revision, Target,
                       TargetRevision, Upload, utcnow)
from db.queries import carry_footer_facts
from db.retries import with_retries
from db.session import lock_writers, prepare_bulk_write, session_scope
from etl.gc_pause import gc_paused
from etl.records import Change, LoadReport, Record, SourceFile, Stopwatch, TargetRecord
from metrics.refresh import RefreshScope, refresh_scope

# Values equal within this relative tolerance are "unchanged" (floats from 万元→亿元).
RELATIVE_TOLERANCE = 1e-9


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class StoredValue:
    id: int
    value: float
    upload_id: int | None
    sheet: str | None
    cell: str | None


def _existing_observations(session: Session, records: list[Record]) -> dict[tuple, StoredValue]:
    """Current values for the records' keys, fetched per year as plain rows: a reload of a
    large file would otherwise build an ORM object per stored value."""
    wanted = {r.key for r in records}
    by_year: dict[int, tuple[set[str], set[int]]] = {}
    for r in records:
        codes, quarters = by_year.setdefault(r.year, (set(), set()))
        codes.add(r.indicator_code)
        quarters.add(r.quarter)
    found: dict[tuple, StoredValue] = {}
    # Per year, plain IN lists (an index seek each; a row-value IN is a scan in SQLite).
    # Their cross product may name a few periods no record has: those rows are skipped.
    for year, (codes, quarters) in sorted(by_year.items()):
        _, rows = plain_rows(session.connection(), select(
            Observation.region_code, Observation.indicator_code, Observation.year,
            Observation.quarter, Observation.cumulative, Observation.id, Observation.value,
            Observation.upload_id, Observation.sheet, Observation.cell).where(
            Observation.indicator_code.in_(sorted(codes)), Observation.year == year,
            Observation.quarter.in_(sorted(quarters))))
        for row in rows:
            key = tuple(row[:5])
            if key in wanted:
                found[key] = StoredValue(*row[5:])
    return found


def _existing_targets(session: Session, targets: list[TargetRecord]) -> dict[tuple, StoredValue]:
    """Current targets for the batch's keys (a file holds a few hundred at most)."""
    if not targets:
        return {}
    wanted = {t.key for t in targets}
    _, rows = plain_rows(session.connection(), select(
        Target.region_code, Target.indicator_code, Target.year, Target.id, Target.value,
        Target.upload_id, Target.sheet, Target.cell).where(
        Target.year.in_(sorted({t.year for t in targets})),
        Target.indicator_code.in_(sorted({t.indicator_code for t in targets}))))
    return {tuple(row[:3]): StoredValue(*row[3:]) for row in rows if tuple(row[:3]) in wanted}


def _plan(records: list[Record], existing: dict[tuple, StoredValue]) -> LoadReport:
    report = LoadReport(outcome="dry-run")
    new, changed, unchanged, changes = _compare(records, existing)
    report.n_new += new
    report.n_changed += changed
    report.n_unchanged += unchanged
    report.changes.extend(changes)
    return report


def _plan_targets(report: LoadReport, targets: list[TargetRecord],
                  existing: dict[tuple, StoredValue]) -> None:
    """Count the batch's targets as new, changed or unchanged, as _plan does its values."""
    new, changed, unchanged, changes = _compare(targets, existing)
    report.n_targets_new += new
    report.n_targets_changed += changed
    report.n_targets_unchanged += unchanged
    report.target_changes.extend(changes)


def _compare(batch: list[Record] | list[TargetRecord],
             existing: dict[tuple, StoredValue]) -> tuple[int, int, int, list[Change]]:
    """How many of the batch's values are new, changed and unchanged against those stored, and
    the change each new or changed one makes, in the batch's order."""
    new = changed = unchanged = 0
    changes = []
    for r in batch:
        old = existing.get(r.key)
        if old is None:
            new += 1
            changes.append(Change(r.key, None, r.value, r.sheet, r.cell))
        elif same_value(old.value, r.value):
            unchanged += 1
        else:
            changed += 1
            changes.append(Change(r.key, old.value, r.value, r.sheet, r.cell))
    return new, changed, unchanged, changes


def _previous_upload(session: Session, sha256: str) -> int | None:
    if not sha256:
        return None
    return session.scalar(select(Upload.id).where(
        Upload.sha256 == sha256, Upload.outcome.in_(("loaded", "unchanged")))
        .order_by(Upload.id).limit(1))


class UnknownCodes(ValueError):
    """Values for a region or indicator the catalog does not have (the loader's own check:
    SQLite writes a sheet without per-row foreign-key lookups)."""


def _check_codes(session: Session, records: list[Record], targets: list[TargetRecord]) -> None:
    for model, field in ((Region, "region_code"), (Indicator, "indicator_code")):
        wanted = {getattr(r, field) for r in records} | {getattr(t, field) for t in targets}
        known = set(session.scalars(select(model.code).where(model.code.in_(sorted(wanted)))))
        if wanted - known:
            raise UnknownCodes(f"{field} not in the catalog: {', '.join(sorted(wanted - known))}")


def _write_observations(session: Session, records: list[Record],
                        existing: dict[tuple, StoredValue], upload_id: int,
                        now: datetime) -> pd.DataFrame:
    """New values inserted, changed ones updated with a revision each, all stamped now.
    Returns the rows written (new and changed: region, indicator, period, value, status), in
    the observations' index order."""
    new, changed, updates, revisions = [], [], [], []
    for r in records:
        old = existing.get(r.key)
        if old is None:
            new.append(r)
        elif not same_value(old.value, r.value):
            changed.append(r)
            updates.append({"id": old.id, "value": r.value, "upload_id": upload_id,
                            "sheet": r.sheet, "cell": r.cell, "status": r.status,
                            "updated_at": now})
            revisions.append({"observation_id": old.id, "old_value": old.value,
                              "new_value": r.value, "old_upload_id": old.upload_id,
                              "old_sheet": old.sheet, "old_cell": old.cell,
                              "upload_id": upload_id, "sheet": r.sheet, "cell": r.cell,
                              "changed_at": now})
    # In the index's order: values read together for a period sit together in the table,
    # and the metrics refresh takes them as it would read them (RefreshScope.with_written).
    inserted = _as_rows(new).sort_values(OBSERVATION_ORDER, kind="stable", ignore_index=True)
    if new:
        # Straight to the driver (the ORM's per-row work costs seconds for a national sheet).
        write_frame(session.connection(), Observation.__table__, inserted.assign(
            upload_id=upload_id,
            updated_at=pd.Series([now] * len(new), dtype=object)),  # not datetime64 and back
            order_by=OBSERVATION_ORDER)
    if updates:
        session.execute(update(Observation), updates)  # bulk UPDATE by primary key
    if revisions:
        session.execute(insert(Revision), revisions)
    if not changed:
        return inserted
    return pd.concat([inserted, _as_rows(changed)], ignore_index=True).sort_values(
        OBSERVATION_ORDER, kind="stable", ignore_index=True)


WRITTEN_COLUMNS = ("indicator_code", "region_code", "year", "quarter", "cumulative", "value",
                   "status", "sheet", "cell")


def _as_rows(records: list[Record]) -> pd.DataFrame:
    """Records as a frame of the observations' columns, typed as a read returns them."""
    frame = pd.DataFrame({name: [getattr(r, name) for r in records] for name in WRITTEN_COLUMNS})
    return frame.astype({"year": "int64", "quarter": "int64", "cumulative": bool,
                         "value": float})


def _write_targets(session: Session, targets: list[TargetRecord],
                   existing: dict[tuple, StoredValue], upload_id: int) -> None:
    """New targets inserted; a changed target updated with a target revision (old value and
    its cell, new value, this upload), as a changed value is."""
    now = utcnow()
    new_rows, updates, revisions = [], [], []
    for t in targets:
        old = existing.get(t.key)
        if old is None:
            new_rows.append({"region_code": t.region_code, "indicator_code": t.indicator_code,
                             "year": t.year, "value": t.value, "upload_id": upload_id,
                             "sheet": t.sheet, "cell": t.cell})
        elif not same_value(old.value, t.value):
            updates.append({"id": old.id, "value": t.value, "upload_id": upload_id,
                            "sheet": t.sheet, "cell": t.cell})
            revisions.append({"target_id": old.id, "old_value": old.value, "new_value": t.value,
                              "old_upload_id": old.upload_id, "old_sheet": old.sheet,
                              "old_cell": old.cell, "upload_id": upload_id, "sheet": t.sheet,
                              "cell": t.cell, "changed_at": now})
    if new_rows:
        session.execute(insert(Target), new_rows)
    if updates:
        session.execute(update(Target), updates)
    if revisions:
        session.execute(insert(TargetRevision), revisions)


def _refresh_scope(session: Session, changes: list[Change]) -> RefreshScope:
    """The metrics the changes affect: their indicators' (and the ratios built on them) in
    the periods the changes can move."""
    return refresh_scope(session, {c.key[1] for c in changes},
                         {(c.key[2], c.key[3]) for c in changes})


@gc_paused
def store(engine: Engine, records: Iterable[Record], source: SourceFile, *,
          targets: Iterable[TargetRecord] = (), user: str = "cli", dry_run: bool = False,
          n_warnings: int = 0, choices: dict | None = None,
          flags: dict | None = None,
          on_stage: Callable[[str, float], None] | None = None) -> LoadReport:
    """Write a validated batch; all or nothing. With dry_run, report what would change.
    choices (what the uploader chose for the file) and flags (the cells whose values a
    plausibility rule warned about: location → rules) are kept on the upload's record.
    on_stage is told each stage and its seconds as it ends (LOAD_STAGES)."""
    # Before retrying (iterables run once); a fourth quarter to date is the year (1-12月).
    records = [r._replace(quarter=0) if r.quarter == 4 and r.cumulative else r for r in records]
    targets = list(targets)
    return with_retries(lambda: _store(engine, records, source, targets, user, dry_run, n_warnings,
                                       choices or None, flags or None, on_stage),
                        f"store {source.file_name}")


def _store(engine: Engine, records: list[Record], source: SourceFile, targets: list[TargetRecord],
           user: str, dry_run: bool, n_warnings: int, choices: dict | None,
           flags: dict | None = None,
           on_stage: Callable[[str, float], None] | None = None) -> LoadReport:
    watch = Stopwatch(on_stage)
    now = utcnow()
    with session_scope(engine) as session:
        if not dry_run:
            prepare_bulk_write(session)
            lock_writers(session)
            before = data_version(session.connection())  # the writers' lock is ours: exact
        existing = _existing_observations(session, records)
        report = _plan(records, existing)
        existing_targets = _existing_targets(session, targets)
        _plan_targets(report, targets, existing_targets)
        report.previously_loaded_as = _previous_upload(session, source.sha256)
        if dry_run:
            session.rollback()
            return report
        upload = Upload(file_name=source.file_name, sha256=source.sha256,
                        size_bytes=source.size_bytes, sheets=list(source.sheets),
                        uploaded_by=user, source=source.source, n_new=report.n_new,
                        n_changed=report.n_changed, n_unchanged=report.n_unchanged,
                        n_warnings=n_warnings, outcome="pending", choices=choices,
                        flags=flags, n_targets_new=report.n_targets_new,
                        n_targets_changed=report.n_targets_changed,
                        n_targets_unchanged=report.n_targets_unchanged)
        session.add(upload)
        session.flush()
        if report.changes:
            # The observations the metrics are computed from, read before the write: with
            # the rows written over them they are what a read afterwards would return.
            scope = _refresh_scope(session, report.changes)
            stored = scope.read_observations(session)
        watch.lap("compare with stored")
        _check_codes(session, records, targets)
        written = _write_observations(session, records, existing, upload.id, now)
        _write_targets(session, targets, existing_targets, upload.id)
        changed = report.n_new + report.n_changed + len(report.target_changes)
        upload.outcome = "loaded" if changed else "unchanged"
        report.outcome, report.upload_id = upload.outcome, upload.id
        watch.lap("write values")
        if report.changes:
            scope.refresh(session, scope.with_written(stored, written), watch.lap)
        session.flush()  # the refresh's new data token, too
        after = data_version(session.connection())
    carry_footer_facts(engine, before, after, report.n_new,
                       now if report.n_new or report.n_changed else None)
    watch.lap("commit")
    report.seconds = watch.seconds
    return report


def record_rejection(engine: Engine, source: SourceFile, *, n_errors: int, n_warnings: int,
                     message: str, user: str = "cli", choices: dict | None = None) -> int:
    """Log a rejected upload in the history; no observation is touched."""
    def work() -> int:
        with session_scope(engine) as session:
            lock_writers(session)  # so that the versions around it are this write's alone
            before = data_version(session.connection())
            upload = Upload(file_name=source.file_name, sha256=source.sha256,
                            size_bytes=source.size_bytes, sheets=list(source.sheets),
                            uploaded_by=user, source=source.source, n_errors=n_errors,
                            n_warnings=n_warnings, outcome="rejected", message=message[:2000],
                            choices=choices or None)
            session.add(upload)
            session.flush()
            upload_id, after = upload.id, data_version(session.connection())
        carry_footer_facts(engine, before, after, 0, None)  # a new upload id: a new version
        return upload_id
    return with_retries(work, f"log rejection of {source.file_name}")
