"""Compare (对比): two to six regions side by side. The charts arrive with the metrics engine;
the pickers already set the URL state."""

from __future__ import annotations

import dash

from dashboard.components import pending_page, period_picker, selection_picker
from dashboard.context import page_data

dash.register_page(__name__, path="/compare", name="对比", title="对比 · 区域创新指标看板", order=3)


def layout(**query):
    data = page_data(query)
    return pending_page(data, "page_compare_title", "page_compare_what",
                        selection_picker(data, width={"xs": 12, "md": 8}),
                        period_picker(data, width={"xs": 12, "md": 4}))
