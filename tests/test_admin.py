"""The administrators' pages through HTTP on a real database (SQLite and PostgreSQL): users
and the indicator catalog's names and aliases, admins only, CSRF-protected, audited; and the
client's address behind a trusted reverse proxy."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from catalog.files import load_indicators
from config import Settings
from dashboard.app import create_app
from db import queries
from db.accounts import (AccountError, add_user, audit_entries, authenticate, list_users,
                         set_active, set_role)
from db.catalog_store import sync_catalogs
from db.models import AppMeta, Indicator, PeerGroup
from db.session import session_scope
from metrics.refresh import open_database
from tests.sample_data import LUAN, load_sample
from tests.test_security import answer, upload, workbook
from tests.web_client import (PASSWORD, app_with_accounts, browser_client, csrf, shell_request,
                              sign_in)

NEW_PASSWORD = "another long secret"
NEW_ALIAS = "高企数量"


@pytest.fixture
def app(engine):
    load_sample(engine)
    return app_with_accounts(engine)


@pytest.fixture
def client(app):
    return browser_client(app)


def sign_out(client):
    client.post("/logout", data={"_csrf_token": csrf(client)})


def post(client, path: str, **form):
    return client.post(path, data={"_csrf_token": csrf(client), **form})


def nav_links_shown(client) -> str:
    """The shell's callback (title, navigation …) as the renderer calls it on a page load."""
    body = shell_request()
    response = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": csrf(client)})
    return json.dumps(answer(response)["nav-links"], ensure_ascii=False)


ADMIN_POSTS = [("/admin/users/add", {"name": "mallory", "password": NEW_PASSWORD, "role": "admin"}),
               ("/admin/users/role", {"name": "luan", "role": "admin", "regions": ""}),
               ("/admin/users/active", {"name": "boss", "active": "0"}),
               ("/admin/users/password", {"name": "boss", "password": NEW_PASSWORD}),
               ("/admin/catalog/high_tech_enterprises", {"name_zh": "x", "name_en": "x", "aliases": ""})]


@pytest.mark.parametrize("name", [None, "reader", "luan"])
def test_only_admins_open_or_post_to_the_user_and_catalog_pages(client, engine, name):
    if name:
        sign_in(client, name)
    for path in ("/admin/users", "/admin/catalog"):
        response = client.get(path)
        assert response.status_code == (403 if name else 302)
    users_before = list_users(engine)
    for path, form in ADMIN_POSTS:
        assert post(client, path, **form).status_code == (403 if name else 401)
    assert list_users(engine) == users_before
    assert authenticate(engine, "boss", PASSWORD) is not None
    assert "高新技术企业数" in queries.indicators(engine)["name_zh"].tolist()
    assert "/admin/users" not in nav_links_shown(client)


def test_admin_pages_refuse_a_post_without_the_csrf_token(client, engine):
    sign_in(client, "boss")
    response = client.post("/admin/users/add", data={"name": "eve", "password": NEW_PASSWORD,
                                                      "role": "admin"})
    assert response.status_code == 403
    assert "eve" not in {u.name for u in list_users(engine)}


def test_an_admin_creates_a_user_who_can_then_sign_in(client, engine):
    sign_in(client, "boss")
    assert "/admin/users" in nav_links_shown(client) and "/admin/catalog" in nav_links_shown(client)
    response = post(client, "/admin/users/add", name="feixi", password=NEW_PASSWORD,
                    role="uploader", regions="341500, 340100")
    assert response.status_code == 302
    page = client.get("/admin/users")
    assert "已创建用户 feixi" in page.text and "六安市" in page.text and "合肥市" in page.text
    assert NEW_PASSWORD not in page.text
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"]) == ("boss", "user_add")
    assert "feixi" in entry["detail"] and NEW_PASSWORD not in entry["detail"]

    sign_out(client)
    assert sign_in(client, "feixi", NEW_PASSWORD).status_code == 302
    assert authenticate(engine, "feixi", NEW_PASSWORD).regions == ("341500", "340100")


def test_an_admin_changes_role_and_regions_resets_a_password_and_deactivates(client, engine):
    sign_in(client, "boss")
    post(client, "/admin/users/role", name="reader", role="uploader", regions="340100")
    assert authenticate(engine, "reader", PASSWORD).role == "uploader"
    post(client, "/admin/users/role", name="reader", role="uploader", regions="999999")
    assert "未知地区代码" in client.get("/admin/users").text
    assert authenticate(engine, "reader", PASSWORD).regions == ("340100",)

    post(client, "/admin/users/password", name="reader", password=NEW_PASSWORD)
    assert authenticate(engine, "reader", NEW_PASSWORD) is not None
    post(client, "/admin/users/active", name="reader", active="0")
    assert authenticate(engine, "reader", NEW_PASSWORD) is None

    post(client, "/admin/users/active", name="boss", active="0")
    assert "不能停用自己的账户" in client.get("/admin/users").text
    assert authenticate(engine, "boss", PASSWORD) is not None
    actions = [e["action"] for e in audit_entries(engine)[:4]]
    assert actions == ["user_disable", "user_password", "user_role", "login"]
    assert all(NEW_PASSWORD not in e["detail"] for e in audit_entries(engine))


def test_user_text_on_the_admin_pages_is_shown_as_text(client, engine):
    add_user(engine, "<script>alert(1)</script>", PASSWORD, "viewer")
    sign_in(client, "boss")
    page = client.get("/admin/users").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_catalog_alias_edit_makes_a_sheet_with_that_header_load(client, engine):
    sign_in(client, "boss")
    sheet = workbook_with_header(f"{NEW_ALIAS}(家)")
    preview = json.dumps(answer(upload(client, sheet, "新表头.xlsx")), ensure_ascii=False)
    # The column is in no catalog: skipped, and the preview says so and offers a choice.
    assert f"列“{NEW_ALIAS}(家)”不在指标目录中" in preview and "upload-column-choice" in preview

    aliases = "\n".join([*aliases_of(engine, "high_tech_enterprises"), NEW_ALIAS])
    response = post(client, "/admin/catalog/high_tech_enterprises", name_zh="高新技术企业数",
                    name_en="High-tech enterprises", aliases=aliases)
    assert response.status_code == 302
    page = client.get("/admin/catalog")
    assert "已保存指标 high_tech_enterprises" in page.text and "已在应用中修改：boss" in page.text
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"]) == ("boss", "catalog_edit") and NEW_ALIAS in entry["detail"]

    token = answer(upload(client, sheet, "新表头.xlsx"))["upload-token"]["data"]
    assert token, "the sheet is accepted for confirmation"
    answer(upload(client, b"", "新表头.xlsx", token, confirm=True))
    stored = queries.observations(engine, region_codes=[LUAN], indicator_codes=["high_tech_enterprises"],
                                  year=2025, quarter=3, cumulative=True)
    assert stored.iloc[0]["value"] == 777


def test_an_alias_that_names_another_indicator_is_refused(client, engine):
    sign_in(client, "boss")
    post(client, "/admin/catalog/high_tech_enterprises", name_zh="高新技术企业数",
         name_en="High-tech enterprises", aliases="研发投入")
    assert "“研发投入”已是指标 rd_expenditure 的名称或别名" in client.get("/admin/catalog").text
    assert "研发投入" not in aliases_of(engine, "high_tech_enterprises")


def test_a_catalog_edit_survives_a_catalog_sync_and_a_restart_until_reset(client, engine, db_url):
    sign_in(client, "boss")
    assert "高新技术企业数" in queries.indicators(engine)["name_zh"].tolist()  # now memoised
    post(client, "/admin/catalog/high_tech_enterprises", name_zh="高新技术企业（家）",
         name_en="High-tech firms", aliases=NEW_ALIAS)
    assert "高新技术企业（家）" in queries.indicators(engine)["name_zh"].tolist()
    with session_scope(engine) as session:
        sync_catalogs(session)  # as after an update of data/indicators.yaml
        session.merge(AppMeta(key="catalog_fingerprint", value="changed"))
    open_database(db_url)  # a restart that finds the catalog files changed
    assert aliases_of(engine, "high_tech_enterprises") == [NEW_ALIAS]
    assert "高新技术企业（家）" in queries.indicators(engine)["name_zh"].tolist()

    post(client, "/admin/catalog/high_tech_enterprises", reset="1")
    in_file = next(s for s in load_indicators() if s.code == "high_tech_enterprises")
    assert aliases_of(engine, "high_tech_enterprises") == list(in_file.aliases)
    assert "高新技术企业数" in queries.indicators(engine)["name_zh"].tolist()
    assert audit_entries(engine)[0]["action"] == "catalog_reset"


def test_behind_a_trusted_proxy_the_audit_log_records_the_clients_address(engine):
    add_user(engine, "boss", PASSWORD, "admin")
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    for proxies, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        settings = Settings(database_url="sqlite://unused", secret_key="test",
                            load_demo_if_empty=False, trusted_proxies=proxies)
        client = create_app(settings, engine).server.test_client()
        client.get("/login")
        client.post("/login", data={"name": "boss", "password": "wrong password",
                                    "_csrf_token": csrf(client)}, headers=forwarded)
        assert audit_entries(engine)[0]["client"] == expected
    assert Settings.from_env({"TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    assert Settings.from_env({}).trusted_proxies == 0


def workbook_with_header(header: str) -> bytes:
    """The upload tests' sheet with the enterprises column under another header."""
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook([(LUAN, "六安市", 25.5, 777)])))
    wb.active["D1"] = header
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def aliases_of(engine, code: str) -> list[str]:
    with session_scope(engine) as session:
        return list(session.scalar(select(Indicator.aliases).where(Indicator.code == code)))


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(engine):
    add_user(engine, "first", PASSWORD, "admin")
    add_user(engine, "second", PASSWORD, "admin")
    set_active(engine, "second", False)
    with pytest.raises(AccountError, match="至少保留一名在用的管理员"):
        set_role(engine, "first", "viewer", [])
    with pytest.raises(AccountError, match="at least one active admin"):
        set_active(engine, "first", False)
    assert authenticate(engine, "first", PASSWORD).is_admin
    set_active(engine, "second", True)
    set_role(engine, "first", "viewer", [])  # another admin remains
    assert authenticate(engine, "first", PASSWORD).role == "viewer"


ZONE_POSTS = [("/admin/zones/add", {"name_zh": "某园区", "parent": "320100", "type": "开发区"}),
              ("/admin/zones/Z320500-05/edit", {"name_zh": "x", "parent": "320500"}),
              ("/admin/zones/Z320500-05/retire", {"retired": "1"}),
              ("/admin/peers/add", {"code": "x_y", "name_zh": "x", "members": "340100\n340200"}),
              ("/admin/peers/anhui_north_cities/edit", {"name_zh": "x", "members": "340100\n340200"}),
              ("/admin/peers/anhui_north_cities/remove", {"confirm": "1"})]


@pytest.mark.parametrize("name", [None, "reader", "luan"])
def test_only_admins_open_or_post_to_the_zone_and_peer_group_pages(client, engine, name):
    if name:
        sign_in(client, name)
    for path in ("/admin/zones", "/admin/peers"):
        assert client.get(path).status_code == (403 if name else 302)
    for path, form in ZONE_POSTS:
        assert post(client, path, **form).status_code == (403 if name else 401)
    assert queries.region(engine, "Z320500-05")["name_zh"] == "苏州工业园区"
    with session_scope(engine) as s:
        assert s.get(PeerGroup, "anhui_north_cities") is not None


def test_an_admin_edits_a_zone_and_a_peer_group_over_http_and_both_are_audited(client, engine):
    sign_in(client, "boss")
    page = client.get("/admin/zones?province=320000").get_data(as_text=True)
    assert "苏州工业园区" in page and 'id="zone-Z320500-05"' in page
    assert post(client, "/admin/zones/Z320500-05/edit", name_zh="苏州工业园区", parent="320500",
                type="经开区", level="national", aliases="SIP\n园区", province="320000"
                ).status_code == 302
    assert queries.region(engine, "Z320500-05")["name_zh"] == "苏州工业园区"
    assert "SIP" in queries.zones(engine, "320000").set_index("code").at["Z320500-05", "aliases"]
    refused = post(client, "/admin/peers/add", code="mixed", name_zh="混合", members="合肥市\n不存在")
    assert refused.status_code == 302
    assert "不存在" in client.get("/admin/peers").get_data(as_text=True)  # flashed, by name
    with session_scope(engine) as s:
        assert s.get(PeerGroup, "mixed") is None
    assert {e["action"] for e in audit_entries(engine)} >= {"zone_edit"}
