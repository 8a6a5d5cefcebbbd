"""Map boundaries (dashboard/geo.py) and the choropleth builder (dashboard/figures/map.py)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import geo
from dashboard.figures.map import choropleth_figure, clicked_region, label_colours

CITIES = ["340100", "341500", "341200"]


def test_outlines_are_simplified_small_and_keyed_by_adcode():
    collection = geo.feature_collection(CITIES + ["Z341500-01"], "city")
    assert [f["id"] for f in collection["features"]] == CITIES, "zones have no outline"
    raw = sum(len((geo._source_dir() / f"{c}.geojson").read_bytes()) for c in CITIES)
    assert len(json.dumps(collection)) < raw / 3
    geometry = collection["features"][0]["geometry"]
    assert geometry["type"] in ("Polygon", "MultiPolygon")


def test_outlines_are_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(geo, "CACHE_DIR", tmp_path)
    geo.boundary.cache_clear()
    try:
        first = geo.boundary("341500", 0.01)
        cached = list(tmp_path.glob("341500-*.json"))
        assert len(cached) == 1
        assert json.loads(cached[0].read_text()) == first
    finally:
        geo.boundary.cache_clear()


def _frame():
    return pd.DataFrame({"code": CITIES, "name": ["合肥市", "六安市", "阜阳市"],
                         "value": [277.6, 31.3, float("nan")],
                         "label": ["277.6亿元", "31.3亿元", "—"]})


def test_regions_without_a_value_are_grey_and_few_traces_are_used():
    collection = geo.feature_collection(CITIES, "city")
    fig = choropleth_figure(collection, _frame(), unit="亿元", selected="341500",
                            label_points=geo.label_points(CITIES, "city"))
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["choropleth", "choropleth", "choropleth", "scattergeo"]
    no_data, values, selected, _names = fig.data
    assert list(no_data.locations) == ["341200"]
    assert list(values.locations) == ["340100", "341500"]
    assert list(selected.locations) == ["341500"]
    assert values.colorbar.title.text == "亿元"
    assert values.customdata[0][1] == "277.6亿元", "the hover shows the value with its unit"


def test_a_click_reports_the_region_code():
    assert clicked_region({"points": [{"location": "341500", "z": 31.3}]}) == "341500"
    assert clicked_region(None) is None
    assert clicked_region({"points": [{"lon": 117, "lat": 31}]}) is None


def test_names_on_dark_fills_are_white():
    colours = label_colours(pd.Series([10.0, 100.0, float("nan")]), "value")
    assert colours[0] != colours[1]
    assert colours[1] == "#ffffff"


def test_rank_one_is_darkest_and_on_top_of_the_colour_bar():
    collection = geo.feature_collection(CITIES, "city")
    frame = _frame().assign(value=[1.0, 2.0, float("nan")])
    fig = choropleth_figure(collection, frame, unit="亿元", measure="rank")
    values = fig.data[1]
    assert list(values.z) == [-1.0, -2.0], "higher z is darker in Blues"
    top = max(zip(values.colorbar.tickvals, values.colorbar.ticktext))
    assert top == (-1, "第1位")


def test_each_name_is_written_inside_its_region():
    from shapely.geometry import Point, shape

    points = geo.label_points([*CITIES, "999999"], "city")
    assert set(points) == set(CITIES), "a region without an outline gets no label"
    for code in CITIES:
        outline = shape(geo.boundary(code, geo.TOLERANCE["city"]))
        assert outline.distance(Point(points[code])) < 1e-3  # inside, give or take rounding


def test_zones_are_points_around_their_city_or_at_their_own_coordinates():
    points = geo.zone_points([("Z340100-01", "340100", None, None),
                              ("Z340100-02", "340100", None, None),
                              ("Z341500-01", "341500", 116.55, 31.76)], "city")
    centre = geo.label_point("340100", geo.TOLERANCE["city"])
    ring = [((lon - centre[0]) ** 2 + (lat - centre[1]) ** 2) ** 0.5
            for lon, lat in (points["Z340100-01"], points["Z340100-02"])]
    assert ring == [pytest.approx(geo.ZONE_RING["city"], abs=1e-3)] * 2
    assert points["Z340100-01"] != points["Z340100-02"]
    assert points["Z341500-01"] == (116.55, 31.76)


def test_zone_points_carry_their_code_and_a_scale_of_their_own():
    collection = geo.feature_collection(CITIES, "city")
    zones = pd.DataFrame({"code": ["Z340100-01", "Z341500-01"], "name": ["合肥高新区", "六安经开区"],
                          "value": [56.2, float("nan")], "label": ["56.2亿元", ""],
                          "lon": [117.1, 116.5], "lat": [31.8, 31.7]})
    fig = choropleth_figure(collection, _frame(), unit="亿元", selected="Z341500-01", zones=zones)
    with_value, without = [t for t in fig.data if t.type == "scattergeo" and t.mode == "markers"][::-1]
    assert with_value.customdata[0][2] == "Z340100-01" and with_value.marker.showscale
    assert with_value.marker.colorbar.title.text == "开发区（亿元）"
    assert without.customdata[0][1] == "无数据" and without.marker.color == "#ffffff"
    assert without.marker.line.color[0] == "#e4572e", "the selected zone is ringed red"
    assert clicked_region({"points": [{"customdata": ["六安经开区", "无数据", "Z341500-01"]}]}) \
        == "Z341500-01"
