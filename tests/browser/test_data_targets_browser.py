"""In the browser: the Data page's targets tab shows a corrected target's revision, and an
uploader of the region restores the target it replaced (#25: targets are data like the rest)."""

from __future__ import annotations

from db import queries
from etl.load import store
from etl.records import SourceFile, TargetRecord
from tests.browser.conftest import LUAN_UPLOADER, sign_in
from tests.browser.test_pages import open_page
from tests.sample_data import LUAN

HEFEI = "340100"
FIRST, CORRECTION = "2025年目标.xlsx", "2025年目标（更正）.xlsx"


def _load_targets(engine) -> None:
    """Targets for Lu'an and Hefei, then a correction of both: one revision each."""
    for name, luan, hefei in ((FIRST, 150.0, 900.0), (CORRECTION, 160.0, 950.0)):
        store(engine, [], SourceFile(name, sha256=name, sheets=("2025年目标",)), user="tester",
              targets=[TargetRecord(LUAN, "rd_expenditure", 2025, luan, "2025年目标", "C2"),
                       TargetRecord(HEFEI, "rd_expenditure", 2025, hefei, "2025年目标", "C3")])


def test_an_uploader_sees_a_targets_revision_and_restores_the_target_before_it(page, live_app):
    _load_targets(live_app.engine)
    sign_in(page, live_app, LUAN_UPLOADER)
    open_page(page, f"{live_app.url}/data?region={LUAN}&indicator=rd_expenditure&period=2025")
    page.get_by_role("tab", name="目标值（1）").click()
    grid = page.locator(".targets-grid")
    grid.locator(".ag-row", has_text="六安市").first.click()

    panel = page.locator("#target-provenance-panel")
    panel.get_by_text(CORRECTION).first.wait_for()
    assert "160 亿元" in page.locator("#target-provenance-facts").inner_text()
    revisions = page.locator("#target-revisions-table tbody tr")
    assert revisions.count() == 1
    assert "150" in revisions.first.inner_text() and "2025年目标!C2" in revisions.first.inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    panel.locator(".rollback-button").click()
    page.locator("#target-rollback-outcome", has_text="已将目标值由 160 恢复为 150").wait_for()
    grid.locator(".ag-row", has_text="150").first.wait_for()  # the row updated in place
    assert revisions.count() == 2
    restored = queries.targets(live_app.engine, region_codes=[LUAN])
    assert restored.iloc[0]["value"] == 150 and restored.iloc[0]["uploaded_by"] == LUAN_UPLOADER


def test_another_regions_target_shows_its_revision_without_a_restore_button(page, live_app):
    _load_targets(live_app.engine)
    sign_in(page, live_app, LUAN_UPLOADER)
    open_page(page, f"{live_app.url}/data?region={HEFEI}&indicator=rd_expenditure&period=2025&lang=en")
    page.get_by_role("tab", name="Targets (1)").click()
    page.locator(".targets-grid .ag-row", has_text="Hefei").first.click()
    page.locator("#target-revisions-table tbody tr").first.wait_for()
    assert "950" in page.locator("#target-provenance-facts").inner_text()
    assert page.locator("#target-provenance-panel .rollback-button").count() == 0
