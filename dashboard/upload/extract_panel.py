"""The Upload page's "从文字报告提取" tab as components: the text box and file drop, the review
grid and the messages. The callbacks are in dashboard/upload/extract_callbacks.py, the logic in
dashboard/upload/extract_review.py.

Report text is user input: it is shown only as text (the grid's ExtractSentence renderer in
assets/extract-review.js builds React text nodes), never as HTML or markdown.
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.upload.extract_review import FIRST_YEAR, LAST_YEAR, Review, Summary
from dashboard.formatting import format_number
from dashboard.i18n import GRID_LOCALE_ZH, t
from etl.extract import STATEMENT_TYPES, ImportReport

GRID_ID = "xr-grid"
YEAR_SOURCES = ("sentence", "context", "heading", "given", "title", "date", "placeholder", "relative",
                "none")
# Only rows that can be stored as observations are ticked or edited.
IF_VALUE = {"function": "params.data.is_value"}


def _rows_text(rows: list[int], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(str(r) for r in rows)


# --- The review grid ----------------------------------------------------------------------------

def review_columns(lang: str, indicator_names: dict[str, str], region_names: dict[str, str]
                   ) -> list[dict]:
    """The grid's columns. Codes are stored in the rows and shown by name (refData), so an
    edited indicator or region goes back to the import as a code; the region editor offers
    the regions in the grid's context (review_grid)."""
    types = {s: t(f"xr_type_{s}", lang) for s in STATEMENT_TYPES}
    missing = "params.data.is_value && (params.value === null || params.value === undefined || params.value === '')"
    year_params = {"quarters": {str(q): t(f"xr_quarter_{q}", lang) for q in range(1, 5)},
                   "missing": t("xr_year_missing", lang)}
    if lang != "zh":  # the engine words its notes in Chinese; English names their source
        year_params["notes"] = {s: t(f"xr_year_from_{s}", lang) for s in YEAR_SOURCES}
    return [
        {"field": "accepted", "headerName": t("xr_col_accept", lang), "cellDataType": "boolean",
         "editable": IF_VALUE, "pinned": "left", "width": 72},
        {"field": "row", "headerName": t("xr_col_row", lang), "width": 56, "pinned": "left"},
        {"field": "indicator", "headerName": t("xr_col_indicator", lang), "refData": indicator_names,
         "editable": IF_VALUE, "cellEditor": "agSelectCellEditor",
         "cellEditorParams": {"values": list(indicator_names)}, "width": 150,
         "wrapText": True, "autoHeight": True, "cellClassRules": {"xr-missing": missing}},
        {"field": "value", "headerName": t("xr_col_value", lang), "cellDataType": "number",
         "editable": IF_VALUE, "cellEditor": "agNumberCellEditor", "type": "rightAligned",
         # The unit is shown beside the value; the editor takes the number alone.
         "valueFormatter": {"function": "params.value == null ? '' : params.value + ' ' + params.data.unit"},
         "width": 110, "cellClassRules": {"xr-missing": missing}},
        {"field": "statement_type", "headerName": t("xr_col_type", lang), "refData": types,
         "width": 100},
        {"field": "year", "headerName": t("xr_col_year", lang), "cellDataType": "number",
         "editable": IF_VALUE, "cellEditor": "agNumberCellEditor",
         "cellEditorParams": {"min": FIRST_YEAR, "max": LAST_YEAR, "precision": 0},
         "cellRenderer": "ExtractYear", "cellRendererParams": year_params,
         "headerTooltip": t("xr_col_year_note", lang), "width": 140, "wrapText": True,
         "autoHeight": True, "cellClassRules": {"xr-missing": missing}},
        {"field": "region", "headerName": t("xr_col_region", lang), "refData": region_names,
         "editable": IF_VALUE, "cellEditor": "agSelectCellEditor",
         "cellEditorParams": {"function": "extractRegionChoices(params)"}, "width": 104, "wrapText": True,
         "autoHeight": True, "cellClassRules": {"xr-missing": missing}},
        {"field": "sentence", "headerName": t("xr_col_sentence", lang),
         "cellRenderer": "ExtractSentence", "minWidth": 280, "flex": 1, "wrapText": True,
         "autoHeight": True, "cellClass": "xr-sentence-cell"},
        {"field": "confidence", "headerName": t("xr_col_confidence", lang), "width": 80,
         "valueFormatter": {"function": "Math.round(params.value * 100) + '%'"},
         "cellClassRules": {"xr-low": "params.value < 0.7"}},
    ]


def review_grid(columns: list[dict], editable_regions: list[str], lang: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID_ID, rowData=[], columnDefs=columns, getRowId="params.data.id",
        defaultColDef={"resizable": True, "sortable": True},
        rowClassRules={"xr-accepted": "params.data.accepted",
                       "xr-not-value": "!params.data.is_value"},
        dashGridOptions={"localeText": GRID_LOCALE_ZH if lang == "zh" else {},
                         "context": {"regions": editable_regions},
                         "singleClickEdit": False, "stopEditingWhenCellsLoseFocus": True,
                         "enableCellTextSelection": True},
        style={"height": "560px"}, className="xr-grid")


# --- The tab ------------------------------------------------------------------------------------

def extract_section(lang: str, region_options: list[dict], columns: list[dict],
                    max_bytes: int) -> html.Div:
    """region_options: the regions the user may import for, as dropdown options; they are
    also the choices of the grid's region editor."""
    """Text or file in, region and year optional, then the review grid and the import."""
    source = dbc.Row([
        dbc.Col([
            dbc.Label(t("xr_text_label", lang), html_for="xr-text", class_name="small text-muted mb-1"),
            dcc.Textarea(id="xr-text", placeholder=t("xr_text_placeholder", lang),
                         className="form-control xr-text", style={"height": "220px"}),
        ], xs=12, lg=8),
        dbc.Col([
            dcc.Upload(id="xr-file", max_size=max_bytes, multiple=False, accept=".txt,.docx",
                       children=html.Div(t("xr_drop", lang), className="small"),
                       className="upload-zone xr-file-zone mb-3"),
            dbc.Label(t("xr_region", lang), html_for="xr-region", class_name="small text-muted mb-1"),
            dcc.Dropdown(id="xr-region", options=region_options, placeholder=t("xr_region_placeholder", lang),
                         clearable=True, className="mb-2"),
            dbc.Label(t("xr_year", lang), html_for="xr-year", class_name="small text-muted mb-1"),
            dbc.Input(id="xr-year", type="number", min=FIRST_YEAR, max=LAST_YEAR, step=1,
                      placeholder=t("xr_year_placeholder", lang), class_name="mb-3"),
            dbc.Button(t("xr_run", lang), id="xr-run", color="primary", class_name="w-100"),
        ], xs=12, lg=4),
    ], class_name="g-3 mb-2")
    review = html.Div([
        html.P(t("xr_review_hint", lang), className="small text-muted mb-2"),
        html.Div([
            dbc.Button(t("xr_accept_all", lang), id="xr-accept-all", size="sm", color="secondary",
                       outline=True, class_name="me-2"),
            dbc.Button(t("xr_reject_all", lang), id="xr-reject-all", size="sm", color="secondary",
                       outline=True),
        ], className="mb-2"),
        review_grid(columns, [o["value"] for o in region_options], lang),
        dbc.Button(t("xr_import", lang), id="xr-import", color="primary", class_name="mt-3 mb-3"),
        dcc.Loading(html.Div(id="xr-result"), type="default"),
    ], id="xr-review", hidden=True)
    return html.Div([
        html.P(t("xr_intro", lang), className="text-muted small mt-3"),
        source,
        dcc.Store(id="xr-file-document"),  # the dropped file: its name and text
        dcc.Store(id="xr-document"),  # the document the grid's candidates were read from
        html.Div(id="xr-file-status"),
        dcc.Loading(html.Div(id="xr-extract-status"), type="default"),
        review,
    ], className="xr-section")


# --- Messages -----------------------------------------------------------------------------------

def alert(message: str, color: str, element_id: str = "xr-message") -> dbc.Alert:
    return dbc.Alert(message, color=color, id=element_id, class_name="py-2")


def found_alert(summary: Summary, document_name: str, lang: str) -> list:
    if not summary.n_candidates:
        return [alert(t("xr_nothing_found", lang), "warning", "xr-found")]
    text = t("xr_found", lang, n=summary.n_candidates, values=summary.n_values, file=document_name)
    if summary.n_no_year:
        text += " " + t("xr_found_no_year", lang, n=summary.n_no_year)
    return [alert(text, "warning" if summary.n_no_year else "info", "xr-found")]


def review_alert(review: Review, lang: str) -> dbc.Alert | None:
    """Why the accepted rows cannot be imported as they are; None when they can."""
    if review.missing_indicator:
        return alert(t("xr_need_indicator", lang, rows=_rows_text(review.missing_indicator, lang)),
                     "warning", "xr-outcome")
    if review.missing_year:
        return alert(t("xr_need_year", lang, rows=_rows_text(review.missing_year, lang)), "warning", "xr-outcome")
    if review.missing_region:
        return alert(t("xr_need_region", lang, rows=_rows_text(review.missing_region, lang)), "warning", "xr-outcome")
    if review.bad_value:
        return alert(t("xr_need_value", lang, rows=_rows_text(review.bad_value, lang)), "warning", "xr-outcome")
    if not review.candidates:
        return alert(t("xr_none_accepted", lang), "secondary", "xr-outcome")
    return None


def import_alert(report: ImportReport, document_name: str, lang: str) -> dbc.Alert:
    if report.outcome == "rejected":
        return alert(t("xr_rejected", lang, n=len(report.errors)), "danger", "xr-outcome")
    if report.outcome == "unchanged":
        return alert(t("xr_unchanged", lang, file=document_name), "info", "xr-outcome")
    return alert(t("xr_stored", lang, file=document_name, new=format_number(report.n_new),
                   changed=format_number(report.n_changed),
                   unchanged=format_number(report.n_unchanged)), "success", "xr-outcome")
