"""Trends (趋势): one indicator for several regions across years or quarters.

The charts arrive with the metrics engine; the pickers already set the URL state."""

from __future__ import annotations

import dash

from dashboard.components import indicator_picker, pending_page, selection_picker
from dashboard.context import page_data

dash.register_page(__name__, path="/trends", name="趋势", title="趋势 · 区域创新指标看板", order=1)


def layout(**query):
    data = page_data(query)
    return pending_page(data, "page_trends_title", "page_trends_what",
                        indicator_picker(data, width={"xs": 12, "md": 5}),
                        selection_picker(data, width={"xs": 12, "md": 7}))
