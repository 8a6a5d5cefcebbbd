"""Upload (上传): drop a sheet, see what it holds and every problem with its cell, then store
it or cancel. Nothing is written before the user confirms; a rejected file is logged.

The file travels through the browser once and is staged on disk until confirmed
(dashboard/upload/staging.py); confirming validates it again (etl.pipeline). Only uploaders and
administrators may upload; an uploader's file is refused if any value is for a region outside
their own. Views: dashboard/upload/views.py.

The second tab reads figures out of a narrative report (.txt/.docx or pasted text) for review;
its callbacks are in dashboard/upload/extract_callbacks.py.
"""

from __future__ import annotations

import io
from functools import wraps

import dash
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.upload import extract_callbacks, extract_panel, history_changes
from dashboard.server import heavy
from dashboard.server.auth import current_account
from dashboard.components import URL, indicator_options, page_header, region_options
from dashboard.context import engine, home_province, settings
from dashboard.document import page_title
from dashboard.i18n import name_of, t
from dashboard.server.login_urls import login_href
from dashboard.upload.problem_list import problems_csv
from dashboard.upload.staging import decode_contents, keep_problems, stage, staged, unstage
from dashboard.state import ViewState, query_of
from dashboard.upload.choices import (ACCEPT, COLUMN_CHOICE, NAME_CHOICE, RECHECK, Choices,
                                      choices_view, region_search)
from dashboard.upload.changes import changes_export, changes_view, csv_name, preview_frame
from dashboard.upload.views import (changes_catalog, lang_of, preview_view, stored_message,
                                     upload_history)
from dashboard.rounds.access import awaiting_review, pending_href, returned_items, round_template
from dashboard.rounds.views import awaiting_view, returned_view
from etl import pipeline, rounds

dash.register_page(__name__, path="/upload", name="上传", title=page_title("nav_upload"), order=6)
PROBLEMS_PATH = "/upload/problems"  # + /<token>.csv: a preview's whole problem list (dashboard.server.downloads)
STAGED_UPLOADS = 2  # a user's staged previews may hold this many uploads' worth of bytes
extract_callbacks.register()  # the second tab's callbacks, with this app
history_changes.register()  # a history row's changes, with this app

# --- Page -------------------------------------------------------------------------------------

def layout(**query):
    state = ViewState.from_query(query)
    lang = state.lang
    account = current_account()
    if account is None or not account.can_upload:
        # Signing in comes back here, with this page's query and language.
        sign_in = login_href(state.href("/upload"), lang)
        return html.Div([
            page_header(t("page_upload_title", lang), t("upload_intro", lang)),
            dbc.Alert([t("upload_login_required", lang), " ",
                       html.A(t("upload_login_link", lang), href=sign_in,
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
        dcc.Store(id="upload-choices"),
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
    awaiting = awaiting_review(account)
    tabs = dbc.Tabs([
        dbc.Tab(sheet_tab, label=t("xr_tab_sheet", lang), tab_id="sheet"),
        dbc.Tab(_extract_tab(account, lang), label=t("xr_tab_text", lang), tab_id="text"),
    ], id="upload-tabs", active_tab="text" if query.get("tab") == "text" else "sheet",
        class_name="mb-3")
    return html.Div([
        page_header(t("page_upload_title", lang), t("upload_intro", lang)),
        html.P(_scope_text(account, lang), className="small text-muted", id="upload-scope"),
        returned_view(returned_items(account), lang),
        awaiting_view(awaiting, lang, {s["id"]: pending_href(state, s) for s in awaiting}),
        tabs,
        html.H2(t("history_title", lang), className="h5 mt-2"),
        html.Div(upload_history(lang), id="upload-history"),
        dcc.Download(id="upload-changes-download"),
        # One upload's changes, opened from its history row (open_history_changes).
        dcc.Store(id="history-changes-upload"),
        dbc.Modal([dbc.ModalHeader(dbc.ModalTitle(id="history-changes-title"), close_button=True),
                   dbc.ModalBody(id="history-changes-body")],
                  id="history-changes-modal", size="xl", scrollable=True, is_open=False),
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


def _catalog_names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    from db import queries

    regions = queries.regions(engine())
    indicators = queries.indicators(engine())
    return ({r["code"]: name_of(r, lang) for r in regions.to_dict("records")},
            {i["code"]: name_of(i, lang) for i in indicators.to_dict("records")})


def _screen(preview=None, outcome=None, token=None, history=no_update, can_store=False,
            choices=None):
    """The upload callback's outputs: the browser's copy of the file is always dropped."""
    return preview, outcome, token, history, None, not can_store, choices


def _alert(key: str, color: str, lang: str, **values):
    return dbc.Alert(t(key, lang, **values), color=color, id="upload-result")


@callback(
    Output("upload-preview", "children"), Output("upload-outcome", "children"),
    Output("upload-token", "data"), Output("upload-history", "children"),
    Output("upload-file", "contents"), Output("upload-actions", "hidden"),
    Output("upload-choices", "data"),
    Input("upload-file", "contents"), Input("upload-confirm", "n_clicks"),
    Input("upload-cancel", "n_clicks"), Input({"type": RECHECK, "index": ALL}, "n_clicks"),
    State("upload-file", "filename"), State("upload-token", "data"),
    State("upload-choices", "data"), State({"type": NAME_CHOICE, "name": ALL}, "value"),
    State({"type": NAME_CHOICE, "name": ALL}, "id"), State({"type": COLUMN_CHOICE, "name": ALL}, "value"),
    State({"type": COLUMN_CHOICE, "name": ALL}, "id"), State({"type": ACCEPT, "index": ALL}, "value"),
    State(URL, "search"), prevent_initial_call=True)
def handle_upload(contents, _confirm, _cancel, recheck, file_name, token, choices, names, name_ids,
                  columns, column_ids, accept, search):
    """One callback for the steps (preview, check again with choices, confirm, cancel): they
    share the outputs."""
    lang = lang_of(search)
    account = current_account()
    if account is None or not account.can_upload:  # the page hides the form; this enforces it
        return _screen(outcome=_alert("upload_forbidden", "danger", lang))
    trigger = ctx.triggered_id
    if trigger == "upload-file" and contents and file_name:
        unstage(token, account.name)  # the preview this one replaces
        return _preview(account, contents, str(file_name)[:255], lang)
    if trigger == "upload-cancel":
        unstage(token, account.name)
        return _screen(outcome=_alert("upload_cancelled", "secondary", lang))
    if trigger == "upload-confirm":
        return _store(account, token, Choices.from_store(choices), lang)
    if isinstance(trigger, dict) and trigger.get("type") == RECHECK and any(recheck or []):
        chosen = Choices.from_store(choices).with_answers(names, name_ids, columns, column_ids, accept)
        return _recheck(account, token, chosen, lang)
    return (no_update,) * 7


def _validate(account, content: bytes, file_name: str, chosen: Choices):
    """Read and check the file with the uploader's saved names and this preview's choices,
    including that every value is for a region the user holds."""
    from db.accounts import allowed_regions
    from db.name_aliases import saved_aliases

    saved = saved_aliases(engine(), account.name)
    result = pipeline.read_and_validate(
        content, file_name, engine(), province_code=home_province(),
        max_bytes=settings().max_upload_bytes,
        region_aliases=saved["region"] | chosen.region, column_map=saved["column"] | chosen.column,
        accept_outliers=chosen.accept)
    pipeline.restrict_regions(result, allowed_regions(engine(), account),
                              "、".join(account.regions))
    if result.ok:  # a file of an open reporting round must hold that round's values only
        rounds.round_of(engine(), result)
    return result


def _view(result, report, chosen: Choices, lang: str, token: str | None = None):
    from db import queries
    from db.lookups import region_index

    names = _catalog_names(lang)
    options = indicator_options(queries.indicators(engine()), lang)
    questions = choices_view(result, lang, region_index(engine()), options, chosen)
    changes = None
    if report is not None:
        catalog = changes_catalog(lang)
        changes = changes_view(preview_frame(report, catalog.sort_order), report.n_changed,
                               report.n_new, pipeline.flagged_cells(result.problems), catalog, lang,
                               table_id="upload-changes-table", download_id="upload-changes-csv")
    href = (f"{PROBLEMS_PATH}/{token}.csv" + ("?lang=en" if lang == "en" else "")
            if token and result.problems else None)
    return preview_view(result, report, lang, *names, questions=questions, changes=changes,
                        problems_href=href)


def _checked(account, result, token: str, chosen: Choices, lang: str, history=no_update):
    """The preview of a checked file: what storing it would do, or its problems and questions.
    The whole problem list is kept beside the staged file, to download."""
    report = pipeline.preview(engine(), result) if result.ok else None
    if result.problems:
        keep_problems(token, account.name, problems_csv(result.problems, lang))
    view = _view(result, report, chosen, lang, token)
    rnd = rounds.open_round_for(engine(), result) if result.ok else None
    if rnd is not None:
        view = html.Div([dbc.Alert(t("round_preview_note", lang, title=rnd["title"]), color="info",
                                   id="upload-round-note"), view])
    return _screen(preview=view, token=token,
                   history=history, can_store=result.ok, choices=chosen.as_store())


def _one_check_at_a_time(step):
    """A step that checks the file runs in a free slot, at low priority: one per user, one per
    worker process (dashboard/server/heavy.py), as a file at the limits takes half a gigabyte and half
    a minute; pages go on being served meanwhile."""
    @wraps(step)
    def bounded(account, *args):
        lang = args[-1]
        try:
            with heavy.acquire(heavy.UPLOAD, account.name) as slot:
                return slot.run(step, account, *args)
        except heavy.Busy as busy:
            return _screen(outcome=_alert(f"upload_busy_{busy.whose}", "warning", lang))
    return bounded


@_one_check_at_a_time
def _preview(account, contents: str, file_name: str, lang: str):
    content = decode_contents(contents)
    if content is None:
        return _screen(outcome=_alert("upload_bad_file", "danger", lang))
    chosen = Choices()
    result = _validate(account, content, file_name, chosen)
    # Staged even when rejected: the user may settle its names and check it again.
    token = stage(content, file_name, account.name, STAGED_UPLOADS * settings().max_upload_bytes)
    if result.ok:
        return _checked(account, result, token, chosen, lang)
    pipeline.commit(engine(), result, account.name)  # logs the rejection; stores nothing
    return _checked(account, result, token, chosen, lang, history=upload_history(lang))


def _on_staged_file(step):
    """A step on the file staged under the token: called (account, content, name, token,
    chosen, lang) as (account, token, chosen, lang). When the file has expired (or is not this
    user's), the screen says so and the step does not run."""
    @wraps(step)
    def with_file(account, token: str | None, chosen: Choices, lang: str):
        held = staged(token, account.name)
        if held is None:
            return _screen(outcome=_alert("upload_expired", "warning", lang))
        content, name = held
        return step(account, content, name, token, chosen, lang)
    return with_file


@_one_check_at_a_time
@_on_staged_file
def _recheck(account, content: bytes, name: str, token: str, chosen: Choices, lang: str):
    return _checked(account, _validate(account, content, name, chosen), token, chosen, lang)


@_one_check_at_a_time
@_on_staged_file
def _store(account, content: bytes, name: str, token: str, chosen: Choices, lang: str):
    from db.name_aliases import remember_aliases

    # Validated again: the database (and the user's regions) may have changed since the preview.
    result = _validate(account, content, name, chosen)
    report = rounds.commit_or_submit(engine(), result, account.name)
    if isinstance(report, rounds.SubmitReport):  # into its reporting round, to be reviewed
        unstage(token, account.name)
        text = (t("round_unchanged", lang, id=report.same_as) if report.outcome == "unchanged" else
                t("round_submitted", lang, title=report.round_title, id=report.submission_id,
                  n=report.n_values))
        return _screen(outcome=dbc.Alert(text, color="info", id="upload-result"))
    if report.outcome == "rejected":
        return _checked(account, result, token, chosen, lang, history=upload_history(lang))
    unstage(token, account.name)
    remember_aliases(engine(), account.name, {"region": chosen.region, "column": chosen.column}, name)
    if report.outcome == "unchanged":
        outcome = _alert("upload_unchanged", "info", lang)
    else:
        outcome = dbc.Alert(stored_message(report, lang), color="success", id="upload-result")
    return _screen(outcome=outcome, history=upload_history(lang))


@callback(Output("upload-changes-download", "data"), Input("upload-changes-csv", "n_clicks"),
          State("upload-token", "data"), State("upload-choices", "data"), State(URL, "search"),
          prevent_initial_call=True)
def download_preview_changes(clicks, token, choices, search):
    """Every change the previewed file would make, as CSV: the file is checked again (the
    preview's table is capped, and the browser holds no copy of the changes)."""
    from dashboard.exporting import export_bytes

    account = current_account()
    if not clicks or account is None or not account.can_upload:
        return no_update
    held = staged(token, account.name)
    if held is None:
        return no_update
    lang = lang_of(search)
    content, name = held
    try:
        with heavy.acquire(heavy.UPLOAD, account.name) as slot:
            result = slot.run(_validate, account, content, name, Choices.from_store(choices))
    except heavy.Busy:
        return no_update
    if not result.ok:
        return no_update
    catalog = changes_catalog(lang)
    frame = preview_frame(pipeline.preview(engine(), result), catalog.sort_order)
    export = changes_export(frame, pipeline.flagged_cells(result.problems), catalog, lang)
    return dcc.send_bytes(export_bytes(export, "csv"), csv_name(name, lang))


@callback(Output({"type": NAME_CHOICE, "name": MATCH}, "options"),
          Input({"type": NAME_CHOICE, "name": MATCH}, "search_value"),
          State({"type": NAME_CHOICE, "name": MATCH}, "value"),
          State({"type": NAME_CHOICE, "name": MATCH}, "options"), State(URL, "search"),
          prevent_initial_call=True)
def search_regions(text, value, options, search):
    """Typing in a region picker searches every region (candidates stay when nothing is typed)."""
    from db.lookups import region_index

    if not text:
        return no_update
    found = region_search(region_index(engine()), text, lang_of(search), keep=value)
    return found or no_update


@callback(Output("template-download", "data"), Input("template-button", "n_clicks"),
          State(URL, "search"), prevent_initial_call=True)
def download_template(_n, search):
    from dashboard.context import page_data
    from db import queries
    from etl.template import write_template

    in_round = round_template(current_account())  # a district asked by an open round
    if in_round is not None:
        return dcc.send_bytes(*in_round)
    data = page_data(query_of(search))
    periods = queries.periods(engine())
    kwargs = {"province_code": data.province}
    if not periods.empty:
        row = periods.iloc[0]
        kwargs["period"] = f"{int(row['year'])}Q{int(row['quarter'])}" if row["quarter"] else str(int(row["year"]))
    buffer = io.BytesIO()
    write_template(buffer, engine(), **kwargs)
    suffix = kwargs.get("period", "")
    return dcc.send_bytes(buffer.getvalue(), f"区域创新指标填报模板_{suffix}.xlsx".replace("_.", "."))



