"""The Data page's provenance panels, for a value and for a target alike: the facts of where
it came from, its revisions, and a button per revision to restore the old value, shown only to
those who may write the region (etl.rollback checks again on the server)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.formatting import format_number, format_timestamp
from dashboard.i18n import t

REVISION_KEYS = ["rev_when", "rev_old", "rev_new", "rev_by", "prov_file", "prov_cell"]


def sheet_and_cell(sheet, cell) -> str:
    """'2025年!C16'; a part not known (None, or NaN from a frame) is left out."""
    return "!".join(p for p in (sheet, cell) if isinstance(p, str) and p)


def source_facts(row: dict, lang: str) -> list[tuple[str, str]]:
    """File, cell and who uploaded when, or that no upload made it."""
    from db.queries import as_utc

    if pd.isna(row["upload_id"]):  # None from a row, NaN from a frame
        return [(t("col_source", lang), t("prov_none", lang))]
    return [(t("prov_file", lang), row["file_name"] or "—"),
            (t("prov_cell", lang), sheet_and_cell(row["sheet"], row["cell"]) or "—"),
            (t("prov_uploaded", lang),
             f"{format_timestamp(as_utc(row['uploaded_at']), lang)} · {row['uploaded_by']}")]


def facts_table(facts: list[tuple[str, str]], table_id: str):
    rows = [html.Tr([html.Th(k, className="text-nowrap fw-normal text-muted"), html.Td(v)])
            for k, v in facts]
    return dbc.Table(html.Tbody(rows), size="sm", borderless=True, class_name="mb-2 small",
                     id=table_id)


def rollback_button(button_type: str, revision_id: int, message: str, lang: str):
    """Restore the value a revision replaced, after the browser's confirmation."""
    return dcc.ConfirmDialogProvider(
        dbc.Button(t("rollback_button", lang), size="sm", color="warning", outline=True,
                   class_name="py-0 rollback-button"),
        id={"type": button_type, "revision": revision_id}, message=message)


def revisions_table(revs: pd.DataFrame, current_value: float, lang: str, *, button_type: str,
                    confirm_key: str, table_id: str, may_restore: bool):
    """Every revision, oldest first: when, old → new (where the old one came from on hover),
    who, file and cell; with a restore button where the old value is not the current one."""
    from db.queries import as_utc
    from etl.load import same_value

    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in REVISION_KEYS]
                              + ([html.Th(t("rollback_column", lang))] if may_restore else [])))
    body = []
    for r in revs.to_dict("records"):
        cells = [html.Td(format_timestamp(as_utc(r["changed_at"]), lang)),
                 # Where the replaced value came from, on hover (kept since migration 0007).
                 html.Td(format_number(r["old_value"]), title=" ".join(
                     p for p in (r["old_file_name"], sheet_and_cell(r["old_sheet"], r["old_cell"]))
                     if isinstance(p, str) and p) or None),
                 html.Td(format_number(r["new_value"])),
                 html.Td(r["uploaded_by"]), html.Td(r["file_name"]),
                 html.Td(sheet_and_cell(r["sheet"], r["cell"]))]
        if may_restore:
            message = t(confirm_key, lang, value=format_number(r["old_value"]))
            cells.append(html.Td(None if same_value(r["old_value"], current_value) else
                                 rollback_button(button_type, int(r["id"]), message, lang)))
        body.append(html.Tr(cells))
    # On a phone the table scrolls sideways inside its card instead of leaving it.
    return dbc.Table([head, html.Tbody(body)], size="sm", class_name="small mb-0", id=table_id,
                     responsive=True)


def rollback_notice(result, lang: str, *, done_key: str, notice_id: str):
    if result.ok:
        return dbc.Alert(t(done_key, lang, old=format_number(result.old_value),
                           new=format_number(result.new_value)),
                         color="success", class_name="py-2 small", id=notice_id)
    return dbc.Alert(t(f"rollback_{result.outcome}", lang), color="danger",
                     class_name="py-2 small", id=notice_id)
