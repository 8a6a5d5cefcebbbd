"""The Upload page's second tab: callbacks that read figures out of a narrative report
(.txt/.docx or pasted text), show them for review and import the accepted ones with the same
checks and restrictions as a sheet. Components: extract_panel.py; logic: extract_review.py.
dashboard/pages/upload.py registers them (register) each time Dash runs the page."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx, no_update

from dashboard.upload import extract_panel, extract_review
from dashboard.server.auth import current_account
from dashboard.components import URL
from dashboard.context import engine
from dashboard.formatting import format_number
from dashboard.i18n import t
from dashboard.upload.staging import decode_contents
from dashboard.upload.problem_list import problems_table
from dashboard.upload.views import lang_of, upload_history


def _may_upload():
    account = current_account()
    return account if account is not None and account.can_upload else None


def _forbidden(lang: str):
    return extract_panel.alert(t("upload_forbidden", lang), "danger", "xr-outcome")


def read_report_file(contents, file_name, search):
    """A dropped .txt/.docx: its text goes into the text box, its name is kept for provenance."""
    from etl.readers import UnreadableFile

    lang = lang_of(search)
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


def run_extraction(_n, text, dropped, region, year, search):
    lang = lang_of(search)

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


def tick_all(_accept, _reject, rows):
    return extract_review.accept_all_values(rows or [], ctx.triggered_id == "xr-accept-all")


def import_accepted(_n, rows, stored_document, search):
    """The accepted rows, checked and stored like a sheet; the user's regions only."""
    from db.accounts import allowed_regions

    lang = lang_of(search)
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
    return result, upload_history(lang)


def register() -> None:
    """Add the tab's callbacks to the list the next app takes. The Upload page calls this
    when Dash runs it, which Dash does again for every app; a decorator here would register
    them only with the first app of the process."""
    callback(Output("xr-text", "value"), Output("xr-file-document", "data"),
             Output("xr-file-status", "children"), Output("xr-file", "contents"),
             Input("xr-file", "contents"), State("xr-file", "filename"), State(URL, "search"),
             prevent_initial_call=True)(read_report_file)
    callback(Output(extract_panel.GRID_ID, "rowData"), Output("xr-document", "data"),
             Output("xr-extract-status", "children"), Output("xr-review", "hidden"),
             Output("xr-result", "children"),
             Input("xr-run", "n_clicks"),
             State("xr-text", "value"), State("xr-file-document", "data"),
             State("xr-region", "value"), State("xr-year", "value"), State(URL, "search"),
             prevent_initial_call=True)(run_extraction)
    callback(Output(extract_panel.GRID_ID, "rowData", allow_duplicate=True),
             Input("xr-accept-all", "n_clicks"), Input("xr-reject-all", "n_clicks"),
             State(extract_panel.GRID_ID, "rowData"), prevent_initial_call=True)(tick_all)
    callback(Output("xr-result", "children", allow_duplicate=True),
             Output("upload-history", "children", allow_duplicate=True),
             Input("xr-import", "n_clicks"),
             State(extract_panel.GRID_ID, "rowData"), State("xr-document", "data"),
             State(URL, "search"), prevent_initial_call=True)(import_accepted)
