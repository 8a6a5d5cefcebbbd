"""The first page (Overview) and a page of charts (Trends) in headless Chromium: what they cost
on the wire (bench.page).

Issue #9's budget for the first page is 2 MB in all; issue #20's for a page of charts 1.0 MB
(uncompressed, Dash's bundles alone are about 3 MB). Rankings, with AG Grid's 0.55 MB, is over
it: README, Performance."""

from __future__ import annotations

from bench.page import measure_first_page

BUDGET = 2 * 1000 * 1000
CHART_PAGE_BUDGET = 1000 * 1000


def test_the_first_page_transfers_at_most_2_mb_and_draws_a_chart(browser, live_app):
    figures = measure_first_page(live_app.url + "/", browser=browser)
    assert figures["bytes"] <= BUDGET, figures
    assert figures["requests"] >= 10, figures  # the bundles, the layout and the callbacks
    assert figures["first_chart_ms"] > 0, figures


def test_a_page_of_charts_transfers_at_most_1_mb_with_its_plotly(browser, live_app):
    figures = measure_first_page(live_app.url + "/trends", browser=browser)
    assert figures["bytes"] <= CHART_PAGE_BUDGET, figures
    assert figures["first_chart_ms"] > 0, figures
