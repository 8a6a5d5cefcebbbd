"""The Data page's targets tab: the annual targets of the filtered regions and indicators (the
period's year, when a period is chosen), each with its provenance and revisions on a click,
and a revision's old target restored by those who may write the region (etl.rollback checks
again). dashboard/pages/data.py registers the callbacks (register) each time Dash runs it."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from dashboard import provenance
from dashboard.components import SHORT_FILTER, TEXT_FILTER, URL, region_columns, value_column
from dashboard.context import PageData, engine
from dashboard.formatting import format_number
from dashboard.i18n import GRID_LOCALE_ZH, level_label, name_of, t, unit_label
from dashboard.state import ViewState

# A region's subtree holds a few hundred targets a year; the grid shows at most this many.
MAX_TARGET_ROWS = 2000
TARGET_ROLLBACK_BUTTON = "target-rollback-button"  # {"type": …, "revision": target revision id}
GRID_ID, PANEL_ID = "targets-grid", "target-provenance-panel"


def target_filter(data: PageData, observation_filter: dict) -> dict:
    """The page's filter as arguments of db.queries.targets: the same regions and indicators,
    and the chosen period's year (targets are annual)."""
    period = data.period_key
    return {"region_codes": observation_filter["region_codes"],
            "indicator_codes": observation_filter["indicator_codes"],
            "year": period.year if period is not None else None}


def grid_rows(df, lang: str) -> list[dict]:
    return [{
        "id": str(int(r["id"])),
        "region": name_of(r, lang, "region_") or r["region_code"],
        "level": level_label(r["level"], lang),
        "indicator": name_of(r, lang, "indicator_"),
        "year": int(r["year"]),
        "value": float(r["value"]),
        "value_text": format_number(r["value"]),
        "unit": unit_label(r["unit"], lang),
        "source": r["file_name"] if isinstance(r["file_name"], str) else t("prov_none", lang),
        "revisions": int(r["n_revisions"]),
    } for r in df.to_dict("records")]


def column_defs(lang: str) -> list[dict]:
    return [
        *region_columns(lang, region_width=150, level_width=90),
        {"field": "year", "headerName": t("col_year", lang), "minWidth": 90,
         "filter": "agNumberColumnFilter", "floatingFilter": False},
        value_column(t("col_target", lang), 110),
        {"field": "unit", "headerName": t("col_unit", lang), "minWidth": 90, **SHORT_FILTER},
        {"field": "source", "headerName": t("prov_file", lang), "minWidth": 160,
         "tooltipField": "source", **TEXT_FILTER},
        {"field": "revisions", "headerName": t("col_revisions", lang), "type": "rightAligned",
         "minWidth": 90, "filter": "agNumberColumnFilter", "floatingFilter": False},
    ]


def targets_tab(filters: dict, lang: str) -> tuple[list, int]:
    """The tab's content and how many targets the filter holds."""
    from db import queries

    total = queries.count_targets(engine(), **filters)
    intro = html.P(t("tgt_intro", lang), className="text-muted small mb-2")
    if not total:
        return [intro, html.P(t("tgt_none", lang), className="mb-0", id="targets-none")], 0
    df = queries.targets(engine(), **filters, limit=MAX_TARGET_ROWS)
    if total > len(df):  # otherwise the tab's label says how many
        intro = [intro, html.P(t("data_count_capped", lang, n=format_number(total),
                                 shown=format_number(len(df))), className="text-muted small mb-2")]
    grid = dag.AgGrid(
        id=GRID_ID, rowData=grid_rows(df, lang), columnDefs=column_defs(lang),
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True,
                       "filterParams": {"buttons": ["reset"]}},
        getRowId="params.data.id", columnSize="responsiveSizeToFit",
        dashGridOptions={"pagination": True, "paginationPageSize": 20,
                         "paginationPageSizeSelector": [20, 50, 100],
                         "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                          "enableClickSelection": True},
                         "localeText": GRID_LOCALE_ZH if lang == "zh" else {},
                         "enableCellTextSelection": True,
                         # A page of 20 rows at most: as tall as its rows, no inner scroll.
                         "domLayout": "autoHeight"},
        style={"height": None}, className="targets-grid")
    panel = dbc.Card([
        dbc.CardHeader(t("tgt_prov_title", lang), class_name="fw-semibold"),
        dbc.CardBody(html.P(t("tgt_prov_hint", lang), className="text-muted small mb-0"),
                     id=PANEL_ID),
    ], class_name="provenance-card mt-3")
    return [intro, grid, panel], total


def target_panel(target_id: int, lang: str, account=None, notice=None) -> list:
    """Where one target came from and how it changed, with a restore button per revision for
    those who may write its region."""
    from db import queries
    from etl.rollback import may_roll_back

    row = queries.target(engine(), target_id)
    if row is None:
        return [html.P(t("tgt_prov_hint", lang), className="text-muted small mb-0")]
    facts = [(t("col_region", lang), name_of(row, lang, "region_")),
             (t("col_indicator", lang), name_of(row, lang, "indicator_")),
             (t("col_year", lang), str(row["year"])),
             (t("col_target", lang), f"{format_number(row['value'])} {unit_label(row['unit'], lang)}"),
             *provenance.source_facts(row, lang)]
    parts = [notice] if notice is not None else []
    parts += [provenance.facts_table(facts, "target-provenance-facts"),
              html.H3(t("prov_revisions", lang), className="h6")]
    revs = queries.target_revisions(engine(), target_id)
    if revs.empty:
        parts.append(html.P(t("tgt_no_revisions", lang), className="small text-muted mb-0"))
        return parts
    parts.append(provenance.revisions_table(
        revs, row["value"], lang, button_type=TARGET_ROLLBACK_BUTTON,
        confirm_key="tgt_rollback_confirm", table_id="target-revisions-table",
        may_restore=may_roll_back(engine(), account, row["region_code"])))
    return parts


def updated_row(target_id: int, lang: str) -> dict | None:
    """The grid's row of one target after a rollback, to update in place."""
    from db import queries

    row = queries.target(engine(), target_id)
    if row is None:
        return None
    df = queries.targets(engine(), region_codes=[row["region_code"]],
                         indicator_codes=[row["indicator_code"]], year=row["year"])
    return grid_rows(df, lang)[0] if not df.empty else None


def show_target(cell, _rollbacks, search):
    """A clicked row shows its target's provenance; a confirmed rollback restores a target,
    shows the outcome and updates the row. The role is checked in etl.rollback."""
    from dashboard.server.auth import client_address, current_account
    from etl.rollback import roll_back_target

    lang = ViewState.from_search(search).lang
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and trigger.get("type") == TARGET_ROLLBACK_BUTTON:
        # Buttons appearing in a new panel also fire this callback, with no clicks.
        if not any(item["value"] for item in ctx.triggered):
            return no_update, no_update
        account = current_account()
        result = roll_back_target(engine(), int(trigger["revision"]), account, client_address())
        notice = provenance.rollback_notice(result, lang, done_key="tgt_rollback_done",
                                            notice_id="target-rollback-outcome")
        if result.target_id is None:
            return [notice], no_update
        row = updated_row(result.target_id, lang) if result.ok else None
        return (target_panel(result.target_id, lang, account, notice=notice),
                {"update": [row]} if row else no_update)
    if not cell or cell.get("rowId") in (None, ""):
        return no_update, no_update
    return target_panel(int(cell["rowId"]), lang, current_account()), no_update


def register() -> None:
    """Add the tab's callbacks to the list the next app takes (see extract_callbacks.register)."""
    callback(Output(PANEL_ID, "children"), Output(GRID_ID, "rowTransaction"),
             Input(GRID_ID, "cellClicked"),
             Input({"type": TARGET_ROLLBACK_BUTTON, "revision": ALL}, "submit_n_clicks"),
             State(URL, "search"), prevent_initial_call=True)(show_target)
