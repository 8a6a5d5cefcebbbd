"""Signing in and out (/login, /logout): the sign-in form with its throttle, and the end of
a session everywhere it was copied. Who is signed in, and the guards around every request,
are dashboard.server.auth; the URLs are listed in dashboard.server.routes.
"""

from __future__ import annotations

from flask import redirect, request
from flask_login import login_user, logout_user

from dashboard.context import engine
from dashboard.i18n import normalise_lang, t, wait_text
from dashboard.server import sessions
from dashboard.server.admin import render_page
from dashboard.server.auth import SessionUser, client_address, csrf, current_account
from dashboard.server.login_urls import lang_of, login_href, safe_next, with_lang
from dashboard.upload import staging
from db import accounts, login_throttle


def login():
    asked = safe_next(request.values.get("next"))
    # The page's language: as asked, else the language of the page the user came from;
    # the user returns to that page in the language they signed in with.
    lang = normalise_lang(request.values.get("lang") or lang_of(asked))
    target = with_lang(asked, lang)
    error, status = None, 200
    if request.method == "POST":
        eng = engine()
        name = request.form.get("name", "").strip()[:64]
        # Hashing costs in proportion to the length: no stored password is longer.
        password = request.form.get("password", "")[:accounts.MAX_PASSWORD_CHARS + 1]
        client = client_address()
        # Counted before the password is checked, so parallel guesses are all counted.
        attempt = login_throttle.reserve(eng, name, client)
        if not attempt.allowed:
            error, status = t("login_wait", lang, wait=wait_text(attempt.wait_seconds, lang)), 429
        else:
            account = accounts.authenticate(eng, name, password)
            if account is None:
                accounts.audit(eng, name or "?", "login_failed", client=client)
                error, status = t("login_failed", lang), 401
            else:
                login_throttle.succeeded(eng, name, client)
                login_user(SessionUser(account))
                sessions.started()
                # A token a page held before signing in (or one planted by someone else)
                # is not the one the signed-in session accepts.
                csrf().generate_new_token()
                accounts.audit(eng, account.name, "login", client=client)
                return redirect(target)
    return render_page("login.html", lang, error=error, next=target,
                       account=current_account(),
                       switch={other: login_href(target, other) for other in ("zh", "en")},
                       home=with_lang("/", lang)), status


def logout():
    account = current_account()
    if account is not None:
        # Every copy of this session's cookie stops working, not only the browser's own.
        accounts.end_sessions(engine(), account.id)
        logout_user()
        sessions.ended()
        staging.unstage_all(account.name)  # previews left behind are abandoned
    # Back to the page the user signed out from (a path on this site only).
    return redirect(safe_next(request.form.get("next")))
