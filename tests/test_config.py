"""Configuration that fails closed (config.py): outside local development, or on an address
other machines reach, the app refuses to start without a strong SECRET_KEY; an empty key is
refused everywhere; any APP_ENV but development gets the production defaults."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings, UnsafeConfiguration, check_serving, secret_weakness

ROOT = Path(__file__).resolve().parent.parent
STRONG = secrets.token_hex(32)
WEAK = ["dev-only-secret", "short-key", "passwordpasswordpasswordpassword",
        "abcdefghijklmnopqrstuvwxyz0123456789", "a" * 64]


def settings(**env) -> Settings:
    return Settings.from_env(env)


@pytest.mark.parametrize("app_env", ["production", "prod", "PRODUCTION", "staging", "test", "x"])
def test_any_deployment_without_a_strong_key_is_refused(app_env):
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
        check_serving(settings(APP_ENV=app_env))
    for key in WEAK:
        with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
            check_serving(settings(APP_ENV=app_env, SECRET_KEY=key))
    check_serving(settings(APP_ENV=app_env, SECRET_KEY=STRONG))


@pytest.mark.parametrize("app_env", ["prod", "staging"])
def test_a_deployment_by_any_name_gets_the_production_defaults(app_env):
    s = settings(APP_ENV=app_env, SECRET_KEY=STRONG)
    assert not s.allow_anonymous and s.secure_cookies and not s.load_demo_if_empty


def test_an_empty_key_is_refused_even_in_development():
    for env in ({"SECRET_KEY": ""}, {"SECRET_KEY": "   ", "APP_ENV": "development"}):
        with pytest.raises(UnsafeConfiguration, match="empty"):
            check_serving(settings(**env))


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "dashboard.example"])
def test_serving_other_machines_with_the_development_key_is_refused(host):
    with pytest.raises(UnsafeConfiguration, match="development key"):
        check_serving(settings(HOST=host))
    with pytest.raises(UnsafeConfiguration, match="strong SECRET_KEY"):
        check_serving(settings(HOST=host, SECRET_KEY="short-key"))
    check_serving(settings(HOST=host, SECRET_KEY=STRONG))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_local_development_on_this_machine_needs_no_key(host):
    check_serving(settings(HOST=host))
    check_serving(settings(HOST=host, APP_ENV="development"))


def test_random_keys_pass_and_patterned_ones_are_named():
    assert all(secret_weakness(secrets.token_hex(16)) is None for _ in range(200))
    assert all(secret_weakness(secrets.token_urlsafe(32)) is None for _ in range(200))
    assert "characters" in secret_weakness("short-key")
    assert "repeats" in secret_weakness("passwordpasswordpasswordpassword")


def start(entry: str, **env) -> subprocess.CompletedProcess:
    """Start an entry point (wsgi, app) in its own process, as a server would."""
    base = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "SECRET_KEY", "HOST")}
    return subprocess.run([sys.executable, "-c", f"import {entry}"], cwd=ROOT, timeout=120,
                          env=base | {"DATABASE_URL": "sqlite:////nonexistent/never-created.db",
                                      "PYTHONPATH": str(ROOT)} | env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("env", [{"APP_ENV": "prod"}, {}, {"APP_ENV": "production", "SECRET_KEY": ""},
                                 {"APP_ENV": "production", "SECRET_KEY": "changeme-changeme"}])
def test_the_production_entry_point_refuses_to_start_before_touching_the_database(env):
    """wsgi.py is a deployment: without APP_ENV=development it needs a strong key; the check
    comes before the database is opened (the URL here could not be created)."""
    done = start("wsgi", **env)
    assert done.returncode != 0 and "UnsafeConfiguration" in done.stderr
    assert "SECRET_KEY" in done.stderr
