"""Shared fixtures: a real SQLite database file per test, migrated and with catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.session import dispose_engine  # noqa: E402
from db.setup import init_database  # noqa: E402


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'test.db'}"
    yield url
    dispose_engine(url)


@pytest.fixture
def engine(db_url):
    return init_database(db_url)
