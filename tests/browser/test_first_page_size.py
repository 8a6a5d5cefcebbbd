"""The first page (Overview) in headless Chromium: what it costs on the wire (bench.page).

Issue #9's budget is 2 MB in all; uncompressed, Dash's bundles alone are about 3 MB."""

from __future__ import annotations

from bench.page import measure_first_page

BUDGET = 2 * 1000 * 1000


def test_the_first_page_transfers_at_most_2_mb_and_draws_a_chart(browser, live_app):
    figures = measure_first_page(live_app.url + "/", browser=browser)
    assert figures["bytes"] <= BUDGET, figures
    assert figures["requests"] >= 10, figures  # the bundles, the layout and the callbacks
    assert figures["first_chart_ms"] > 0, figures
