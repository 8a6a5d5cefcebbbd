"""Report (报告): the draft of the progress report (推进创新驱动发展情况汇报) of the chosen region
and period, previewed on the page and downloaded as Word or Markdown.

The layout drafts (reports.draft.build_draft); a download drafts again from the same URL,
region and period checked against the catalogs, so it writes what the page shows as the
database holds it. (A draft kept in the browser and sent back could be forged: any number of
charts of any length for the server to draw.)
"""

from __future__ import annotations

import dataclasses
import re

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard.components import (URL, controls_row, empty_state, page_header, period_picker,
                                  region_picker)
from dashboard.context import PageData, default_period, engine, page_data
from dashboard.document import page_title
from dashboard.i18n import t
from dashboard.state import PeriodKey, query_of

dash.register_page(__name__, path="/report", name="报告", title=page_title("nav_report"), order=7)

# Characters a file name may not hold on Windows, where most reports are edited.
UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|]+')
BODY_FONT = "FangSong, 'FangSong_GB2312', STFangsong, 'Noto Serif CJK SC', serif"
HEADING_FONT = "SimHei, 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"


def report_periods(data: PageData) -> PageData:
    """Reports are drafted for years and year-to-date quarters (1-9月), not single quarters."""
    periods = data.periods
    if not periods.empty:
        periods = periods[(periods["quarter"] == 0) | periods["cumulative"].astype(bool)]
        periods = periods.drop_duplicates(["year", "quarter"]).reset_index(drop=True)
    codes = [PeriodKey(int(r.year), int(r.quarter), True).code for r in periods.itertuples()]
    period = data.state.period if data.state.period in codes else default_period(periods)
    return dataclasses.replace(data, periods=periods, state=data.state.with_(period=period))


def file_name(title: str, extension: str) -> str:
    return UNSAFE_FILE_CHARS.sub("_", title).strip() + extension


def preview(draft) -> html.Div:
    """The draft as the page shows it: title, paragraphs, headings, the table, the notes."""
    paragraph = {"textIndent": "2em", "fontFamily": BODY_FONT, "lineHeight": "1.9",
                 "marginBottom": "0.35rem", "textAlign": "justify"}
    heading = {"fontFamily": HEADING_FONT, "fontWeight": "normal", "textIndent": "2em"}
    parts = [html.H2(draft.title, id="report-title", className="h4 text-center mb-3",
                     style={"fontFamily": HEADING_FONT})]
    parts += [html.P(text, style=paragraph) for text in draft.opening]
    for section in draft.all_sections():
        parts.append(html.H3(section.heading, className="h6 mt-3 mb-2 report-heading",
                             style=heading))
        parts += [html.P(text, style=paragraph) for text in section.paragraphs]
    if draft.table is not None:
        table = draft.table
        parts += [
            html.P(table.title, className="text-center fw-semibold mt-3 mb-1 small"),
            html.Div(dbc.Table(
                [html.Thead(html.Tr([html.Th(h) for h in table.header])),
                 html.Tbody([html.Tr([html.Td(c, className="col-name" if i == 0 else None)
                                      for i, c in enumerate(row)]) for row in table.rows])],
                bordered=True, size="sm", class_name="small text-center", id="report-table"),
                className="table-card"),
        ]
    parts += [html.P(note, className="small text-muted mb-1") for note in draft.notes]
    return html.Div(parts, id="report-preview", className="report-preview border rounded p-4",
                    lang="en" if draft.lang == "en" else "zh-CN")


def drafted(query: dict):
    """The URL's report state and its draft (None without data)."""
    from reports.draft import build_draft

    data = report_periods(page_data(query))
    period = data.period_key
    if data.periods.empty or period is None:
        return data, None
    return data, build_draft(engine(), data.state.region, period.year, period.quarter,
                             data.state.lang)


def layout(**query):
    data, draft = drafted(query)
    state, lang = data.state, data.state.lang
    header = page_header(t("page_report_title", lang), t("report_intro", lang))
    controls = controls_row(region_picker(data, width={"xs": 12, "md": 6}),
                            period_picker(data, width={"xs": 12, "md": 3}))
    if data.periods.empty or data.period_key is None:
        return html.Div([header, controls, empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])
    if draft is None or not draft.has_data:
        return html.Div([header, controls, empty_state(
            t("report_no_data_title", lang), t("report_no_data_hint", lang),
            href=state.href("/upload"), action=t("go_upload", lang), id="report-empty")])
    from reports.charts import CJK_FONT_PACKAGE, charts_drawable

    charts_note = (html.Span(t("report_charts_note", lang), className="text-muted small")
                   if charts_drawable(lang) or not draft.charts else
                   dbc.Alert(t("report_no_cjk_font", lang, package=CJK_FONT_PACKAGE),
                             color="warning", class_name="small py-1 mb-0", id="report-no-font"))
    toolbar = dbc.Row([
        dbc.Col(charts_note, xs=12, sm=True, class_name="align-self-center"),
        dbc.Col([
            dbc.Button(t("report_download_docx", lang), id="report-docx-button", size="sm",
                       color="primary", class_name="me-2"),
            dbc.Button(t("report_download_md", lang), id="report-md-button", size="sm",
                       color="secondary", outline=True),
            dcc.Download(id="report-download"),
        ], width="auto"),
    ], class_name="mb-2 g-2")
    return html.Div([header, controls, toolbar, preview(draft)])


@callback(Output("report-download", "data"), Input("report-docx-button", "n_clicks"),
          Input("report-md-button", "n_clicks"), State(URL, "search"),
          prevent_initial_call=True)
def download_report(_docx, _md, search):
    from reports.docx_writer import docx_bytes
    from reports.markdown_writer import to_markdown

    _, draft = drafted(query_of(search))
    if draft is None or not draft.has_data:
        return dash.no_update
    if dash.ctx.triggered_id == "report-docx-button":
        return dcc.send_bytes(docx_bytes(draft), file_name(draft.title, ".docx"))
    return dcc.send_bytes(to_markdown(draft).encode("utf-8"), file_name(draft.title, ".md"))
