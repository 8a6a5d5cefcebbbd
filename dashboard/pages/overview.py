"""Overview (总览): where the chosen region stands, one card per key indicator.

The cards (value, growth, rank and its change, sparkline) arrive with the metrics engine;
the region and period pickers already set the URL state shared by every page."""

from __future__ import annotations

import dash

from dashboard.components import pending_page, period_picker, region_picker
from dashboard.context import page_data

dash.register_page(__name__, path="/", name="总览", title="总览 · 区域创新指标看板", order=0)


def layout(**query):
    data = page_data(query)
    return pending_page(data, "page_overview_title", "page_overview_what",
                        region_picker(data, width={"xs": 12, "md": 6}),
                        period_picker(data, width={"xs": 12, "md": 3}))
