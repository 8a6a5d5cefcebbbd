"""In the browser: an uploader restores a revised value from the Data page, and an
administrator reaches the admin pages from the navigation and creates a user there."""

from __future__ import annotations

from db import queries
from db.accounts import authenticate
from tests.browser.conftest import ADMIN, LUAN_UPLOADER, sign_in
from tests.browser.test_pages import open_page
from tests.sample_data import LUAN, rd_value


def test_an_uploader_restores_the_value_before_a_revision(page, live_app):
    sign_in(page, live_app, LUAN_UPLOADER)
    open_page(page, f"{live_app.url}/data?region={LUAN}&indicator=rd_expenditure&period=2025")
    page.locator(".observations-grid .ag-row", has_text="六安市").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".rollback-button").first.click()
    page.locator("#rollback-outcome", has_text="已将数值由 99.9 恢复为 25.3").wait_for()
    page.locator(".observations-grid .ag-row", has_text="25.3").first.wait_for()
    assert page.locator("#revisions-table tbody tr").count() == 2
    stored = queries.observations(live_app.engine, region_codes=[LUAN],
                                  indicator_codes=["rd_expenditure"], year=2025, quarter=0)
    assert stored.iloc[0]["value"] == rd_value(LUAN, 2025, 0)


def test_an_admin_opens_the_user_page_from_the_navigation_and_creates_a_user(page, live_app):
    sign_in(page, live_app, ADMIN)
    page.locator("#nav-admin").click()
    page.locator("#nav-admin-users").click()
    page.wait_for_url(f"{live_app.url}/admin/users")
    page.locator("#new-user-name").fill("feixi")
    page.locator("#new-user-password").fill("another long secret")
    page.locator("#new-user-role").select_option("uploader")
    page.locator("#new-user-regions").fill("341500")
    page.locator("#new-user-submit").click()
    page.get_by_text("已创建用户 feixi").wait_for()
    assert authenticate(live_app.engine, "feixi", "another long secret").role == "uploader"
