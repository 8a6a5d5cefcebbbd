"""Rounds (审核): for reviewers and administrators, the board of a reporting round (region ×
status, completeness, last upload), the "who is missing what" download, and each submission
awaiting review with the same old → new table as the upload preview, to approve or return
with comments. The work is etl.review's and etl.round_status's; views in dashboard/rounds."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.components import URL, page_header
from dashboard.context import engine
from dashboard.document import page_title
from dashboard.i18n import t
from dashboard.rounds.access import pending, review_scope, reviewable_rounds
from dashboard.rounds.views import APPROVE, COMMENT, RETURN, board_view, submission_card
from dashboard.server.auth import current_account
from dashboard.state import ViewState
from dashboard.upload.views import changes_catalog, lang_of

dash.register_page(__name__, path="/rounds", name="审核", title=page_title("nav_rounds"), order=7)


def layout(**query):
    lang = ViewState.from_query(query).lang
    header = page_header(t("page_rounds_title", lang), t("rounds_intro", lang))
    account = current_account()
    if account is None or not account.can_review:
        return html.Div([header, dbc.Alert(t("rounds_forbidden", lang), color="info",
                                           id="rounds-forbidden")])
    rounds = reviewable_rounds(account)
    if not rounds:
        return html.Div([header, dbc.Alert(t("rounds_none", lang), color="info", id="rounds-none")])
    wanted = str(query.get("round", ""))
    picked = next((r["id"] for r in rounds if str(r["id"]) == wanted), rounds[0]["id"])
    picker = dcc.Dropdown(id="rounds-pick", value=picked, clearable=False,
                          options=[{"label": f"{r['id']} · {r['title']}", "value": r["id"]}
                                   for r in rounds])
    return html.Div([
        header,
        dbc.Row([dbc.Col([dbc.Label(t("rounds_pick", lang), html_for="rounds-pick"), picker],
                         xs=12, md=6),
                 dbc.Col(dbc.Button(t("rounds_missing_download", lang), id="rounds-missing",
                                    color="primary", outline=True, class_name="mt-4"), xs=12, md=6)],
                class_name="mb-3"),
        dcc.Download(id="rounds-missing-download"),
        html.Div(id="rounds-outcome"),
        html.Div(_board(picked, account, lang), id="rounds-board"),
    ])


def _board(round_id: int, account, lang: str) -> html.Div:
    from dashboard.upload.changes import changes_view, preview_frame
    from db.accounts import region_names
    from etl.review import review_preview
    from etl.round_status import round_status

    status = round_status(engine(), round_id)
    catalog = changes_catalog(lang)
    subs = pending(round_id)
    names = region_names(engine(), status.round["regions"])
    scope = review_scope(account)
    cards = []
    for sub in subs:
        report = review_preview(engine(), sub["id"], scope)
        changes = changes_view(preview_frame(report, catalog.sort_order), report.n_changed,
                               report.n_new, sub["flags"] or {}, catalog, lang,
                               table_id=f"round-changes-{sub['id']}")
        cards.append(submission_card(sub, names, changes, lang))
    return html.Div([
        board_view(status, lang),
        html.H2(t("rounds_pending", lang), className="h5 mt-3"),
        *(cards or [html.P(t("rounds_no_pending", lang), className="text-muted",
                           id="rounds-no-pending")]),
    ])


@callback(Output("rounds-board", "children"), Output("rounds-outcome", "children"),
          Input("rounds-pick", "value"), Input({"type": APPROVE, "index": ALL}, "n_clicks"),
          Input({"type": RETURN, "index": ALL}, "n_clicks"),
          State({"type": COMMENT, "index": ALL}, "value"),
          State({"type": COMMENT, "index": ALL}, "id"), State(URL, "search"),
          prevent_initial_call=True)
def act(round_id, approvals, returns, comments, comment_ids, search):
    """Pick a round, or approve / return a submission; the board is drawn again after."""
    from etl.review import approve, parse_comment, return_submission
    from etl.rounds import RoundError

    lang = lang_of(search)
    account = current_account()
    if account is None or not account.can_review:  # the page hides the board; this enforces it
        return no_update, dbc.Alert(t("rounds_forbidden", lang), color="danger")
    trigger = ctx.triggered_id
    outcome = None
    if isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update, no_update  # buttons drawn anew, not clicked
    if isinstance(trigger, dict):
        sub_id = int(trigger["index"])
        try:
            if trigger["type"] == APPROVE:
                r = approve(engine(), sub_id, account.name, review_scope(account))
                outcome = dbc.Alert(t("rounds_approved", lang, id=sub_id, new=r.n_new,
                                      changed=r.n_changed, unchanged=r.n_unchanged),
                                    color="success", id="rounds-result")
            else:
                text = dict(zip([i["index"] for i in comment_ids], comments, strict=True)).get(sub_id) or ""
                notes = [parse_comment(line) for line in text.splitlines() if line.strip()]
                return_submission(engine(), sub_id, account.name, notes, review_scope(account))
                outcome = dbc.Alert(t("rounds_returned", lang, id=sub_id), color="warning",
                                    id="rounds-result")
        except RoundError as exc:
            outcome = dbc.Alert(str(exc), color="danger", id="rounds-result")
    if not any(r["id"] == round_id for r in reviewable_rounds(account)):
        return no_update, dbc.Alert(t("rounds_forbidden", lang), color="danger")
    return _board(round_id, account, lang), outcome


@callback(Output("rounds-missing-download", "data"), Input("rounds-missing", "n_clicks"),
          State("rounds-pick", "value"), prevent_initial_call=True)
def download_missing(clicks, round_id):
    from etl.round_status import missing_bytes, round_status

    account = current_account()
    if not clicks or not any(r["id"] == round_id for r in reviewable_rounds(account)):
        return no_update
    data = missing_bytes(round_status(engine(), round_id), "xlsx")
    return dcc.send_bytes(data, f"缺报名单-{round_id}.xlsx")
