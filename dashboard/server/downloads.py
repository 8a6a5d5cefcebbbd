"""Files the app sends as plain HTTP downloads instead of through a Dash callback: a callback's
answer is one JSON document held in memory and base64-encoded, so a large file would cost a
worker its size several times over. Here a file streams from disk or from the database.

- GET /upload/problems/<token>.csv: the whole problem list of a preview (dashboard/upload/staging.py),
  for the user who staged it only.
- GET /data/export.csv|.xlsx?<the Data page's query>: the observations of the page's filter
  (with pending=1, first the values awaiting review the user may see, source "pending"),
  streamed as they are read from the database (dashboard/exporting.py). Each holds one of the
  user's few export slots (dashboard/server/heavy.py) until sent: a user cannot occupy the server with
  parallel downloads.
"""

from __future__ import annotations

import itertools

from flask import Response, abort, request, send_file

from dashboard.i18n import normalise_lang, t
from dashboard.server import heavy
from dashboard.server.auth import client_address, current_account
from dashboard.upload import staging

RETRY_AFTER_SECONDS = 30
# Rows per step of a download: small enough that the writer steps aside for a page request
# (dashboard/server/heavy.py) within a few tens of milliseconds.
STREAM_CHUNK_ROWS = 1_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def problem_list(token: str):
    account = current_account()
    if account is None or not account.can_upload:
        abort(404)  # whose previews exist is nobody else's business
    found = staging.problems_file(token, account.name)
    if found is None:
        abort(404)
    path, file_name = found
    lang = normalise_lang(request.args.get("lang"))
    stem = file_name.rsplit(".", 1)[0] or "upload"
    response = send_file(path, mimetype="text/csv", as_attachment=True, max_age=0,
                         download_name=f"{stem}_{t('prob_file_suffix', lang)}.csv")
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def data_export(fmt: str):
    from dashboard.context import engine, page_data
    from dashboard.data_filter import download_name, observation_filter, pending_under
    from dashboard.exporting import MAX_EXPORT_ROWS, csv_stream, xlsx_stream
    from db import queries

    if fmt not in ("csv", "xlsx"):
        abort(404)
    data = page_data(request.args.to_dict(), allow_all=True)
    lang = data.state.lang
    filters = observation_filter(data)
    account = current_account()
    # With the page's "include pending": the values awaiting review it shows, first.
    staged = pending_under(data, filters, account).frame
    n_staged = 0 if staged is None else len(staged)
    if queries.count_observations(engine(), **filters) + n_staged > MAX_EXPORT_ROWS:
        return _refusal("export_too_many", 422, lang, n=f"{MAX_EXPORT_ROWS:,}")
    who = account.name if account is not None else f"address {client_address()}"
    try:
        slot = heavy.acquire(heavy.EXPORT, who)
    except heavy.Busy as busy:
        return _refusal(f"export_busy_{busy.whose}", 429, lang,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    eng, writer = engine(), (csv_stream if fmt == "csv" else xlsx_stream)

    def written():
        chunks = queries.observation_chunks(eng, **filters, chunk_rows=STREAM_CHUNK_ROWS)
        try:
            yield from writer(itertools.chain([staged] if n_staged else [], chunks), lang)
        finally:
            chunks.close()  # the database cursor, also when the browser went away

    mimetype = "text/csv" if fmt == "csv" else XLSX_TYPE
    return _streamed(slot, written, download_name(data, fmt, n_staged > 0), mimetype)


def _streamed(slot, written, name: str, mimetype: str) -> Response:
    """A download written on a low-priority thread (dashboard/server/heavy.py) and sent as it is
    written; the export slot is held until the last byte."""
    body = slot.stream(written)
    response = Response(body, mimetype=mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    # Called when the server closes the response: after the last byte, or when the browser
    # went away, even before the first (a generator never started runs no finally).
    response.call_on_close(body.close)
    response.call_on_close(slot.release)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def _refusal(key: str, status: int, lang: str, headers: dict | None = None, **values):
    """A refused download, said in both languages (the page's language first)."""
    other = "en" if lang == "zh" else "zh"
    text = t(key, lang, **values) + "\n" + t(key, other, **values) + "\n"
    return text, status, {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
