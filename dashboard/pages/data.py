"""Data (数据): the stored observations, filtered by region, indicator and period, with each
value's provenance (file, sheet, cell, revisions) on demand and downloads of the filter; in a
second tab the same regions' annual targets, with theirs (dashboard/data_targets.py).

A revision's old value can be restored from the provenance panel by an administrator or an
uploader of that region (etl.rollback checks the role again on the server)."""

from __future__ import annotations

from typing import NamedTuple

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from dashboard import data_targets, provenance
from dashboard.bundles import AG_GRID
from dashboard.server.callback_guard import whole_number
from dashboard.components import (SHORT_FILTER, TEXT_FILTER, URL, control_id, controls_row,
                                  empty_state, indicator_picker, page_header, period_picker,
                                  region_picker, region_columns, value_column)
from dashboard.context import PageData, engine, page_data
from dashboard.data_filter import Pending, observation_filter, pending_switch, pending_under
from dashboard.document import page_title
from dashboard.formatting import format_number, format_period, format_timestamp
from dashboard.i18n import GRID_LOCALE_ZH, level_label, name_of, status_label, t, unit_label
from dashboard.provenance import facts_table, revisions_table, sheet_and_cell, source_facts
from dashboard.state import query_of
from dashboard.view_cache import once_per_view

dash.register_page(__name__, path="/data", name="数据", title=page_title("nav_data"), order=5,
                   bundles=(AG_GRID,))
data_targets.register()  # the targets tab's callbacks, with this app

# The grid is for looking; beyond this many rows the downloads are the way to take data away.
MAX_GRID_ROWS = 5000
ROLLBACK_BUTTON = "rollback-button"  # pattern-matching id type: {"type": …, "revision": id}
PENDING_ROW = "p"  # grid row id prefix of a value awaiting review (ids of observations: digits)
EXPORT_PATH = "/data/export"  # + .csv or .xlsx and the page's query (dashboard/server/downloads.py)


def export_href(state, fmt: str) -> str:
    """The download of this page's filter (its URL state) as fmt."""
    return state.href(f"{EXPORT_PATH}.{fmt}")


def basis_label(quarter: int, cumulative: bool, lang: str) -> str:
    if int(quarter) == 0:
        return t("basis_annual", lang)
    return t("basis_cumulative" if cumulative else "basis_single", lang)


def grid_rows(df: pd.DataFrame, lang: str, pending: bool = False) -> list[dict]:
    """Rows for the grid: names in the chosen language, the value as a number (to sort and
    filter) beside its text with thousands separators. pending: values awaiting review
    (db.rounds.pending_values), their row ids "p<staged value id>"."""
    rows = []
    for r in df.to_dict("records"):
        status = status_label(r["status"], lang)
        rows.append({
            "id": f"{PENDING_ROW}{int(r['id'])}" if pending else str(int(r["id"])),
            "region": name_of(r, lang, "region_") or r["region_code"],
            "level": level_label(r["level"], lang),
            "indicator": name_of(r, lang, "indicator_"),
            "period": format_period(r["year"], r["quarter"], bool(r["cumulative"]), lang),
            "basis": basis_label(r["quarter"], bool(r["cumulative"]), lang),
            "value": float(r["value"]),
            "value_text": format_number(r["value"]),
            "unit": unit_label(r["unit"], lang),
            "status": f"{t('status_pending', lang)} · {status}" if pending else status,
            "pending": pending,
        })
    return rows


def column_defs(lang: str) -> list[dict]:
    return [
        *region_columns(lang, region_width=160, level_width=100),
        {"field": "period", "headerName": t("col_period", lang), "minWidth": 130, **TEXT_FILTER},
        {"field": "basis", "headerName": t("col_basis", lang), "minWidth": 90, **SHORT_FILTER},
        value_column(t("col_value", lang), 120),
        {"field": "unit", "headerName": t("col_unit", lang), "minWidth": 110, **SHORT_FILTER},
        {"field": "status", "headerName": t("col_status", lang), "minWidth": 90, **SHORT_FILTER},
    ]


class DataView(NamedTuple):
    """What the Data page shows for one URL: the state and catalogs, the filter the URL
    makes, how many values match it and the first MAX_GRID_ROWS of them, and the values
    awaiting review that the account may see."""

    page: PageData
    filters: dict  # dashboard.data_filter.observation_filter of the URL's state
    total: int
    frame: pd.DataFrame  # queries.observations; no rows when the database holds no period
    pending: Pending = Pending(0, None)


def data_view(query: dict, account=None) -> DataView:
    """The page's one read of the data for the URL's state (as trends_data is for Trends)."""
    from db import queries

    data = page_data(query, allow_all=True)
    if data.periods.empty:
        return DataView(data, {}, 0, pd.DataFrame())
    filters = observation_filter(data)
    return DataView(data, filters, queries.count_observations(engine(), **filters),
                    queries.observations(engine(), **filters, limit=MAX_GRID_ROWS),
                    pending_under(data, filters, account))


@once_per_view
def layout(**query):
    from dashboard.server.auth import current_account

    view = data_view(query, current_account())
    data, filters, total, df = view.page, view.filters, view.total, view.frame
    staged = view.pending.frame if view.pending.frame is not None else pd.DataFrame()
    state, lang = data.state, data.state.lang
    header = page_header(t("page_data_title", lang), t("data_intro", lang))
    controls = controls_row(
        region_picker(data, width={"xs": 12, "md": 4}),
        dbc.Col(dbc.Switch(id=control_id("sub"), label=t("data_include_sub", lang),
                           value=state.sub, class_name="mb-2"), xs=12, md=2),
        indicator_picker(data, allow_all=True, width={"xs": 12, "md": 4}),
        period_picker(data, allow_all=True, width={"xs": 12, "md": 2}),
        pending_switch(state, view.pending, lang))
    if data.periods.empty:
        return html.Div([header, controls, empty_state(
            t("empty_db_title", lang), t("empty_db_hint", lang), href=state.href("/upload"),
            action=t("go_upload", lang))])

    count = (t("data_count_capped", lang, n=format_number(total + len(staged)),
               shown=format_number(len(df) + len(staged)))
             if total > len(df) else t("data_count", lang, n=format_number(total + len(staged))))
    if len(staged):
        count += t("data_count_pending", lang, n=format_number(len(staged)))
    toolbar = dbc.Row([
        dbc.Col(html.Span(count, id="data-count", className="text-muted small"), class_name="align-self-center"),
        dbc.Col([
            # Plain links to a route that streams the file (dashboard/server/downloads.py): a
            # callback's answer would hold the whole file in memory, base64-encoded.
            html.A(t("download_csv", lang), id="download-csv-button", href=export_href(state, "csv"),
                   download="", className="btn btn-sm btn-outline-secondary me-2"),
            html.A(t("download_xlsx", lang), id="download-xlsx-button",
                   href=export_href(state, "xlsx"), download="",
                   className="btn btn-sm btn-outline-secondary"),
        ], width="auto"),
    ], class_name="mb-2 g-2")
    grid = dag.AgGrid(
        id="observations-grid", columnDefs=column_defs(lang),
        # Values awaiting review first: they are what the switch was turned on for.
        rowData=grid_rows(staged, lang, pending=True) + grid_rows(df, lang),
        getRowStyle={"styleConditions": [{"condition": "params.data.pending",
                                          "style": {"backgroundColor": "#fff3cd",
                                                    "fontStyle": "italic"}}]},
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "filterParams": {"buttons": ["reset"]}},
        getRowId="params.data.id", columnSize="responsiveSizeToFit",
        dashGridOptions={"pagination": True, "paginationPageSize": 50,
                         "paginationPageSizeSelector": [20, 50, 100, 500],
                         "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                          "enableClickSelection": True},
                         "localeText": GRID_LOCALE_ZH if lang == "zh" else {},
                         "enableCellTextSelection": True},
        style={"height": "560px"}, className="observations-grid")
    panel = dbc.Card([
        dbc.CardHeader(html.H2(t("prov_title", lang), className="h6 mb-0 fw-semibold")),
        dbc.CardBody(html.P(t("prov_hint", lang), className="text-muted small mb-0"),
                     id="provenance-panel"),
    ], class_name="provenance-card")
    if df.empty and staged.empty:
        body = empty_state(t("empty_no_data_title", lang), t("empty_no_data_hint", lang),
                           href=state.href("/upload"), action=t("go_upload", lang))
    else:
        body = html.Div([grid, html.Div(panel, className="mt-3")])
    targets, n_targets = data_targets.targets_tab(data_targets.target_filter(data, filters), lang)
    tabs = dbc.Tabs([
        dbc.Tab(html.Div([toolbar, body], className="pt-3"), tab_id="values",
                label=t("data_tab_values", lang, n=format_number(total + len(staged)))),
        dbc.Tab(html.Div(targets, className="pt-3"), tab_id="targets",
                label=t("data_tab_targets", lang, n=format_number(n_targets))),
    ], id="data-tabs", active_tab="values")
    return html.Div([header, controls, tabs])


def value_facts(row: dict, lang: str) -> list[tuple[str, str]]:
    """Which value a provenance panel is about: region, indicator, period and basis, value."""
    period = format_period(row["year"], row["quarter"], bool(row["cumulative"]), lang)
    return [
        (t("col_region", lang), name_of(row, lang, "region_")),
        (t("col_indicator", lang), name_of(row, lang, "indicator_")),
        (t("col_period", lang), f"{period} · {basis_label(row['quarter'], bool(row['cumulative']), lang)}"),
        (t("col_value", lang), f"{format_number(row['value'])} {unit_label(row['unit'], lang)}"),
    ]


def provenance_panel(observation_id: int, lang: str, account=None, notice=None) -> list:
    """Where one value came from and how it changed: file, sheet and cell, then revisions,
    each with a button to restore its old value for those who may write the region."""
    from db import queries
    from etl.rollback import may_roll_back

    obs = queries.observation(engine(), observation_id)
    if obs is None:
        return [html.P(t("prov_hint", lang), className="text-muted small mb-0")]
    facts = [
        *value_facts(obs, lang),
        (t("col_status", lang), status_label(obs["status"], lang)),
        *source_facts(obs, lang),
    ]
    parts = [notice] if notice is not None else []
    parts += [facts_table(facts, "provenance-facts"),
              html.H3(t("prov_revisions", lang), className="h6")]
    revs = queries.revisions(engine(), observation_id)
    if revs.empty:
        parts.append(html.P(t("prov_no_revisions", lang), className="small text-muted mb-0"))
        return parts
    parts.append(revisions_table(revs, obs["value"], lang, button_type=ROLLBACK_BUTTON,
                                 confirm_key="rollback_confirm", table_id="revisions-table",
                                 may_restore=may_roll_back(engine(), account, obs["region_code"])))
    return parts


def pending_panel(value_id: int, lang: str, account) -> list:
    """Where a value awaiting review was sent: file, sheet and cell, who sent it and when,
    into which round; only to those who may see it (its uploader, the round's reviewers)."""
    from db.queries import as_utc
    from db.rounds import pending_value
    from dashboard.rounds.access import visible_pending

    row = pending_value(engine(), value_id)
    if row is None or row["submission_id"] not in {s["id"] for s in visible_pending(account)}:
        return [html.P(t("prov_hint", lang), className="text-muted small mb-0")]
    facts = [
        *value_facts(row, lang),
        (t("col_status", lang), f"{t('status_pending', lang)} · {status_label(row['status'], lang)}"),
        (t("prov_submission", lang), f"#{int(row['submission_id'])} · {row['round_title']}"),
        (t("prov_file", lang), row["file_name"] or "—"),
        (t("prov_cell", lang), sheet_and_cell(row["sheet"], row["cell"]) or "—"),
        (t("prov_uploaded", lang),
         f"{format_timestamp(as_utc(row['updated_at']), lang)} · {row['uploaded_by']}"),
    ]
    return [dbc.Alert(t("prov_pending_note", lang), color="warning", class_name="small py-2",
                      id="pending-note"),
            facts_table(facts, "provenance-facts")]


def rollback_notice(result, lang: str):
    return provenance.rollback_notice(result, lang, done_key="rollback_done",
                                      notice_id="rollback-outcome")


def updated_grid_row(observation_id: int, lang: str) -> dict | None:
    """The grid's row of one observation after a rollback, to update in place."""
    from db import queries

    obs = queries.observation(engine(), observation_id)
    if obs is None:
        return None
    df = queries.observations(engine(), region_codes=[obs["region_code"]],
                              indicator_codes=[obs["indicator_code"]], year=obs["year"],
                              quarter=obs["quarter"], cumulative=bool(obs["cumulative"]))
    return grid_rows(df, lang)[0] if not df.empty else None


def _state_from_search(search: str | None) -> PageData:
    return page_data(query_of(search), allow_all=True)


@callback(Output("provenance-panel", "children"), Output("observations-grid", "rowTransaction"),
          Input("observations-grid", "cellClicked"),
          Input({"type": ROLLBACK_BUTTON, "revision": ALL}, "submit_n_clicks"),
          State(URL, "search"), prevent_initial_call=True)
def show_provenance(cell, _rollbacks, search):
    """A clicked row shows its provenance; a confirmed rollback restores a value, shows the
    outcome and updates the row. The role is checked in etl.rollback, not by the button."""
    from dashboard.server.auth import client_address, current_account
    from etl.rollback import roll_back

    lang = _state_from_search(search).state.lang
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and trigger.get("type") == ROLLBACK_BUTTON:
        # Buttons appearing in a new panel also fire this callback, with no clicks.
        if not any(item["value"] for item in ctx.triggered):
            return no_update, no_update
        account = current_account()
        revision = whole_number(trigger.get("revision"), "revision")
        result = roll_back(engine(), revision, account, client_address())
        if result.observation_id is None:
            return [rollback_notice(result, lang)], no_update
        row = updated_grid_row(result.observation_id, lang) if result.ok else None
        panel = provenance_panel(result.observation_id, lang, account,
                                 notice=rollback_notice(result, lang))
        return panel, ({"update": [row]} if row else no_update)
    if not cell or cell.get("rowId") in (None, ""):
        return no_update, no_update
    row_id = str(cell.get("rowId"))
    if row_id.startswith(PENDING_ROW):
        value_id = whole_number(row_id[len(PENDING_ROW):], "rowId")
        return pending_panel(value_id, lang, current_account()), no_update
    row_id = whole_number(cell.get("rowId"), "rowId")  # AG Grid's row id: the observation's
    return provenance_panel(row_id, lang, current_account()), no_update
