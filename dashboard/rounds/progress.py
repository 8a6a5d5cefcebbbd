"""The Overview's line for a reviewer: how many regions of their current round have reported."""

from __future__ import annotations

from dashboard.context import engine
from dashboard.rounds.access import current_round
from dashboard.rounds.views import progress_line
from dashboard.server.auth import current_account


def round_progress(state):
    """"2025年1-9月填报：2/7 已报" linking to the board, or nothing for anyone but a reviewer."""
    from etl.round_status import round_status

    rnd = current_round(current_account())
    if rnd is None:
        return None
    href = f"/rounds?round={rnd['id']}" + ("&lang=en" if state.lang == "en" else "")
    return progress_line(round_status(engine(), rnd["id"]), state.lang, href)
