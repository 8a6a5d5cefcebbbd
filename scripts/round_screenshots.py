"""The README's screenshots of a reporting round (docs/rounds-*.png): a fresh SQLite database
with the sample data, a round for 六安's districts in three states (one awaiting review, one
returned with a comment, one approved), the real app in headless Chromium; the reviewer's
Trends and Data pages with "include pending" on.

    python scripts/round_screenshots.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from db.accounts import add_user, allowed_regions, review_regions  # noqa: E402
from etl.pipeline import read_and_validate, restrict_regions  # noqa: E402
from etl.review import approve, parse_comment, return_submission  # noqa: E402
from etl.rounds import commit_or_submit, open_round, regions_under  # noqa: E402
from metrics.refresh import open_database  # noqa: E402
from tests.browser.conftest import sign_in  # noqa: E402
from tests.sample_data import LUAN, load_sample  # noqa: E402

PERIOD, PASSWORD = "2025年1-9月", "screenshots-only"
SENDERS = {"341502": ("金安区", 12.34, 56), "341503": ("裕安区", 8.76, 3000),
           "341522": ("霍邱县", 6.1, 41)}


def _sheet(code: str, name: str, rd: float, firms: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PERIOD
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    ws.append([code, name, rd, firms])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _fill(engine) -> None:
    reviewer = add_user(engine, "luan-reviewer", PASSWORD, "reviewer", [LUAN])
    open_round(engine, period=PERIOD, regions=regions_under(engine, LUAN, ("county",)),
               deadline=datetime.now(UTC) + timedelta(days=7), user=reviewer.name,
               scope=review_regions(engine, reviewer),
               indicators=["rd_expenditure", "high_tech_enterprises"])
    sent = {}
    for code, (name, rd, firms) in SENDERS.items():
        account = add_user(engine, f"{code}-uploader", PASSWORD, "uploader", [code])
        result = read_and_validate(_sheet(code, name, rd, firms), f"{name}.xlsx", engine)
        restrict_regions(result, allowed_regions(engine, account), code)
        sent[code] = commit_or_submit(engine, result, account.name).submission_id
    return_submission(engine, sent["341503"], reviewer.name,
                      [parse_comment(f"{PERIOD}!D2=高新技术企业数应为30家，请核对")])
    approve(engine, sent["341522"], reviewer.name)


PENDING_TRENDS = ("/trends?region=341502&indicator=rd_expenditure&period=2025Q3&pending=1"
                  "&selection=341502,341503,341504,341522")
PENDING_DATA = "/data?region=341500&indicator=rd_expenditure&period=2025Q3&pending=1"
SHOTS = (("luan-reviewer", "/rounds", "rounds-board.png"),
         ("341503-uploader", "/upload", "rounds-upload-returned.png"),
         ("luan-reviewer", PENDING_TRENDS, "rounds-pending-trends.png"),
         ("luan-reviewer", PENDING_DATA, "rounds-pending-data.png"))


def _shoot(url: str, out: Path, width: int = 1280, lang: str = "zh") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for user, path, name in SHOTS:
            page = browser.new_context(viewport={"width": width, "height": 900},
                                       locale="zh-CN").new_page()
            if lang != "zh":
                path += ("&" if "?" in path else "?") + f"lang={lang}"
            sign_in(page, SimpleNamespace(url=url), user, PASSWORD)
            page.goto(url + path)
            page.locator(".page-header h1").wait_for()
            if "pending" in path:  # the chart or the grid drawn
                page.locator(".js-plotly-plot .main-svg, .ag-row").first.wait_for()
            page.screenshot(path=str(out / name), full_page=path == "/rounds")
            print(out / name)
        browser.close()


def main(out: Path = ROOT / "docs", width: int = 1280, lang: str = "zh") -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/rounds.db"
        engine = open_database(url)
        load_sample(engine)
        _fill(engine)
        settings = Settings(database_url=url, secret_key="screenshots", load_demo_if_empty=False)
        server = make_server("127.0.0.1", 0, create_app(settings, engine).server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            _shoot(f"http://127.0.0.1:{server.server_port}", out, width, lang)
        finally:
            server.shutdown()


if __name__ == "__main__":
    # python scripts/round_screenshots.py [folder width lang]: elsewhere, to look at phones
    # and English (python scripts/round_screenshots.py /tmp/look 390 en).
    main(*(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]) if len(sys.argv) == 4 else ())
