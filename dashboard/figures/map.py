"""The choropleth of a province's cities or a city's counties, with its zones as points.

Few traces whatever the number of regions (plotly slows with traces, not with points): one for
regions with a value, one grey for regions without, one outline for the selected region, one
layer of names, and one layer of zone points (coloured on the regions' scale, white without a
value, ringed red when selected).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale

from dashboard.figures.contrast import on_fill
from dashboard.figures.plain import plotly_text
from dashboard.formatting import axis_ticks
from dashboard.i18n import t

NO_DATA_GREY = "#d9dde3"
SELECTED_OUTLINE = "#e4572e"
ZONE_OUTLINE = "#1f2d3d"
NO_DATA_RING = "#6c7a89"
# Zones' own scale (their figures are a fraction of a city's): oranges beside the blues.
ZONE_SCALE = [[0, "#fdd8b5"], [0.4, "#fd9c51"], [0.75, "#e6550d"], [1, "#8c2d04"]]
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
                      height: int = 560, geojson_url: str | None = None,
                      zones: pd.DataFrame | None = None, lower_better: bool = False) -> go.Figure:
    """frame: one row per region with code, name, value (NaN when missing), label (the value
    formatted for the hover) and optionally short_name (written on the map).
    collection: GeoJSON FeatureCollection, feature id = code. geojson_url: where the browser
    fetches the same collection; given, the traces name it instead of carrying it.
    zones: one row per zone point with code, name, value, label, lon, lat.
    lower_better: the indicator's best is its lowest (a reported rank): the lowest value is
    the darkest, as rank 1 is on the rank measure."""
    geojson = geojson_url or collection
    on_map = {f["id"] for f in collection.get("features", [])}
    frame = frame[frame["code"].isin(on_map)]
    frame = frame.assign(name=[plotly_text(n) for n in frame["name"]])
    if "short_name" in frame:
        frame = frame.assign(short_name=[plotly_text(n) for n in frame["short_name"]])
    has_value = frame["value"].notna()
    with_value, without = frame[has_value], frame[~has_value]
    zones = zones if zones is not None and not zones.empty else None
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
        scale = colour_scale(float(values.min()), float(values.max()), measure, unit, lang,
                             lower_better)
        fig.add_trace(go.Choropleth(
            geojson=geojson, locations=with_value["code"],
            z=-values if measure == "rank" else values, **scale,
            customdata=list(zip(with_value["name"], with_value["label"])),
            hovertemplate=hover, marker={"line": OUTLINE}, name=t(f"measure_{measure}", lang)))

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
            textfont={"size": 11,
                      "color": label_colours(names["value"], measure, lower_better)}))

    for trace in (zone_traces(zones, measure, unit, selected, lang, lower_better)
                  if zones is not None else []):
        fig.add_trace(trace)

    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator",
                    bgcolor="rgba(0,0,0,0)")
    # A zone's dot answers a pointer on it, not one 20 px away (plotly's default): the city
    # around it stays clickable right up to its zones.
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      showlegend=False, paper_bgcolor="rgba(0,0,0,0)", dragmode=False,
                      hoverlabel={"bgcolor": "white", "font_size": 13}, hoverdistance=6)
    return fig


def colour_scale(vmin: float, vmax: float, measure: str, unit: str, lang: str,
                 lower_better: bool = False) -> dict:
    """The colour scale, its range and colour bar of the shown values (regions and zones
    alike): colorscale, zmin/zmax (or zmid) and colorbar, as a choropleth takes them."""
    tick_unit = "位" if measure == "rank" else ("%" if measure == "growth" else unit)
    tickvals, ticktext, title = axis_ticks(vmin, vmax, tick_unit, lang, target_ticks=4)
    low, high = vmin, vmax
    if measure == "rank":
        # The ticks say 第3位 already; a title would sit on the top tick.
        ticks, ticktext = _rank_ticks(vmin, vmax, lang)[:2]
        tickvals, title, low, high = [-r for r in ticks], "", -vmax, -vmin
    scale = {"colorscale": SCALES.get(measure, BLUES), "zmin": low, "zmax": high,
             "colorbar": {"title": {"text": title, "side": "top"}, "tickvals": tickvals,
                          "ticktext": ticktext, "thickness": 12, "len": 0.6, "x": 0.98}}
    if measure == "growth":
        # Diverging around zero only when regions grew and shrank; otherwise one hue.
        if vmin >= 0:
            scale.update(colorscale=BLUES, zmin=0, zmax=vmax or 1.0)
        elif vmax <= 0:
            scale.update(colorscale="Reds_r", zmin=vmin, zmax=0)
        else:
            bound = max(abs(vmin), abs(vmax))
            scale.update(zmid=0, zmin=-bound, zmax=bound)
    if lower_better and measure == "value":
        scale["colorscale"] = reversed_scale(scale["colorscale"])
    if scale["zmin"] == scale["zmax"]:  # one value: plotly needs a span to colour it
        scale["zmax"] = scale["zmin"] + 1
    return scale


def reversed_scale(colours: list) -> list:
    """A [[position, colour], ...] scale run the other way: the darkest at the lowest value."""
    return [[round(1 - position, 6), colour] for position, colour in reversed(colours)]


def zone_traces(zones: pd.DataFrame, measure: str, unit: str, selected: str | None,
                lang: str, lower_better: bool = False) -> list[go.Scattergeo]:
    """The zones as points, a layer with a legend of its own: zones with a value filled on
    their own colour scale (oranges, beside the regions' blues; a zone's figures are a
    fraction of its city's, so on the cities' scale every zone would be the palest), with
    their colour bar on the left; zones without one white, ringed grey. Outlined dark, red and
    larger when selected; a click reports the zone's code (customdata[2])."""
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
    values = zones["value"].astype(float)
    traces = []
    for has_value in (False, True):
        part = zones[values.notna() == has_value]
        if part.empty:
            continue
        chosen = part["code"].eq(selected).to_numpy()
        labels = part["label"] if has_value else [t("map_no_value", lang)] * len(part)
        marker = {"size": [16 if c else 12 for c in chosen], "symbol": "circle",
                  "line": {"color": [SELECTED_OUTLINE if c else ZONE_OUTLINE for c in chosen],
                           "width": [3 if c else 1.2 for c in chosen]}}
        if has_value:
            shown = part["value"].astype(float)
            scale = colour_scale(float(shown.min()), float(shown.max()), measure, unit, lang)
            colorscale = scale["colorscale"] if measure == "growth" else (
                reversed_scale(ZONE_SCALE) if lower_better and measure == "value" else ZONE_SCALE)
            bar = dict(scale["colorbar"], x=0.0, xanchor="left",
                       title={"text": zone_bar_title(scale["colorbar"]["title"]["text"], lang),
                              "side": "top"})
            marker.update(color=(-shown if measure == "rank" else shown).tolist(),
                          colorscale=colorscale, cmin=scale["zmin"], cmax=scale["zmax"],
                          showscale=True, colorbar=bar,
                          **({"cmid": scale["zmid"]} if "zmid" in scale else {}))
        else:  # white with a grey ring: visible on grey (no data) and on blue regions
            marker.update(color="#ffffff", line={"color": [
                SELECTED_OUTLINE if c else NO_DATA_RING for c in chosen],
                "width": [3 if c else 1.5 for c in chosen]})
        traces.append(go.Scattergeo(
            lon=part["lon"], lat=part["lat"], mode="markers", marker=marker,
            customdata=list(zip([plotly_text(n) for n in part["name"]], labels, part["code"])), hovertemplate=hover,
            name=t("map_zones_legend", lang), showlegend=False))
    return traces


def zone_bar_title(unit_title: str, lang: str) -> str:
    """开发区（亿元） / Zones (100m yuan): the zones' colour bar says whose scale it is."""
    word = t("map_zones_legend", lang)
    if not unit_title:
        return word
    return f"{word}（{unit_title}）" if lang == "zh" else f"{word} ({unit_title})"


def fill_colours(values: pd.Series, measure: str, lower_better: bool = False) -> list[str]:
    """Each region's fill as the choropleth colours it (the grey of no data included): the
    colour scale and range colour_scale gives the trace, sampled at the region's value."""
    v = values.astype(float)
    known = v.dropna()
    if known.empty:
        return [NO_DATA_GREY] * len(v)
    scale = colour_scale(float(known.min()), float(known.max()), measure, "", "zh", lower_better)
    colours = scale["colorscale"]
    colours = get_colorscale(colours) if isinstance(colours, str) else colours
    lo, hi = scale["zmin"], scale["zmax"]
    z = -v if measure == "rank" else v
    span = (hi - lo) or 1.0
    return [NO_DATA_GREY if pd.isna(x) else
            sample_colorscale(colours, [min(1.0, max(0.0, (x - lo) / span))])[0] for x in z]


def label_colours(values: pd.Series, measure: str, lower_better: bool = False) -> list[str]:
    """Black or white names, whichever reads better on each region's fill (4.58:1 at worst)."""
    return [on_fill(fill) for fill in fill_colours(values, measure, lower_better)]


def _rank_ticks(vmin: float, vmax: float, lang: str) -> tuple[list[float], list[str], str]:
    step = max(1, math.ceil((vmax - vmin) / 4))
    ticks = list(range(int(vmin), int(vmax) + 1, step))
    texts = [f"No. {r}" if lang == "en" else f"第{r}位" for r in ticks]
    return ticks, texts, t("rank_short", lang)


def clicked_region(click_data: dict | None) -> str | None:
    """The region code a map click landed on: a region (choropleth points carry `location`)
    or a zone (its point carries the code as customdata[2])."""
    if not click_data:
        return None
    for point in click_data.get("points", []):
        code = point.get("location")
        if isinstance(code, str) and code:
            return code
        data = point.get("customdata")
        if isinstance(data, list) and len(data) > 2 and isinstance(data[2], str) and data[2]:
            return data[2]
    return None
