"""The problems of a checked file as a person can read them when there are thousands: counted
by rule and column first ("D列 19,873 个单元格"), then the first few hundred one by one, and the
whole list as CSV to download (written beside the staged file, dashboard/upload/staging.py).

What the page sends stays the same size however bad the file: a flood of bad cells once sent
16.8 MB of tables to the browser.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.formatting import format_number
from dashboard.i18n import t
from etl.problems import Problem

SHOWN_PROBLEMS = 200  # problems listed one by one
SHOWN_GROUPS = 30  # rows of the counts by rule and column
SUMMARY_FROM = 20  # fewer problems than this are only listed
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
COLORS = {"error": "danger", "warning": "warning", "info": "secondary"}
_CELL = re.compile(r"^([A-Z]{1,3})\d+$")


@dataclass(frozen=True)
class Group:
    """Problems of one rule in one column of one sheet."""

    severity: str
    rule: str
    sheet: str | None
    column: str | None
    count: int
    example: Problem


def column_of(cell: str | None) -> str | None:
    """The column letters of a cell reference (D17 → D); None for anything else."""
    match = _CELL.match(cell or "")
    return match.group(1) if match else None


def in_order(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then notes; the file's order within each."""
    return sorted(problems, key=lambda p: SEVERITY_ORDER.get(p.severity, 3))


def group_problems(problems: list[Problem]) -> list[Group]:
    """Counts by (severity, rule, sheet, column), errors first and the largest first."""
    keys = [(p.severity, p.rule, p.sheet, column_of(p.cell)) for p in problems]
    counts = Counter(keys)
    examples: dict[tuple, Problem] = {}
    for key, p in zip(keys, problems):
        examples.setdefault(key, p)
    groups = [Group(*key, count, examples[key]) for key, count in counts.items()]
    return sorted(groups, key=lambda g: (SEVERITY_ORDER.get(g.severity, 3), -g.count))


def message(p: Problem, lang: str) -> str:
    return p.message_en if lang == "en" else p.message_zh


def _badge(severity: str, lang: str):
    return dbc.Badge(t(f"sev_{severity}", lang), color=COLORS.get(severity, "secondary"))


def _where(group: Group, lang: str) -> str:
    parts = [group.sheet] if group.sheet else [group.example.file]
    if group.column:
        parts.append(t("prob_column", lang, column=group.column))
    return " · ".join(parts)


def groups_list(groups: list[Group], lang: str):
    """One line per group (a list, not a table: it reads the same on a phone): severity,
    where, how many, and the first case with its cell."""
    items = [html.Li([
        _badge(g.severity, lang), " ",
        html.Span(_where(g, lang), className="fw-semibold"), " · ",
        html.Span(t("prob_cells", lang, n=format_number(g.count)), className="problem-count"),
        html.Div([html.Code(g.example.location, className="me-1"), message(g.example, lang)],
                 className="small text-muted"),
    ], className=f"problem-{g.severity} mb-1") for g in groups[:SHOWN_GROUPS]]
    more = len(groups) - SHOWN_GROUPS
    note = [html.P(t("prob_more_groups", lang, n=format_number(more)), className="small text-muted")] if more > 0 else []
    return html.Div([html.Ul(items, className="list-unstyled mb-1", id="problem-groups"), *note],
                    className="mb-3")


def _cell_content(p: Problem, lang: str):
    """What the cell holds (921450) and, for a value rule, the value the rule checked in the
    indicator's unit (92.145亿元): the user sees both the text and how it was read."""
    if not p.value or p.value == p.raw:
        return p.raw
    read_as = html.Div(t("prob_read_as", lang, value=p.value), className="small text-muted problem-read-as")
    return [html.Span(p.raw, className="problem-raw"), read_as] if p.raw else read_as


def problems_table(problems: list[Problem], lang: str, table_id: str = "problems-table"):
    """The first SHOWN_PROBLEMS problems, errors first, one row each."""
    if not problems:
        return html.P(t("upload_no_problems", lang), className="text-muted small")
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("prob_severity", "prob_location", "prob_raw", "prob_message",
                                "prob_expected")]))
    rows = [html.Tr([
        html.Td(_badge(p.severity, lang)),
        html.Td(html.Code(p.location), className="text-nowrap"),
        html.Td(_cell_content(p, lang)),
        html.Td(message(p, lang), className="col-text"),
        html.Td(p.expected_en if lang == "en" else p.expected_zh,
                className="small text-muted col-name"),
    ], className=f"problem-{p.severity}") for p in in_order(problems)[:SHOWN_PROBLEMS]]
    return html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", bordered=True, hover=True,
                              class_name="mb-0 problems-table", id=table_id),
                    className="problems-scroll table-card")


def problems_view(problems: list[Problem], lang: str, download_href: str | None = None):
    """Every problem of a checked file, bounded: the stop notice (checking stopped at the
    error limit), the counts by rule and column, the first problems one by one, and the link
    to the whole list."""
    parts = []
    stopped = next((p for p in problems if p.rule == "too_many_errors"), None)
    if stopped is not None:
        parts.append(dbc.Alert(message(stopped, lang), color="danger", class_name="py-2 small",
                               id="upload-checking-stopped"))
    # The notice says that checking stopped; the lists show what was found.
    found = [p for p in problems if p is not stopped]
    if len(found) >= SUMMARY_FROM:
        parts.append(groups_list(group_problems(found), lang))
    parts.append(problems_table(found, lang))
    if len(found) > SHOWN_PROBLEMS or (download_href and found):
        shown = min(len(found), SHOWN_PROBLEMS)
        note = [t("prob_shown", lang, shown=format_number(shown), n=format_number(len(found)))
                if len(found) > shown else ""]
        if download_href:
            note.append(html.A(t("prob_download", lang), href=download_href, download="",
                               id="upload-problems-csv", className="ms-2"))
        parts.append(html.P(note, className="small text-muted mt-1"))
    return html.Div(parts, id="upload-problems")


def problems_csv(problems: list[Problem], lang: str) -> bytes:
    """The whole list as CSV (UTF-8 with BOM, cells that a spreadsheet would run as formulas
    neutralised): a cell's text comes from whoever wrote the file."""
    from etl.export import write_export

    names = [t(k, lang) for k in ("prob_severity", "prob_sheet", "prob_cell", "prob_rule",
                                  "prob_raw", "prob_value", "prob_message", "prob_expected")]
    rows = [(t(f"sev_{p.severity}", lang), p.sheet or p.file, p.cell or "", p.rule, p.raw,
             p.value, message(p, lang), p.expected_en if lang == "en" else p.expected_zh)
            for p in in_order(problems)]
    buffer = io.BytesIO()
    write_export(pd.DataFrame(rows, columns=names), buffer, "csv")
    return buffer.getvalue()
