"""Settings from the environment, read once when the app or CLI starts, and the check that
refuses to serve with a configuration an attacker could exploit (check_serving)."""

from __future__ import annotations

import ipaddress
import math
import os
from collections import Counter
from dataclasses import dataclass

from catalog import DATA_DIR

ROOT = DATA_DIR.parent
# Anhui: the demo's province, the hint for names a sheet leaves open and the province an
# empty database opens on. The only place it is written; HOME_PROVINCE overrides it for pages.
DEFAULT_PROVINCE = "340000"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'indicators.db'}"
DEV_SECRET_KEY = "dev-only-secret"
# APP_ENV values that mean "a developer's own machine"; every other value (production, prod,
# staging, a typo …) is a deployment and gets the production defaults: fail closed.
DEVELOPMENT_ENVS = frozenset({"development", "dev", "local"})
# A SECRET_KEY signs every session: anyone who guesses it can forge an administrator's cookie.
# The frequency estimate below is conservative: secrets.token_hex(16) (128 random bits)
# scores 98 at the lowest, token_hex(32) about 240.
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 80


class UnsafeConfiguration(RuntimeError):
    """The app refuses to start: the message says what to set."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8050
    secret_key: str = DEV_SECRET_KEY
    max_upload_bytes: int = 20 * 1024 * 1024
    load_demo_if_empty: bool = True
    # Anonymous read-only browsing: on for the demo, off in any deployment.
    allow_anonymous: bool = True
    # Session and CSRF cookies only over HTTPS; on in any deployment.
    secure_cookies: bool = False
    # How many reverse proxies (nginx …) stand in front of the app: their X-Forwarded-For and
    # X-Forwarded-Proto are believed that many hops deep, so the audit log and the login rate
    # limit see the client's address. 0 (the default) believes no such header: without a proxy
    # a client could write any address into it.
    trusted_proxies: int = 0
    # The province the dashboard opens on (an adcode such as 340000). Empty: the province
    # most stored values belong to; a national database should name its own.
    home_province: str = ""
    # "development" or the deployment's own name (production, staging …), from APP_ENV.
    app_env: str = "development"
    # A session ends after this long without a request, and this long after signing in.
    session_idle_hours: float = 8
    session_max_days: float = 7

    @property
    def development(self) -> bool:
        return self.app_env in DEVELOPMENT_ENVS

    @classmethod
    def from_env(cls, env: dict | None = None, *, deployed: bool = False) -> "Settings":
        """deployed: the caller is a production entry point (wsgi.py), where an unset APP_ENV
        is a deployment, not a developer's machine."""
        env = os.environ if env is None else env
        app_env = env.get("APP_ENV", "").strip().lower() or ("production" if deployed else
                                                             "development")
        production = app_env not in DEVELOPMENT_ENVS
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("PORT", "8050")),
            secret_key=env.get("SECRET_KEY", DEV_SECRET_KEY),
            max_upload_bytes=int(env.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
            load_demo_if_empty=_flag(env.get("LOAD_DEMO"), default=not production),
            allow_anonymous=_flag(env.get("ALLOW_ANONYMOUS"), default=not production),
            secure_cookies=_flag(env.get("SESSION_COOKIE_SECURE"), default=production),
            trusted_proxies=int(env.get("TRUSTED_PROXIES", "0") or 0),
            home_province=env.get("HOME_PROVINCE", "").strip(),
            app_env=app_env,
            session_idle_hours=float(env.get("SESSION_IDLE_HOURS", "8") or 8),
            session_max_days=float(env.get("SESSION_MAX_DAYS", "7") or 7),
        )


def check_serving(settings: Settings, host: str | None = None) -> None:
    """Refuse to serve (UnsafeConfiguration) where the session key could be forged: an empty
    key anywhere; outside local development (APP_ENV) or on an address other machines reach,
    any key that is not long and random. host: the address served on (settings.host when
    not given; gunicorn's bind, from gunicorn.conf.py)."""
    key = settings.secret_key
    if not key.strip():
        raise UnsafeConfiguration("SECRET_KEY is empty: unset it for local development, or set "
                                  "a long random key (python -c \"import secrets; "
                                  "print(secrets.token_hex(32))\")")
    local = is_loopback(host if host is not None else settings.host)
    if settings.development and local:
        return
    where = (f"APP_ENV={settings.app_env}" if not settings.development
             else f"serving on {host if host is not None else settings.host}")
    if key == DEV_SECRET_KEY:
        raise UnsafeConfiguration(f"{where} needs a SECRET_KEY of its own: the built-in "
                                  "development key would let anyone forge a session")
    weakness = secret_weakness(key)
    if weakness:
        raise UnsafeConfiguration(f"{where} needs a strong SECRET_KEY: {weakness} (python -c "
                                  "\"import secrets; print(secrets.token_hex(32))\")")


def secret_weakness(key: str) -> str | None:
    """Why a key is too weak to sign sessions, or None. Three estimates, each simple enough to
    state in the error: the entropy of the key's character frequencies (a word repeated to
    length scores low), repeated three-character pieces (passwordpassword…) and runs of equal
    or consecutive characters (aaaa…, 1234…, abcd…). Random keys pass all three with room."""
    if len(key) < MIN_SECRET_LENGTH:
        return f"{len(key)} characters, at least {MIN_SECRET_LENGTH} needed"
    counts = Counter(key)
    bits = abs(sum(n * math.log2(n / len(key)) for n in counts.values()))
    if bits < MIN_SECRET_BITS:
        return f"about {bits:.0f} bits of entropy, at least {MIN_SECRET_BITS} needed"
    trigrams = [key[i:i + 3] for i in range(len(key) - 2)]
    runs = sum(abs(ord(a) - ord(b)) <= 1 for a, b in zip(key, key[1:]))
    if len(set(trigrams)) < 0.75 * len(trigrams) or runs > 0.5 * (len(key) - 1):
        return "it repeats itself or runs through consecutive characters"
    return None


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach host: localhost, 127.0.0.0/8, ::1. Everything else
    (0.0.0.0, a name, a LAN address) is treated as reachable from elsewhere."""
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")
