"""Views of reporting rounds, pure functions of their data: the board (region × status,
completeness, last upload), a submission awaiting review with its old → new table and the
approve / return controls, the comments on a returned submission, a round's progress line."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.formatting import format_timestamp
from dashboard.i18n import t

APPROVE, RETURN, COMMENT = "round-approve", "round-return", "round-comment"
STATUS_COLORS = {"not_reported": "secondary", "submitted": "primary", "returned": "warning",
                 "approved": "success", "overdue": "danger"}


def status_badge(row: dict, lang: str):
    return dbc.Badge(row["status_en"] if lang == "en" else row["status_zh"],
                     color=STATUS_COLORS[row["status"]], class_name="round-status",
                     id=f"round-status-{row['region_code']}")


def board_view(status, lang: str) -> html.Div:
    """The round at a glance: who has reported, how complete, the last upload and who sent it."""
    rnd = status.round
    summary = t("rounds_summary", lang, title=rnd["title"], n=status.n_reported,
                m=status.n_regions, deadline=format_timestamp(rnd["deadline"], lang))
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in (
        "rounds_region", "rounds_status", "rounds_complete", "rounds_last")]))
    rows = [html.Tr([
        html.Td(r["region_name"]), html.Td(status_badge(r, lang)),
        html.Td(f"{r['n_present']}/{r['n_expected']}", className="text-end"),
        html.Td(f"{r['last_upload']} {r['uploaded_by']}".strip() or "—",
                className="small text-nowrap")]) for r in status.regions.to_dict("records")]
    regions = dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, responsive=True,
                        id="rounds-table")
    ind_head = html.Thead(html.Tr([html.Th(t("rounds_indicator", lang)),
                                   html.Th(t("rounds_reported", lang), className="text-end")]))
    ind_rows = [html.Tr([html.Td(r["indicator_name"]),
                         html.Td(f"{r['n_reported']}/{r['n_regions']}", className="text-end")])
                for r in status.indicators.to_dict("records")]
    return html.Div([
        html.P(summary, className="fw-semibold", id="rounds-summary"),
        dbc.Row([dbc.Col(regions, xs=12, lg=8),
                  dbc.Col(dbc.Table([ind_head, html.Tbody(ind_rows)], size="sm",
                                    id="rounds-indicators"), xs=12, lg=4)]),
    ])


def submission_card(sub: dict, region_names: dict[str, str], changes, lang: str) -> dbc.Card:
    """A submission awaiting review: what it would change, a comment box, approve / return."""
    who = sub["uploaded_by"]
    title = t("rounds_submission", lang, id=sub["id"], file=sub["file_name"], who=who,
              when=format_timestamp(sub["submitted_at"], lang))
    regions = "、".join(region_names.get(c, c) for c in sub["regions"])
    return dbc.Card(dbc.CardBody([
        html.H3(title, className="h6"), html.P(regions, className="small text-muted"),
        changes,
        dbc.Label(t("rounds_comment", lang), html_for=f"round-comment-{sub['id']}", class_name="small"),
        dcc.Textarea(id={"type": COMMENT, "index": sub["id"]}, className="form-control mb-2",
                     style={"minHeight": "4em"}),
        dbc.Button(t("rounds_approve", lang), id={"type": APPROVE, "index": sub["id"]},
                   color="success", class_name="me-2"),
        dbc.Button(t("rounds_return", lang), id={"type": RETURN, "index": sub["id"]},
                   color="warning", outline=True),
    ]), class_name="mb-3 round-submission", id=f"round-submission-{sub['id']}")


def returned_view(items: list[tuple[dict, list[dict]]], lang: str):
    """The uploader's returned submissions, each with the reviewer's comments (cell or file)."""
    if not items:
        return None
    blocks = []
    for sub, comments in items:
        blocks.append(html.P(t("round_returned_item", lang, id=sub["id"], file=sub["file_name"],
                               when=format_timestamp(sub["reviewed_at"], lang),
                               who=sub["reviewed_by"]), className="mb-1"))
        blocks.append(html.Ul([html.Li([
            html.Strong("!".join(x for x in (c["sheet"], c["cell"]) if x)
                        or t("round_file_comment", lang)), "：" if lang == "zh" else ": ",
            c["text"]]) for c in comments], className="mb-2"))
    return dbc.Alert([html.H2(t("round_returned_title", lang), className="h6"), *blocks],
                     color="warning", id="upload-returned-list")


def awaiting_view(subs: list[dict], lang: str, hrefs: dict[int, str] | None = None):
    """The uploader's submissions still waiting for a reviewer: not yet on any page but
    the Data page with "include pending" on (hrefs: submission id → that page)."""
    if not subs:
        return None
    hrefs = hrefs or {}

    def item(s: dict):
        text = t("round_awaiting_item", lang, id=s["id"], file=s["file_name"],
                 when=format_timestamp(s["submitted_at"], lang))
        link = hrefs.get(s["id"])
        return html.Li([text, " · ", dcc.Link(t("round_awaiting_look", lang), href=link)]
                       if link else text)

    return dbc.Alert([html.H2(t("round_awaiting_title", lang), className="h6"),
                      html.Ul([item(s) for s in subs], className="mb-0")],
                     color="info", id="upload-awaiting-list")


def progress_line(status, lang: str, href: str):
    """"2025年1-9月填报：2/7 已报", linking to the board."""
    return dcc.Link(t("ov_round_progress", lang, title=status.round["title"],
                      n=status.n_reported, m=status.n_regions),
                    href=href, id="overview-round-progress", className="small d-block mb-2")

