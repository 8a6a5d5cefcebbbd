"""`python app.py`: the database is created and, when empty, filled with the demo province;
create_app builds an app with every page on the database it is given."""

from __future__ import annotations

import json

import dash

from app import prepare_database
from config import Settings
from dashboard.app import create_app
from dashboard.formatting import format_number
from db import cache, queries
from etl.load import store
from etl.records import Record, SourceFile
from tests.sample_data import load_sample
from tests.web_client import browser_client, csrf, shell_request

PATHS = {"/", "/trends", "/rankings", "/compare", "/map", "/data", "/upload", "/report", "/rounds"}


def test_first_start_creates_the_database_and_loads_the_simulated_demo(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'new' / 'fresh.db'}")
    engine = prepare_database(settings)
    assert queries.has_observations(engine)
    assert queries.is_simulated(engine), "the interface must be able to say the data are simulated"
    assert queries.home_province(engine) == "340000"


def test_no_demo_when_turned_off_or_when_data_exist(tmp_path):
    off = prepare_database(Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}",
                                    load_demo_if_empty=False))
    assert not queries.has_observations(off)
    url = f"sqlite:///{tmp_path / 'data.db'}"
    engine = prepare_database(Settings(database_url=url, load_demo_if_empty=False))
    load_sample(engine, status="reported")
    n = queries.count_observations(engine)
    prepare_database(Settings(database_url=url))
    assert queries.count_observations(engine) == n and not queries.is_simulated(engine)


def test_the_app_serves_every_page_on_its_own_database(engine):
    app = create_app(Settings(database_url="sqlite://unused", max_upload_bytes=1024), engine)
    client = app.server.test_client()
    assert {page["path"] for page in dash.page_registry.values()} == PATHS
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200 and "区域创新指标看板" in response.text
    assert client.get("/_dash-layout").is_json
    assert app.server.extensions["regional_innovation_dashboard"]["engine"] is engine


def footer_says(client) -> str:
    response = client.post("/_dash-update-component", json=shell_request(),
                           headers={"X-CSRFToken": csrf(client)})
    assert response.status_code == 200, response.text
    return json.dumps(response.get_json()["response"]["footer"], ensure_ascii=False)


def test_the_footer_counts_the_values_once_for_every_worker_and_follows_a_load(engine):
    """The shell's facts of the data scan the observations (db.queries.observations_total,
    last_update, has_official, is_simulated): worked out once for all workers until the data
    change, so another worker (its memo cleared here) reads them from the answer cache."""
    load_sample(engine)
    app = create_app(Settings(database_url="sqlite://unused", load_demo_if_empty=False), engine)
    client = browser_client(app)
    before = queries.count_observations(engine)
    assert format_number(before) in footer_says(client)
    cache.clear()
    shared = cache.answer_counts["shared"]
    assert format_number(before) in footer_says(client)
    assert cache.answer_counts["shared"] >= shared + 2, "another worker's answers, not scans"

    store(engine, [Record("341500", "rd_expenditure", 2030, 0, True, 1.0, "2030年", "C3",
                          "reported")], SourceFile("later.xlsx", sha256="later", size_bytes=1),
          user="tester")
    assert format_number(before + 1) in footer_says(client), "a load moves the count"
