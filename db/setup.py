"""Bring a database to a usable state: migrate the schema, then write the catalogs."""

from __future__ import annotations

from sqlalchemy import Engine

from db.catalog_store import sync_catalogs
from db.session import get_engine, migrate, session_scope


def init_database(url: str) -> Engine:
    migrate(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        sync_catalogs(session)
    return engine
