"""Production hardening, through HTTP on a real database (SQLite and PostgreSQL): accounts and
regions, CSRF, the upload size limit, dangerous files through the upload page, security
headers and the audit log (the sign-in throttle: tests/test_sign_in_throttle.py)."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import openpyxl
import pytest

from config import Settings
from dashboard.app import create_app
from db import queries
from db.accounts import audit_entries
from tests import web_client
from tests.sample_data import LUAN, enterprises, load_sample
from tests.web_client import PASSWORD, app_with_accounts, browser_client, csrf

HEFEI = "340100"
LIMIT = 256 * 1024
UPLOAD_OUTPUTS = [("upload-preview", "children"), ("upload-outcome", "children"),
                  ("upload-token", "data"), ("upload-history", "children"),
                  ("upload-file", "contents"), ("upload-actions", "hidden"),
                  ("upload-choices", "data")]


@pytest.fixture
def app(engine):
    load_sample(engine)
    return app_with_accounts(engine, max_upload_bytes=LIMIT)


@pytest.fixture
def client(app):
    return browser_client(app)


def sign_in(client, name: str, password: str = PASSWORD):
    return web_client.sign_in(client, name, password, next_page="/upload")


def upload(client, content: bytes, file_name: str, token: str | None = None, *, confirm=False,
           with_csrf=True):
    """The upload page's callback, called as Dash's renderer calls it."""
    data_url = "data:application/octet-stream;base64," + base64.b64encode(content).decode()
    body = {
        "output": "".join(f"..{i}.{p}.." for i, p in UPLOAD_OUTPUTS).replace("....", "..."),
        "outputs": [{"id": i, "property": p} for i, p in UPLOAD_OUTPUTS],
        "inputs": [{"id": "upload-file", "property": "contents", "value": None if confirm else data_url},
                   {"id": "upload-confirm", "property": "n_clicks", "value": 1 if confirm else None},
                   {"id": "upload-cancel", "property": "n_clicks", "value": None},
                   []],  # the preview's "check again" buttons (none on this screen)
        "state": [{"id": "upload-file", "property": "filename", "value": file_name},
                  {"id": "upload-token", "property": "data", "value": token},
                  {"id": "upload-choices", "property": "data", "value": None},
                  [], [], [], [], [],  # the preview's pickers and confirmation (none here)
                  {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["upload-confirm.n_clicks" if confirm else "upload-file.contents"],
    }
    headers = {"X-CSRFToken": csrf(client)} if with_csrf else {}
    return client.post("/_dash-update-component", json=body, headers=headers)


def workbook(rows, name="2025Q3") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def answer(response) -> dict:
    assert response.status_code == 200, response.text
    return response.get_json()["response"]


def test_an_uploader_for_luan_cannot_load_hefeis_figures_and_is_told_where(client, engine):
    sign_in(client, "luan")
    before = queries.count_observations(engine)
    content = workbook([(LUAN, "六安市", 25.5, enterprises(LUAN, 2025)),
                        (HEFEI, "合肥市", 999.0, 7)])
    shown = json.dumps(answer(upload(client, content, "合肥.xlsx")), ensure_ascii=False)
    assert "无权上传地区“340100”的数据" in shown and "2025Q3!C3" in shown and "2025Q3!D3" in shown
    assert queries.count_observations(engine) == before
    assert audit_entries(engine)[0]["action"] == "upload_rejected"
    assert audit_entries(engine)[0]["user"] == "luan"


def test_an_uploader_stores_their_own_regions_and_each_write_is_audited(client, engine):
    sign_in(client, "luan")
    content = workbook([(LUAN, "六安市", 25.5, enterprises(LUAN, 2025))])
    token = answer(upload(client, content, "六安.xlsx"))["upload-token"]["data"]
    assert token, "a clean file is staged for confirmation"
    shown = json.dumps(answer(upload(client, b"", "六安.xlsx", token, confirm=True)), ensure_ascii=False)
    assert "upload-result" in shown
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"], entry["file"]) == ("luan", "upload_loaded", "六安.xlsx")
    actions = [e["action"] for e in audit_entries(engine)]
    assert actions.count("user_add") == 3 and "login" in actions


@pytest.mark.parametrize("name", [None, "reader"])
def test_anonymous_visitors_and_viewers_cannot_upload(client, engine, name):
    if name:
        sign_in(client, name)
    before = len(queries.upload_history(engine))
    shown = json.dumps(answer(upload(client, workbook([(LUAN, "六安市", 1.0, 1)]), "x.xlsx")),
                       ensure_ascii=False)
    assert "没有上传权限" in shown
    assert len(queries.upload_history(engine)) == before


def test_a_callback_without_the_csrf_token_is_refused(client):
    sign_in(client, "luan")
    assert upload(client, workbook([(LUAN, "六安市", 1.0, 1)]), "x.xlsx", with_csrf=False).status_code == 403
    assert client.post("/login", data={"name": "luan", "password": PASSWORD}).status_code == 403
    assert client.post("/logout").status_code == 403


def test_a_request_above_the_limit_gets_413_with_a_clear_message(client):
    sign_in(client, "luan")
    response = upload(client, b"x" * (LIMIT + 2 * 1024 * 1024), "big.xlsx")
    assert response.status_code == 413
    assert "上传文件不能超过" in response.text and "at most" in response.text


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (100 * 1024 * 1024))
    return buffer.getvalue()


def _macro_workbook() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook([(LUAN, "六安市", 1.0, 1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item, source.read(item))
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    return buffer.getvalue()


@pytest.mark.parametrize("file_name, make, rule_zh", [
    ("炸弹.xlsx", _zip_bomb, "解压后异常庞大"),
    ("改名.xlsx", lambda: b"MZ\x90\x00 this is a program, not a workbook" * 20, "无法读取文件"),
    ("宏.xlsm", _macro_workbook, "含宏的工作簿"),
])
def test_dangerous_files_are_refused_through_the_upload_page(client, engine, file_name, make, rule_zh):
    sign_in(client, "boss")
    before = queries.count_observations(engine)
    shown = json.dumps(answer(upload(client, make(), file_name)), ensure_ascii=False)
    assert rule_zh in shown
    assert queries.count_observations(engine) == before
    assert (audit_entries(engine)[0]["action"], audit_entries(engine)[0]["file"]) == ("upload_rejected", file_name)


def test_every_response_carries_the_security_headers_and_safe_cookies(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    sign_in(client, "luan")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_without_anonymous_browsing_every_page_needs_a_login(engine):
    settings = Settings(database_url="sqlite://unused", secret_key="test", allow_anonymous=False,
                        load_demo_if_empty=False)
    client = create_app(settings, engine).server.test_client()
    response = client.get("/rankings")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/login").status_code == 200


def test_the_audit_log_is_for_admins_only(client):
    assert client.get("/audit").status_code == 302
    sign_in(client, "luan")
    assert client.get("/audit").status_code == 403
    client.post("/logout", data={"_csrf_token": csrf(client)})
    sign_in(client, "boss")
    page = client.get("/audit")
    assert page.status_code == 200 and "user_add" in page.text and "luan" in page.text


def test_map_outlines_that_need_a_sign_in_are_cached_only_by_the_browser(engine):
    closed = app_with_accounts(engine, allow_anonymous=False)
    client = closed.server.test_client()
    assert client.get("/geo/city/340000.json").status_code == 302  # sent to sign in
    client.get("/login")
    web_client.sign_in(client, "reader")
    reply = client.get("/geo/city/340000.json")
    assert reply.status_code == 200 and reply.cache_control.private and not reply.cache_control.public
    open_app = create_app(Settings(database_url="sqlite://unused", secret_key="test",
                                   load_demo_if_empty=False), engine)
    reply = open_app.server.test_client().get("/geo/city/340000.json")
    assert reply.status_code == 200 and reply.cache_control.public
