"""The Data page's filter, from the URL's state: which observations its grid shows and its
downloads hold (dashboard/pages/data.py, the /data/export route in dashboard/server/downloads.py),
and the values awaiting review that "include pending" adds there and on Trends."""

from __future__ import annotations

from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.components import control_id
from dashboard.context import PageData, engine
from dashboard.i18n import t
from dashboard.state import ALL as ALL_VALUES


def observation_filter(data: PageData) -> dict:
    """The URL's filter as arguments of db.queries.observations."""
    from db import queries

    state = data.state
    regions = queries.subtree_codes(engine(), state.region) if state.sub else [state.region]
    indicators = None if state.indicator == ALL_VALUES else [state.indicator]
    period = data.period_key
    if period is None:
        return {"region_codes": regions, "indicator_codes": indicators}
    return {"region_codes": regions, "indicator_codes": indicators, "year": period.year,
            "quarter": period.quarter, "cumulative": period.cumulative}


class Pending(NamedTuple):
    """The values awaiting review in a reporting round that an account may see."""

    submissions: int  # how many submissions await review for it (the switch shows when > 0)
    frame: pd.DataFrame | None  # their values under the filter, when the URL asks; else None


def pending_under(data: PageData, filters: dict, account) -> Pending:
    """What the URL's "include pending" adds to the published values under the filter:
    nothing for an account that may see no pending submission, whatever the URL says."""
    from db.rounds import pending_values
    from dashboard.rounds.access import visible_pending

    visible = visible_pending(account)
    if not visible or not data.state.pending:
        return Pending(len(visible), None)
    return Pending(len(visible), pending_values(engine(), [s["id"] for s in visible], **filters))


def pending_switch(state, pending: Pending, lang: str):
    """"Include pending values", for an account that may see some (else nothing)."""
    if not pending.submissions:
        return None
    return dbc.Col([
        dbc.Switch(id=control_id("pending"), label=t("include_pending", lang),
                   value=state.pending, class_name="mb-0"),
        html.Div(t("pending_hint", lang, n=pending.submissions), id="pending-hint",
                 className="form-text mt-0 mb-2"),
    ], xs=12, md=6)


def download_name(data: PageData, fmt: str, with_pending: bool = False) -> str:
    """observations_340000_rd_expenditure_2025Q3.csv: codes only (checked by ViewState), so
    the name is plain ASCII; _with_pending when it holds values awaiting review."""
    state = data.state
    parts = ["observations", state.region or "", state.indicator or "", state.period or "",
             "with_pending" if with_pending else ""]
    return "_".join(p for p in parts if p) + f".{fmt}"
