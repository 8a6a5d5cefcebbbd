"""The choropleth of a province's cities or a city's counties.

Few traces whatever the number of regions (plotly slows with traces, not with points): one for
regions with a value, one grey for regions without, one outline for the selected region and
one layer of names.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.plain import plotly_text
from dashboard.formatting import axis_ticks
from dashboard.i18n import t

NO_DATA_GREY = "#d9dde3"
SELECTED_OUTLINE = "#e4572e"
DARK_TEXT, LIGHT_TEXT = "#1f2d3d", "#ffffff"
# Blues from a visible light blue, not from white: the lowest region must not look like the
# page's background (or like a region without data).
BLUES = [[0, "#b7d3ea"], [0.35, "#6baed6"], [0.7, "#2171b5"], [1, "#08306b"]]
OUTLINE = {"color": "#6c7a89", "width": 0.8}  # every region outlined, the lightest included
SCALES = {
    "value": BLUES,
    "growth": "RdBu",  # diverging around zero growth
    "rank": BLUES,  # drawn as -rank: rank 1 darkest and at the top of the colour bar
}


def choropleth_figure(collection: dict, frame: pd.DataFrame, *, unit: str, lang: str = "zh",
                      measure: str = "value", selected: str | None = None,
                      label_points: dict[str, tuple[float, float]] | None = None,
                      height: int = 560, geojson_url: str | None = None) -> go.Figure:
    """frame: one row per region with code, name, value (NaN when missing), label (the value
    formatted for the hover) and optionally short_name (written on the map).
    collection: GeoJSON FeatureCollection, feature id = code. geojson_url: where the browser
    fetches the same collection; given, the traces name it instead of carrying it."""
    geojson = geojson_url or collection
    on_map = {f["id"] for f in collection.get("features", [])}
    frame = frame[frame["code"].isin(on_map)]
    frame = frame.assign(name=[plotly_text(n) for n in frame["name"]])
    if "short_name" in frame:
        frame = frame.assign(short_name=[plotly_text(n) for n in frame["short_name"]])
    has_value = frame["value"].notna()
    with_value, without = frame[has_value], frame[~has_value]
    fig = go.Figure()
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"

    if not without.empty:
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=without["code"], z=[0] * len(without),
            colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]], showscale=False,
            customdata=list(zip(without["name"], [t("map_no_value", lang)] * len(without))),
            hovertemplate=hover, marker={"line": OUTLINE},
            name=t("map_no_value", lang)))

    if not with_value.empty:
        values = with_value["value"].astype(float)
        vmin, vmax = float(values.min()), float(values.max())
        tick_unit = "位" if measure == "rank" else ("%" if measure == "growth" else unit)
        tickvals, ticktext, title = axis_ticks(vmin, vmax, tick_unit, lang, target_ticks=4)
        z = values
        if measure == "rank":
            # The ticks say 第3位 already; a title would sit on the top tick.
            ticks, ticktext = _rank_ticks(vmin, vmax, lang)[:2]
            z, tickvals, title = -values, [-r for r in ticks], ""
        trace = dict(
            geojson=geojson, locations=with_value["code"], z=z,
            colorscale=SCALES.get(measure, BLUES),
            customdata=list(zip(with_value["name"], with_value["label"])),
            hovertemplate=hover, marker={"line": OUTLINE},
            colorbar={"title": {"text": title, "side": "top"}, "tickvals": tickvals,
                      "ticktext": ticktext, "thickness": 12, "len": 0.6, "x": 0.98},
            name=t(f"measure_{measure}", lang))
        if measure == "growth":
            # Diverging around zero only when regions grew and shrank; otherwise one hue.
            if vmin >= 0:
                trace.update(colorscale=BLUES, zmin=0, zmax=vmax or 1.0)
            elif vmax <= 0:
                trace.update(colorscale="Reds_r", zmin=vmin, zmax=0)
            else:
                bound = max(abs(vmin), abs(vmax))
                trace.update(zmid=0, zmin=-bound, zmax=bound)
        fig.add_trace(go.Choropleth(**trace))

    if selected and selected in set(frame["code"]):
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=[selected], z=[1],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            hoverinfo="skip", marker={"line": {"color": SELECTED_OUTLINE, "width": 3}},
            name=t("map_selected", lang)))

    if label_points:
        names = frame[frame["code"].isin(label_points)]
        fig.add_trace(go.Scattergeo(
            lon=[label_points[c][0] for c in names["code"]],
            lat=[label_points[c][1] for c in names["code"]],
            text=names["short_name"] if "short_name" in names else names["name"], mode="text", hoverinfo="skip", showlegend=False,
            textfont={"size": 11, "color": label_colours(names["value"], measure)}))

    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator",
                    bgcolor="rgba(0,0,0,0)")
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      showlegend=False, paper_bgcolor="rgba(0,0,0,0)", dragmode=False,
                      hoverlabel={"bgcolor": "white", "font_size": 13})
    return fig


def label_colours(values: pd.Series, measure: str) -> list[str]:
    """White names on the darkest fills, dark names elsewhere, so every name stays legible."""
    v = values.astype(float)
    if v.notna().sum() == 0 or v.max() == v.min():
        return [DARK_TEXT] * len(v)
    if measure == "growth":
        # Zero is white; the further from zero (either way), the darker the fill.
        bound = v.abs().max()
        dark = v.abs() > (0.6 if v.min() < 0 < v.max() else 0.65) * bound
    else:
        share = (v - v.min()) / (v.max() - v.min())
        dark = share < 0.35 if measure == "rank" else share > 0.65
    return [LIGHT_TEXT if d else DARK_TEXT for d in dark.fillna(False)]


def _rank_ticks(vmin: float, vmax: float, lang: str) -> tuple[list[float], list[str], str]:
    step = max(1, math.ceil((vmax - vmin) / 4))
    ticks = list(range(int(vmin), int(vmax) + 1, step))
    texts = [f"No. {r}" if lang == "en" else f"第{r}位" for r in ticks]
    return ticks, texts, t("rank_short", lang)


def clicked_region(click_data: dict | None) -> str | None:
    """The region code a map click landed on (choropleth points carry `location`)."""
    if not click_data:
        return None
    for point in click_data.get("points", []):
        code = point.get("location")
        if isinstance(code, str) and code:
            return code
    return None
