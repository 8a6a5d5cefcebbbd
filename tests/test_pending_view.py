""""Include pending values": a file sent into a reporting round waits for review, and only its
uploader and the round's reviewers may see its values before they are published — on the
Data page, in its downloads and on the Trends chart (with growth worked out from them), on a
real SQLite file and a real PostgreSQL server. Everyone else, and everyone once the switch is
off, sees the published values alone."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from db.accounts import add_user, review_regions
from etl.pipeline import read_and_validate
from etl.review import approve
from etl.rounds import commit_or_submit, open_round, regions_under
from tests.sample_data import LUAN, load_sample, rd_value
from tests.web_client import PASSWORD, app_with_accounts, browser_client, sign_in
from tests.workbooks import xlsx_bytes

JINAN, YUAN = "341502", "341503"
NEW_VALUE = round(rd_value(JINAN, 2025, 0) * 1.2, 2)  # 2026 against the published 2025: +20 %
GROWTH = (NEW_VALUE / rd_value(JINAN, 2025, 0) - 1) * 100
DATA = f"region={JINAN}&indicator=rd_expenditure&period=all"


def annual_sheet(code: str, name: str, value: float) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年"
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)"])
    ws.append([code, name, value])
    return xlsx_bytes(wb)


@pytest.fixture
def app(engine):
    """The sample (2024, 2025), a round for 2026 asking 六安's districts, its reviewer, an
    uploader for 金安区 whose 2026 sheet waits for review, and one for 裕安区."""
    load_sample(engine)
    app = app_with_accounts(engine)
    reviewer = add_user(engine, "luan_review", PASSWORD, "reviewer", [LUAN])
    add_user(engine, "jinan", PASSWORD, "uploader", [JINAN])
    add_user(engine, "yuan", PASSWORD, "uploader", [YUAN])
    app.round_id = open_round(
        engine, period="2026年", regions=regions_under(engine, LUAN, ("county",)),
        deadline=datetime.now(UTC) + timedelta(days=7), user=reviewer.name,
        scope=review_regions(engine, reviewer), indicators=["rd_expenditure"])
    result = read_and_validate(annual_sheet(JINAN, "金安区", NEW_VALUE), "金安区2026.xlsx", engine)
    sent = commit_or_submit(engine, result, "jinan")
    app.submission_id, app.reviewer = sent.submission_id, reviewer
    return app


def account(engine, name: str):
    from db.accounts import authenticate

    return authenticate(engine, name, PASSWORD)


def csv_rows(app, name: str | None, query: str) -> tuple[list[dict], str]:
    client = browser_client(app)
    if name:
        assert sign_in(client, name).status_code == 302
    response = client.get(f"/data/export.csv?{query}", buffered=True)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    return rows, response.headers["Content-Disposition"]


def years(rows: list[dict]) -> list[str]:
    return sorted(r["year"] for r in rows if r["indicator_code"] == "rd_expenditure")


@pytest.mark.parametrize("name", ["jinan", "luan_review", "boss"])
def test_the_uploader_and_the_rounds_reviewers_download_the_pending_value_when_asked(app, name):
    rows, disposition = csv_rows(app, name, DATA + "&pending=1")
    staged = [r for r in rows if r["source"] == "pending"]
    assert [(r["region_code"], r["year"], float(r["value"]), r["source_file"], r["cell"])
            for r in staged] == [(JINAN, "2026", NEW_VALUE, "金安区2026.xlsx", "C2")]
    assert years(rows) == ["2024", "2025", "2025", "2026"]
    assert "with_pending" in disposition
    published, disposition = csv_rows(app, name, DATA)  # the switch off: published alone
    assert years(published) == ["2024", "2025", "2025"] and "with_pending" not in disposition


@pytest.mark.parametrize("name", [None, "reader", "yuan", "luan"])
def test_nobody_else_sees_a_pending_value_whatever_the_url_says(app, name):
    """Anonymous, a viewer, another district's uploader in the same round, and an uploader of
    the city who is no reviewer: the published values only."""
    rows, disposition = csv_rows(app, name, DATA + "&pending=1")
    assert years(rows) == ["2024", "2025", "2025"] and "with_pending" not in disposition
    assert all(r["source"] != "pending" for r in rows)


def test_the_data_page_lists_pending_values_first_only_for_those_who_may_see_them(app, engine):
    from dashboard.pages.data import data_view  # a page module needs the app first

    with app.server.app_context():
        for name in ("jinan", "luan_review"):
            view = data_view(dict(q.split("=") for q in (DATA + "&pending=1").split("&")),
                             account(engine, name))
            assert view.pending.submissions == 1
            assert view.pending.frame[["region_code", "year", "value"]].values.tolist() == [
                [JINAN, 2026, NEW_VALUE]]
            off = data_view({"region": JINAN, "indicator": "rd_expenditure", "period": "all"},
                            account(engine, name))
            assert off.pending == (1, None)  # the switch is offered, off
        other = data_view({"region": JINAN, "period": "all", "pending": "1"}, account(engine, "yuan"))
        assert other.pending == (0, None)  # no switch, nothing added


def test_the_trends_series_draws_the_pending_value_with_its_growth_and_no_rank(app, engine):
    from dashboard.figures.alt_text import trends_text
    from dashboard.pages.trends import trends_data

    query = {"region": JINAN, "indicator": "rd_expenditure", "period": "2025",
             "selection": f"{JINAN},{YUAN}", "pending": "1"}
    with app.server.app_context():
        view = trends_data(query, account(engine, "jinan"))
        rows = view.frame.set_index(["region_code", "year"])
        assert rows.loc[(JINAN, 2026), "value"] == pytest.approx(NEW_VALUE)
        assert rows.loc[(JINAN, 2026), "pending"]
        assert rows.loc[(JINAN, 2026), "yoy_growth_pct"] == pytest.approx(GROWTH)
        assert pd_isna(rows.loc[(JINAN, 2026), "rank"])
        assert not rows.loc[(JINAN, 2025), "pending"] and rows.loc[(JINAN, 2025), "rank"] >= 1
        assert (YUAN, 2026) not in rows.index
        # The chart's table says which figure is pending, as its open diamond does.
        table = trends_text(view.frame, unit="亿元", lang="zh", measure="growth",
                            indicator="R&D", basis="按年", selected=JINAN)
        marked = [cell for row in table.rows for cell in row if "（待审）" in cell]
        assert marked == [f"+{GROWTH:.1f}%（待审）"]
        public = trends_data(query, None).frame
        assert 2026 not in set(public["year"]) and not public["pending"].any()

        # Approved: published, with its metrics; nothing pending is left to switch on.
        approve(engine, app.submission_id, "luan_review", review_regions(engine, app.reviewer))
        after = trends_data(query, account(engine, "jinan"))
        assert after.pending == (0, None)
        row = after.frame.set_index(["region_code", "year"]).loc[(JINAN, 2026)]
        assert row["value"] == pytest.approx(NEW_VALUE) and not row["pending"]
        assert row["yoy_growth_pct"] == pytest.approx(GROWTH) and row["rank"] >= 1


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_the_upload_page_links_a_submission_to_the_data_page_with_pending_on(app):
    from dashboard.rounds.access import pending_href
    from dashboard.state import ViewState

    state = ViewState(lang="en")
    with app.server.app_context():
        one = pending_href(state, {"round_id": app.round_id, "regions": [JINAN]})
        two = pending_href(state, {"round_id": app.round_id, "regions": [JINAN, YUAN]})
    assert one == f"/data?region={JINAN}&indicator=all&period=2026&pending=1&lang=en"
    assert two == f"/data?region={LUAN}&indicator=all&period=2026&pending=1&lang=en"


def first_layout(client, address: str) -> str:
    """The app's first layout as the browser asks for it from that address
    (dashboard/first_page.py), as text."""
    response = client.get("/_dash-layout", headers={"Referer": f"http://localhost{address}"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_page_a_visitor_saw_first_is_never_what_the_uploader_gets(app):
    """Pages are kept per view for visitors who are not signed in (dashboard/view_cache.py);
    the uploader asking the same address gets their own page, switch included."""
    address = f"/trends?region={JINAN}&indicator=rd_expenditure&period=2025&pending=1"
    visitor = browser_client(app)
    assert "含待审数据" not in first_layout(visitor, address)
    assert "含待审数据" not in first_layout(visitor, address)
    uploader = browser_client(app)
    assert sign_in(uploader, "jinan").status_code == 302
    assert "含待审数据" in first_layout(uploader, address)


def test_a_pending_value_says_where_it_was_sent_and_into_which_round(app, engine):
    """db.rounds.pending_value, what the Data page's panel shows for a pending value."""
    from db.rounds import pending_value, pending_values

    staged = pending_values(engine, [app.submission_id])
    value_id = int(staged.loc[staged["indicator_code"] == "rd_expenditure", "id"].iloc[0])
    row = pending_value(engine, value_id)
    assert (row["region_code"], row["year"], row["value"]) == (JINAN, 2026, NEW_VALUE)
    assert (row["file_name"], row["uploaded_by"], row["submission_id"]) == (
        "金安区2026.xlsx", "jinan", app.submission_id)
    assert row["sheet"] == "2026年" and row["cell"]
    assert row["round_id"] == app.round_id and row["round_title"]
    assert row["submission_status"] == "submitted"
    assert pending_value(engine, value_id + 10_000) is None
