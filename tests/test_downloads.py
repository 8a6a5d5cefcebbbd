"""Data downloads through HTTP on a real database (SQLite and PostgreSQL): the Data page links
to a route that streams its filter as CSV or .xlsx (read back with openpyxl), formulas
neutralised; a user's concurrent downloads are capped; a selection past the row limit is
refused with a message (dashboard/server/downloads.py, dashboard/exporting.py, etl/xlsx_stream.py)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import update

from dashboard import exporting
from dashboard.server import heavy
from db import queries
from db.models import Region
from db.session import session_scope
from tests.sample_data import LUAN, load_sample
from tests.web_client import app_with_accounts, browser_client, sign_in

QUERY = f"region={LUAN}&indicator=all&period=all"
HOSTILE_NAME = "=HYPERLINK(\"http://evil.example\",\"点击\")"


@pytest.fixture(autouse=True)
def own_lock_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(heavy, "LOCK_DIR", tmp_path / "locks")


@pytest.fixture
def app(engine):
    load_sample(engine)
    with session_scope(engine) as session:  # a name a spreadsheet would run as a formula
        session.execute(update(Region).where(Region.code == "341502")
                        .values(name_zh=HOSTILE_NAME, name_en=HOSTILE_NAME))
    return app_with_accounts(engine)


def signed_in(app, name: str):
    client = browser_client(app)
    assert sign_in(client, name).status_code == 302
    return client


def download(client, path: str):
    """A download read to its end and closed, as a server closes every response: that frees
    its export slot (an unclosed test response would keep it)."""
    return client.get(path, buffered=True)


def expected_rows(engine) -> int:
    return queries.count_observations(engine, region_codes=queries.subtree_codes(engine, LUAN))


def test_the_csv_download_holds_the_pages_filter_with_formulas_neutralised(app, engine):
    response = download(browser_client(app), f"/data/export.csv?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="observations_341500_all_all.csv"'
    assert "private" in response.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == expected_rows(engine) > 0
    assert {r["region_code"] for r in rows} >= {LUAN, "341502"}
    assert {r["region_name"] for r in rows if r["region_code"] == "341502"} == {"'" + HOSTILE_NAME}


def test_the_xlsx_download_opens_in_openpyxl_with_the_same_rows(app, engine):
    response = download(browser_client(app), f"/data/export.xlsx?{QUERY}&lang=en")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("region_code", "region_name", "level", "indicator_code")
    assert len(body) == expected_rows(engine)
    named = {r[0]: r for r in body}
    assert named[LUAN][1] == "Lu'an City"  # lang=en
    hostile = named["341502"][1]
    assert hostile == "'" + HOSTILE_NAME  # text, not a formula
    values = [r[9] for r in body]
    assert all(isinstance(v, float) for v in values) and isinstance(named[LUAN][6], int)
    assert {r[8] for r in body} <= {True, False}


def test_the_data_page_links_its_buttons_to_the_download_of_its_filter(app):
    from tests.test_rankings_compare_pages import page

    shown = page(browser_client(app), "/data", region=LUAN, indicator="all", period="all", lang="en")
    page_text = str(shown)
    assert f"/data/export.csv?region={LUAN}&indicator=all&period=all&lang=en" in page_text
    assert f"/data/export.xlsx?region={LUAN}&indicator=all&period=all&lang=en" in page_text


def test_a_users_concurrent_downloads_are_capped_and_freed_when_done(app):
    client = signed_in(app, "reader")
    running = [client.get(f"/data/export.csv?{QUERY}", buffered=False)
               for _ in range(heavy.EXPORT.per_user)]
    assert all(r.status_code == 200 for r in running)
    refused = download(client, f"/data/export.xlsx?{QUERY}")
    assert refused.status_code == 429 and "您已有下载正在进行" in refused.text
    assert refused.headers["Retry-After"]
    assert download(signed_in(app, "boss"), f"/data/export.csv?{QUERY}").status_code == 200
    running[0].close()  # the browser has it all (or went away): the slot is free again
    assert download(client, f"/data/export.csv?{QUERY}").status_code == 200
    running[1].close()


def test_a_selection_past_the_row_limit_is_refused_with_a_message(app, monkeypatch):
    monkeypatch.setattr(exporting, "MAX_EXPORT_ROWS", 10)
    refused = download(browser_client(app), f"/data/export.csv?{QUERY}")
    assert refused.status_code == 422 and "python -m etl export" in refused.text
    assert "超过 10 行" in refused.text


def test_an_unknown_format_is_not_found(app):
    assert download(browser_client(app), f"/data/export.json?{QUERY}").status_code == 404


def test_a_download_left_half_way_frees_its_slot_and_its_writer(app, engine, monkeypatch):
    """The browser goes away after the first bytes, with the writer blocked on a full buffer:
    both the user's slot and the process's writer thread come back (else the fourth download
    here would wait forever for a writer)."""
    from dashboard.server import downloads

    monkeypatch.setattr(downloads, "STREAM_CHUNK_ROWS", 1)  # many chunks, more than the buffer
    client = signed_in(app, "reader")
    for _ in range(heavy.EXPORT.per_process + 1):
        response = client.get(f"/data/export.csv?{QUERY}", buffered=False)
        assert response.status_code == 200
        next(iter(response.response))  # the header row arrived
        response.close()
    rows = download(client, f"/data/export.csv?{QUERY}").get_data().decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + expected_rows(engine)
