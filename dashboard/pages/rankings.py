"""Rankings (排名): one indicator and period, ranked in the province, a city, the zones or a
peer group. The charts arrive with the metrics engine; the pickers already set the URL state."""

from __future__ import annotations

import dash

from dashboard.components import indicator_picker, pending_page, period_picker, region_picker
from dashboard.context import page_data

dash.register_page(__name__, path="/rankings", name="排名", title="排名 · 区域创新指标看板", order=2)


def layout(**query):
    data = page_data(query)
    return pending_page(data, "page_rankings_title", "page_rankings_what",
                        indicator_picker(data, width={"xs": 12, "md": 5}),
                        period_picker(data, width={"xs": 12, "md": 3}),
                        region_picker(data, width={"xs": 12, "md": 4}))
