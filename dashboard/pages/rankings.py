"""Rankings (排名): one indicator and period ranked within a scope (the province's cities or
counties, a city's counties, the zones, a peer group), by value or by growth: sorted bars with
the average, rank positions over the years, and the rank table. Regions picked in the
highlight picker (the URL's `selection`, shared with Trends and Compare) come forward in both
charts; a long scope's chart shows its top, bottom and chosen regions, its table a search."""

from __future__ import annotations

from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.bundles import PLOTLY
from dashboard.components import (URL, chart, control_id, controls_row, empty_state,
                                  indicator_picker, labelled, page_header, period_picker,
                                  region_picker, url_request, url_request_id)
from dashboard.context import PageData, engine, page_data
from dashboard.document import page_title
from dashboard.figures.alt_text import bump_text, ranking_bar_text
from dashboard.figures.rankings import (BOTTOM, COMPACT_OVER, TOP, bump_figure,
                                        ranking_bar_figure)
from dashboard.formatting import format_period
from dashboard.i18n import dropdown_labels, name_of, t
from dashboard.rank_table import rank_rows, rank_table, register_rank_table
from dashboard.state import ViewState, search_with
from dashboard.toolbar import chart_filename
from dashboard.view_cache import once_per_view

# The rank table is plain HTML (dashboard/rank_table.py): the page needs no AG Grid.
dash.register_page(__name__, path="/rankings", name="排名", title=page_title("nav_rankings"),
                   order=2, bundles=(PLOTLY,))
register_rank_table()  # the table's sorting and search, with this app

BASES = ("value", "growth")
NO_ROWS = pd.DataFrame()  # a NamedTuple's default: read, never changed


# --- Scopes ----------------------------------------------------------------------------------
# The URL's `scope` holds a region code; peer groups (anhui_north_cities) are written as
# peer-anhui-north-cities because URL region codes allow no underscore.

def scope_token(kind: str, code: str) -> str:
    return f"peer-{code.replace('_', '-')}" if kind == "peer" else code


def region_scopes(data: PageData, basis: str) -> pd.DataFrame:
    """The scopes the selected region is ranked in, among two regions with figures at least;
    for the province with none (no other province's figures), its cities (with nothing
    highlighted)."""
    from metrics import api

    scopes = api.scopes_for(engine(), data.state.region) if data.state.region else pd.DataFrame()
    scopes = comparable_scopes(data, _with_tokens(scopes), basis) if not scopes.empty else scopes
    if scopes.empty and data.state.region == data.province:
        province = data.region_row(data.province) or {"name_zh": "", "name_en": ""}
        scopes = comparable_scopes(data, _with_tokens(pd.DataFrame([{
            "scope_kind": "province_cities", "scope_code": data.province,
            "label_zh": "全省", "label_en": "in the province",
            "scope_name_zh": f"{province['name_zh']}各市",
            "scope_name_en": f"cities of {province['name_en'] or province['name_zh']}",
            "is_default": True}])), basis)
    return scopes


def _with_tokens(scopes: pd.DataFrame) -> pd.DataFrame:
    return scopes.assign(token=[scope_token(k, c) for k, c in
                                zip(scopes["scope_kind"], scopes["scope_code"])])


def comparable_scopes(data: PageData, scopes: pd.DataFrame, basis: str) -> pd.DataFrame:
    """The scopes in which at least two regions have a figure for the indicator and period
    (by growth: a growth figure): a ranking of one says nothing, so it is never offered."""
    from metrics import api

    period = data.period_key
    if period is None or not data.state.indicator:
        return scopes.iloc[:0]
    sizes = [len(api.ranking(engine(), data.state.indicator, period.year, period.quarter,
                             s["scope_kind"], s["scope_code"], basis=basis,
                             cumulative=period.cumulative))
             for s in scopes.to_dict("records")]
    return scopes[[n >= 2 for n in sizes]].reset_index(drop=True)


def chosen_scope(scopes: pd.DataFrame, requested: str | None) -> dict:
    """The URL's scope when the region is ranked in it, else the region's default scope."""
    match = scopes[scopes["token"] == requested]
    return (match if not match.empty else scopes).iloc[0].to_dict()


def scope_label(scope: dict, lang: str) -> str:
    return str(scope["scope_name_en" if lang == "en" else "scope_name_zh"])


def download_names(data: PageData, scope: dict, basis: str) -> tuple[str, str]:
    """The PNG names of the bars and of the rank history: 全社会研发投入-排名-2025年-安徽省各市,
    全社会研发投入-历年排名-安徽省各市."""
    lang, period = data.state.lang, data.period_key
    indicator = name_of(data.indicator_row(data.state.indicator) or {}, lang)
    kind = t("file_ranking" if basis == "value" else "file_growth_ranking", lang)
    period_text = format_period(period.year, period.quarter, period.cumulative, lang)
    return (chart_filename(indicator, kind, period_text, scope_label(scope, lang)),
            chart_filename(indicator, t("file_rank_history", lang), scope_label(scope, lang)))


# --- Data for the charts ---------------------------------------------------------------------

def with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A name column in lang (one name_of per region, not per row of its history)."""
    named = {}
    for code, zh, en in zip(frame["region_code"].tolist(), frame["region_name_zh"].tolist(),
                            frame["region_name_en"].tolist()):
        if code not in named:
            named[code] = name_of({"name_zh": zh, "name_en": en}, lang)
    return frame.assign(name=frame["region_code"].map(named))


def rank_frames(data: PageData, scope: dict, basis: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """This period's ranking of the scope, and the scope's ranks in every year: one query, the
    ranking being the history's rows of the chosen year (same filters, same order)."""
    from metrics import api

    period = data.period_key
    history = api.rank_history(engine(), data.state.indicator, scope["scope_kind"],
                               scope["scope_code"], basis=basis, quarter=period.quarter,
                               cumulative=period.cumulative)
    history = with_names(history, data.state.lang)
    ranking = history[history["year"] == period.year].reset_index(drop=True)
    return ranking, history


# --- Layout ----------------------------------------------------------------------------------

def basis_picker(basis: str, lang: str) -> dbc.Col:
    options = [{"label": t(f"rk_by_{b}", lang), "value": b} for b in BASES]
    return labelled(t("rk_basis", lang), dbc.RadioItems(
        id=control_id("measure"), options=options, value=basis, inline=True, class_name="pt-1"),
        {"xs": 12, "md": 2})


def scope_picker(scopes: pd.DataFrame, scope: dict, lang: str) -> dbc.Col:
    options = [{"label": scope_label(s, lang), "value": s["token"]}
               for s in scopes.to_dict("records")]
    return labelled(t("rk_scope", lang), dcc.Dropdown(
        id=control_id("scope"), options=options, value=scope["token"], clearable=False,
        searchable=False), {"xs": 12, "md": 3})


def highlight_picker(ranking: pd.DataFrame, picked: list[str], lang: str) -> dbc.Col:
    """The scope's regions to bring forward (URL key `selection`), searchable by name."""
    options = [{"label": name, "value": code} for code, name in
               zip(ranking["region_code"].tolist(), ranking["name"].tolist())]
    return labelled(t("rk_highlight", lang), dcc.Dropdown(
        id=control_id("selection"), options=options, value=picked, multi=True, clearable=True,
        labels=dropdown_labels(lang), placeholder=t("rk_highlight_placeholder", lang),
        closeOnSelect=False, debounce=True), {"xs": 12, "md": 6})


class RankingsData(NamedTuple):
    """What Rankings shows for one URL: the state and catalogs, the basis (value or growth),
    the scopes the region is ranked in and the one chosen, its ranking in the period and the
    ranks of its regions in every year."""

    page: PageData
    basis: str
    scopes: pd.DataFrame = NO_ROWS  # region_scopes
    scope: dict | None = None
    ranking: pd.DataFrame = NO_ROWS
    history: pd.DataFrame = NO_ROWS


def rankings_data(query: dict) -> RankingsData:
    """The page's one read of the data for the URL's state (first layout and re-renders)."""
    data = page_data(query)
    basis = data.state.measure if data.state.measure in BASES else "value"
    if data.periods.empty:
        return RankingsData(data, basis)
    scopes = region_scopes(data, basis)
    if scopes.empty:
        return RankingsData(data, basis, scopes)
    # page_data keeps only region codes in `scope`; a peer group's token is read as given.
    scope = chosen_scope(scopes, ViewState.from_query(query).scope)
    ranking, history = rank_frames(data, scope, basis)
    return RankingsData(data, basis, scopes, scope, ranking, history)


@once_per_view
def layout(**query):
    view = rankings_data(query)
    data, basis = view.page, view.basis
    state, lang = data.state, data.state.lang
    header = page_header(t("page_rankings_title", lang), t("rankings_intro", lang))
    # The region list (hundreds with all China's zones) waits for the charts, where there are.
    pickers = [indicator_picker(data, width={"xs": 12, "md": 3}),
               period_picker(data, width={"xs": 12, "md": 2}),
               region_picker(data, width={"xs": 12, "md": 2},
                             after_charts=not view.ranking.empty)]
    if data.periods.empty:
        return html.Div([header, controls_row(*pickers, basis_picker(basis, lang)), empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])

    scopes, scope, ranking, history = view.scopes, view.scope, view.ranking, view.history
    if scopes.empty:
        return html.Div([header, controls_row(*pickers, basis_picker(basis, lang)), empty_state(
            t("rk_alone_title", lang), t("rk_alone_hint", lang), id="ranking-empty")])
    in_scope = set(ranking["region_code"]) | set(history["region_code"])
    picked = [code for code in state.selection if code in in_scope]
    controls = controls_row(*pickers, scope_picker(scopes, scope, lang), basis_picker(basis, lang),
                            highlight_picker(ranking, picked, lang))
    indicator = data.indicator_row(state.indicator) or {}
    unit = indicator.get("unit", "")
    period = data.period_key
    caption = " · ".join([scope_label(scope, lang), name_of(indicator, lang),
                          format_period(period.year, period.quarter, period.cumulative, lang),
                          t(f"rk_by_{basis}", lang)])
    selected = state.region if state.region in set(ranking["region_code"]) else None
    notes = []
    if state.region == data.province:
        notes.append(html.P(t("rk_province_note", lang), className="small text-muted mb-2",
                            id="ranking-note"))
    if ranking.empty:
        body = empty_state(t("rk_empty_title", lang), t("rk_empty_hint", lang),
                           href=state.href("/upload"), action=t("go_upload", lang),
                           id="ranking-empty")
    else:
        bar_name, bump_name = download_names(data, scope, basis)
        bar_figure = ranking_bar_figure(ranking, unit=unit, lang=lang, basis=basis,
                                        selected=selected, picked=picked)
        bump_chart = bump_figure(history, lang=lang, selected=selected, picked=picked)
        compact = (html.P(t("rk_compact_note", lang, n=len(ranking), top=TOP, bottom=BOTTOM),
                          className="small text-muted mb-1", id="ranking-compact-note")
                   if len(ranking) > COMPACT_OVER else None)
        words = {"lang": lang, "indicator": name_of(indicator, lang), "scope": scope_label(scope, lang),
                 "selected": selected, "picked": picked}
        # dcc.Graph takes its height from its style, not from the figure.
        bars = chart(bar_figure, "ranking-bar", bar_name, lang=lang,
                     height=bar_figure["layout"]["height"],
                     text=ranking_bar_text(ranking, unit=unit, basis=basis, **words,
                                           period=format_period(period.year, period.quarter,
                                                                period.cumulative, lang)))
        bump = chart(bump_chart, "ranking-bump", bump_name, lang=lang,
                     height=bump_chart["layout"]["height"], text=bump_text(history, **words))
        body = html.Div([
            dbc.Row([
                dbc.Col([html.H2(t("rk_bar_title", lang), className="h6"), compact, bars,
                         url_request("ranking-bar")], xs=12, lg=7, class_name="mb-3"),
                dbc.Col([html.H2(t("rk_bump_title", lang), className="h6"), bump,
                         url_request("ranking-bump")],
                        xs=12, lg=5, class_name="mb-3"),
            ], class_name="g-3"),
            html.H2(t("rk_table_title", lang), className="h6"),
            rank_table(rank_rows(ranking, unit, lang, selected), lang,
                       f"{t('rk_table_title', lang)} · {caption}"),
        ])
    return html.Div([header, controls, *notes,
                     html.H2(caption, className="h6 text-secondary", id="ranking-caption"), body])


@callback(Output(url_request_id("ranking-bar"), "data"), Input("ranking-bar", "clickData"),
          State(URL, "search"), prevent_initial_call=True)
def select_clicked_bar(click_data, search):
    """Clicking a bar selects its region, as a click on the map does."""
    points = (click_data or {}).get("points") or []
    code = points[0].get("customdata", [None, None, None])[2] if points else None
    if not code:
        return no_update
    new = search_with(search, region=code)
    return new if new != (search or "") else no_update


@callback(Output(url_request_id("ranking-bump"), "data"), Input("ranking-bump", "clickData"),
          State(URL, "search"), prevent_initial_call=True)
def pick_clicked_line(click_data, search):
    """Clicking a line in the bump chart brings its region forward, or back if it was."""
    points = (click_data or {}).get("points") or []
    code = points[0].get("customdata") if points else None
    state = ViewState.from_search(search)
    if not code or code == state.region:
        return no_update
    picked = tuple(c for c in state.selection if c != code)
    if len(picked) == len(state.selection):
        picked = state.selection + (code,)
    new = search_with(search, selection=picked)
    return new if new != (search or "") else no_update
