"""What a page's HTML loads (dashboard/bundles.py) and what its first layout holds
(dashboard/first_page.py), over HTTP on the sample province."""

from __future__ import annotations

import json
import re

import pytest
from plotly.offline import get_plotlyjs_version

from config import Settings
from dashboard.app import create_app
from dashboard.bundles import PLOTLY_BUNDLE, PLOTLY_TRACES, plotly_bundle_version
from tests.sample_data import CITIES, load_sample
from tests.test_rankings_compare_pages import component, page

CHART_PAGES = {"/trends": {}, "/rankings": {}, "/map": {},
               "/compare": {"selection": ",".join(CITIES[:3])}}


@pytest.fixture
def client(engine):
    load_sample(engine)
    app = create_app(Settings(database_url="sqlite://unused", load_demo_if_empty=False), engine)
    client = app.server.test_client()
    client.get("/")  # registers the callbacks, sets the CSRF cookie
    return client


def graphs(tree) -> list[dict]:
    """The props of every dcc.Graph in a layout tree."""
    found = []
    if isinstance(tree, dict):
        if tree.get("type") == "Graph":
            found.append(tree["props"])
        for value in (tree.get("props") or {}).values():
            found += graphs(value)
    elif isinstance(tree, list):
        for child in tree:
            found += graphs(child)
    return found


def scripts(client, path: str) -> list[str]:
    """The addresses of the scripts in the page's HTML."""
    return re.findall(r'<script src="([^"]+)"', client.get(path).get_data(as_text=True))


def test_the_vendored_plotly_is_the_plotly_js_that_the_installed_plotly_writes_figures_for():
    assert plotly_bundle_version() == get_plotlyjs_version(), \
        "plotly was upgraded: run python scripts/build_plotly.py"


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_a_page_draws_is_of_a_trace_type_in_the_bundle(client, path):
    charts = graphs(page(client, path, **CHART_PAGES[path]))
    assert charts, f"{path} drew no chart"
    for chart in charts:
        kinds = {trace.get("type", "scatter") for trace in chart["figure"]["data"]}
        assert kinds <= set(PLOTLY_TRACES), (path, kinds)


def test_a_chart_page_loads_the_trimmed_plotly_in_its_html_and_dash_serves_no_other(client):
    html = client.get("/trends").get_data(as_text=True)
    assert f'<script src="/assets/{PLOTLY_BUNDLE}?m=' in html
    assert "dcc/async-graph.js" in html  # Dash's graph chunk, not fetched after the layout
    assert "package_data/plotly.min.js" not in html
    assert client.get("/_dash-component-suites/plotly/package_data/plotly.min.js").status_code \
        != 200
    bundle = client.get(f"/assets/{PLOTLY_BUNDLE}")
    assert bundle.status_code == 200 and b"plotly.js v" in bundle.get_data()[:200]


def test_the_overview_loads_neither_plotly_nor_ag_grid_but_says_where_they_are(client):
    loaded = scripts(client, "/")
    assert loaded and not [src for src in loaded if "dash_ag_grid" in src or "plotly" in src]
    html = client.get("/").get_data(as_text=True)
    assert f'<meta name="plotly-bundle" content="/assets/{PLOTLY_BUNDLE}?m=' in html
    assert '<meta name="ag-grid-bundle" content="/_dash-component-suites/dash_ag_grid/' in html


@pytest.mark.parametrize("path, grid", [("/rankings", False), ("/data", True), ("/trends", False),
                                        ("/map", False), ("/upload", False)])
def test_ag_grid_is_in_the_html_of_the_pages_that_open_on_one(client, path, grid):
    assert any("dash_ag_grid" in src for src in scripts(client, path)) == grid


def layout(client, referrer: str | None) -> dict:
    headers = {"Referer": referrer} if referrer else {}
    response = client.get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    assert "Referer" in response.vary and response.cache_control.no_store
    return json.loads(response.get_data())


def test_the_first_layout_holds_the_page_the_browser_opened_in_its_language(client):
    tree = layout(client, "http://localhost/trends?lang=en&period=2024")
    assert graphs(component(tree, "_pages_content")["children"]), "the chart is in the layout"
    location = component(tree, "_pages_location")
    # The URL component knows the address, so it does not report it and the router stays idle.
    assert (location["pathname"], location["search"]) == ("/trends", "?lang=en&period=2024")
    assert component(tree, "_pages_store")["data"]["title"].startswith("Trends")
    assert "Trends" in json.dumps(component(tree, "_pages_content")["children"])


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/trends",
                                      "http://localhost/no-such-page"])
def test_without_a_page_of_this_app_to_draw_the_first_layout_leaves_it_to_the_router(
        client, referrer):
    tree = layout(client, referrer)
    assert not component(tree, "_pages_content").get("children")
    assert "pathname" not in component(tree, "_pages_location")
