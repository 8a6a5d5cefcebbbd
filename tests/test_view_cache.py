"""Chart pages built once per view for visitors who are not signed in, on a real SQLite file
and a real PostgreSQL server (dashboard/view_cache.py): the same address gives the page built
before, in this worker or another one, until the data change; another address or other
settings get a page of their own; what is sent is what Dash would have sent."""

from __future__ import annotations

import json

import dash
import pytest
from plotly.io.json import to_json_plotly

from db import cache
from dashboard.view_cache import as_sent, once_per_view
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
        assert layout(region=LUAN, period="2025") == first
        assert layout(period="2025", region=LUAN) == first  # the query's order is no matter
        assert layout(region=LUAN, period="2024")["built"] == 2
        cache.clear()  # another worker: its memo empty, the shared table has the page
        assert layout(region=LUAN, period="2025") == first
        assert len(builds) == 2
    store(engine, [Record(LUAN, "rd_expenditure", 2026, 0, True, 1.5, "2026年", "C3",
                          "reported")], SourceFile("2026.xlsx", sha256="x", size_bytes=1,
                                                   sheets=("2026年",)), user="tester")
    with app.server.test_request_context("/"):
        assert layout(region=LUAN, period="2025")["built"] == 3


def test_an_app_with_other_settings_builds_its_own(app, engine):
    from config import Settings
    from dashboard.app import create_app

    layout, builds = counted()
    other = create_app(Settings(database_url="sqlite://unused", secret_key="test",
                                load_demo_if_empty=False, home_province="320000"), engine)
    for each in (app, other, app):
        with each.server.test_request_context("/"):
            layout(region=LUAN)
    assert len(builds) == 2


def test_what_is_kept_is_what_dash_would_send(app):
    pages = {p["path"]: p["layout"] for p in dash.page_registry.values()}
    with app.server.test_request_context("/"):
        for path in ("/", "/trends", "/rankings", "/compare", "/map", "/data"):
            built = pages[path].__wrapped__(region=LUAN)
            assert json.loads(to_json_plotly(as_sent(built))) == json.loads(to_json_plotly(built))
