"""Compare (对比): two to six regions of any level side by side: small multiples of chosen
indicators across the years, a radar of the composite index's dimension scores, and a table of
values, growth and ranks with each row's best and worst marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.bundles import PLOTLY
from dashboard.components import (URL, chart, chosen_options, control_id, controls_row,
                                  empty_state, labelled, options_after_charts, page_header,
                                  period_picker, selection_picker)
from dashboard.context import PageData, engine, page_data
from dashboard.document import page_title
from dashboard.figures.alt_text import multiples_text, radar_text
from dashboard.figures.compare import comparison_rows, radar_figure, small_multiples_figure
from dashboard.formatting import format_period
from dashboard.i18n import dropdown_labels, name_of, t, unit_label
from dashboard.state import ViewState
from dashboard.toolbar import chart_filename
from dashboard.view_cache import once_per_view

dash.register_page(__name__, path="/compare", name="对比", title=page_title("nav_compare"),
                   order=3, bundles=(PLOTLY,))

MIN_REGIONS = 2
DEFAULT_PANELS = 4
NO_ROWS = pd.DataFrame()  # a NamedTuple's default: read, never changed


def regions_of(data: PageData) -> list[dict]:
    """The selected regions in the URL's order, named in the page's language."""
    chosen = data.regions[data.regions["code"].isin(data.state.selection)]
    rows = {r["code"]: r for r in chosen.to_dict("records")}
    return [{"code": code, "name": name_of(rows[code], data.state.lang)}
            for code in data.state.selection if code in rows]


def indicators_of(catalog: dict[str, dict], codes: list[str], lang: str) -> list[dict]:
    """catalog: indicator rows by code."""
    rows = [catalog[code] for code in codes if code in catalog]
    return [{"code": r["code"], "name": name_of(r, lang), "unit": r["unit"],
             "kind": r.get("kind"), "direction": r.get("direction", "higher")} for r in rows]


def default_indicators(data: PageData) -> list[str]:
    """The URL's indicator first, then key indicators, then the rest, among those the chosen
    regions report in the chosen period."""
    from db import queries

    period = data.period_key
    reported = set(queries.observations(
        engine(), region_codes=list(data.state.selection), year=period.year,
        quarter=period.quarter, cumulative=period.cumulative)["indicator_code"])
    catalog = data.indicators.sort_values("sort_order", kind="stable")
    ordered = ([data.state.indicator]
               + catalog[catalog["is_key"].astype(bool)]["code"].tolist()
               + catalog["code"].tolist())
    chosen = []
    for code in ordered:
        if code in reported and code not in chosen:
            chosen.append(code)
    return chosen[:DEFAULT_PANELS]


def series_frame(data: PageData, codes: list[str], scope: dict | None = None) -> pd.DataFrame:
    """Values, growth and ranks of the chosen regions, all indicators in one query; with a
    shared scope, the chosen year's ranks are those among that scope."""
    from metrics import api

    period = data.period_key
    frame = api.series(engine(), codes, list(data.state.selection), quarter=period.quarter,
                       cumulative=period.cumulative) if codes else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=["indicator_code", "region_code", "year", "value",
                                     "yoy_growth_pct", "rank", "rank_of", "tied",
                                     "rank_scope_kind"])
    return with_scope_ranks(frame, data, codes, scope) if scope else frame


def shared_scopes(data: PageData) -> list[dict]:
    """The scopes every chosen region is ranked in (scopes_for rows), in the first region's
    order: where their ranks can be read against each other."""
    from metrics import api

    first, common = None, set()
    for code in data.state.selection:
        scopes = api.scopes_for(engine(), code).to_dict("records")
        keys = {(r["scope_kind"], r["scope_code"]) for r in scopes}
        first, common = (scopes, keys) if first is None else (first, common & keys)
    return [r for r in first or [] if (r["scope_kind"], r["scope_code"]) in common]


def with_scope_ranks(frame: pd.DataFrame, data: PageData, codes: list[str],
                     scope: dict) -> pd.DataFrame:
    """The period's rank, rank_of and tied of each region among the shared scope."""
    from metrics import api

    period = data.period_key
    parts = []
    for code in codes:
        ranked = api.ranking(engine(), code, period.year, period.quarter, scope["scope_kind"],
                             scope["scope_code"], cumulative=period.cumulative)
        parts.append(ranked[["region_code", "rank", "rank_of", "tied"]].assign(
            indicator_code=code))
    ranks = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    at = frame["year"].eq(period.year)
    now = frame[at].drop(columns=["rank", "rank_of", "tied"]).merge(
        ranks, on=["indicator_code", "region_code"], how="left")
    now = now.assign(rank_scope_kind=scope["scope_kind"], rank_scope_zh=scope["label_zh"],
                     rank_scope_en=scope["label_en"])
    return pd.concat([frame[~at], now], ignore_index=True)


def index_scores(data: PageData) -> tuple[pd.DataFrame, list[dict]]:
    """The composite index of the chosen regions in the period, and its scored dimensions
    (code, name in the page's language)."""
    from metrics import api
    from metrics.index_config import load_index_config

    lang, period = data.state.lang, data.period_key
    config = load_index_config(known_codes=set(data.indicators["code"]))
    index = api.composite_index(engine(), data.state.selection, period.year,
                                quarter=period.quarter, config=config)
    dims = [{"code": d.code, "name": d.name_en if lang == "en" else d.name_zh}
            for d in config.scored_dimensions]
    return index, dims


def index_radar(view: CompareData, names: str):
    """The radar of the composite index's dimension scores, or a note when none is scored."""
    data, index, dims, regions = view.page, view.index, view.dims, view.regions
    lang, period = data.state.lang, data.period_key
    scored = [d for d in dims if f"score_{d['code']}" in index
              and index[f"score_{d['code']}"].notna().any()]
    if not scored:
        return html.P(t("cmp_radar_empty", lang), className="text-muted small",
                      id="compare-radar-empty")
    radar_chart = radar_figure(index, dims, regions, lang=lang)
    period_text = format_period(period.year, period.quarter, period.cumulative, lang)
    filename = chart_filename(names, t("file_index_radar", lang), period_text)
    text = radar_text(index, dims, regions, lang=lang, period=period_text)
    return html.Div([chart(radar_chart, "compare-radar", filename, lang=lang,
                           height=radar_chart["layout"]["height"], text=text),
                     html.P(t("cmp_radar_note", lang), className="small text-muted mb-0")])


def comparison_table(rows: list[dict], regions: list[dict], lang: str) -> dbc.Table:
    marks = {"best": "cmp-best text-success fw-bold", "worst": "cmp-worst text-danger"}
    head = html.Thead(html.Tr([html.Th(t("col_indicator", lang)), html.Th(t("cmp_item", lang))]
                              + [html.Th(r["name"], className="text-end") for r in regions]))
    body = []
    for row in rows:
        cells = []
        if row["first"]:
            cells.append(html.Td(row["indicator"], rowSpan=3,
                                 className="fw-semibold align-top col-name"))
        cells.append(html.Td(row["measure"], className="text-muted text-nowrap"))
        cells += [html.Td(c["text"], className=f"text-end text-nowrap {marks.get(c['mark'], '')}")
                  for c in row["cells"]]
        body.append(html.Tr(cells))
    return html.Div(dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, hover=True,
                              class_name="small bg-white", id="compare-table"),
                    className="table-card mb-1")


def comparison_parts(view: CompareData, indicators: list[dict]):
    """The small multiples, their text alternative and the table for the chosen indicators."""
    lang, frame, regions = view.page.state.lang, view.frame, view.regions
    figure = small_multiples_figure(frame, indicators, regions, lang=lang)
    text = multiples_text(frame, indicators, regions, lang=lang)
    rows = comparison_rows(frame, indicators, regions, year=view.page.period_key.year, lang=lang)
    return figure, text, comparison_table(rows, regions, lang)


class CompareData(NamedTuple):
    """What Compare shows for one URL: the state and catalogs, the regions compared, the
    indicators of the panels, the scopes all of them are ranked in (and the one chosen),
    their series and their composite index."""

    page: PageData
    regions: Sequence[dict] = ()  # regions_of
    codes: Sequence[str] = ()
    shared: Sequence[dict] = ()  # shared_scopes
    scope: dict | None = None
    frame: pd.DataFrame = NO_ROWS  # series_frame
    index: pd.DataFrame = NO_ROWS  # index_scores
    dims: Sequence[dict] = ()


def compare_data(query: dict) -> CompareData:
    """The page's one read of the data for the URL's state (first layout and re-renders)."""
    data = page_data(query)
    if data.periods.empty:
        return CompareData(data)
    regions = regions_of(data)
    if len(regions) < MIN_REGIONS:
        return CompareData(data, regions)
    known = set(data.indicators["code"])
    # The URL's indicators (a shared link), else a default choice for these regions.
    codes = [c for c in data.state.indicators if c in known] or default_indicators(data)
    shared = shared_scopes(data)
    requested = ViewState.from_query(query).scope  # page_data keeps region codes only
    scope = next((r for r in shared if r["scope_code"] == requested), None)
    index, dims = index_scores(data)
    return CompareData(data, regions, codes, shared, scope, series_frame(data, codes, scope),
                       index, dims)


@once_per_view
def layout(**query):
    view = compare_data(query)
    data, regions = view.page, view.regions
    state, lang = data.state, data.state.lang
    header = page_header(t("page_compare_title", lang), t("compare_intro", lang))
    # With two regions or more the page draws charts, and the list of regions waits for them.
    charts = not data.periods.empty and len(regions) >= MIN_REGIONS
    pickers = [selection_picker(data, width={"xs": 12, "md": 6}, after_charts=charts),
               period_picker(data, width={"xs": 12, "md": 2})]
    if data.periods.empty:
        return html.Div([header, controls_row(*pickers), empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])
    if len(regions) < MIN_REGIONS:
        return html.Div([header, controls_row(*pickers), need_regions(data)])

    catalog = {r["code"]: r for r in data.indicators.to_dict("records")}
    codes, shared, scope = view.codes, view.shared, view.scope
    options = [{"label": f"{name_of(r, lang)}（{unit_label(r['unit'], lang)}）" if lang == "zh"
                else f"{name_of(r, lang)} ({unit_label(r['unit'], lang)})", "value": r["code"]}
               for r in catalog.values()]
    # URL key `indicators`: the panels; `indicator` (one) stays the other pages' choice.
    # Its list waits for the charts too, as the regions' does.
    indicator_picker = labelled(t("cmp_indicators", lang), dcc.Dropdown(
        id=control_id("indicators"), options=chosen_options(options, codes), value=codes,
        multi=True, placeholder=t("cmp_select_indicators", lang), labels=dropdown_labels(lang),
        closeOnSelect=False, debounce=True), {"xs": 12, "md": 4})
    indicator_picker.children.append(options_after_charts("indicators", options))
    period = data.period_key
    period_text = format_period(period.year, period.quarter, period.cumulative, lang)
    figure, text, table = comparison_parts(view, indicators_of(catalog, codes, lang))
    # The download names: 合肥市、六安市-对比-2025年.
    names = ("、" if lang == "zh" else ", ").join(r["name"] for r in regions)
    radar = index_radar(view, names)

    return html.Div([
        header, controls_row(*pickers, indicator_picker,
                             *[c for c in (scope_picker(shared, scope, lang),) if c]),
        dbc.Row([
            dbc.Col([html.H2(t("cmp_multiples_title", lang), className="h6"),
                     html.Div(dcc.Loading(chart(figure, "compare-multiples", chart_filename(
                         names, t("file_comparison", lang), period_text), lang=lang,
                         height=figure["layout"]["height"], text=text)),
                              id="compare-multiples-box")], xs=12, lg=7, class_name="mb-3"),
            dbc.Col([html.H2(t("cmp_radar_title", lang, year=period_text), className="h6"),
                     radar], xs=12, lg=5, class_name="mb-3"),
        ], class_name="g-3"),
        html.H2(t("cmp_table_title", lang, period=period_text), className="h6"),
        html.P(t("cmp_table_note_scope", lang, scope=r_name(scope, lang)) if scope
               else t("cmp_table_note", lang), className="small text-muted mb-1",
               id="compare-table-note"),
        html.Div(table, id="compare-table-box"),
    ])


OWN_SCOPES = "own"  # the scope picker's "each in its own scope"


def r_name(scope: dict, lang: str) -> str:
    return str(scope["scope_name_en" if lang == "en" else "scope_name_zh"])


def scope_picker(shared: list[dict], scope: dict | None, lang: str) -> dbc.Col | None:
    """Ranks in each region's own scope, or in a scope all of them share (URL key `scope`);
    nothing to choose when they share none."""
    if not shared:
        return None
    options = [{"label": t("cmp_scope_own", lang), "value": OWN_SCOPES}] + [
        {"label": r_name(r, lang), "value": r["scope_code"]} for r in shared]
    return dbc.Col([
        dbc.Label(t("cmp_scope", lang), class_name="small text-muted mb-1"),
        dcc.Dropdown(id=control_id("scope"), options=options,
                     value=scope["scope_code"] if scope else OWN_SCOPES, clearable=False,
                     searchable=False)], xs=12, md=4, class_name="mb-2", id="compare-scope")


def need_regions(data: PageData) -> html.Div:
    """Say what to do, and offer a first comparison: the selected region and two cities."""
    state, lang = data.state, data.state.lang
    cities = data.regions[data.regions["level"] == "city"]["code"].tolist()
    start = [c for c in (list(state.selection) or [state.region]) if c != data.province]
    suggestion = (start + [c for c in cities if c not in start])[:3]
    names = "、".join(name_of(data.region_row(c), lang) for c in suggestion) if lang == "zh" \
        else ", ".join(name_of(data.region_row(c), lang) for c in suggestion)
    return empty_state(t("cmp_need_two_title", lang), t("cmp_need_two_hint", lang),
                       href=state.with_(selection=tuple(suggestion)).href("/compare"),
                       action=t("cmp_try", lang, names=names), id="compare-empty")


@callback(Output("compare-multiples-box", "children"), Output("compare-table-box", "children"),
          Input(control_id("indicators"), "value"), State(URL, "search"),
          prevent_initial_call=True)
def say_no_indicators(codes, search):
    """A chosen set of indicators goes to the URL and the page re-renders from it; an empty
    one has no URL form (the URL without the key means the defaults), so say it here."""
    if codes:
        return no_update, no_update
    lang = ViewState.from_search(search).lang
    return None, html.P(t("cmp_no_indicators", lang), className="text-muted small")
