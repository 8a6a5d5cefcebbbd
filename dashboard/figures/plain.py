"""Figures as plain dicts ({"data": [...], "layout": {...}}), which dcc.Graph takes as they are.

go.Figure checks every property as it is set (a list element by element) and deep-copies the
whole figure to send it; on the Rankings and Compare pages that cost more than the queries.
The browser receives the same JSON either way, so those builders write it directly; tests wrap
the result in go.Figure, which still validates every property.
"""

from __future__ import annotations

from functools import lru_cache

import plotly.io as pio


@lru_cache(maxsize=4)
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json()


def plotly_text(text) -> str:
    """Text from the data (a region's or an indicator's name, which users and administrators
    write) as plotly should show it: plotly reads <b>, <br>, <a href> … in any label or hover
    text as markup, so < > & are written as entities, which it shows as the characters."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure(data: list[dict], layout: dict) -> dict:
    """A figure drawn with plotly's default template, as a go.Figure would be.

    The template dict is shared between figures: treat it as read-only."""
    return {"data": data, "layout": {"template": _template(pio.templates.default), **layout}}


# Plotly's toolbar floats over the top right corner of a chart (about 28 px tall), over
# whatever is drawn there: figures keep their titles and labels below this much top margin.
TOOLBAR_ROOM = 32
