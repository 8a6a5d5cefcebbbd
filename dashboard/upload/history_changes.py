"""The Upload page's history: open what a stored upload changed, old → new, from the stored
revisions and values (the same table as its preview, dashboard/upload/changes.py), and download
the full list. dashboard/pages/upload.py registers the callbacks (register) each time Dash runs
the page, as it does those of extract_callbacks."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.server.auth import current_account
from dashboard.server.callback_guard import whole_number
from dashboard.components import URL
from dashboard.context import engine
from dashboard.formatting import format_timestamp
from dashboard.i18n import t
from dashboard.upload.changes import SHOWN_CHANGES, changes_export, changes_view, csv_name
from dashboard.upload.views import HISTORY_CHANGES, changes_catalog, lang_of


def _may_upload() -> bool:
    account = current_account()
    return account is not None and account.can_upload


def open_history_changes(_clicks, search):
    """A history row's changes, old → new, from what is stored."""
    from db import queries

    trigger = ctx.triggered_id
    # A history table drawn again fires this with no click: only a click opens the window.
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return (no_update,) * 4
    upload = queries.upload_record(engine(), whole_number(trigger.get("index"), "index"))
    if not _may_upload() or upload is None:
        return (no_update,) * 4
    lang = lang_of(search)
    n_changed, n_new = queries.count_upload_changes(engine(), upload["id"])
    frame = queries.upload_changes(engine(), upload["id"], limit=SHOWN_CHANGES)
    body = [html.P(t("chg_history_when", lang, who=upload["uploaded_by"],
                     when=format_timestamp(queries.as_utc(upload["uploaded_at"]), lang)),
                   className="small text-muted"),
            changes_view(frame, n_changed, n_new, upload["flags"], changes_catalog(lang), lang,
                         table_id="history-changes-table", download_id="history-changes-csv")]
    title = t("chg_history_title", lang, id=upload["id"], file=upload["file_name"])
    return True, title, body, upload["id"]


def download_history_changes(clicks, upload_id, search):
    """Every change of a stored upload, as CSV."""
    from dashboard.exporting import export_bytes
    from db import queries

    if not clicks or upload_id is None or not _may_upload():
        return no_update
    upload_id = whole_number(upload_id, "upload")  # from the browser's store
    upload = queries.upload_record(engine(), upload_id)
    if upload is None:
        return no_update
    lang = lang_of(search)
    export = changes_export(queries.upload_changes(engine(), upload_id), upload["flags"],
                            changes_catalog(lang), lang)
    return dcc.send_bytes(export_bytes(export, "csv"), csv_name(upload["file_name"], lang))


def register() -> None:
    """Add the callbacks to the list the next app takes (see extract_callbacks.register)."""
    callback(Output("history-changes-modal", "is_open"), Output("history-changes-title", "children"),
             Output("history-changes-body", "children"), Output("history-changes-upload", "data"),
             Input({"type": HISTORY_CHANGES, "index": ALL}, "n_clicks"), State(URL, "search"),
             prevent_initial_call=True)(open_history_changes)
    callback(Output("upload-changes-download", "data", allow_duplicate=True),
             Input("history-changes-csv", "n_clicks"), State("history-changes-upload", "data"),
             State(URL, "search"), prevent_initial_call=True)(download_history_changes)
