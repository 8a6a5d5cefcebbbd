"""Shared fixtures: a real database per test, migrated and with catalogs, on SQLite and on
PostgreSQL (TEST_POSTGRES_URL, an admin URL that may create databases; scripts/test.sh starts
a server and sets it).

Migrating and writing the 3,000-region catalog takes a second or two, so it is done once per
session into a template (a file for SQLite, a template database for PostgreSQL) that each test
copies.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from db.session import dispose_engine, get_engine  # noqa: E402
from metrics.refresh import open_database  # noqa: E402

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL")
_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    open_database(url)
    dispose_engine(url)  # checkpoints the WAL into the file so a plain copy is complete
    return path


def _pg_admin():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template():
    if not PG_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL is not set: CI must run the tests against PostgreSQL")
        pytest.skip("TEST_POSTGRES_URL not set (scripts/test.sh starts PostgreSQL and sets it)")
    name = f"indicators_template_{os.getpid()}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    open_database(url)
    dispose_engine(url)
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        yield url
        dispose_engine(url)
        return
    template = request.getfixturevalue("postgres_template")
    name = f"indicators_test_{os.getpid()}_{next(_counter)}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    dispose_engine(url)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template):
    """For tests about SQLite itself (WAL, file backups)."""
    path = tmp_path / "test.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    yield url
    dispose_engine(url)


@pytest.fixture
def engine(db_url):
    return get_engine(db_url)


@pytest.fixture(autouse=True)
def _dcc_scripts_restored():
    """Every Dash app built in a test leaves dcc's process-wide list of scripts as it was.

    A plain dash.Dash (tests/test_routes.py builds one for Dash's own URLs) appends Dash's full
    plotly.js to that list (dash.Dash._setup_plotlyjs), and every app of the process registers
    the list's scripts when it writes a page, so the app's Dash would serve plotly.min.js from
    then on (tests/test_page_scripts.py). The app never adds it (LocalDash._setup_plotlyjs in
    dashboard/app.py): only a test can."""
    from dash import dcc

    scripts = list(dcc._js_dist)
    yield
    dcc._js_dist[:] = scripts
