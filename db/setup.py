"""Bring a database to a usable state: migrate the schema, then write the catalogs."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine

from config import DATA_DIR
from db.cache import bump_catalog_version
from db.catalog_store import sync_catalogs
from db.models import AppMeta
from db.session import get_engine, migrate, session_scope

CATALOG_FILES = ("indicators.yaml", "regions_cn.csv", "zones.yaml", "peer_groups.yaml")


def catalog_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in CATALOG_FILES:
        digest.update((DATA_DIR / name).read_bytes())
    return digest.hexdigest()


def init_database(url: str) -> Engine:
    """Migrate, then write the catalogs when their files changed since the last sync."""
    migrate(url)
    engine = get_engine(url)
    fingerprint = catalog_fingerprint()
    with session_scope(engine) as session:
        stored = session.get(AppMeta, "catalog_fingerprint")
        catalogs_changed = stored is None or stored.value != fingerprint
        if catalogs_changed:
            sync_catalogs(session)
            bump_catalog_version(session)
            session.merge(AppMeta(key="catalog_fingerprint", value=fingerprint))
    with session_scope(engine) as session:
        # A migration that changed stored values asks for the metrics to be rebuilt.
        asked = session.get(AppMeta, "refresh_metrics")
        if asked is not None:
            session.delete(asked)
    if (catalogs_changed and stored is not None) or asked is not None:
        # New regions, parents or peer groups change who is ranked with whom.
        from metrics.refresh import refresh_all

        refresh_all(engine)
    return engine
