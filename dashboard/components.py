"""Shared building blocks of the pages: the region / indicator / period pickers that write the
URL, the page header, empty states and charts (their toolbar: dashboard/toolbar.py; their
text alternative: dashboard/figures/alt_text.py).

A picker's id is {"type": "url-control", "key": <URL key>}; one callback in dashboard/layout.py
writes any picker's new value into the URL, and the page re-renders from the URL.
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.context import PageData
from dashboard.figures.alt_text import ChartText
from dashboard.formatting import format_period
from dashboard.i18n import dropdown_labels, level_label, name_of, t, unit_label
from dashboard.state import ALL, PeriodKey
from dashboard.toolbar import toolbar_config

# The URL: the Location component of Dash's page container. The app has no other Location
# (two Location components echo each other's history changes and re-render pages twice).
URL = "_pages_location"
CONTROL_TYPE = "url-control"
# The state a page was built from, beside its pickers. A pattern-matching id, so that the
# callback reading it (dashboard.layout) finds none, not a missing id, on a page without pickers.
RENDERED_STATE_TYPE = "rendered-state"
RENDERED_STATE_ID = {"type": RENDERED_STATE_TYPE, "key": "page"}
# A page's request for a new query in the URL, in a store inside the page: a callback that
# answers a picker or a click on a chart writes the new query there, and one clientside
# callback (dashboard.layout) puts it in the URL. Dash runs the callbacks of the components a
# page brings as it mounts them unless their outputs come with the page too: writing the URL
# directly cost every page visit a server round trip per picker row and clickable chart.
URL_REQUEST_TYPE = "url-request"
# A picker's options that wait for the page's first chart: {"type": ..., "key": <URL key>},
# for the pickers of these keys (a callback each: an id with a wildcard would match pickers
# that have no options, and Dash reports those as errors).
OPTIONS_AFTER_CHARTS_TYPE = "options-after-charts"
OPTIONS_AFTER_CHARTS_KEYS = ("region", "selection", "indicators")
# A chart's table (chart_table): its rows, a store, go into its body when its "view as table"
# line is first opened (the callback in dashboard/layout.py). Dash draws every cell as a
# component: drawn with the page, Rankings' two tables held its first chart back by about
# 0.3 s; drawn after the charts, they held the page still for about 1 s more.
CHART_TABLE_ROWS_TYPE, CHART_TABLE_BODY_TYPE = "chart-table-rows", "chart-table-body"
CHART_TABLE_OPEN_TYPE = "chart-table-open"


def control_id(key: str) -> dict:
    return {"type": CONTROL_TYPE, "key": key}


def url_request_id(key: str) -> dict:
    return {"type": URL_REQUEST_TYPE, "key": key}


def url_request(key: str) -> dcc.Store:
    """Where the page's pickers (key "controls") or a clickable chart (its id) ask for a new
    query; the store must come with the page, beside what writes it (URL_REQUEST_TYPE)."""
    return dcc.Store(id=url_request_id(key))


# --- Options ---------------------------------------------------------------------------------

def region_options(regions: pd.DataFrame, lang: str, levels: tuple[str, ...] | None = None
                   ) -> list[dict]:
    """Regions as the province reads them: 安徽省, 合肥市, 合肥市 · 瑶海区, 合肥市 · 合肥高新区;
    then the zones of the other provinces with their place: 江苏省 · 苏州市 · 苏州工业园区."""
    if regions.empty:
        return []
    names = {row["code"]: name_of(row, lang) for row in regions.to_dict("records")}
    place_key = "place_en" if lang == "en" else "place_zh"
    options = []
    for row in regions.to_dict("records"):
        if levels and row["level"] not in levels:
            continue
        label = names[row["code"]]
        city = row.get("city_code")
        place = row.get(place_key)
        if isinstance(place, str) and place:
            label = f"{place} · {label}"
        elif row["level"] in ("county", "zone") and city in names and city != row["code"]:
            label = f"{names[city]} · {label}"
        if row["level"] == "zone":
            label = f"{label}（{level_label('zone', lang)}）" if lang == "zh" else f"{label} (zone)"
            if row.get("retired") is True:
                label += t("zone_retired_mark", lang)
        options.append({"label": label, "value": row["code"]})
    return options


def indicator_options(indicators: pd.DataFrame, lang: str, allow_all: bool = False) -> list[dict]:
    options = [{"label": t("all_indicators", lang), "value": ALL}] if allow_all else []
    for row in indicators.to_dict("records"):
        unit = unit_label(row["unit"], lang)
        label = f"{name_of(row, lang)}（{unit}）" if lang == "zh" else f"{name_of(row, lang)} ({unit})"
        options.append({"label": label, "value": row["code"]})
    return options


def period_options(periods: pd.DataFrame, lang: str, allow_all: bool = False) -> list[dict]:
    options = [{"label": t("all_periods", lang), "value": ALL}] if allow_all else []
    for row in periods.itertuples():
        key = PeriodKey(int(row.year), int(row.quarter), bool(row.cumulative))
        options.append({"label": format_period(key.year, key.quarter, key.cumulative, lang),
                        "value": key.code})
    return options


# --- Pickers ---------------------------------------------------------------------------------

def dom_id(component_id) -> str:
    """The id Dash writes into the page for a component's id: a dict id as its keys sorted,
    in JSON ({"key":"region","type":"url-control"})."""
    if not isinstance(component_id, dict):
        return str(component_id)
    return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=False)}"
                          for k, v in sorted(component_id.items())) + "}"


def picker_label(label: str, control) -> list:
    """A picker under its visible label, which also names it for screen readers (issue #27):
    a dropdown's label points at it (assets/a11y.js names the dropdown's button by it; Dash
    names it by its value), a row of radio buttons is a group labelled by it."""
    if isinstance(control, dcc.Dropdown):
        return [dbc.Label(label, html_for=dom_id(control.id), class_name="small text-muted mb-1"),
                control]
    label_id = f"{dom_id(control.id)}-label"
    return [html.Div([html.Div(label, id=label_id, className="small text-muted mb-1"), control],
                     role="radiogroup", **{"aria-labelledby": label_id})]


def labelled(label: str, control, width: dict | None = None) -> dbc.Col:
    return dbc.Col(picker_label(label, control), **(width or {"xs": 12, "md": 4}),
                   class_name="mb-2")


def _dropdown(key: str, options: list[dict], value, lang: str, placeholder: str, *,
              multi: bool = False, clearable: bool = False) -> dcc.Dropdown:
    return dcc.Dropdown(id=control_id(key), options=options, value=value, multi=multi,
                        clearable=clearable, placeholder=placeholder, labels=dropdown_labels(lang),
                        # A multi-select writes the URL once, when its menu closes.
                        closeOnSelect=not multi, debounce=multi)


def picker_options(data: PageData, lang: str, levels: tuple[str, ...] | None = None
                   ) -> list[dict]:
    """region_options of the page's regions, built once per worker, province and language
    until the catalog changes: with the zones of all China they are five hundred labels."""
    from dashboard.context import engine
    from db.cache import cached

    return list(cached(engine(), ("region_options", data.province, lang, levels),
                       lambda: region_options(data.regions, lang, levels)))


def region_picker(data: PageData, *, levels: tuple[str, ...] | None = None,
                  width: dict | None = None, after_charts: bool = False) -> dbc.Col:
    """after_charts: on a page that draws charts, its list waits for the first one
    (options_after_charts)."""
    lang = data.state.lang
    options = picker_options(data, lang, levels)
    column = labelled(t("region", lang), _dropdown(
        "region", chosen_options(options, [data.state.region]) if after_charts else options,
        data.state.region, lang, t("select_region", lang)), width)
    if after_charts:
        column.children.append(options_after_charts("region", options))
    return column


def selection_picker(data: PageData, *, width: dict | None = None,
                     after_charts: bool = False) -> dbc.Col:
    """Several regions of any level (Trends, Compare): URL key `selection`. after_charts: the
    page draws a chart, and the list of regions may wait for it (options_after_charts)."""
    lang = data.state.lang
    options, chosen = picker_options(data, lang), list(data.state.selection)
    column = labelled(t("regions", lang), _dropdown(
        "selection", chosen_options(options, chosen) if after_charts else options, chosen, lang,
        t("select_regions", lang), multi=True, clearable=True), width)
    if after_charts:
        column.children.append(options_after_charts("selection", options))
    return column


def options_after_charts(key: str, options: list[dict]) -> dcc.Store:
    """A picker's full list of options, handed to it once the page's first chart is drawn
    (assets/options-after-charts.js, by a callback in dashboard/layout.py). Dash's dropdown
    indexes its options for search as React draws it, more than once while the page's scripts
    arrive: five hundred regions held Compare's charts back by a few tenths of a second. The
    picker starts with the chosen options alone, which is all it shows until it is opened."""
    return dcc.Store(id={"type": OPTIONS_AFTER_CHARTS_TYPE, "key": key}, data=options)


def chosen_options(options: list[dict], chosen) -> list[dict]:
    """The options a picker starts with while its list waits for the charts."""
    return [option for option in options if option["value"] in chosen]


def indicator_picker(data: PageData, *, allow_all: bool = False,
                     width: dict | None = None) -> dbc.Col:
    lang = data.state.lang
    return labelled(t("indicator", lang), _dropdown(
        "indicator", indicator_options(data.indicators, lang, allow_all), data.state.indicator,
        lang, t("select_indicator", lang)), width)


def period_picker(data: PageData, *, allow_all: bool = False, width: dict | None = None) -> dbc.Col:
    lang = data.state.lang
    return labelled(t("period", lang), _dropdown(
        "period", period_options(data.periods, lang, allow_all), data.state.period, lang,
        t("select_period", lang)), width)


# The measures of one period's values (Map); Trends has its own (value, growth, index).
PERIOD_MEASURES = ("value", "growth", "rank")


def measure_picker(data: PageData, *, available: tuple[str, ...] = PERIOD_MEASURES,
                   width: dict | None = None) -> dbc.Col:
    """Value / growth / rank; measures not yet computable are shown disabled."""
    lang = data.state.lang
    value = data.state.measure if data.state.measure in available else "value"
    options = [{"label": t(f"measure_{m}", lang), "value": m, "disabled": m not in available}
               for m in PERIOD_MEASURES]
    return labelled(t("measure", lang), dbc.RadioItems(
        id=control_id("measure"), options=options, value=value, inline=True,
        class_name="pt-1"), width)


def controls_row(*columns) -> html.Div:
    """The page's pickers, beside the values they were rendered with: a picker reports its
    value when it mounts too, and only a value that differs is a change for the URL. A column
    may be None: a control the page does not offer to everyone."""
    columns = [c for c in columns if c is not None]
    return html.Div([
        dcc.Store(id=RENDERED_STATE_ID, data=control_values(list(columns))),
        url_request("controls"),
        dbc.Row(list(columns), class_name="g-2 mb-3 controls-row align-items-end"),
    ])


def control_values(component) -> dict:
    """{URL key: value} of the pickers inside a component tree."""
    found = {}
    if isinstance(component, (list, tuple)):
        for child in component:
            found.update(control_values(child))
        return found
    cid = getattr(component, "id", None)
    if isinstance(cid, dict) and cid.get("type") == CONTROL_TYPE:
        found[cid["key"]] = getattr(component, "value", None)
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        found.update(control_values(children))
    return found


# --- Page furniture --------------------------------------------------------------------------

# A grid's column filters: long columns filter under the header; short ones keep their filter
# in the column menu, where a floating filter would not fit.
TEXT_FILTER = {"filter": "agTextColumnFilter"}
SHORT_FILTER = {"filter": "agTextColumnFilter", "floatingFilter": False}


def region_columns(lang: str, *, region_width: int, level_width: int) -> list[dict]:
    """The grid columns a row of a region's data opens with: region, level and indicator."""
    return [
        {"field": "region", "headerName": t("col_region", lang), "pinned": "left",
         "minWidth": region_width, **TEXT_FILTER},
        {"field": "level", "headerName": t("col_level", lang), "minWidth": level_width,
         **SHORT_FILTER},
        {"field": "indicator", "headerName": t("col_indicator", lang), "minWidth": 200,
         "flex": 2, **TEXT_FILTER},
    ]


def value_column(header: str, min_width: int) -> dict:
    """A right-aligned number column showing the row's formatted value_text."""
    return {"field": "value", "headerName": header, "type": "rightAligned",
            "filter": "agNumberColumnFilter", "minWidth": min_width,
            "valueFormatter": {"function": "params.data ? params.data.value_text : ''"}}


def page_header(title: str, intro: str | None = None) -> html.Div:
    children = [html.H1(title, className="h4 mb-1")]
    if intro:
        children.append(html.P(intro, className="text-muted small mb-3"))
    return html.Div(children, className="page-header")


def empty_state(title: str, hint: str, *, href: str | None = None, action: str | None = None,
                id: str | None = None) -> html.Div:
    """What to do when there is nothing to show: say why and point to the next step."""
    body = [html.H2(title, className="h5"), html.P(hint, className="mb-2")]
    if href and action:
        body.append(dcc.Link(action, href=href, className="btn btn-primary btn-sm"))
    props = {"id": id} if id else {}
    return html.Div(dbc.Alert(body, color="light", class_name="border empty-state"), **props)


def chart(figure, graph_id, filename: str, *, lang: str, text: ChartText,
          height: int | None = None, **config) -> html.Figure:
    """A chart whose toolbar speaks lang, links nowhere outside the app and downloads a PNG
    named filename (toolbar.chart_filename); config adds plotly options.

    text (figures/alt_text.py) makes it readable without seeing it (issue #27): the figure is
    named and described by it, and its figures open as a table under it."""
    # dcc.Graph reads style.height: an explicit None would break it, so pass a dict always.
    style = {"height": f"{height}px"} if height else {}
    # No animation between two states of a chart (animate=False, which is Dash's default too):
    # nothing moves for those who ask the browser for reduced motion, nor for anyone else.
    graph = dcc.Graph(id=graph_id, figure=figure, style=style, animate=False,
                      config=toolbar_config(filename, lang, **config))
    description = f"{graph_id}-description"
    parts = [graph, html.Figcaption(text.description, id=description, className="visually-hidden")]
    if text.rows:
        parts.append(chart_table(text, f"{graph_id}-table", lang))
    return html.Figure(parts, id=f"{graph_id}-figure", className="chart-figure",
                       **{"aria-label": text.name, "aria-describedby": description})


def chart_table(text: ChartText, table_id: str, lang: str) -> html.Details:
    """A chart's figures as a table, folded under a "view as table" line. Its rows come in a
    store and go into the table when the line is first opened (CHART_TABLE_ROWS_TYPE)."""
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in text.columns]))
    rows = [html.Tr([html.Th(row[0], scope="row", className="fw-normal")]
                    + [html.Td(cell) for cell in row[1:]]) for row in text.rows]
    body = html.Tbody([], id={"type": CHART_TABLE_BODY_TYPE, "table": table_id})
    caption = t("a11y_table_caption", lang, name=text.name)
    table = dbc.Table([html.Caption(caption, className="visually-hidden"), head, body],
                      size="sm", bordered=True, class_name="small mb-0 bg-white")
    # A long table scrolls in its card: the card takes the focus, so the keyboard scrolls it.
    return html.Details([html.Summary(t("a11y_table", lang),
                                      id={"type": CHART_TABLE_OPEN_TYPE, "table": table_id}),
                         html.Div(table, className="table-card", tabIndex="0", role="region",
                                  **{"aria-label": caption}),
                         dcc.Store(id={"type": CHART_TABLE_ROWS_TYPE, "table": table_id},
                                   data=rows)],
                        id=table_id, className="chart-table")
