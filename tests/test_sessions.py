"""Sessions that can be revoked, through HTTP on a real database (SQLite and PostgreSQL): a
copy of a session cookie stops working when its user signs out, changes password or is
disabled; the CSRF token changes at sign-in; sessions end after an idle time and a lifetime
(dashboard/server/sessions.py)."""

from __future__ import annotations

import time

import pytest

from config import Settings
from dashboard.server.sessions import SEEN_AT, SIGNED_IN_AT
from db.accounts import set_active, set_password
from tests.web_client import app_with_accounts, browser_client, csrf, sign_in

NEW_PASSWORD = "a brand new secret"


@pytest.fixture
def app(engine):
    return app_with_accounts(engine)


def signed_in(app, name: str = "boss"):
    client = browser_client(app)
    assert sign_in(client, name).status_code == 302
    return client


def copy_of(app, client):
    """Another client holding the same session cookie, as an attacker who copied it."""
    thief = app.server.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_the_audit_log(client) -> bool:
    return client.get("/audit").status_code == 200


def test_a_cookie_copied_before_sign_out_stops_working_after_it(app):
    client = signed_in(app)
    thief = copy_of(app, client)
    assert opens_the_audit_log(thief)
    client.post("/logout", data={"_csrf_token": csrf(client)})
    assert not opens_the_audit_log(thief) and not opens_the_audit_log(client)


def test_a_password_change_ends_every_session_opened_before(app, engine):
    client = signed_in(app)
    thief = copy_of(app, client)
    set_password(engine, "boss", NEW_PASSWORD)
    assert not opens_the_audit_log(client) and not opens_the_audit_log(thief)
    assert sign_in(browser_client(app), "boss", NEW_PASSWORD).status_code == 302


def test_disabling_a_user_ends_their_sessions_even_after_enabling_again(app, engine):
    client = signed_in(app, "luan")
    assert client.get("/audit").status_code == 403  # signed in, not an admin
    set_active(engine, "luan", False)
    set_active(engine, "luan", True)
    assert client.get("/audit").status_code == 302  # anonymous: sent to sign in
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_the_csrf_token_changes_at_sign_in_and_the_old_one_is_refused(app):
    client = browser_client(app)
    before = csrf(client)
    sign_in(client, "boss")
    after = csrf(client)
    assert after != before
    refused = client.post("/admin/users/add", data={"_csrf_token": before, "name": "x",
                                                    "password": "long enough pw", "role": "viewer"})
    assert refused.status_code in (400, 403)


def test_a_session_ends_after_the_idle_time(app):
    client = signed_in(app)
    with client.session_transaction() as session:
        session[SEEN_AT] = time.time() - 8 * 3600 - 5  # eight hours without a request
    assert not opens_the_audit_log(client)


def test_a_session_ends_after_its_lifetime_however_busy(app):
    client = signed_in(app)
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = time.time() - 7 * 86400 - 5
    assert not opens_the_audit_log(client)


def test_a_busy_session_stays_and_its_cookie_expires_with_the_lifetime(app):
    client = signed_in(app)
    with client.session_transaction() as session:
        session[SEEN_AT] = time.time() - 7 * 3600  # seven hours idle: still within eight
    assert opens_the_audit_log(client)
    with client.session_transaction() as session:
        assert time.time() - session[SEEN_AT] < 60  # the request counted as activity
    expires = client.get_cookie("session").expires
    assert expires is not None and 6.9 * 86400 < expires.timestamp() - time.time() <= 7 * 86400


def test_idle_time_and_lifetime_come_from_the_environment():
    settings = Settings.from_env({"SESSION_IDLE_HOURS": "1", "SESSION_MAX_DAYS": "2"})
    assert (settings.session_idle_hours, settings.session_max_days) == (1, 2)
    assert (Settings.from_env({}).session_idle_hours, Settings.from_env({}).session_max_days) == (8, 7)
