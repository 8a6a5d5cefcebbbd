"""Map (地图): a choropleth of a province's cities or one city's counties, coloured by the
chosen indicator, with the development zones as points (they have no outline); clicking a
region or a zone selects it in the URL, and so on every page. The province is the home
province, or the one of the selected region (a zone in Jiangsu shows Jiangsu)."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import geo
from dashboard.bundles import PLOTLY
from dashboard.components import (PERIOD_MEASURES, URL, chart, controls_row, empty_state,
                                  indicator_picker, measure_picker, page_header, period_picker,
                                  url_request, url_request_id)
from dashboard.context import PageData, engine, page_data
from dashboard.document import page_title
from dashboard.figures.alt_text import map_text
from dashboard.figures.map import choropleth_figure, clicked_region
from dashboard.formatting import (MISSING, format_growth, format_period, format_rank,
                                  format_value, tick_scale)
from dashboard.i18n import name_of, t
from dashboard.state import MAX_SELECTION, ViewState, search_with
from dashboard.toolbar import chart_filename
from dashboard.view_cache import once_per_view

dash.register_page(__name__, path="/map", name="地图", title=page_title("nav_map"), order=4,
                   bundles=(PLOTLY,))
NO_ROWS = pd.DataFrame()  # a NamedTuple's default: read, never changed


def map_scope(data: PageData) -> tuple[str, str]:
    """(parent code, level of the regions shown): a province's cities, or a city's counties.
    The province is the selected region's, when it lies outside the home province."""
    scope = data.region_row(data.state.scope)
    if scope is not None and scope["level"] == "city":
        return scope["code"], "county"
    selected = data.region_row(data.state.region) or {}
    elsewhere = selected.get("province_code")
    return (elsewhere if isinstance(elsewhere, str) and elsewhere else data.province), "city"


def zones_on_map(parent: str, level: str) -> pd.DataFrame:
    """The zones inside the map's region (a province's, or one city's), retired ones left
    out, with their parent and point as the catalog has them."""
    from db import queries

    if level == "city":
        zones = queries.zones(engine(), parent)
    else:
        zones = queries.zones(engine())
        zones = zones[zones["city_code"].eq(parent)]
    return zones[~zones["retired"].astype(bool)].reset_index(drop=True)


def zone_frame(data: PageData, zones: pd.DataFrame, level: str, province: str) -> pd.DataFrame:
    """One row per zone point: code, name, value of the chosen measure, hover label, lon, lat
    (its own point, or set around its parent's label point)."""
    lang, period, measure = data.state.lang, data.period_key, data.state.measure or "value"
    indicator = data.indicator_row(data.state.indicator)
    points = geo.zone_points([(z["code"], z["parent_code"], z["lon"], z["lat"])
                              for z in zones.to_dict("records")], level)
    zones = zones[zones["code"].isin(points)]
    frame = pd.DataFrame({"code": zones["code"],
                          "name": [name_of(z, lang) for z in zones.to_dict("records")],
                          "lon": [points[c][0] for c in zones["code"]],
                          "lat": [points[c][1] for c in zones["code"]]})
    frame["value"], frame["label"] = float("nan"), ""
    if indicator is None or period is None or frame.empty:
        return frame
    scale = _fill_values(frame, indicator, period, lang)
    texts = [format_value(v, indicator["unit"], lang, scale=scale) if pd.notna(v) else ""
             for v in frame["value"]]
    growth, ranks = [""] * len(frame), [""] * len(frame)
    if frame["value"].notna().any():
        from metrics import api

        ranked = api.ranking(engine(), indicator["code"], period.year, period.quarter,
                             "province_zones", province, basis="value",
                             cumulative=period.cumulative)
        ranked = ranked.set_index("region_code").reindex(frame["code"])
        growth = [format_growth(g) for g in ranked["yoy_growth_pct"]]
        ranks = [format_rank(r, n, lang, False if pd.isna(tied) else bool(tied))
                 for r, n, tied in zip(ranked["rank"], ranked["rank_of"], ranked["tied"])]
        if measure == "growth":
            frame["value"] = ranked["yoy_growth_pct"].astype(float).to_numpy()
        elif measure == "rank":
            frame["value"] = ranked["rank"].astype(float).to_numpy()
    frame["value_text"], frame["growth_text"], frame["rank_text"] = texts, growth, ranks
    frame["label"] = _hover_labels(frame, lang)
    return frame


def map_frame(data: PageData, children: pd.DataFrame, level: str, parent: str) -> pd.DataFrame:
    """One row per region shown: code, name, the chosen measure's value, and a hover label
    with value, growth and rank (growth and rank from the metrics engine)."""
    lang, period, measure = data.state.lang, data.period_key, data.state.measure or "value"
    indicator = data.indicator_row(data.state.indicator)
    names = [name_of(r, lang) for r in children.to_dict("records")]
    frame = pd.DataFrame({"code": children["code"], "name": names,
                          "short_name": [short_name(n, lang) for n in names]})
    frame["value"], frame["label"] = float("nan"), ""
    if indicator is None or period is None or children.empty:
        return frame
    scale = _fill_values(frame, indicator, period, lang)
    frame["value_text"] = [format_value(v, indicator["unit"], lang, scale=scale)
                           for v in frame["value"]]
    frame["growth_text"], frame["rank_text"] = "", ""
    ranks = ranks_frame(indicator["code"], period, level, parent)
    ranks = ranks.set_index("region_code").reindex(frame["code"])
    frame["growth_text"] = [format_growth(g) for g in ranks["yoy_growth_pct"]]
    frame["rank_text"] = [format_rank(r, n, lang, False if pd.isna(tied) else bool(tied))
                          for r, n, tied in zip(ranks["rank"], ranks["rank_of"], ranks["tied"])]
    if measure == "growth":
        frame["value"] = ranks["yoy_growth_pct"].astype(float).to_numpy()
    elif measure == "rank":
        frame["value"] = ranks["rank"].astype(float).to_numpy()
    frame["label"] = _hover_labels(frame, lang)
    return frame


def _fill_values(frame: pd.DataFrame, indicator: dict, period, lang: str):
    """Set frame's "value" to the indicator's value of each region in it (NaN where there is
    none) and return the scale of the colour bar's ticks, which the labels are written in too
    (one unit per map); None when no region has a value."""
    from db import queries

    obs = queries.observations(engine(), region_codes=list(frame["code"]),
                               indicator_codes=[indicator["code"]], year=period.year,
                               quarter=period.quarter, cumulative=period.cumulative)
    values = dict(zip(obs["region_code"], obs["value"]))
    frame["value"] = [values.get(c, float("nan")) for c in frame["code"]]
    known = frame["value"].dropna()
    return tick_scale(float(known.min()), float(known.max()), indicator["unit"], lang,
                      target_ticks=4) if not known.empty else None


def _hover_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """Value, growth and rank texts joined for the hover, leaving out those not known."""
    growth_word = t("growth_short", lang)
    return [" · ".join(p for p in (v, f"{growth_word} {g}" if g not in ("", MISSING) else "",
                                   r if r != MISSING else "") if p)
            for v, g, r in zip(frame["value_text"], frame["growth_text"], frame["rank_text"])]


def ranks_frame(indicator: str, period, level: str, parent: str) -> pd.DataFrame:
    """Value, growth and rank of the regions on the map, ranked among themselves: the
    province's cities, or one city's counties."""
    from metrics import api

    scope_kind = "province_cities" if level == "city" else "city_counties"
    return api.ranking(engine(), indicator, period.year, period.quarter, scope_kind, parent,
                       basis="value", cumulative=period.cumulative)


def short_name(name: str, lang: str) -> str:
    """Map labels drop the English suffixes (Hefei, not Hefei City); Chinese names stay whole."""
    if lang == "en":
        for suffix in (" City", " County", " District"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
    return name


class MapData(NamedTuple):
    """What the Map shows for one URL: the state and catalogs, the regions shown (a
    province's cities or a city's counties: their parent and level), their outlines, their
    figures and those of the zones among them."""

    page: PageData
    parent: str = ""
    level: str = "city"
    parent_row: dict | None = None  # the defaults: no period stored, nothing shown
    children: pd.DataFrame = NO_ROWS
    collection: dict | None = None
    frame: pd.DataFrame = NO_ROWS  # map_frame
    zones: pd.DataFrame = NO_ROWS  # zone_frame


def map_data(query: dict) -> MapData:
    """The page's one read of the data for the URL's state (first layout and re-renders)."""
    from db import queries

    data = page_data(query)
    if data.state.measure not in (None, *PERIOD_MEASURES):  # e.g. Trends' index, carried by a nav link
        data = replace(data, state=data.state.with_(measure=None))
    if data.periods.empty:
        return MapData(data)
    parent, level = map_scope(data)
    province = parent if level == "city" else (queries.region(engine(), parent) or {}).get(
        "parent_code", data.province)
    children = queries.child_regions(engine(), parent, (level,))
    parent_row = data.region_row(parent) or queries.region(engine(), parent) or {
        "name_zh": parent, "name_en": parent}
    return MapData(data, parent, level, parent_row, children,
                   geo.feature_collection(list(children["code"]), level),
                   map_frame(data, children, level, parent),
                   zone_frame(data, zones_on_map(parent, level), level, province))


@once_per_view
def layout(**query):
    view = map_data(query)
    data = view.page
    state, lang = data.state, data.state.lang
    available = ("value", "growth", "rank")
    controls = controls_row(indicator_picker(data, width={"xs": 12, "md": 5}),
                            period_picker(data, width={"xs": 12, "md": 3}),
                            measure_picker(data, available=available, width={"xs": 12, "md": 4}))
    header = page_header(t("page_map_title", lang), t("map_intro", lang))
    if data.periods.empty:
        return html.Div([header, controls, empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])

    parent, level, children, collection = view.parent, view.level, view.children, view.collection
    frame, zones, parent_row = view.frame, view.zones, view.parent_row
    indicator = data.indicator_row(state.indicator) or {}
    period = data.period_key
    title_key = "map_scope_province" if level == "city" else "map_scope_city"
    scope_text = t(title_key, lang, name=name_of(parent_row, lang))
    period_text = format_period(period.year, period.quarter, period.cumulative, lang)
    caption = " · ".join([scope_text, name_of(indicator, lang), period_text])

    if not collection["features"]:
        body = empty_state(t("map_no_boundaries", lang), "")
    elif frame["value"].notna().sum() == 0 and zones["value"].notna().sum() == 0:
        body = empty_state(t("empty_no_data_title", lang), t("empty_no_data_hint", lang),
                           href=state.href("/upload"), action=t("go_upload", lang))
    else:
        figure = choropleth_figure(collection, frame, unit=indicator.get("unit", ""), lang=lang,
                                   measure=state.measure or "value", selected=state.region,
                                   label_points=geo.label_points(list(children["code"]), level),
                                   geojson_url=geo.collection_url(parent, level), zones=zones,
                                   lower_better=indicator.get("direction") == "lower")
        measure = state.measure or "value"
        filename = chart_filename(name_of(indicator, lang), t("file_map", lang),
                                  None if measure == "value" else t(f"measure_{measure}", lang),
                                  period_text, scope_text)
        graph = chart(figure, "region-map", filename, lang=lang, scrollZoom=False,
                      text=map_text(frame, lang=lang, measure=measure, caption=caption))
        body = dbc.Row([
            dbc.Col([dcc.Loading(graph), url_request("region-map"),
                     html.P(t("map_zones_note", lang), className="small text-muted mb-0",
                            id="map-zones-note") if not zones.empty else None],
                    xs=12, lg=8),
            dbc.Col([value_table(frame, data) if frame["value"].notna().any() else None,
                     value_table(zones, data, title=t("map_zones_table_title", lang),
                                 table_id="map-zone-values")
                     if zones["value"].notna().any() else None], xs=12, lg=4),
        ], class_name="g-3")
    return html.Div([header, controls, html.Div(scope_links(data, parent, level), className="mb-2"),
                     html.H2(caption, className="h6 text-secondary", id="map-caption"), body])


def scope_links(data: PageData, parent: str, level: str) -> list:
    """Drill down into the selected city, or back up to the province."""
    state, lang = data.state, data.state.lang
    links = []
    if level == "county":
        links.append(dcc.Link(t("map_back", lang), href=state.with_(scope=None).href("/map"),
                              className="btn btn-outline-secondary btn-sm me-2", id="map-back"))
    selected = data.region_row(state.region)
    if level == "city" and selected is not None and selected["level"] == "zone":
        selected = data.region_row(selected.get("city_code"))  # a zone: drill into its city
    if level == "city" and selected is not None and selected["level"] == "city":
        links.append(dcc.Link(t("map_drill", lang, name=name_of(selected, lang)),
                              href=state.with_(scope=selected["code"]).href("/map"),
                              className="btn btn-outline-primary btn-sm", id="map-drill"))
    return links


def value_table(frame: pd.DataFrame, data: PageData, title: str | None = None,
                table_id: str | None = None) -> html.Div:
    """The mapped regions (or zones) as a sorted table; each name selects its region like a
    map click. Zones are listed only with a value: a list of hundreds of blanks helps nobody."""
    state, lang = data.state, data.state.lang
    lower_better = (data.indicator_row(state.indicator) or {}).get("direction") == "lower"
    rank_first = state.measure == "rank" or (lower_better and state.measure in (None, "value"))
    if table_id:
        frame = frame[frame["value"].notna()]
    if "short_name" not in frame:
        frame = frame.assign(short_name=frame["name"])
    ordered = frame.sort_values("value", ascending=rank_first, na_position="last")
    with_metrics = bool(frame["rank_text"].astype(bool).any())
    head = [t("region", lang), t("measure_value", lang)]
    if with_metrics:
        head += [t("growth_short", lang), t("rank_short", lang)]
    rows = []
    for row in ordered.itertuples():
        cells = [html.Td(dcc.Link(row.short_name, href=state.with_(region=row.code).href("/map"))),
                 html.Td(row.value_text, className="text-end text-nowrap")]
        if with_metrics:
            cells += [html.Td(row.growth_text or "—", className="text-end text-nowrap"),
                      html.Td(row.rank_text or "—", className="text-end text-nowrap")]
        rows.append(html.Tr(cells, className="table-active fw-semibold" if row.code == state.region else None))
    return html.Div([
        html.H3(title or t("map_table_title", lang), className="h6"),
        dbc.Table([html.Thead(html.Tr([html.Th(h, className="small text-muted fw-normal") for h in head])),
                   html.Tbody(rows)], size="sm", hover=True,
                  class_name=f"{'map-zone-values' if table_id else 'map-values'} mb-0 small"),
    ], className="map-table mb-3", **({"id": table_id} if table_id else {}))


@callback(Output(url_request_id("region-map"), "data"), Input("region-map", "clickData"),
          State(URL, "search"), prevent_initial_call=True)
def select_clicked_region(click_data, search):
    """A click selects the region for every page, Compare's selection included (it joins
    the regions compared, the oldest leaving when six are chosen)."""
    code = clicked_region(click_data)
    if not code:
        return no_update
    compared = [c for c in ViewState.from_search(search).selection if c != code] + [code]
    new = search_with(search, region=code, selection=tuple(compared[-MAX_SELECTION:]))
    return new if new != (search or "") else no_update
