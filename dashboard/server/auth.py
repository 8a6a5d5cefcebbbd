"""Who is asking and what they may do: login sessions (Flask-Login), CSRF (Flask-SeaSurf),
security headers, the upload size answer (413), the anonymous-browsing gate and the client's
address behind trusted proxies. The sign-in pages are dashboard.server.sign_in, the admin
pages dashboard.server.admin; accounts themselves live in db.accounts, the sign-in throttle in
db.login_throttle, the session's lifetime rules in dashboard.server.sessions.
"""

from __future__ import annotations

import dash
from flask import Flask, current_app, jsonify, redirect, request
from flask_login import LoginManager, UserMixin, current_user
from flask_seasurf import SeaSurf
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Settings
from dashboard.context import EXTENSION
from dashboard.i18n import normalise_lang, t
from dashboard.server import sessions
from dashboard.server.login_urls import lang_of, login_href
from db import accounts

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


def csrf() -> SeaSurf:
    """The app's CSRF guard (a new token after signing in)."""
    return current_app.extensions[EXTENSION]["csrf"]


def init_auth(app: dash.Dash, settings: Settings, engine) -> None:
    """Guard every request of the app (call after the app's extension holds its engine and
    settings); the pages themselves are listed in dashboard.server.routes."""
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
    server.extensions[EXTENSION]["csrf"] = SeaSurf(server)

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
