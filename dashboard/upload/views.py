"""The Upload page's views, pure functions of their data: the preview of a file (what it
holds, what storing it would do, its problems with their cells) and the upload history."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.context import engine
from dashboard.formatting import format_number, format_period, format_timestamp
from dashboard.i18n import outcome_label, t
from dashboard.upload.problem_list import problems_view
from dashboard.state import ViewState

SHOWN_NAMES = 8  # regions or indicators named in a preview before "and N more"
HISTORY_CHANGES = "history-changes"  # the id type of a history row's "open its changes" button


def lang_of(search: str | None) -> str:
    """The page language from the URL's query string (a callback's State(URL, "search"))."""
    return ViewState.from_search(search).lang


def upload_history(lang: str):
    """The history table as stored now."""
    from db import queries

    return history_view(queries.upload_history(engine()), lang)


def changes_catalog(lang: str):
    """The names a table of changes shows (upload_changes.Catalog), as stored now."""
    from dashboard.upload.changes import Catalog
    from db import queries

    return Catalog.of(queries.regions(engine()), queries.indicators(engine()), lang)


def _names(codes: list[str], names: dict[str, str], lang: str) -> str:
    shown = [names.get(c, c) for c in codes[:SHOWN_NAMES]]
    text = "、".join(shown) if lang == "zh" else ", ".join(shown)
    if len(codes) > SHOWN_NAMES:
        # 等 15 个 counts them all; "and 7 more" those not named.
        text += " " + t("more_items", lang, n=len(codes), more=len(codes) - SHOWN_NAMES)
    return text


def target_counts(report, key: str, lang: str) -> str:
    """"目标值 2 个：新增 1 个 …": what a load does to its targets, beside its values' counts."""
    return t(key, lang, n=format_number(report.n_targets), new=format_number(report.n_targets_new),
             changed=format_number(report.n_targets_changed),
             unchanged=format_number(report.n_targets_unchanged))


def stored_message(report, lang: str) -> str:
    """What a stored upload did: its values, then its targets when it held any."""
    text = t("upload_stored", lang, new=format_number(report.n_new),
             changed=format_number(report.n_changed), unchanged=format_number(report.n_unchanged))
    if report.n_targets:
        text += " " + target_counts(report, "upload_stored_targets", lang)
    return text


def preview_view(result, report, lang: str, region_names: dict[str, str],
                 indicator_names: dict[str, str], questions=None, changes=None,
                 problems_href: str | None = None) -> html.Div:
    """What the file holds and what storing it would do, with its problems (counted, the first
    ones listed, all of them at problems_href: dashboard/upload/problem_list.py); questions: what the
    user must choose before it can be stored (upload_choices); changes: the table of the
    values it would change (upload_changes.changes_view)."""
    # The notice that checking stopped is not one of the file's errors (problem_list shows it).
    n_errors = sum(p.rule != "too_many_errors" for p in result.errors)
    n_warnings = len(result.warnings)
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
    parts = [html.H2(t("upload_preview", lang, file=result.source.file_name), className="h5"),
             status]
    if report is not None:
        counts = t("upload_counts", lang, new=format_number(report.n_new),
                   changed=format_number(report.n_changed),
                   unchanged=format_number(report.n_unchanged))
        facts.append(("", html.Strong(counts, id="upload-counts")))
        if report.n_targets:
            facts.append(("", html.Strong(target_counts(report, "upload_target_counts", lang),
                                          id="upload-target-counts")))
        if report.previously_loaded_as:
            parts.append(dbc.Alert(t("upload_same_file", lang, id=report.previously_loaded_as),
                                   color="info", class_name="py-2"))
    parts.append(dbc.Table(html.Tbody([html.Tr([html.Th(k, className="fw-normal text-muted text-nowrap"),
                                                 html.Td(v)]) for k, v in facts]),
                           size="sm", borderless=True, class_name="mb-3 upload-facts"))
    if questions is not None:
        parts.append(questions)
    if changes is not None:
        parts.append(changes)
    parts += [html.H3(t("upload_problems", lang), className="h6"),
              problems_view(result.problems, lang, problems_href)]
    return dbc.Card(dbc.CardBody(parts), class_name="mb-3 upload-preview-card")


def _open_changes(upload: dict, lang: str):
    """The button that opens what a stored upload changed (pages/upload.py opens it)."""
    if upload["outcome"] != "loaded" or not (upload["n_new"] or upload["n_changed"]):
        return ""
    return dbc.Button(t("hist_open_changes", lang), id={"type": HISTORY_CHANGES, "index": int(upload["id"])},
                      size="sm", color="link", class_name="p-0 history-open-changes")


def _history_counts(upload: dict, lang: str):
    """New / changed / unchanged values, and below them the targets' when the file held any."""
    values = (f"{format_number(upload['n_new'])} / {format_number(upload['n_changed'])} / "
              f"{format_number(upload['n_unchanged'])}")
    targets = [upload.get(k) or 0 for k in ("n_targets_new", "n_targets_changed",
                                            "n_targets_unchanged")]
    if not any(targets):
        return values
    new, changed, unchanged = (format_number(n) for n in targets)
    return [values, html.Div(t("hist_targets", lang, new=new, changed=changed, unchanged=unchanged),
                             className="text-muted history-targets")]


def history_view(history, lang: str):
    if history.empty:
        return html.P(t("history_empty", lang), className="text-muted small")
    colors = {"loaded": "success", "unchanged": "secondary", "rejected": "danger"}
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("hist_when", "hist_who", "hist_file", "hist_outcome",
                                "hist_counts", "hist_problems", "hist_changes")]))
    from db.queries import as_utc

    rows = []
    for r in history.to_dict("records"):
        rows.append(html.Tr([
            html.Td(format_timestamp(as_utc(r["uploaded_at"]), lang), className="text-nowrap"),
            html.Td(r["uploaded_by"]), html.Td(r["file_name"], className="col-name"),
            html.Td(dbc.Badge(outcome_label(r["outcome"], lang), color=colors.get(r["outcome"], "light"))),
            html.Td(_history_counts(r, lang)),
            html.Td(f"{r['n_errors']} / {r['n_warnings']}"),
            html.Td(_open_changes(r, lang)),
        ]))
    return html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", hover=True,
                              class_name="small history-table", id="history-table"),
                    className="table-card")
