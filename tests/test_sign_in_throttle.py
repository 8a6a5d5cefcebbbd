"""Signing in under attack, through HTTP on a real database (SQLite and PostgreSQL): failures
delay only that name from that address, with growing delays and never a lock; an admin clears
them from the command line; a wrong password takes as long for a name that does not exist;
parallel guesses are all counted (db/login_throttle.py)."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from db.accounts import audit_entries, authenticate
from db.login_throttle import (FIRST_DELAY, FREE_ADDRESS_FAILURES, FREE_FAILURES, MAX_DELAY,
                               reserve, succeeded)
from etl.cli import main as etl_main
from tests.web_client import PASSWORD, app_with_accounts, csrf

ATTACKER = "203.0.113.9"
ADMIN_DESK = "198.51.100.7"


@pytest.fixture
def app(engine):
    return app_with_accounts(engine)


def client_from(app, address: str):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.get("/login")  # sets the CSRF cookie, as the login page does in a browser
    return client


def sign_in(client, name: str, password: str = PASSWORD):
    return client.post("/login", data={"name": name, "password": password,
                                       "_csrf_token": csrf(client), "next": "/"})


def test_failures_delay_that_name_from_that_address_only_and_never_lock_the_admin(app, engine):
    attacker = client_from(app, ATTACKER)
    for _ in range(FREE_FAILURES):
        assert sign_in(attacker, "boss", "wrong password").status_code == 401
    held = sign_in(attacker, "boss")  # even the right password waits out the delay
    assert held.status_code == 429 and "登录失败次数过多" in held.text and "秒后再试" in held.text
    assert sign_in(client_from(app, ATTACKER), "reader").status_code == 302  # another name
    # The administrator at their own desk signs in while the attack goes on.
    assert sign_in(client_from(app, ADMIN_DESK), "boss").status_code == 302
    failed = [e for e in audit_entries(engine) if e["action"] == "login_failed"]
    assert len(failed) == FREE_FAILURES and {e["client"] for e in failed} == {ATTACKER}


def test_delays_grow_with_each_failure_up_to_a_ceiling_and_then_let_an_attempt_through(engine):
    now = 1_000_000.0
    for _ in range(FREE_FAILURES):
        assert reserve(engine, "boss", ATTACKER, now).allowed
    waits = []
    for _ in range(8):
        wait = reserve(engine, "boss", ATTACKER, now).wait_seconds
        waits.append(wait)
        now += wait  # the attacker waits exactly as long as told, then fails again
        assert reserve(engine, "boss", ATTACKER, now).allowed
    assert waits[0] == FIRST_DELAY and waits[1] == 2 * FIRST_DELAY and waits[2] == 4 * FIRST_DELAY
    assert max(waits) == MAX_DELAY and waits == sorted(waits)
    succeeded(engine, "boss", ATTACKER)  # the right password at last: from zero again
    for _ in range(FREE_FAILURES):
        assert reserve(engine, "boss", ATTACKER, now).allowed


def test_one_address_trying_many_names_is_slowed_as_well(engine):
    now = 2_000_000.0
    for i in range(FREE_ADDRESS_FAILURES):
        assert reserve(engine, f"user{i}", ATTACKER, now).allowed
    assert reserve(engine, "someone-else", ATTACKER, now).wait_seconds == FIRST_DELAY
    assert reserve(engine, "someone-else", ADMIN_DESK, now).allowed


def test_an_admin_clears_the_delays_from_the_command_line(app, engine, db_url, monkeypatch, capsys):
    attacker = client_from(app, ATTACKER)
    for _ in range(FREE_FAILURES):
        sign_in(attacker, "boss", "wrong password")
    assert sign_in(attacker, "boss").status_code == 429
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert etl_main(["users", "unlock", "boss"]) == 0
    assert "boss" in capsys.readouterr().out
    assert sign_in(client_from(app, ATTACKER), "boss").status_code == 302
    assert "user_unlock" in [e["action"] for e in audit_entries(engine)]


def test_a_wrong_password_takes_as_long_whether_or_not_the_user_exists(engine, app):
    """Timed in turns (real, unknown, real …) so that the shared machine's load falls on both
    alike. Before the dummy hash an unknown name answered 14 times faster (8 ms against 115)."""
    def seconds(name: str) -> float:
        start = time.perf_counter()
        assert authenticate(engine, name, "wrong password") is None
        return time.perf_counter() - start

    seconds("boss")  # warm up the connection
    real, unknown = [], []
    for _ in range(9):
        real.append(seconds("boss"))
        unknown.append(seconds("nobody-by-this-name"))
    ratio = statistics.median(unknown) / statistics.median(real)
    assert 0.5 < ratio < 2, (real, unknown)


def test_the_dummy_hash_costs_what_a_new_users_hash_costs():
    """The dummy hash is written out in db.accounts: it must follow werkzeug's default method
    and cost, or an unknown name would answer faster again after a werkzeug upgrade."""
    from werkzeug.security import generate_password_hash

    from db.accounts import _DUMMY_HASH

    method = generate_password_hash("any password").split("$")[0]
    assert _DUMMY_HASH.split("$")[0] == method


def test_parallel_wrong_attempts_are_all_counted(app, engine):
    clients = [client_from(app, ATTACKER) for _ in range(40)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(lambda c: sign_in(c, "boss", "wrong password").status_code, clients))
    # Only the free attempts reach the password check; every other one waits out a delay.
    assert codes.count(401) == FREE_FAILURES and codes.count(429) == 40 - FREE_FAILURES
    failed = [e for e in audit_entries(engine) if e["action"] == "login_failed"]
    assert len(failed) == FREE_FAILURES
