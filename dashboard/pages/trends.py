"""Trends (趋势): one indicator for a handful of regions across years or quarters, as value,
year-on-year growth or an index (first period = 100)."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.bundles import PLOTLY
from dashboard.components import (chart, control_id, controls_row, empty_state,
                                  indicator_picker, page_header, period_picker, selection_picker)
from dashboard.context import PageData, engine, page_data
from dashboard.data_filter import Pending, pending_under, pending_switch
from dashboard.document import page_title
from dashboard.figures.alt_text import trends_text
from dashboard.figures.trends import MEASURES, trends_figure
from dashboard.i18n import name_of, t
from dashboard.toolbar import chart_filename
from dashboard.view_cache import once_per_view

dash.register_page(__name__, path="/trends", name="趋势", title=page_title("nav_trends"), order=1,
                   bundles=(PLOTLY,))

DEFAULT_HANDFUL = 5
SERIES_COLUMNS = ["region_code", "region_name_zh", "region_name_en", "year", "quarter",
                  "cumulative", "value", "yoy_growth_pct", "rank", "rank_of"]


def default_selection(data: PageData) -> list[str]:
    """The region and its neighbours: a province's cities, or a city's / county's siblings."""
    row = data.region_row(data.state.region)
    if row is None:
        return []
    regions = data.regions
    if row["level"] == "province":
        others = regions[(regions["parent_code"] == row["code"]) & (regions["level"] == "city")]
    else:
        others = regions[(regions["parent_code"] == row.get("parent_code"))
                         & (regions["level"] == row["level"]) & (regions["code"] != row["code"])]
    return [row["code"]] + others["code"].tolist()[:DEFAULT_HANDFUL - 1]


def trend_series(data: PageData, codes: list[str]) -> pd.DataFrame:
    """The indicator's rows for the regions: years for an annual period, else the quarters
    in the period's view (year to date or the quarter alone)."""
    from metrics import api

    period = data.period_key
    quarterly = period is not None and period.quarter > 0
    frame = api.series(engine(), data.state.indicator, codes, quarter=None if quarterly else 0,
                       cumulative=period.cumulative if period else True)
    if quarterly:
        frame = frame[frame["quarter"] > 0]
    return frame[SERIES_COLUMNS].reset_index(drop=True)


class TrendsData(NamedTuple):
    """What the Trends page shows for one URL: the state and catalogs, the regions drawn (the
    URL's selection, else the region and its neighbours) and their series, and the values
    awaiting review that the account may see."""

    page: PageData  # the URL's state, its selection as the URL has it
    selection: list[str]
    frame: pd.DataFrame  # trend_series; no rows when the database holds no period
    pending: Pending = Pending(0, None)  # frame: the staged values drawn (pending=1)


def series_with_pending(data: PageData, frame: pd.DataFrame, selection: list[str],
                        account) -> tuple[pd.DataFrame, Pending]:
    """The series as it would read with the values awaiting review that the account may see
    (metrics.pending), when the URL asks; the staged values drawn beside."""
    from metrics.pending import with_pending

    period = data.period_key
    quarterly = period is not None and period.quarter > 0
    view = {"indicator_codes": [data.state.indicator], "region_codes": selection,
            "cumulative": period.cumulative if quarterly else True}
    pending = pending_under(data, view, account)
    if pending.frame is None:
        return frame.assign(pending=False), pending
    staged = pending.frame
    staged = staged[staged["quarter"] > 0] if quarterly else staged[staged["quarter"] == 0]
    kind = (data.indicator_row(data.state.indicator) or {}).get("kind", "")
    return with_pending(frame, staged, kind), Pending(pending.submissions, staged)


def trends_data(query: dict, account=None) -> TrendsData:
    """The page's one read of the data for the URL's state: the first layout and every
    re-render from the URL call it, and build the components from what it returns."""
    data = page_data(query)
    selection = list(data.state.selection) or default_selection(data)
    if data.periods.empty:
        return TrendsData(data, selection, pd.DataFrame(columns=SERIES_COLUMNS))
    frame, pending = series_with_pending(data, trend_series(data, selection), selection, account)
    return TrendsData(data, selection, frame, pending)


@once_per_view
def layout(**query):
    from dashboard.server.auth import current_account

    view = trends_data(query, current_account())
    state, lang, frame = view.page.state, view.page.state.lang, view.frame
    # The pickers show the regions drawn; the links keep the URL's own selection.
    data = replace(view.page, state=state.with_(selection=tuple(view.selection)))
    # Another page's measure (the Map's rank) reads as the value here.
    measure = state.measure if state.measure in MEASURES else "value"
    switch = dbc.Col(html.Div([
        html.Span(t("measure", lang), className="small text-muted me-2",
                  id="trends-measure-label"),
        dbc.RadioItems(id=control_id("measure"), value=measure, inline=True,
                       options=[{"label": t(f"measure_{m}", lang), "value": m} for m in MEASURES]),
    ], id="trends-measure", className="d-flex align-items-center flex-wrap", role="radiogroup",
        **{"aria-labelledby": "trends-measure-label"}), xs=12)
    controls = controls_row(indicator_picker(data, width={"xs": 12, "md": 4}),
                            period_picker(data, width={"xs": 12, "md": 2}),
                            selection_picker(data, width={"xs": 12, "md": 6}), switch,
                            pending_switch(state, view.pending, lang))
    header = page_header(t("page_trends_title", lang), t("trends_intro", lang))
    if data.periods.empty:
        return html.Div([header, controls, empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])

    indicator = data.indicator_row(state.indicator) or {}
    if frame["value"].notna().sum() == 0:
        return html.Div([header, controls, empty_state(
            t("trends_no_data", lang), t("ov_no_data_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang), id="trends-empty")])
    period = data.period_key
    basis = t("trends_by_quarter" if period and period.quarter else "trends_by_year", lang)
    caption = f"{name_of(indicator, lang)} · {basis}"
    figure = trends_figure(frame, unit=indicator.get("unit", ""), lang=lang, measure=measure,
                           selected=state.region)
    text = trends_text(frame, unit=indicator.get("unit", ""), lang=lang, measure=measure,
                       indicator=name_of(indicator, lang), basis=basis, selected=state.region)
    drawn = int(frame["pending"].sum()) if "pending" in frame else 0
    note = (html.P(t("trends_pending_note", lang, n=drawn), id="trends-pending-note",
                   className="small text-muted mb-1") if view.pending.frame is not None else None)
    return html.Div([
        header, controls,
        html.H2(caption, className="h6 text-secondary", id="trends-caption"), note,
        dcc.Loading(chart(figure, "trends-graph", chart_filename(
            name_of(indicator, lang), t("file_trend", lang),
            None if measure == "value" else t(f"measure_{measure}", lang), basis), lang=lang,
            text=text)),
    ])
