"""python -m bench.limits [--cases a,b] [--json]: the worst case of each callback and download
under the limits (etl/limits.py, the upload size, the Data page's caps), each timed through the
app's HTTP endpoints in a process of its own, with that process's peak memory.

This is what gunicorn.conf.py's timeout and the README's "Production" figures rest on: nothing a
user can send should take a worker past the timeout. The database is the demo's (the official
national series and the simulated province, 75 K values; built once under bench/.data), and
every case works on its own copy of it.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "340000"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # config.Settings' default, as in production
ADMIN = "bench-admin"
PASSWORD = "bench password 1"
UPLOAD_OUTPUTS = [("upload-preview", "children"), ("upload-outcome", "children"),
                  ("upload-token", "data"), ("upload-history", "children"),
                  ("upload-file", "contents"), ("upload-actions", "hidden"),
                  ("upload-choices", "data")]


# --- The files a user may send, at the limits ---------------------------------------------------

def clean_rows(engine, n_values: int) -> list[tuple]:
    """n_values plausible values in the export's long layout, for regions outside the demo
    province (nothing stored to differ from)."""
    from catalog.files import plausible_ranges
    from db import queries

    indicators = queries.indicators(engine)
    ranges = plausible_ranges()
    regions = queries.regions(engine, None)
    regions = regions[~regions["code"].str.startswith("34") & (regions["level"] != "country")]
    rows = []
    for year in range(2030, 2060):  # years nothing is stored for: no value differs from one
        for r in regions.itertuples():
            for i in indicators.itertuples():
                low, high = ranges.get(i.code, {}).get(r.level, (1.0, 100.0))
                value = (low + high) / 2 if low <= 0 else (low * high) ** 0.5
                count = i.unit in ("家", "个", "人", "件", "项", "位")
                rows.append((r.code, i.code, year, 0, True, round(value) if count else round(value, 3)))
                if len(rows) == n_values:
                    return rows
    raise ValueError("not enough regions × indicators × years")


def clean_workbook(engine, n_values: int) -> bytes:
    """The largest file that passes every check: n_values in the long layout, on sheets of
    100,000 rows (a sheet holds at most MAX_SHEET_ROWS), built once and kept under bench/.data."""
    import io

    import openpyxl

    from bench.__main__ import data_dir

    path = data_dir() / f"limits-clean-{n_values}.xlsx"
    if not path.exists():
        rows = clean_rows(engine, n_values)
        book = openpyxl.Workbook(write_only=True)
        for start in range(0, len(rows), 100_000):
            sheet = book.create_sheet(f"values{start // 100_000 + 1}")
            sheet.append(["region_code", "indicator_code", "year", "quarter", "cumulative", "value"])
            for row in rows[start:start + 100_000]:
                sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    return path.read_bytes()


def bad_cells_csv(n_cells: int) -> bytes:
    """Lu'an's rows whose two value columns hold text: n_cells cells that are not numbers."""
    rows = ["地区代码,地区名称,全社会研发投入(亿元),高新技术企业数(家)"]
    rows += [f"341500,六安市,n/a{r},many" for r in range(n_cells // 2)]
    return ("\n".join(rows) + "\n").encode("utf-8")


def unknown_names_csv(n_rows: int) -> bytes:
    rows = ["地区,高新技术企业数(家)"] + [f"未知地区{i:06d},{i}" for i in range(n_rows)]
    return ("\n".join(rows) + "\n").encode("utf-8")


def max_cells_csv(rows: int, columns: int) -> bytes:
    """A sheet whose used area is the limit, of text no catalog knows."""
    line = ",".join(f"x{c}" for c in range(columns))
    return ("\n".join([line] * rows) + "\n").encode("utf-8")


def report_text(chars: int) -> str:
    sentence = ("2024年，全市全社会研发投入达到45.6亿元，同比增长12.3%，研发投入强度达到2.1%；"
                "高新技术企业数达到312家，较上年净增48家。")
    return (sentence * (chars // len(sentence) + 1))[:chars]


# --- Talking to the app as a browser does --------------------------------------------------------

class Client:
    def __init__(self, app):
        self.http = app.server.test_client()
        self.http.get("/login")

    def csrf(self) -> str:
        return self.http.get_cookie("_csrf_token").value

    def sign_in(self) -> None:
        response = self.http.post("/login", data={"name": ADMIN, "password": PASSWORD,
                                                  "_csrf_token": self.csrf(), "next": "/"})
        assert response.status_code == 302, response.status_code

    def callback(self, outputs, inputs, state=(), changed=None) -> tuple[int, bytes]:
        body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
                "outputs": [{"id": i, "property": p} for i, p in outputs],
                "inputs": list(inputs), "state": list(state),
                "changedPropIds": [changed or f"{inputs[0]['id']}.{inputs[0]['property']}"]}
        if len(outputs) == 1:
            body["output"] = f"{outputs[0][0]}.{outputs[0][1]}"
            body["outputs"] = body["outputs"][0]
        response = self.http.post("/_dash-update-component", json=body,
                                  headers={"X-CSRFToken": self.csrf()})
        return response.status_code, response.get_data()

    def page(self, path: str, query: dict) -> tuple[int, bytes]:
        return self.callback([("_pages_content", "children"), ("_pages_store", "data")],
                             [{"id": "_pages_location", "property": "pathname", "value": path},
                              {"id": "_pages_location", "property": "search",
                               "value": "?" + urlencode(query)}],
                             changed="_pages_location.pathname")

    def upload(self, content: bytes | None, file_name: str, token=None, confirm=False):
        data_url = (None if content is None else
                    "data:application/octet-stream;base64," + base64.b64encode(content).decode())
        return self.callback(
            UPLOAD_OUTPUTS,
            [{"id": "upload-file", "property": "contents", "value": data_url},
             {"id": "upload-confirm", "property": "n_clicks", "value": 1 if confirm else None},
             {"id": "upload-cancel", "property": "n_clicks", "value": None}, []],
            [{"id": "upload-file", "property": "filename", "value": file_name},
             {"id": "upload-token", "property": "data", "value": token},
             {"id": "upload-choices", "property": "data", "value": None}, [], [], [], [], [],
             {"id": "_pages_location", "property": "search", "value": ""}],
            changed="upload-confirm.n_clicks" if confirm else "upload-file.contents")

    def download(self, path: str) -> tuple[int, bytes]:
        response = self.http.get(path, buffered=True)
        return response.status_code, response.get_data()


def token_of(answer: bytes) -> str | None:
    return json.loads(answer)["response"]["upload-token"]["data"]


# --- The cases -------------------------------------------------------------------------------------

def _pages():
    from catalog.files import load_indicators
    from dashboard.state import MAX_INDICATORS, MAX_SELECTION

    selection = ",".join(["340100", "340200", "340300", "340400", "340500", "341500"][:MAX_SELECTION])
    indicators = ",".join(i.code for i in load_indicators()[:MAX_INDICATORS])
    return {
        "page overview": ("/", {"region": PROVINCE}),
        "page trends": ("/trends", {"region": PROVINCE, "indicator": "rd_expenditure"}),
        "page rankings": ("/rankings", {"region": PROVINCE, "indicator": "rd_expenditure"}),
        "page compare (6 regions × 12 indicators)": ("/compare", {"selection": selection,
                                                                   "indicators": indicators}),
        "page map": ("/map", {"region": PROVINCE, "indicator": "rd_expenditure"}),
        "page data (all, grid capped at 5,000 rows)": ("/data", {"region": PROVINCE, "indicator": "all",
                                                                 "period": "all"}),
        "page report": ("/report", {"region": PROVINCE}),
        "page upload": ("/upload", {}),
    }


def run_case(name: str, client: Client, engine) -> dict:
    """One case: its server time in seconds and the size of its answer."""
    from etl.limits import MAX_CELLS, MAX_SHEET_ROWS, MAX_VALUES

    pages = _pages()
    if name in pages:
        path, query = pages[name]
        return _timed(lambda: client.page(path, query))
    if name.startswith("upload preview"):
        content = {
            "upload preview: clean file at MAX_VALUES": lambda: clean_workbook(engine, MAX_VALUES),
            "upload preview: 199,000 bad cells": lambda: bad_cells_csv(199_000),
            "upload preview: MAX_VALUES bad cells": lambda: bad_cells_csv(MAX_VALUES),
            "upload preview: 199,999 unknown names": lambda: unknown_names_csv(MAX_SHEET_ROWS - 1),
            "upload preview: MAX_CELLS of unknown text": lambda: max_cells_csv(MAX_CELLS // 1000, 1000),
        }[name]()
        result = _timed(lambda: client.upload(content, "2024.xlsx" if content[:2] == b"PK" else "2024.csv"))
        return result | {"file_mb": round(len(content) / 1e6, 2)}
    if name == "upload store: clean file at MAX_VALUES":
        status, answer = client.upload(clean_workbook(engine, MAX_VALUES), "2024.xlsx")
        return _timed(lambda: client.upload(None, "2024.xlsx", token_of(answer), confirm=True))
    if name == "upload changes CSV: clean file at MAX_VALUES":
        status, answer = client.upload(clean_workbook(engine, MAX_VALUES), "2024.xlsx")
        return _timed(lambda: client.callback(
            [("upload-changes-download", "data")],
            [{"id": "upload-changes-csv", "property": "n_clicks", "value": 1}],
            [{"id": "upload-token", "property": "data", "value": token_of(answer)},
             {"id": "upload-choices", "property": "data", "value": None},
             {"id": "_pages_location", "property": "search", "value": ""}]))
    if name.startswith("download"):
        fmt = "xlsx" if "xlsx" in name else "csv"
        return _timed(lambda: client.download(
            f"/data/export.{fmt}?region={PROVINCE}&indicator=all&period=all"))
    if name == "report .docx":
        return _timed(lambda: client.callback(
            [("report-download", "data")],
            [{"id": "report-docx-button", "property": "n_clicks", "value": 1},
             {"id": "report-md-button", "property": "n_clicks", "value": None}],
            [{"id": "_pages_location", "property": "search", "value": f"?region={PROVINCE}"}],
            changed="report-docx-button.n_clicks"))
    if name == "extract: 200,000 characters of report text":
        from dashboard.upload import extract_panel

        return _timed(lambda: client.callback(
            [(extract_panel.GRID_ID, "rowData"), ("xr-document", "data"),
             ("xr-extract-status", "children"), ("xr-review", "hidden"), ("xr-result", "children")],
            [{"id": "xr-run", "property": "n_clicks", "value": 1}],
            [{"id": "xr-text", "property": "value", "value": report_text(200_000)},
             {"id": "xr-file-document", "property": "data", "value": None},
             {"id": "xr-region", "property": "value", "value": "341500"},
             {"id": "xr-year", "property": "value", "value": None},
             {"id": "_pages_location", "property": "search", "value": ""}]))
    raise KeyError(name)


def _timed(call) -> dict:
    start = time.perf_counter()
    status, body = call()
    return {"status": status, "seconds": round(time.perf_counter() - start, 2),
            "answer_mb": round(len(body) / 1e6, 2)}


CASES = [*_pages(), "upload preview: clean file at MAX_VALUES", "upload store: clean file at MAX_VALUES",
         "upload changes CSV: clean file at MAX_VALUES", "upload preview: 199,000 bad cells",
         "upload preview: MAX_VALUES bad cells", "upload preview: 199,999 unknown names",
         "upload preview: MAX_CELLS of unknown text", "download CSV: the province, everything",
         "download xlsx: the province, everything", "report .docx",
         "extract: 200,000 characters of report text"]


# --- Driver -------------------------------------------------------------------------------------

def base_database() -> Path:
    """The demo database, built once (python app.py's first start builds the same)."""
    from bench.__main__ import data_dir

    path = data_dir() / "limits-demo.db"
    if not path.exists():
        from app import prepare_database
        from config import Settings
        from db.session import dispose_engine

        print("building the demo database (once) ...", file=sys.stderr)
        url = f"sqlite:///{path}.tmp"
        prepare_database(Settings(database_url=url))
        dispose_engine(url)
        os.replace(f"{path}.tmp", path)
    return path


def serve_case(name: str, database: str) -> None:
    """In its own process: the app on a copy of the database, one case, one JSON line."""
    from bench.callbacks import rss_mb
    from config import Settings
    from dashboard.app import create_app
    from db.accounts import add_user
    from db.session import get_engine

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.db"
        shutil.copyfile(database, path)
        url = f"sqlite:///{path}"
        engine = get_engine(url)
        add_user(engine, ADMIN, PASSWORD, "admin")
        app = create_app(Settings(database_url=url, secret_key="bench", load_demo_if_empty=False,
                                  max_upload_bytes=MAX_UPLOAD_BYTES, home_province=PROVINCE), engine)
        client = Client(app)
        client.sign_in()
        client.page("/", {"region": PROVINCE})  # caches warm, as in a worker that has served
        before = rss_mb()
        result = run_case(name, client, engine)
        answers.write(json.dumps({"case": name, **result, "rss_before_mb": round(before),
                                  "rss_peak_mb": round(rss_mb())}, ensure_ascii=False) + "\n")
        answers.flush()


def measure(names: list[str]) -> list[dict]:
    database = base_database()
    results = []
    for name in names:
        done = subprocess.run([sys.executable, "-m", "bench.limits", "--serve", name, str(database)],
                              cwd=ROOT, capture_output=True, text=True,
                              env=os.environ | {"PYTHONPATH": str(ROOT), "LOAD_DEMO": "0"})
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"case": name, "error": done.stderr[-2000:]}
        print(_row(result), file=sys.stderr, flush=True)
        results.append(result)
    return results


def _row(r: dict) -> str:
    if "error" in r:
        return f"| {r['case']} | failed: {r['error'][-200:]} |"
    file = f" ({r['file_mb']} MB file)" if "file_mb" in r else ""
    return (f"| {r['case']}{file} | {r['status']} | {r['seconds']:.2f} s | {r['answer_mb']:.2f} MB "
            f"| {r['rss_peak_mb']} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.limits")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--serve", nargs=2, metavar=("CASE", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_case(*args.serve)
        return
    names = [n for n in CASES if not args.cases or any(c.strip() in n for c in args.cases.split(","))]
    print("| case | status | server time | answer | worker peak RSS |", file=sys.stderr)
    print("|---|---|---|---|---|", file=sys.stderr)
    results = measure(names)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
