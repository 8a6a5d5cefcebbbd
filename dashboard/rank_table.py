"""The Rankings page's rank table: a plain HTML table of the scope's regions (rank, name, value,
growth, rank change), the chosen region's row marked, sorted by a click or a key on a column's
header and, when long, filtered by a search box. Both in the browser: clientside callbacks
re-order and hide the rows Dash holds (never the DOM's, which React would redraw in its own
order). No AG Grid, so Rankings loads none of its 1.3 MB.

Dash draws every cell as a component of its own, a few hundred for a long table: drawn with
the page they would hold its charts back (0.2-0.5 s for 104 counties). The rows come in the
page's layout, in a dcc.Store, and go into the table once the charts are drawn.
dashboard/pages/rankings.py registers the callbacks (register_rank_table) each time Dash runs
it."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard.formatting import (format_growth, format_rank, format_rank_change, format_value,
                                  scale_for)
from dashboard.i18n import t

TABLE_ID, BODY_ID, ROWS_ID, SORT_ID = ("rank-table", "rank-table-body", "rank-table-rows",
                                       "rank-table-sort")
SEARCH_ID, COUNT_ID = "rank-search", "rank-search-count"
SORT_BUTTON = "rank-sort"  # {"type": …, "column": …}: the button in a column's header
SORT_HEADER = "rank-sort-header"  # {"type": …, "column": …}: the header cell (aria-sort)
SEARCH_OVER = 20  # rank tables longer than this get a search box, and scroll under their header
# The columns, their header's text, whether they hold numbers (right-aligned), and the way a
# first click sorts them: ranks and names from the top, figures from the largest.
COLUMNS = (("rank", "rk_col_rank", False, "ascending"),
           ("region", "col_region", False, "ascending"),
           ("value", "col_value", True, "descending"),
           ("growth", "growth_short", True, "descending"),
           ("change", "rk_col_change", True, "descending"))


def rank_rows(ranking: pd.DataFrame, unit: str, lang: str, selected: str | None) -> list[dict]:
    """The table's rows in rank order: each region's figures as sorted and as shown."""
    # One unit for the whole value column: the one its largest value reaches.
    scale = scale_for(ranking["value"].abs().max(), unit, lang) if not ranking.empty else None
    rows = []
    for r in ranking.to_dict("records"):
        tied = bool(r["tied"]) if pd.notna(r["tied"]) else False
        change = r["rank_change"]
        rows.append({
            "code": r["region_code"], "selected": r["region_code"] == selected,
            "rank": int(r["rank"]), "rank_text": format_rank(r["rank"], r["rank_of"], lang, tied),
            "region": r["name"],
            "value": None if pd.isna(r["value"]) else float(r["value"]),
            "value_text": format_value(r["value"], unit, lang, scale=scale),
            "growth": None if pd.isna(r["yoy_growth_pct"]) else float(r["yoy_growth_pct"]),
            "growth_text": format_growth(r["yoy_growth_pct"]),
            "change": None if pd.isna(change) else int(change),
            "change_text": format_rank_change(change, lang),
        })
    return rows


def _header(column: str, label: str, numeric: bool) -> html.Th:
    # The button sorts; the header says how the rows are sorted (aria-sort, arrows from CSS).
    button = html.Button([label, html.Span(className="rank-sort-icon", **{"aria-hidden": "true"})],
                         id={"type": SORT_BUTTON, "column": column}, type="button",
                         className="rank-sort")
    return html.Th(button, scope="col", id={"type": SORT_HEADER, "column": column},
                   className="text-end" if numeric else None,
                   **({"aria-sort": "ascending"} if column == "rank" else {}))


def _row(i: int, row: dict) -> html.Tr:
    change = row["change"]
    trend = ("text-success" if change and change > 0 else "text-danger" if change and change < 0
             else "")
    keys = {f"data-{c}": row[c] for c in ("rank", "value", "growth", "change")}
    return html.Tr([
        html.Td(row["rank_text"], className="rank-cell"),
        html.Th(row["region"], scope="row", className="col-name"),
        html.Td(row["value_text"], className="num"),
        html.Td(row["growth_text"], className="num"),
        html.Td(row["change_text"], className=f"num {trend} fw-semibold" if trend else "num"),
    ], id=f"rank-row-{row['code']}", className="rank-selected" if row["selected"] else None,
        **keys, **{"data-region": row["region"], "data-search": row["region"].lower(),
                   "data-order": i},
        **({"aria-current": "true"} if row["selected"] else {}))


def rank_table(rows: list[dict], lang: str, caption: str) -> html.Div:
    """The table in its card; a long one scrolls inside it under its header, with a search."""
    head = html.Thead(html.Tr([_header(c, t(label, lang), numeric)
                               for c, label, numeric, _ in COLUMNS]))
    body = html.Tbody([], id=BODY_ID)  # the rows, once the charts are drawn (register_rank_table)
    table = dbc.Table([html.Caption(caption, className="visually-hidden"), head, body],
                      id=TABLE_ID, size="sm", hover=True, class_name="rank-table small")
    long = len(rows) > SEARCH_OVER
    search = [html.Label(t("rk_search", lang), htmlFor=SEARCH_ID, className="visually-hidden"),
              dbc.Input(id=SEARCH_ID, type="search", placeholder=t("rk_search", lang),
                        size="sm", class_name="rank-search", debounce=False),
              html.Span(id=COUNT_ID, className="small text-muted", role="status",
                        **{"data-template": t("rk_search_count", lang)})] if long else []
    # The card takes the focus, so the keyboard scrolls a long table (as components.chart_table).
    box = html.Div(table, className="table-card rank-table-box rank-table-long" if long
                   else "table-card rank-table-box", tabIndex="0", role="region",
                   **{"aria-label": caption})
    return html.Div([html.Div(search, className="rank-search-row mb-2") if long else None,
                     dcc.Store(id=ROWS_ID, data=[_row(i, r) for i, r in enumerate(rows)]),
                     dcc.Store(id=SORT_ID, data={"column": "rank", "direction": "ascending"}),
                     box])


# Sorting re-orders the rows Dash holds (each carries its figures in data-* props); blanks go
# last either way, equal ones keep their rank order.
_SORT = """function (clicks, rows, sort) {
    const ctx = window.dash_clientside.callback_context, no = window.dash_clientside.no_update;
    const column = ctx.triggered_id && ctx.triggered_id.column;
    if (!column || !rows || !rows.length || !clicks.some(Boolean)) { return [no, no, no]; }
    const first = %s;
    const direction = sort && sort.column === column
        ? (sort.direction === "ascending" ? "descending" : "ascending") : first[column];
    const sign = direction === "ascending" ? 1 : -1;
    const key = (row) => row.props["data-" + column];
    const blank = (v) => v === null || v === undefined || v === "";
    const order = (a, b) => a.props["data-order"] - b.props["data-order"];
    const sorted = rows.slice().sort((a, b) => {
        const x = key(a), y = key(b);
        if (blank(x) || blank(y)) { return blank(x) - blank(y) || order(a, b); }
        const c = typeof x === "string" ? x.localeCompare(y, document.documentElement.lang) : x - y;
        return sign * c || order(a, b);
    });
    const headers = ctx.outputs_list[2].map((o) => (o.id.column === column ? direction : null));
    return [sorted, {column: column, direction: direction}, headers];
}"""

# Searching hides the rows whose name does not hold the text (any case), and says how many show.
_SEARCH = """function (text, rows, template) {
    const no = window.dash_clientside.no_update;
    if (!rows || !rows.length) { return [no, no]; }
    const words = (text || "").trim().toLowerCase();
    let shown = 0;
    const filtered = rows.map((row) => {
        const hide = Boolean(words) && !String(row.props["data-search"]).includes(words);
        shown += hide ? 0 : 1;
        return Boolean(row.props.hidden) === hide ? row
            : Object.assign({}, row, {props: Object.assign({}, row.props, {hidden: hide})});
    });
    const count = words ? template.replace("{shown}", shown).replace("{total}", rows.length) : "";
    return [filtered, count];
}"""


def register_rank_table() -> None:
    """Add the table's callbacks to the list the next app takes (see extract_callbacks.register)."""
    first = json.dumps({c: direction for c, _, _, direction in COLUMNS})
    # The rows go into the table once the charts are drawn (assets/after-charts.js).
    clientside_callback(ClientsideFunction("charts", "rowsAfterCharts"),
                        Output(BODY_ID, "children", allow_duplicate=True),
                        Input(ROWS_ID, "data"), prevent_initial_call="initial_duplicate")
    clientside_callback(
        _SORT % first,
        Output(BODY_ID, "children", allow_duplicate=True), Output(SORT_ID, "data"),
        Output({"type": SORT_HEADER, "column": ALL}, "aria-sort"),
        Input({"type": SORT_BUTTON, "column": ALL}, "n_clicks"),
        State(BODY_ID, "children"), State(SORT_ID, "data"), prevent_initial_call=True)
    clientside_callback(
        _SEARCH,
        Output(BODY_ID, "children", allow_duplicate=True), Output(COUNT_ID, "children"),
        Input(SEARCH_ID, "value"), State(BODY_ID, "children"), State(COUNT_ID, "data-template"),
        prevent_initial_call=True)
