"""Settings from the environment, read once when the app or CLI starts."""

from __future__ import annotations

import os
from dataclasses import dataclass

from catalog.files import DATA_DIR

ROOT = DATA_DIR.parent
# Anhui: the demo's province, the hint for names a sheet leaves open and the province an
# empty database opens on. The only place it is written; HOME_PROVINCE overrides it for pages.
DEFAULT_PROVINCE = "340000"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'indicators.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8050
    secret_key: str = "dev-only-secret"
    max_upload_bytes: int = 20 * 1024 * 1024
    load_demo_if_empty: bool = True
    # Anonymous read-only browsing: on for the demo, off in production (APP_ENV=production).
    allow_anonymous: bool = True
    # Session and CSRF cookies only over HTTPS; on in production.
    secure_cookies: bool = False
    # How many reverse proxies (nginx …) stand in front of the app: their X-Forwarded-For and
    # X-Forwarded-Proto are believed that many hops deep, so the audit log and the login rate
    # limit see the client's address. 0 (the default) believes no such header: without a proxy
    # a client could write any address into it.
    trusted_proxies: int = 0
    # The province the dashboard opens on (an adcode such as 340000). Empty: the province
    # most stored values belong to; a national database should name its own.
    home_province: str = ""

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        production = env.get("APP_ENV", "").lower() == "production"
        secret_key = env.get("SECRET_KEY", "dev-only-secret")
        if production and secret_key == "dev-only-secret":
            raise RuntimeError("APP_ENV=production needs a SECRET_KEY of its own")
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("PORT", "8050")),
            secret_key=secret_key,
            max_upload_bytes=int(env.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
            load_demo_if_empty=_flag(env.get("LOAD_DEMO"), default=not production),
            allow_anonymous=_flag(env.get("ALLOW_ANONYMOUS"), default=not production),
            secure_cookies=_flag(env.get("SESSION_COOKIE_SECURE"), default=production),
            trusted_proxies=int(env.get("TRUSTED_PROXIES", "0") or 0),
            home_province=env.get("HOME_PROVINCE", "").strip(),
        )


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")
