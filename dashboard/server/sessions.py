"""How long a sign-in lasts: an idle timeout and an absolute lifetime (SESSION_IDLE_HOURS,
SESSION_MAX_DAYS), and the session version compared on every request (dashboard.server.auth's
user loader), so a session ends when its user signs out, changes password or is disabled.

Sessions are signed cookies: the times live in the cookie, under the signature, and Flask
also refuses a cookie older than the absolute lifetime.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, request, session
from flask_login import current_user, logout_user

from config import Settings

SIGNED_IN_AT = "_signed_in_at"
SEEN_AT = "_seen_at"
# The last-seen time is rewritten (a new cookie) at most this often, not on every request.
SEEN_RESOLUTION = 60.0
# Files every page needs, which say nothing about who asks: no session lookup for them.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico", "/favicon.ico")


def started() -> None:
    """Call right after login_user: the session's clock starts, and the cookie carries an
    expiry (the absolute lifetime) instead of living as long as the browser."""
    now = time.time()
    session.permanent = True
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def ended() -> None:
    session.pop(SIGNED_IN_AT, None)
    session.pop(SEEN_AT, None)


def expired(now: float, signed_in_at, seen_at, idle: float, lifetime: float) -> bool:
    """Whether a session with these times has ended (times missing or forged: ended)."""
    if not all(isinstance(t, (int, float)) for t in (signed_in_at, seen_at)):
        return True
    return now - signed_in_at > lifetime or now - seen_at > idle or signed_in_at > now + 60


def init_sessions(server: Flask, settings: Settings) -> None:
    idle = settings.session_idle_hours * 3600
    lifetime = settings.session_max_days * 86400
    server.permanent_session_lifetime = timedelta(seconds=lifetime)
    # The cookie is rewritten when the session changes (SEEN_AT), not on every response.
    server.config["SESSION_REFRESH_EACH_REQUEST"] = False

    @server.before_request
    def check_session():
        if request.path.startswith(STATIC_PREFIXES) or "_user_id" not in session:
            return
        now = time.time()
        if expired(now, session.get(SIGNED_IN_AT), session.get(SEEN_AT), idle, lifetime):
            logout_user()
            ended()
            return
        if not current_user.is_authenticated:
            # The version no longer matches (or the user is gone): the cookie is cleared, so
            # the next request does not look the user up again.
            logout_user()
            ended()
            return
        if now - session[SEEN_AT] > SEEN_RESOLUTION:
            session[SEEN_AT] = now
