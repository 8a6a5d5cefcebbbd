"""Overview (总览): where the chosen region stands in the chosen period, one card per key
indicator (value, growth, rank and its change, sparkline) and a line of plain sentences."""

from __future__ import annotations

from base64 import b64encode
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.components import (controls_row, empty_state, page_header, period_picker,
                                  region_picker)
from dashboard.context import PageData, engine, page_data
from dashboard.document import page_title
from dashboard.figures.overview import (SparkPoint, change_cell, rank_change_class, scope_label,
                                        spark_points, sparkline_svg, sparkline_title,
                                        summary_sentences, year_change)
from dashboard.formatting import (MISSING, format_period, format_rank, format_rank_change,
                                  format_value, is_missing)
from dashboard.i18n import name_of, t
from dashboard.rounds.progress import round_progress
from dashboard.view_cache import once_per_view

dash.register_page(__name__, path="/", name="总览", title=page_title("nav_overview"), order=0)

SPARK_YEARS = 8  # the sparkline's span: the last years of the same period


class OverviewData(NamedTuple):
    """What the Overview shows for one URL: the state and catalogs, the region's key indicators
    in the period (its other indicators when it has no key one) and their recent years."""

    page: PageData
    keys: pd.DataFrame  # api.snapshot rows; none when the database holds no period
    history: dict[str, list[SparkPoint]]


def overview_data(query: dict) -> OverviewData:
    """The page's one read of the data for the URL's state (first layout and re-renders)."""
    from metrics import api

    data = page_data(query)
    if data.periods.empty:
        return OverviewData(data, pd.DataFrame(), {})
    state, period = data.state, data.period_key
    snapshot = api.snapshot(engine(), state.region, period.year, period.quarter,
                            period.cumulative)
    keys = snapshot[snapshot["is_key"].astype(bool)] if not snapshot.empty else snapshot
    if keys.empty:
        # A region with figures of other indicators only (a national ETDZ whose one figure
        # is 商务部's evaluation rank) shows those rather than "no data".
        keys = snapshot
    history = (spark_history(keys["indicator_code"].tolist(), state.region, period)
               if not keys.empty else {})
    return OverviewData(data, keys, history)


@once_per_view
def layout(**query):
    view = overview_data(query)
    data, keys = view.page, view.keys
    state, lang = data.state, data.state.lang
    header = html.Div([page_header(t("page_overview_title", lang), t("overview_intro", lang)),
                       round_progress(state)])  # reviewers: "N/M 已报" of their round
    controls = controls_row(region_picker(data, width={"xs": 12, "md": 6}),
                            period_picker(data, width={"xs": 12, "md": 3}))
    if data.periods.empty:
        return html.Div([header, controls, empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])

    period = data.period_key
    if keys.empty:
        region = name_of(data.region_row(state.region) or {}, lang)
        when = format_period(period.year, period.quarter, period.cumulative, lang)
        return html.Div([header, controls, empty_state(
            t("ov_no_data_title", lang, region=region, period=when), t("ov_no_data_hint", lang),
            href=state.href("/upload"), action=t("go_upload", lang), id="overview-empty")])

    cards = [dbc.Col(indicator_card(row, view.history.get(row["indicator_code"]), lang),
                     xs=12, sm=6, lg=4, xl=3, class_name="mb-3")
             for row in keys.to_dict("records")]
    sentences = summary_sentences(keys, lang)
    return html.Div([
        header, controls,
        html.P(sentences, id="overview-sentences",
               className="bg-white border rounded px-3 py-2 mb-3") if sentences else None,
        dbc.Row(cards, id="overview-cards", class_name="g-3"),
        missing_note(data, set(keys["indicator_code"])),
    ])


def spark_history(codes: list[str], region: str, period) -> dict[str, list[SparkPoint]]:
    """The last years of each key indicator for the region, in the same period of the year."""
    from metrics import api

    return spark_points(api.history(engine(), region, codes, period.year - SPARK_YEARS + 1,
                                    period.year, quarter=period.quarter,
                                    cumulative=period.cumulative))


def indicator_card(row: dict, history: list[SparkPoint] | None, lang: str) -> dbc.Card:
    unit, code = row["unit"], row["indicator_code"]
    change_known = year_change(row) is not None
    scope = scope_label(row, lang)
    rank = format_rank(row.get("rank"), row.get("rank_of"), lang,
                       False if is_missing(row.get("tied")) else bool(row.get("tied")))
    change = row.get("rank_change")
    if rank == MISSING:  # ranked alone, or not at all: nothing to state, no change of it
        text = t("ov_not_ranked", lang, scope=scope).replace(" :", ":")  # scope may be ""
        rank_line = html.Span(text, className="text-muted")
    else:
        rank_line = [html.Span(f"{scope} " if scope else "", className="text-muted"),
                     html.Span(rank, className="fw-semibold"),
                     html.Span(format_rank_change(change, lang),
                               className=f"ms-2 fw-semibold {rank_change_class(change)}",
                               title=t("ov_rank_change", lang))]
    body = [
        html.Div(name_of(row, lang, prefix="indicator_"), className="small text-muted"),
        html.Div(format_value(row.get("value"), unit, lang, row.get("kind")),
                 className="fs-4 fw-semibold"),
        html.Div([html.Span(t("growth_short", lang) + " ", className="text-muted"),
                  html.Span(change_cell(row, lang),
                            className="fw-semibold" if change_known else "text-muted")],
                 className="small"),
        html.Div(rank_line, className="small rank-line"),
    ]
    svg = sparkline_svg(history) if history else ""
    if svg:
        values = sparkline_title(history, unit, lang)
        # The values in text (issue #27): read out as the image's alternative, shown on hover.
        body.append(html.Img(src="data:image/svg+xml;base64," + b64encode(svg.encode()).decode(),
                             title=values, alt=t("a11y_spark", lang, values=values),
                             className="sparkline mt-1 w-100", style={"height": "48px"}))
    return dbc.Card(dbc.CardBody(body, class_name="py-2"), class_name="h-100 indicator-card",
                    id=f"card-{code}")


def missing_note(data: PageData, shown: set[str]) -> html.Div | None:
    """Key indicators without a value in this period, named so their absence is not silent."""
    lang = data.state.lang
    keys = data.indicators[data.indicators["is_key"].astype(bool)]
    missing = [name_of(r, lang) for r in keys.to_dict("records") if r["code"] not in shown]
    if not missing:
        return None
    sep = "、" if lang == "zh" else ", "
    return html.P(t("ov_missing", lang, names=sep.join(missing)), id="overview-missing",
                  className="small text-muted mt-2")
