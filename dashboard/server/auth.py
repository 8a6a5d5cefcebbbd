"""Who is asking and what they may do: login sessions (Flask-Login), CSRF (Flask-SeaSurf),
security headers, the upload size answer (413), the anonymous-browsing gate, the client's
address behind trusted proxies, and the login, logout and audit pages (the admin pages are in
dashboard.server.admin). Accounts themselves live in db.accounts, the sign-in throttle in
db.login_throttle, the session's lifetime rules in dashboard.server.sessions.
"""

from __future__ import annotations

import dash
from flask import Flask, abort, jsonify, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_seasurf import SeaSurf
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Settings
from dashboard.server import sessions
from dashboard.upload import staging
from dashboard.server.admin import render_page
from dashboard.i18n import normalise_lang, t, wait_text
from dashboard.server.login_urls import lang_of, login_href, safe_next, with_lang
from db import accounts, login_throttle

# Paths served to anyone: the login page itself and the static files every page needs.
PUBLIC_PREFIXES = ("/login", "/logout", "/assets/", "/_dash-component-suites/", "/_favicon.ico",
                   "/favicon.ico")


class SessionUser(UserMixin):
    def __init__(self, account: accounts.Account):
        self.account = account
        self.id = str(account.id)

    def get_id(self) -> str:
        # What the session stores: the account and its session version, compared with the
        # database's on every request (load_user), so raising the version ends the session.
        return f"{self.account.id}:{self.account.session_version}"


def current_account() -> accounts.Account | None:
    """The logged-in account inside a request, or None for an anonymous visitor."""
    user = current_user
    return user.account if getattr(user, "is_authenticated", False) else None


def client_address() -> str | None:
    return request.remote_addr


def init_auth(app: dash.Dash, settings: Settings, engine) -> None:
    server: Flask = app.server
    if settings.trusted_proxies > 0:
        # Behind nginx the socket's address is the proxy's: take the client's address, scheme
        # and host from the X-Forwarded-* headers the trusted proxies add, and only those.
        hops = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        # Dash's renderer reads this cookie and sends it back as the X-CSRFToken header, so
        # JavaScript must see it (not HttpOnly); the session holds the copy it is checked against.
        CSRF_COOKIE_NAME="_csrf_token", CSRF_COOKIE_HTTPONLY=False, CSRF_COOKIE_SAMESITE="Lax",
        CSRF_COOKIE_SECURE=settings.secure_cookies,
    )
    csrf = SeaSurf(server)

    login_manager = LoginManager(server)
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id, _, version = str(session_id).partition(":")
        if not (user_id.isdigit() and version.isdigit()) or len(session_id) > 40:
            return None  # a session from before versions, or not written by us
        account = accounts.get_account(engine, int(user_id))
        if account is None or account.session_version != int(version):
            return None  # signed out, password changed or user disabled since
        return SessionUser(account)

    sessions.init_sessions(server, settings)

    @server.before_request
    def require_login_unless_anonymous_allowed():
        if settings.allow_anonymous or current_account() is not None:
            return None
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        if request.method == "GET" and not request.path.startswith("/_dash-"):
            here = request.full_path.rstrip("?")
            return redirect(login_href(here, normalise_lang(lang_of(here))))
        return jsonify(error="login required / 请先登录"), 401

    @server.errorhandler(413)
    def too_large(_error):
        mb = settings.max_upload_bytes // (1024 * 1024)
        return (t("error_too_large", "zh", mb=mb) + "\n" + t("error_too_large", "en", mb=mb) + "\n",
                413, {"Content-Type": "text/plain; charset=utf-8"})

    csp_cache: dict[str, str] = {}

    @server.after_request
    def security_headers(response):
        if "policy" not in csp_cache:
            # Dash's inline scripts (the renderer's start and clientside callbacks) are
            # allowed by their hashes, not by 'unsafe-inline'. plotly.js compiles functions at
            # run time: without 'unsafe-eval' its bundle fails to start in Chromium (tested in
            # tests/browser). plotly.js and Dash components set inline styles.
            scripts = " ".join(["'self'", "'unsafe-eval'", *app.csp_hashes()])
            csp_cache["policy"] = "; ".join([
                "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
                "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
                "form-action 'self'", "frame-ancestors 'none'"])
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp_cache["policy"])
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if settings.secure_cookies:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @server.route("/login", methods=["GET", "POST"])
    def login():
        asked = safe_next(request.values.get("next"))
        # The page's language: as asked, else the language of the page the user came from;
        # the user returns to that page in the language they signed in with.
        lang = normalise_lang(request.values.get("lang") or lang_of(asked))
        target = with_lang(asked, lang)
        error, status = None, 200
        if request.method == "POST":
            name = request.form.get("name", "").strip()[:64]
            # Hashing costs in proportion to the length: no stored password is longer.
            password = request.form.get("password", "")[:accounts.MAX_PASSWORD_CHARS + 1]
            client = client_address()
            # Counted before the password is checked, so parallel guesses are all counted.
            attempt = login_throttle.reserve(engine, name, client)
            if not attempt.allowed:
                error, status = t("login_wait", lang, wait=wait_text(attempt.wait_seconds, lang)), 429
            else:
                account = accounts.authenticate(engine, name, password)
                if account is None:
                    accounts.audit(engine, name or "?", "login_failed", client=client)
                    error, status = t("login_failed", lang), 401
                else:
                    login_throttle.succeeded(engine, name, client)
                    login_user(SessionUser(account))
                    sessions.started()
                    # A token a page held before signing in (or one planted by someone else)
                    # is not the one the signed-in session accepts.
                    csrf.generate_new_token()
                    accounts.audit(engine, account.name, "login", client=client)
                    return redirect(target)
        return render_page("login.html", lang, error=error, next=target,
                           account=current_account(),
                           switch={other: login_href(target, other) for other in ("zh", "en")},
                           home=with_lang("/", lang)), status

    @server.route("/logout", methods=["POST"])
    def logout():
        account = current_account()
        if account is not None:
            # Every copy of this session's cookie stops working, not only the browser's own.
            accounts.end_sessions(engine, account.id)
            logout_user()
            sessions.ended()
            staging.unstage_all(account.name)  # previews left behind are abandoned
        # Back to the page the user signed out from (a path on this site only).
        return redirect(safe_next(request.form.get("next")))

    @server.route("/audit")
    def audit_log():
        account = current_account()
        if account is None:
            return redirect(login_href(request.full_path.rstrip("?"),
                                       normalise_lang(request.args.get("lang"))))
        if not account.is_admin:
            abort(403)
        lang = normalise_lang(request.args.get("lang"))
        return render_page("audit.html", lang, entries=accounts.audit_entries(engine),
                           users=accounts.list_users(engine))

    from dashboard.server.admin import init_admin
    from dashboard.server.downloads import init_downloads

    init_admin(server, engine, current_account, client_address)
    init_downloads(server, current_account, client_address)

