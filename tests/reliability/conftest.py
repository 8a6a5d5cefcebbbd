"""Fixtures of the reliability suite: fresh databases on demand (SQLite and PostgreSQL, copied
from the session's migrated templates in tests/conftest.py), and the summary printed at the
end of the run."""

from __future__ import annotations

import itertools
import os
import shutil

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.session import dispose_engine
from tests.reliability import harness
from tests.reliability.harness import BACKENDS

_numbers = itertools.count()


def _pg_admin():
    # the admin URL of tests/conftest.py, which may create databases
    return create_engine(os.environ["TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")


class DatabaseFactory:
    """Fresh migrated databases with the catalogs, each dropped at the end of the session."""

    def __init__(self, request, tmp_path_factory):
        self._request, self._tmp = request, tmp_path_factory
        self._made: list[tuple[str, str]] = []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            path = self._tmp.mktemp("db") / "reliability.db"
            shutil.copyfile(self._request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite:///{path}"
        else:
            template = self._request.getfixturevalue("postgres_template")
            name = f"reliability_{os.getpid()}_{next(_numbers)}"
            admin = _pg_admin()
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            admin.dispose()
            url = make_url(os.environ["TEST_POSTGRES_URL"]).set(database=name).render_as_string(
                hide_password=False)
        self._made.append((backend, url))
        return url

    def drop(self, url: str) -> None:
        dispose_engine(url)
        for backend, made in list(self._made):
            if made == url:
                self._made.remove((backend, made))
                if backend == "postgresql":
                    admin = _pg_admin()
                    with admin.connect() as c:
                        name = make_url(url).database
                        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()

    def drop_all(self) -> None:
        for _, url in list(self._made):
            self.drop(url)


@pytest.fixture(scope="session")
def databases(request, tmp_path_factory):
    factory = DatabaseFactory(request, tmp_path_factory)
    yield factory
    factory.drop_all()


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(request, databases):
    """One database per test module and backend, shared by the module's tests in order."""
    url = databases.new(request.param)
    yield url
    databases.drop(url)


@pytest.fixture(params=BACKENDS)
def fresh_db_url(request, databases):
    url = databases.new(request.param)
    yield url
    databases.drop(url)


def pytest_terminal_summary(terminalreporter):
    # python -m tests.reliability prints its own summary, with timings, after the run
    if not harness.STATS or os.environ.get("RELIABILITY_COMMAND") == "1":
        return
    terminalreporter.section("reliability summary")
    for line in harness.summary_lines():
        terminalreporter.write_line(line)
