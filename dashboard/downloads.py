"""Files the app sends as plain HTTP downloads instead of through a Dash callback: a callback's
answer is one JSON document held in memory and base64-encoded, so a large file would cost a
worker its size several times over. Here a file streams from disk or from the database.

- GET /upload/problems/<token>.csv: the whole problem list of a preview (dashboard/staging.py),
  for the user who staged it only.
"""

from __future__ import annotations

from flask import Flask, abort, request, send_file

from dashboard import staging
from dashboard.i18n import normalise_lang, t


def init_downloads(server: Flask, current_account) -> None:
    @server.get("/upload/problems/<token>.csv")
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
