"""`python app.py`: the database is created and, when empty, filled with the demo province;
create_app builds an app with every page on the database it is given."""

from __future__ import annotations

import dash

from app import prepare_database
from config import Settings
from dashboard.app import create_app
from db import queries
from tests.sample_data import load_sample

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
