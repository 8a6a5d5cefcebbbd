"""The official national series the project ships (data/official/*.csv): loaded like any
upload, through the same checks, and marked as official (uploads.source and the values'
status 'official'), so that pages, exports and reports tell them from simulated and uploaded
figures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, exists, select

from catalog.files import DATA_DIR
from db.models import Upload
from db.session import session_scope
from etl.records import LoadReport

OFFICIAL_DIR = DATA_DIR / "official"
OFFICIAL_SOURCE = "official"
OFFICIAL_USER = "official"


def official_files(folder: Path = OFFICIAL_DIR) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def load_official(engine: Engine, folder: Path = OFFICIAL_DIR) -> list[tuple[str, LoadReport]]:
    """Load every official file; a file that does not pass its checks raises (it ships with
    the project, so that is a defect, not a user's mistake)."""
    from etl.pipeline import commit, read_and_validate

    reports = []
    for path in official_files(folder):
        result = read_and_validate(path.read_bytes(), path.name, engine, province_code=None)
        if not result.ok:
            raise ValueError("\n".join(p.line() for p in result.errors[:20]))
        result.source = replace(result.source, source=OFFICIAL_SOURCE)
        result.records = [r._replace(status=OFFICIAL_SOURCE) for r in result.records]
        reports.append((path.name, commit(engine, result, user=OFFICIAL_USER)))
    return reports


def official_loaded(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return bool(session.scalar(select(exists().where(
            Upload.source == OFFICIAL_SOURCE, Upload.outcome.in_(("loaded", "unchanged"))))))
