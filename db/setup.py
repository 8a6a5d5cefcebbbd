"""Bring a database to a usable state: migrate the schema, then write the catalogs."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine

from config import DATA_DIR
from db.cache import ask_for_metrics_refresh, bump_catalog_version
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
    """Migrate, then write the catalogs when their files changed since the last sync.

    Stored metrics that a migration or a catalog change made stale are only marked so here:
    metrics.refresh.open_database rebuilds them (the database layer knows no metrics)."""
    migrate(url)
    engine = get_engine(url)
    fingerprint = catalog_fingerprint()
    with session_scope(engine) as session:
        stored = session.get(AppMeta, "catalog_fingerprint")
        catalogs_changed = stored is None or stored.value != fingerprint
        if catalogs_changed:
            sync_catalogs(session)
            bump_catalog_version(session)
            if stored is not None:  # new regions, parents or peer groups change the ranks
                ask_for_metrics_refresh(session, "catalog")
            session.merge(AppMeta(key="catalog_fingerprint", value=fingerprint))
    return engine
