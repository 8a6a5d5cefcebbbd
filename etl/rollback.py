"""Roll a value, or an annual target, back to what it was before one of its revisions.

A rollback is a write like an upload, never an erasure: the value becomes the earlier one,
a new revision records the step (so the history only grows and a rollback can itself be
rolled back), the metrics of that indicator and period are refreshed, and the audit log says
who did it and from which revision, all in one transaction. Only an administrator, or an
uploader whose regions include the value's region, may do it; anyone else is refused here,
whatever the page showed them. A target is rolled back the same way, by its target revision;
nothing is recomputed for it, since target progress is computed when read (metrics.api).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.accounts import Account, audit, may_write_region
from db.auth_models import AuditEntry
from db.models import Observation, Revision, Target, TargetRevision, Upload, utcnow
from db.session import lock_writers, session_scope
from db.retries import with_retries
from etl.load import same_value

# Upload.source of the upload row that stands for a rollback in the history.
ROLLBACK_SOURCE = "rollback"


@dataclass(frozen=True)
class RollbackResult:
    """What happened: "rolled_back", or why nothing changed ("forbidden", "unknown" revision,
    "unchanged": the value already is the one asked for). A target's rollback names the
    target (target_id) instead of an observation."""

    outcome: str
    observation_id: int | None = None
    old_value: float | None = None
    new_value: float | None = None
    revision_id: int | None = None  # the revision (or target revision) this rollback recorded
    target_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "rolled_back"


def may_roll_back(engine: Engine, account: Account | None, region_code: str) -> bool:
    return may_write_region(engine, account, region_code)


def roll_back(engine: Engine, revision_id: int, account: Account | None,
              client: str | None = None) -> RollbackResult:
    """Give the observation changed by revision_id the value it had before that revision."""
    revision_id = int(revision_id)
    return _roll_back_if_permitted(
        engine, account, client, Observation, Revision.observation_id, revision_id,
        ("rollback_refused", f"observation {{id}}: revision #{revision_id}"),
        lambda user: _roll_back(engine, revision_id, user, client))


def _roll_back_if_permitted(engine: Engine, account: Account | None, client: str | None,
                            owner: type[Observation] | type[Target], owner_key,
                            revision_id: int, refusal: tuple[str, str],
                            write: Callable[[str], RollbackResult]) -> RollbackResult:
    """What both rollbacks check before writing: that the revision (of owner_key's table)
    exists and that the account may write the region of the owner it changed. A refusal is
    audited (refusal: the audit's action and its detail, where {id} is the owner's id)."""
    revision = owner_key.class_
    user = account.name if account is not None else "anonymous"
    with session_scope(engine) as session:
        found = session.execute(
            select(owner.id, owner.region_code).join(revision, owner_key == owner.id)
            .where(revision.id == revision_id)).first()
    if found is None:
        return RollbackResult("unknown")
    # A value's (or target's) region never changes, so the permission holds for the write.
    if not may_roll_back(engine, account, found.region_code):
        action, detail = refusal
        with_retries(lambda: audit(engine, user, action, client=client,
                                   detail=detail.format(id=found.id)),
                     "audit a refused rollback")
        return RollbackResult("forbidden", **{owner_key.key: found.id})
    what = "target revision" if revision is TargetRevision else "revision"
    return with_retries(lambda: write(user), f"roll back {what} {revision_id}")


def _roll_back(engine: Engine, revision_id: int, user: str, client: str | None) -> RollbackResult:
    with session_scope(engine) as session:
        lock_writers(session)
        revision = session.get(Revision, revision_id)
        observation = session.get(Observation, revision.observation_id)
        where = _describe(observation)
        old_value, new_value = observation.value, revision.old_value
        if same_value(old_value, new_value):
            return RollbackResult("unchanged", observation.id, old_value, new_value)

        sheet, cell = _cell_before(session, revision)
        upload, restored_file = _rollback_upload(session, user, revision, sheet,
                                                 f"revision #{revision_id}", n_changed=1)
        step = _revision_step(Revision, observation, upload, old_value, new_value, sheet, cell,
                              observation_id=observation.id)
        session.add(step)
        observation.value, observation.upload_id = new_value, upload.id
        observation.sheet, observation.cell, observation.updated_at = sheet, cell, upload.uploaded_at
        session.flush()

        from metrics.refresh import refresh_metrics

        refresh_metrics(session, [observation.indicator_code],
                        periods=[(observation.year, observation.quarter)])
        session.add(AuditEntry(
            user_name=user[:64], action="rollback", client=client, file_name=restored_file,
            detail=f"{where}: {old_value:g} → {new_value:g}, the value before revision "
                   f"#{revision_id} (recorded as revision #{step.id})"))
        return RollbackResult("rolled_back", observation.id, old_value, new_value, step.id)


def _rollback_upload(session: Session, user: str, revision: Revision | TargetRevision,
                     sheet: str | None, message: str, **counts) -> tuple[Upload, str | None]:
    """The upload row that stands for a rollback in the history (source "rollback"), and the
    name of the file the restored value came from (None when not known)."""
    restored_file = session.scalar(select(Upload.file_name).where(
        Upload.id == revision.old_upload_id)) if revision.old_upload_id else None
    upload = Upload(file_name=f"回滚 rollback ← {restored_file or '—'}"[:500], sha256="",
                    size_bytes=0, sheets=[sheet] if sheet else [], uploaded_by=user,
                    uploaded_at=utcnow(), source=ROLLBACK_SOURCE, outcome="loaded",
                    message=message, **counts)
    session.add(upload)
    session.flush()
    return upload, restored_file


def _revision_step(model: type[Revision] | type[TargetRevision], replaced, upload: Upload,
                   old_value: float, new_value: float, sheet: str | None, cell: str | None,
                   **owner) -> Revision | TargetRevision:
    """The revision a rollback records: from the replaced row's value and cell to the restored
    one, written by the rollback's upload row; owner names the observation or the target."""
    return model(**owner, old_value=old_value, new_value=new_value,
                 old_upload_id=replaced.upload_id, old_sheet=replaced.sheet,
                 old_cell=replaced.cell, upload_id=upload.id, sheet=sheet, cell=cell,
                 changed_at=upload.uploaded_at)


def roll_back_target(engine: Engine, revision_id: int, account: Account | None,
                     client: str | None = None) -> RollbackResult:
    """Give the target changed by target revision revision_id the value it had before it,
    with the same rule on who may as for a value."""
    revision_id = int(revision_id)
    return _roll_back_if_permitted(
        engine, account, client, Target, TargetRevision.target_id, revision_id,
        ("rollback_target_refused", f"target {{id}}: target revision #{revision_id}"),
        lambda user: _roll_back_target(engine, revision_id, user, client))


def _roll_back_target(engine: Engine, revision_id: int, user: str,
                      client: str | None) -> RollbackResult:
    with session_scope(engine) as session:
        lock_writers(session)
        revision = session.get(TargetRevision, revision_id)
        target = session.get(Target, revision.target_id)
        old_value, new_value = target.value, revision.old_value
        if same_value(old_value, new_value):
            return RollbackResult("unchanged", old_value=old_value, new_value=new_value,
                                  target_id=target.id)

        # Target revisions keep the replaced target's cell from the first (migration 0015).
        sheet, cell = revision.old_sheet, revision.old_cell
        upload, restored_file = _rollback_upload(session, user, revision, sheet,
                                                 f"target revision #{revision_id}",
                                                 n_targets_changed=1)
        step = _revision_step(TargetRevision, target, upload, old_value, new_value, sheet, cell,
                              target_id=target.id)
        session.add(step)
        target.value, target.upload_id, target.sheet, target.cell = new_value, upload.id, sheet, cell
        session.flush()
        # Nothing stored derives from a target: progress (目标完成率) and the target-based
        # index are computed when read, and cached reads follow the upload row added above.
        session.add(AuditEntry(
            user_name=user[:64], action="rollback_target", client=client, file_name=restored_file,
            detail=f"target {target.region_code} {target.indicator_code} {target.year}: "
                   f"{old_value:g} → {new_value:g}, the target before target revision "
                   f"#{revision_id} (recorded as target revision #{step.id})"))
        return RollbackResult("rolled_back", None, old_value, new_value, step.id, target.id)


def _cell_before(session: Session, revision: Revision) -> tuple[str | None, str | None]:
    """The sheet and cell the value before this revision came from. Revisions recorded
    before migration 0007 did not keep them: then those of the revision before it."""
    if revision.old_sheet is not None or revision.old_cell is not None:
        return revision.old_sheet, revision.old_cell
    earlier = session.scalar(
        select(Revision).where(Revision.observation_id == revision.observation_id,
                               Revision.id < revision.id)
        .order_by(Revision.id.desc()).limit(1))
    return (earlier.sheet, earlier.cell) if earlier is not None else (None, None)


def _describe(observation: Observation) -> str:
    period = f"{observation.year}" + (f"Q{observation.quarter}" if observation.quarter else "")
    if observation.quarter and not observation.cumulative:
        period += " single"
    return f"{observation.region_code} {observation.indicator_code} {period}"
