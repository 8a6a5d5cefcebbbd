"""Upload (上传): drop a sheet, see what it holds and every problem with its cell, then store
it or cancel. Nothing is written before the user confirms; a rejected file is logged.

The file travels through the browser once: the preview callback stages it on disk under a
random token, and confirming reads it from there (etl.pipeline validates it again), so any
worker process can confirm what another previewed. Only uploaders and administrators may
upload; an uploader's file is refused if any value is for a region outside their own.

The second tab reads figures out of a narrative report (.txt/.docx or pasted text) for review;
the accepted ones are imported with the same checks and restrictions (extract_review.py).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import secrets
import time
from urllib.parse import parse_qsl

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from config import DATA_DIR
from dashboard import extract_panel, extract_review
from dashboard.components import URL, page_header, region_options
from dashboard.auth import current_account
from dashboard.context import engine, home_province, settings
from dashboard.formatting import format_number, format_period, format_timestamp
from dashboard.i18n import name_of, outcome_label, t
from dashboard.state import ViewState

dash.register_page(__name__, path="/upload", name="上传", title="上传 · 区域创新指标看板", order=6)

STAGING_DIR = DATA_DIR / "cache" / "uploads"
STAGED_FOR_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
SHOWN_NAMES = 8


# --- Staging the uploaded file ----------------------------------------------------------------

def decode_contents(contents: str) -> bytes | None:
    """dcc.Upload's data URL ("data:...;base64,....") to bytes."""
    try:
        _, encoded = contents.split(",", 1)
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return None


def stage(content: bytes, file_name: str) -> str:
    STAGING_DIR.mkdir(parents=True, exist_ok=True)
    _forget_old_stages()
    token = secrets.token_hex(16)
    (STAGING_DIR / f"{token}.bin").write_bytes(content)
    (STAGING_DIR / f"{token}.name").write_text(file_name, encoding="utf-8")
    return token


def staged(token: str | None) -> tuple[bytes, str] | None:
    if not token or not _TOKEN.match(token):
        return None  # the token comes from the browser: never let it name another path
    data, name = STAGING_DIR / f"{token}.bin", STAGING_DIR / f"{token}.name"
    if not (data.exists() and name.exists()):
        return None
    return data.read_bytes(), name.read_text(encoding="utf-8")


def unstage(token: str | None) -> None:
    if token and _TOKEN.match(token):
        for suffix in (".bin", ".name"):
            (STAGING_DIR / f"{token}{suffix}").unlink(missing_ok=True)


def _forget_old_stages() -> None:
    cutoff = time.time() - STAGED_FOR_SECONDS
    for path in STAGING_DIR.glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass


# --- Views (pure: data in, components out) ------------------------------------------------------

def _names(codes: list[str], names: dict[str, str], lang: str) -> str:
    shown = [names.get(c, c) for c in codes[:SHOWN_NAMES]]
    text = "、".join(shown) if lang == "zh" else ", ".join(shown)
    if len(codes) > SHOWN_NAMES:
        text += " " + t("more_items", lang, n=len(codes))
    return text


def problems_table(problems: list, lang: str, table_id: str = "problems-table"):
    if not problems:
        return html.P(t("upload_no_problems", lang), className="text-muted small")
    colors = {"error": "danger", "warning": "warning", "info": "secondary"}
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("prob_severity", "prob_location", "prob_raw", "prob_message",
                                "prob_expected")]))
    order = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for p in sorted(problems, key=lambda p: order.get(p.severity, 3)):
        rows.append(html.Tr([
            html.Td(dbc.Badge(t(f"sev_{p.severity}", lang), color=colors.get(p.severity, "secondary"))),
            html.Td(html.Code(p.location), className="text-nowrap"),
            html.Td(p.raw),
            html.Td(p.message_en if lang == "en" else p.message_zh),
            html.Td(p.expected_en if lang == "en" else p.expected_zh, className="small text-muted"),
        ], className=f"problem-{p.severity}"))
    return html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", bordered=True, hover=True,
                              class_name="mb-0 problems-table", id=table_id),
                    className="problems-scroll")


def preview_view(result, report, lang: str, region_names: dict[str, str],
                 indicator_names: dict[str, str]) -> html.Div:
    """What the file holds and what storing it would do, with every problem and its cell."""
    n_errors, n_warnings = len(result.errors), len(result.warnings)
    if n_errors:
        status = dbc.Alert(t("upload_rejected", lang, n=n_errors), color="danger", id="upload-status")
    elif n_warnings:
        status = dbc.Alert(t("upload_ok_warnings", lang, n=n_warnings), color="warning", id="upload-status")
    else:
        status = dbc.Alert(t("upload_ok", lang), color="success", id="upload-status")
    facts = [
        (t("upload_periods", lang), "、".join(format_period(p.year, p.quarter, p.cumulative, lang)
                                              for p in result.periods) or "—"),
        (t("upload_regions", lang), f"{len(result.region_codes)} · "
                                    f"{_names(result.region_codes, region_names, lang)}"),
        (t("upload_indicators", lang), f"{len(result.indicator_codes)} · "
                                       f"{_names(result.indicator_codes, indicator_names, lang)}"),
    ]
    parts = [html.H3(t("upload_preview", lang, file=result.source.file_name), className="h5"),
             status]
    if report is not None:
        counts = t("upload_counts", lang, new=format_number(report.n_new),
                   changed=format_number(report.n_changed),
                   unchanged=format_number(report.n_unchanged))
        if result.targets:
            counts += " · " + t("upload_targets", lang, n=len(result.targets))
        facts.append(("", html.Strong(counts, id="upload-counts")))
        if report.previously_loaded_as:
            parts.append(dbc.Alert(t("upload_same_file", lang, id=report.previously_loaded_as),
                                   color="info", class_name="py-2"))
    parts.append(dbc.Table(html.Tbody([html.Tr([html.Th(k, className="fw-normal text-muted text-nowrap"),
                                                 html.Td(v)]) for k, v in facts]),
                           size="sm", borderless=True, class_name="mb-3 upload-facts"))
    parts += [html.H4(t("upload_problems", lang), className="h6"), problems_table(result.problems, lang)]
    return dbc.Card(dbc.CardBody(parts), class_name="mb-3 upload-preview-card")


def history_view(history, lang: str):
    if history.empty:
        return html.P(t("history_empty", lang), className="text-muted small")
    colors = {"loaded": "success", "unchanged": "secondary", "rejected": "danger"}
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("hist_when", "hist_who", "hist_file", "hist_outcome",
                                "hist_counts", "hist_problems")]))
    from db.queries import as_utc

    rows = []
    for r in history.to_dict("records"):
        rows.append(html.Tr([
            html.Td(format_timestamp(as_utc(r["uploaded_at"]), lang), className="text-nowrap"),
            html.Td(r["uploaded_by"]), html.Td(r["file_name"]),
            html.Td(dbc.Badge(outcome_label(r["outcome"], lang), color=colors.get(r["outcome"], "light"))),
            html.Td(f"{format_number(r['n_new'])} / {format_number(r['n_changed'])} / "
                    f"{format_number(r['n_unchanged'])}"),
            html.Td(f"{r['n_errors']} / {r['n_warnings']}"),
        ]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True,
                     class_name="small history-table", id="history-table")


# --- Page -------------------------------------------------------------------------------------

def layout(**query):
    from db import queries

    lang = ViewState.from_query(query).lang
    account = current_account()
    if account is None or not account.can_upload:
        return html.Div([
            page_header(t("page_upload_title", lang), t("upload_intro", lang)),
            dbc.Alert([t("upload_login_required", lang), " ",
                       html.A(t("upload_login_link", lang), href="/login?next=/upload",
                              id="upload-login-link", className="alert-link")],
                      color="info", id="upload-login-required"),
        ])
    limit_mb = settings().max_upload_bytes // (1024 * 1024)
    drop_zone = dcc.Upload(
        id="upload-file", max_size=settings().max_upload_bytes, multiple=False,
        accept=".xlsx,.xls,.csv",
        children=html.Div([html.Div("⬆", className="upload-icon"), html.Div(t("upload_drop", lang)),
                           html.Small(t("upload_limit", lang, mb=limit_mb), className="text-muted")]),
        className="upload-zone")
    template = dbc.Card(dbc.CardBody([
        dbc.Button(t("upload_template", lang), id="template-button", color="primary",
                   outline=True, size="sm", class_name="mb-2"),
        html.P(t("upload_template_hint", lang), className="small text-muted mb-0"),
        dcc.Download(id="template-download"),
    ]), class_name="h-100")
    sheet_tab = html.Div([
        dbc.Row([dbc.Col(drop_zone, xs=12, md=8), dbc.Col(template, xs=12, md=4)],
                 class_name="g-3 mb-3 mt-1"),
        dcc.Store(id="upload-token"),
        html.Div(id="upload-outcome"),
        dcc.Loading(html.Div(id="upload-preview"), type="default"),
        # Always in the layout (callbacks need their inputs to exist); shown with a preview
        # that may be stored.
        html.Div([dbc.Button(t("upload_confirm", lang), id="upload-confirm", color="primary",
                             class_name="me-2"),
                  dbc.Button(t("upload_cancel", lang), id="upload-cancel", color="secondary",
                             outline=True)], id="upload-actions", hidden=True, className="mb-4"),
    ])
    # Both tabs stay in the page (Bootstrap hides the inactive one), so every callback's
    # components exist; ?tab=text opens the second.
    tabs = dbc.Tabs([
        dbc.Tab(sheet_tab, label=t("xr_tab_sheet", lang), tab_id="sheet"),
        dbc.Tab(_extract_tab(account, lang), label=t("xr_tab_text", lang), tab_id="text"),
    ], id="upload-tabs", active_tab="text" if query.get("tab") == "text" else "sheet",
        class_name="mb-3")
    return html.Div([
        page_header(t("page_upload_title", lang), t("upload_intro", lang)),
        html.P(_scope_text(account, lang), className="small text-muted", id="upload-scope"),
        tabs,
        html.H3(t("history_title", lang), className="h5 mt-2"),
        html.Div(history_view(queries.upload_history(engine()), lang), id="upload-history"),
    ])


def _extract_tab(account, lang: str) -> html.Div:
    """The report-extraction tab: regions offered are those the user may import for."""
    from db import queries
    from db.accounts import allowed_regions

    regions = queries.regions(engine(), home_province())
    allowed = allowed_regions(engine(), account)
    writable = regions if allowed is None else regions[regions["code"].isin(allowed)]
    region_names = {r["code"]: name_of(r, lang) for r in regions.to_dict("records")}
    indicator_names = {i["code"]: name_of(i, lang)
                       for i in queries.indicators(engine()).to_dict("records")}
    columns = extract_panel.review_columns(lang, indicator_names, region_names)
    return extract_panel.extract_section(lang, region_options(writable, lang), columns,
                                         settings().max_upload_bytes)


def _scope_text(account, lang: str) -> str:
    if account.is_admin:
        return t("upload_scope_all", lang)
    names, _ = _catalog_names(lang)
    return t("upload_scope", lang, regions="、".join(names.get(c, c) for c in account.regions))


def _lang(search: str | None) -> str:
    return ViewState.from_query(dict(parse_qsl((search or "").lstrip("?")))).lang


def _catalog_names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    from db import queries

    regions = queries.regions(engine())
    indicators = queries.indicators(engine())
    return ({r["code"]: name_of(r, lang) for r in regions.to_dict("records")},
            {i["code"]: name_of(i, lang) for i in indicators.to_dict("records")})


def _pipeline():
    try:
        from etl import pipeline
    except ImportError:
        return None
    return pipeline


def _screen(preview=None, outcome=None, token=None, history=no_update, can_store=False):
    """The upload callback's outputs: the browser's copy of the file is always dropped."""
    return preview, outcome, token, history, None, not can_store


def _alert(key: str, color: str, lang: str, **values):
    return dbc.Alert(t(key, lang, **values), color=color, id="upload-result")


@callback(
    Output("upload-preview", "children"), Output("upload-outcome", "children"),
    Output("upload-token", "data"), Output("upload-history", "children"),
    Output("upload-file", "contents"), Output("upload-actions", "hidden"),
    Input("upload-file", "contents"), Input("upload-confirm", "n_clicks"),
    Input("upload-cancel", "n_clicks"),
    State("upload-file", "filename"), State("upload-token", "data"), State(URL, "search"),
    prevent_initial_call=True)
def handle_upload(contents, _confirm, _cancel, file_name, token, search):
    """One callback for the three steps (preview, confirm, cancel): they share the outputs."""
    lang = _lang(search)
    pipeline = _pipeline()
    if pipeline is None:
        return _screen(outcome=_alert("upload_unavailable", "danger", lang))
    account = current_account()
    if account is None or not account.can_upload:  # the page hides the form; this enforces it
        return _screen(outcome=_alert("upload_forbidden", "danger", lang))
    trigger = ctx.triggered_id
    if trigger == "upload-file" and contents and file_name:
        unstage(token)
        return _preview(pipeline, account, contents, file_name, lang)
    if trigger == "upload-cancel":
        unstage(token)
        return _screen(outcome=_alert("upload_cancelled", "secondary", lang))
    if trigger == "upload-confirm":
        return _store(pipeline, account, token, lang)
    return (no_update,) * 6


def _history(lang: str):
    from db import queries

    return history_view(queries.upload_history(engine()), lang)


def _validate(pipeline, account, content: bytes, file_name: str):
    """Read and check the file, including that every value is for a region the user holds."""
    from db.accounts import allowed_regions

    result = pipeline.read_and_validate(content, file_name, engine(),
                                        max_bytes=settings().max_upload_bytes)
    pipeline.restrict_regions(result, allowed_regions(engine(), account),
                              "、".join(account.regions))
    return result


def _preview(pipeline, account, contents: str, file_name: str, lang: str):
    content = decode_contents(contents)
    if content is None:
        return _screen(outcome=_alert("upload_bad_file", "danger", lang))
    result = _validate(pipeline, account, content, file_name)
    names = _catalog_names(lang)
    if not result.ok:
        pipeline.commit(engine(), result, account.name)  # logs the rejection; stores nothing
        return _screen(preview=preview_view(result, None, lang, *names), history=_history(lang))
    report = pipeline.preview(engine(), result)
    return _screen(preview=preview_view(result, report, lang, *names),
                   token=stage(content, file_name), can_store=True)


def _store(pipeline, account, token: str | None, lang: str):
    held = staged(token)
    if held is None:
        return _screen(outcome=_alert("upload_expired", "warning", lang))
    content, name = held
    # Validated again: the database (and the user's regions) may have changed since the preview.
    result = _validate(pipeline, account, content, name)
    report = pipeline.commit(engine(), result, account.name)
    unstage(token)
    if report.outcome == "rejected":
        return _screen(preview=preview_view(result, None, lang, *_catalog_names(lang)),
                       history=_history(lang))
    if report.outcome == "unchanged":
        outcome = _alert("upload_unchanged", "info", lang)
    else:
        outcome = _alert("upload_stored", "success", lang, new=format_number(report.n_new),
                         changed=format_number(report.n_changed),
                         unchanged=format_number(report.n_unchanged))
    return _screen(outcome=outcome, history=_history(lang))


@callback(Output("template-download", "data"), Input("template-button", "n_clicks"),
          State(URL, "search"), prevent_initial_call=True)
def download_template(_n, search):
    from db import queries
    from etl.template import write_template

    from dashboard.context import page_data

    data = page_data(dict(parse_qsl((search or "").lstrip("?"))))
    periods = queries.periods(engine())
    kwargs = {"province_code": data.province}
    if not periods.empty:
        row = periods.iloc[0]
        kwargs["period"] = f"{int(row['year'])}Q{int(row['quarter'])}" if row["quarter"] else str(int(row["year"]))
    buffer = io.BytesIO()
    write_template(buffer, engine(), **kwargs)
    suffix = kwargs.get("period", "")
    return dcc.send_bytes(buffer.getvalue(), f"区域创新指标填报模板_{suffix}.xlsx".replace("_.", "."))



# --- Extraction from a report's text (second tab) ------------------------------------------------

def _may_upload():
    account = current_account()
    return account if account is not None and account.can_upload else None


def _forbidden(lang: str):
    return extract_panel.alert(t("upload_forbidden", lang), "danger", "xr-outcome")


@callback(
    Output("xr-text", "value"), Output("xr-file-document", "data"),
    Output("xr-file-status", "children"), Output("xr-file", "contents"),
    Input("xr-file", "contents"), State("xr-file", "filename"), State(URL, "search"),
    prevent_initial_call=True)
def read_report_file(contents, file_name, search):
    """A dropped .txt/.docx: its text goes into the text box, its name is kept for provenance."""
    from etl.extract import load_document
    from etl.readers import UnreadableFile

    lang = _lang(search)
    if _may_upload() is None:
        return no_update, None, _forbidden(lang), None
    if not contents or not file_name:
        return no_update, no_update, no_update, None
    content = decode_contents(contents)
    try:
        if content is None:
            raise UnreadableFile(t("upload_bad_file", lang))
        document = extract_review.read_document(content, file_name)
    except UnreadableFile as exc:
        message = t("xr_file_bad", lang, file=file_name, detail=str(exc))
        return no_update, None, extract_panel.alert(message, "danger", "xr-file-message"), None
    message = t("xr_file_loaded", lang, file=document.name, n=format_number(len(document.text)))
    return (document.text, extract_review.document_to_store(document),
            extract_panel.alert(message, "info", "xr-file-message"), None)


@callback(
    Output(extract_panel.GRID_ID, "rowData"), Output("xr-document", "data"),
    Output("xr-extract-status", "children"), Output("xr-review", "hidden"),
    Output("xr-result", "children"),
    Input("xr-run", "n_clicks"),
    State("xr-text", "value"), State("xr-file-document", "data"), State("xr-region", "value"),
    State("xr-year", "value"), State(URL, "search"), prevent_initial_call=True)
def run_extraction(_n, text, dropped, region, year, search):
    lang = _lang(search)

    def message(key, color="warning", **values):
        return [], None, extract_panel.alert(t(key, lang, **values), color, "xr-found"), True, None

    if _may_upload() is None:
        return [], None, _forbidden(lang), True, None
    document = extract_review.chosen_document(text, dropped)
    if document is None:
        return message("xr_no_text")
    if len(document.text) > extract_review.MAX_TEXT_CHARS:
        return message("xr_too_long", n=format_number(len(document.text)),
                       max=format_number(extract_review.MAX_TEXT_CHARS))
    if year not in (None, "") and extract_review.valid_year(year) is None:
        return message("xr_bad_year")
    candidates = extract_review.extract(engine(), document, region or None,
                                        extract_review.valid_year(year))
    summary = extract_review.summarise(candidates)
    return (extract_review.candidate_rows(candidates), extract_review.document_to_store(document),
            extract_panel.found_alert(summary, document.name, lang), not candidates, None)


@callback(
    Output(extract_panel.GRID_ID, "rowData", allow_duplicate=True),
    Input("xr-accept-all", "n_clicks"), Input("xr-reject-all", "n_clicks"),
    State(extract_panel.GRID_ID, "rowData"), prevent_initial_call=True)
def tick_all(_accept, _reject, rows):
    return extract_review.accept_all_values(rows or [], ctx.triggered_id == "xr-accept-all")


@callback(
    Output("xr-result", "children", allow_duplicate=True),
    Output("upload-history", "children", allow_duplicate=True),
    Input("xr-import", "n_clicks"),
    State(extract_panel.GRID_ID, "rowData"), State("xr-document", "data"), State(URL, "search"),
    prevent_initial_call=True)
def import_accepted(_n, rows, stored_document, search):
    """The accepted rows, checked and stored like a sheet; the user's regions only."""
    from db.accounts import allowed_regions

    lang = _lang(search)
    account = _may_upload()
    if account is None:
        return _forbidden(lang), no_update
    document = extract_review.document_from_store(stored_document)
    if document is None:
        return extract_panel.alert(t("xr_expired", lang), "warning", "xr-outcome"), no_update
    review = extract_review.reviewed(rows)
    blocked = extract_panel.review_alert(review, lang)
    if blocked is not None:
        return blocked, no_update
    report = extract_review.import_reviewed(engine(), review, document, account.name,
                                            allowed_regions(engine(), account),
                                            "、".join(account.regions))
    shown = [p for p in report.problems if p.severity != "info"]
    result = [extract_panel.import_alert(report, document.name, lang)]
    if shown:
        result.append(problems_table(shown, lang, "xr-problems-table"))
    return result, _history(lang)
