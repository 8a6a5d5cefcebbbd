"""Bounded work per upload, through HTTP on a real database (SQLite and PostgreSQL): a flood of
bad cells gets a small answer quickly (counts by rule and column, the first problems, the
whole list as a download); checking stops at the error limit; staged previews are bounded per
user, belong to their user, expire, and are counted on the admin page."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.server import heavy
from dashboard.upload import staging
from dashboard.upload.problem_list import SHOWN_PROBLEMS
from etl import pipeline
from etl.limits import MAX_ERRORS
from tests.sample_data import LUAN, load_sample
from tests.test_security import answer, upload, workbook
from tests.web_client import app_with_accounts, browser_client, csrf, sign_in

ROOT = Path(__file__).resolve().parent.parent
HEADER = "地区代码,地区名称,全社会研发投入(亿元),高新技术企业数(家)"


@pytest.fixture(autouse=True)
def own_staging_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "STAGING_DIR", tmp_path / "uploads")
    monkeypatch.setattr(heavy, "LOCK_DIR", tmp_path / "locks")


@pytest.fixture
def app(engine):
    load_sample(engine)
    return app_with_accounts(engine, max_upload_bytes=8 * 1024 * 1024)


def signed_in(app, name: str = "luan"):
    client = browser_client(app)
    assert sign_in(client, name, next_page="/upload").status_code == 302
    return client


def bad_cells(rows: int) -> bytes:
    """A CSV of Lu'an's rows whose two value columns hold text: 2 × rows bad cells."""
    lines = [HEADER] + [f"{LUAN},六安市,n/a{r},many" for r in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def component(tree, id_):
    """The component with that id in a callback's JSON answer, or None."""
    if isinstance(tree, list):
        return next((f for c in tree if (f := component(c, id_)) is not None), None)
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if props.get("id") == id_:
            return tree
        return component(props.get("children"), id_)
    return None


def table_rows(table) -> list:
    return table["props"]["children"][1]["props"]["children"]  # Thead, Tbody


def test_a_flood_of_bad_cells_gets_a_small_answer_quickly(app):
    client = signed_in(app)
    content = bad_cells(99_500)  # 199,000 bad cells, 3 MB
    start = time.perf_counter()
    response = upload(client, content, "2025Q3.csv")
    seconds = time.perf_counter() - start
    assert response.status_code == 200
    # Before the limits: 98 s and 165 MB of answer for as many bad cells.
    assert len(response.data) < 300_000 and seconds < 10, (len(response.data), seconds)
    preview = answer(response)["upload-preview"]["children"]
    assert component(preview, "upload-checking-stopped") is not None
    groups = component(preview, "problem-groups")["props"]["children"]
    shown = json.dumps(groups, ensure_ascii=False)
    assert len(groups) == 2 and "C列" in shown and "D列" in shown and "500 处" in shown
    assert "不是数值" in shown
    assert len(table_rows(component(preview, "problems-table"))) == SHOWN_PROBLEMS


def test_checking_stops_once_the_file_can_only_be_rejected(engine):
    result = pipeline.read_and_validate(bad_cells(5_000), "2025Q3.csv", engine)
    assert len(result.errors) == MAX_ERRORS + 1
    assert result.errors[-1].rule == "too_many_errors" and f"{MAX_ERRORS:,}" in result.errors[-1].message_zh
    assert not result.records


def test_the_whole_problem_list_downloads_as_csv_for_its_uploader_only(app):
    client = signed_in(app)
    preview = answer(upload(client, bad_cells(150), "2025Q3.csv"))["upload-preview"]["children"]
    assert len(table_rows(component(preview, "problems-table"))) == SHOWN_PROBLEMS
    href = component(preview, "upload-problems-csv")["props"]["href"]
    response = client.get(href)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 300 and {r[2] for r in rows[1:]} >= {"C2", "D151"}
    assert rows[1][6] == "“n/a0”不是数值"
    assert signed_in(app, "boss").get(href).status_code == 404  # not even for an admin
    assert app.server.test_client().get(href).status_code == 404


def test_a_users_previews_are_bounded_replaced_and_theirs_alone(app):
    client = signed_in(app)
    tokens = [answer(upload(client, workbook([(LUAN, "六安市", 25.5 + i, 300)]), f"{i}.xlsx"))
              ["upload-token"]["data"] for i in range(3)]
    assert [u.previews for u in staging.usage()] == [staging.MAX_STAGES_PER_USER]
    first = json.dumps(answer(upload(client, b"", "0.xlsx", tokens[0], confirm=True)), ensure_ascii=False)
    assert "预览已过期" in first  # replaced by the newer previews
    other = signed_in(app, "boss")
    stolen = json.dumps(answer(upload(other, b"", "2.xlsx", tokens[2], confirm=True)), ensure_ascii=False)
    assert "预览已过期" in stolen and staging.staged(tokens[2], "luan") is not None
    client.post("/logout", data={"_csrf_token": csrf(client)})
    assert staging.usage() == []  # signing out abandons the previews


def test_an_abandoned_preview_expires(app):
    client = signed_in(app)
    token = answer(upload(client, workbook([(LUAN, "六安市", 25.5, 300)]), "a.xlsx"))["upload-token"]["data"]
    staging.forget_abandoned(now=time.time() + staging.STAGED_FOR_SECONDS - 60)
    assert staging.staged(token, "luan") is not None
    staging.forget_abandoned(now=time.time() + staging.STAGED_FOR_SECONDS + 60)
    assert staging.staged(token, "luan") is None and staging.usage() == []


def test_the_admin_page_counts_the_staged_bytes(app):
    client = signed_in(app)
    upload(client, bad_cells(20_000), "2025Q3.csv")
    page = signed_in(app, "boss").get("/admin/users").get_data(as_text=True)
    assert 'id="admin-staged-table"' in page and 'data-user="luan"' in page
    assert "0.7 MB" in page or "0.8 MB" in page


HOLD_SLOT = """
import sys
from pathlib import Path
from dashboard.server import heavy
heavy.LOCK_DIR = Path(sys.argv[1])
with heavy.acquire(heavy.UPLOAD, "luan"):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_user_checks_one_file_at_a_time_across_worker_processes(app):
    client = signed_in(app)
    # Another worker process checks a file of luan's (another tab) until told to stop.
    other = subprocess.Popen([sys.executable, "-c", HOLD_SLOT, str(heavy.LOCK_DIR)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        shown = json.dumps(answer(upload(client, workbook([(LUAN, "六安市", 25.5, 300)]), "a.xlsx")),
                           ensure_ascii=False)
        assert "另一个文件正在检查中" in shown and staging.usage() == []
        assert "upload-counts" in json.dumps(answer(upload(signed_in(app, "boss"), workbook(
            [(LUAN, "六安市", 25.5, 300)]), "b.xlsx")), ensure_ascii=False)  # others go on
    finally:
        other.communicate("", timeout=30)
    shown = json.dumps(answer(upload(client, workbook([(LUAN, "六安市", 25.5, 300)]), "a.xlsx")),
                       ensure_ascii=False)
    assert "upload-counts" in shown


def test_a_sheet_of_text_no_catalog_knows_is_read_in_seconds(engine):
    """The header search reads each cell of the first rows against the text above it; that
    text is capped (it was 150 KB here, and this sheet four minutes of work)."""
    junk = ("\n".join([",".join(f"x{c}" for c in range(1000))] * 30) + "\n").encode()
    start = time.perf_counter()
    result = pipeline.read_and_validate(junk, "2025Q3.csv", engine)
    assert [p.rule for p in result.errors] == ["no_table"]
    assert time.perf_counter() - start < 5
