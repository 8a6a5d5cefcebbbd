"""The Rankings and Compare pages drawn through Dash's callback endpoint, as a browser asks for
them, on the sample province: what they show agrees with the metrics API."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from config import Settings
from dashboard.app import create_app
from metrics import api
from tests.sample_data import CITIES, LUAN, PROVINCE, load_sample
from tests.web_client import browser_client, csrf


@pytest.fixture
def client(engine):
    load_sample(engine)
    app = create_app(Settings(database_url="sqlite://unused", load_demo_if_empty=False), engine)
    return browser_client(app)


def page(client, path: str, **query) -> dict:
    """The page's components as the callback that draws it returns them."""
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search",
                        "value": "?" + urlencode(query)}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    response = client.post("/_dash-update-component", json=body,
                           headers={"X-CSRFToken": csrf(client)})
    assert response.status_code == 200, response.text[:300]
    return response.get_json()["response"]["_pages_content"]["children"]


def component(tree, component_id: str) -> dict:
    """The props of the component with this id, wherever it is in the tree."""
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if props.get("id") == component_id:
            return props
        children = [props.get("children")] if "props" in tree else list(tree.values())
        for child in children:
            found = component(child, component_id)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for child in tree:
            found = component(child, component_id)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("period, quarter, basis", [
    ("2025", 0, "value"), ("2025", 0, "growth"), ("2025Q3", 3, "value")])
def test_the_rank_table_is_the_metrics_ranking_of_the_chosen_period(client, engine, period,
                                                                     quarter, basis):
    shown = page(client, "/rankings", region=LUAN, indicator="rd_expenditure", period=period,
                 measure=basis)
    rows = [tr["props"] for tr in component(shown, "rank-table-rows")["data"]]  # the table's
    expected = api.ranking(engine, "rd_expenditure", int(period[:4]), quarter, "province_cities",
                           PROVINCE, basis=basis)
    assert [(r["id"], r["data-rank"], r["data-value"]) for r in rows] == list(zip(
        "rank-row-" + expected["region_code"], expected["rank"], expected["value"]))
    marked = [r for r in rows if r.get("aria-current")]
    assert [r["id"] for r in marked] == [f"rank-row-{LUAN}"], "the chosen region's row"
    assert "rank-selected" in marked[0]["className"]
    bars = component(shown, "ranking-bar")["figure"]["data"][0]
    assert [code for _, _, code in bars["customdata"]] == list(expected["region_code"])


def test_a_scope_of_one_region_is_never_offered(client, engine):
    """The sample has Anhui alone among the provinces: the province is shown its cities, and
    a county whose scopes hold no other county's figure is told so, never "第1位/1"."""
    from etl.load import store
    from etl.records import Record, SourceFile

    shown = page(client, "/rankings", region=PROVINCE, indicator="rd_expenditure", period="2025")
    options = component(shown, {"key": "scope", "type": "url-control"})["options"]
    assert [o["value"] for o in options] == [PROVINCE]  # its cities, not 全国各省 of one
    store(engine, [Record("341522", "tech_contract_absorbed", 2031, 0, True, 1.5)],
          SourceFile("one.xlsx", sha256="one"))
    shown = page(client, "/rankings", region="341522", indicator="tech_contract_absorbed",
                 period="2031")
    assert component(shown, "ranking-empty") is not None
    assert component(shown, "ranking-bar") is None


def test_the_radar_names_each_compared_region_with_its_index(client, engine):
    chosen = CITIES[:3]
    shown = page(client, "/compare", selection=",".join(chosen), period="2025",
                 indicators="rd_expenditure,high_tech_enterprises")
    index = api.composite_index(engine, chosen, 2025).set_index("region_code")
    radar = component(shown, "compare-radar")["figure"]
    assert [trace["name"] for trace in radar["data"]] == [
        f"{index.at[code, 'region_name_zh']}（{index.at[code, 'index']:.1f}）" for code in chosen]
    multiples = component(shown, "compare-multiples")["figure"]
    assert {trace["name"] for trace in multiples["data"]} == set(index["region_name_zh"])


def test_the_map_draws_zones_as_points_where_only_zones_hold_the_indicator(client, engine):
    """Zones have no outline: the map draws them as points (it said "开发区不在地图上" before)."""
    from dashboard.figures.map import clicked_region
    from etl.load import store
    from etl.records import Record, SourceFile

    store(engine, [Record(z, "zone_assessment_rank", 2031, 0, True, float(i + 1))
                   for i, z in enumerate(["Z341500-01", "Z340100-01"])],
          SourceFile("zones.xlsx", sha256="zones"))
    shown = page(client, "/map", region=PROVINCE, indicator="zone_assessment_rank",
                 period="2031")
    figure = component(shown, "region-map")["figure"]
    points = [trace for trace in figure["data"] if trace["type"] == "scattergeo"
              and trace.get("mode") == "markers"]
    with_value = next(p for p in points if p["marker"].get("showscale"))
    assert {d[2] for d in with_value["customdata"]} == {"Z341500-01", "Z340100-01"}
    assert "第1位" in str(with_value["customdata"])
    # the other zones of Anhui are there too, white (no figure)
    assert len(points) == 2 and len(points[0]["customdata"]) > 10
    assert component(shown, "map-zone-values") is not None
    assert clicked_region({"points": [{"lon": 117.2, "lat": 31.8,
                                       "customdata": with_value["customdata"][0]}]}) \
        == with_value["customdata"][0][2]


def test_a_zone_outside_the_home_province_shows_its_province_on_the_map(client, engine):
    from etl.official import load_official

    load_official(engine)
    shown = page(client, "/map", region="Z320500-05", indicator="etdz_evaluation_rank",
                 period="2021")
    assert "江苏省各市" in str(component(shown, "map-caption"))
    figure = component(shown, "region-map")["figure"]
    codes = {d[2] for trace in figure["data"] if trace["type"] == "scattergeo"
             for d in trace.get("customdata") or [] if len(d) > 2}
    assert {"Z320500-05", "Z320500-04", "Z320100-01"} <= codes




def test_compares_pickers_start_with_the_chosen_options_and_keep_the_lists_for_after_the_charts(
        client):
    """Dash's dropdown indexes its options as it is drawn: with charts to draw, Compare's
    pickers start with what they show, and their full lists wait beside them."""
    chosen = CITIES[:3]
    shown = page(client, "/compare", selection=",".join(chosen), period="2025",
                 indicators="rd_expenditure,high_tech_enterprises")
    for key, values in (("selection", set(chosen)),
                        ("indicators", {"rd_expenditure", "high_tech_enterprises"})):
        picker = component(shown, {"type": "url-control", "key": key})
        later = component(shown, {"type": "options-after-charts", "key": key})["data"]
        assert {o["value"] for o in picker["options"]} == values == set(picker["value"])
        assert len(later) > len(values) and all(o in later for o in picker["options"])
    regions = component(shown, {"type": "options-after-charts", "key": "selection"})["data"]
    assert {LUAN, PROVINCE} <= {o["value"] for o in regions}


def test_compare_without_two_regions_offers_every_region_at_once(client):
    shown = page(client, "/compare", selection=LUAN)
    picker = component(shown, {"type": "url-control", "key": "selection"})
    assert set(CITIES) <= {o["value"] for o in picker["options"]}
    assert component(shown, {"type": "options-after-charts", "key": "selection"}) is None
