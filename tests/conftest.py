"""Shared fixtures: a real SQLite database file per test, migrated and with catalogs.

Migrating and writing the 3,000-region catalog takes a second or two, so it is done once per
session into a template file that each test copies.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.session import dispose_engine  # noqa: E402
from db.setup import init_database  # noqa: E402


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    init_database(url)
    dispose_engine(url)  # checkpoints the WAL into the file so a plain copy is complete
    return path


@pytest.fixture
def db_url(tmp_path, template_db):
    path = tmp_path / "test.db"
    shutil.copyfile(template_db, path)
    url = f"sqlite:///{path}"
    yield url
    dispose_engine(url)


@pytest.fixture
def engine(db_url):
    from db.session import get_engine

    return get_engine(db_url)
