"""The Data page's filter, from the URL's state: which observations its grid shows and its
downloads hold (dashboard/pages/data.py, the /data/export route in dashboard/server/downloads.py)."""

from __future__ import annotations

from dashboard.context import PageData, engine
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


def download_name(data: PageData, fmt: str) -> str:
    """observations_340000_rd_expenditure_2025Q3.csv: codes only (checked by ViewState), so
    the name is plain ASCII."""
    state = data.state
    parts = ["observations", state.region or "", state.indicator or "", state.period or ""]
    return "_".join(p for p in parts if p) + f".{fmt}"
