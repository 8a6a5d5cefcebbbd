"""Chart pages built once per view for visitors who are not signed in, on a real SQLite file
and a real PostgreSQL server (dashboard/view_cache.py): the same address gives the page built
before, until the data change; another address, another app or a signed-in user gets a page
of its own."""

from __future__ import annotations

import pytest

from dashboard.view_cache import MAX_VIEWS, once_per_view
from etl.load import store
from etl.records import Record, SourceFile
from tests.sample_data import LUAN, load_sample
from tests.web_client import app_with_accounts


@pytest.fixture
def app(engine):
    load_sample(engine)
    return app_with_accounts(engine)


def counted():
    """A page layout that says how many times it was built."""
    builds = []

    @once_per_view
    def layout(**query):
        builds.append(query)
        return {"built": len(builds), **query}
    return layout, builds


def test_a_view_is_built_once_until_the_data_change(app, engine):
    layout, builds = counted()
    with app.server.test_request_context("/"):
        first = layout(region=LUAN, period="2025")
        assert layout(region=LUAN, period="2025") is first
        assert layout(period="2025", region=LUAN) is first  # the query's order is no matter
        assert layout(region=LUAN, period="2024")["built"] == 2
    store(engine, [Record(LUAN, "rd_expenditure", 2026, 0, True, 1.5, "2026年", "C3",
                          "reported")], SourceFile("2026.xlsx", sha256="x", size_bytes=1,
                                                   sheets=("2026年",)), user="tester")
    with app.server.test_request_context("/"):
        assert layout(region=LUAN, period="2025")["built"] == 3
    assert len(builds) == 3


def test_each_app_keeps_its_own_pages_and_only_so_many(app, engine):
    layout, builds = counted()
    other = app_with_accounts_again(engine)
    with app.server.test_request_context("/"):
        layout(region=LUAN)
    with other.server.test_request_context("/"):
        layout(region=LUAN)
    assert len(builds) == 2
    with app.server.test_request_context("/"):
        for n in range(MAX_VIEWS + 1):
            layout(region=str(n))
        assert layout(region=str(MAX_VIEWS))["built"] == len(builds)  # kept
        before = len(builds)
        layout(region="0")  # the oldest, dropped
        assert len(builds) == before + 1


def app_with_accounts_again(engine):
    from config import Settings
    from dashboard.app import create_app

    return create_app(Settings(database_url="sqlite://unused", secret_key="test",
                               load_demo_if_empty=False), engine)
