"""An uploaded file held on disk between its preview and the user's confirmation.

The file travels through the browser once: the preview stages it under a random token, and
confirming reads it from there, so any worker process can confirm what another previewed.
Staged files older than a day are removed when the next file is staged.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import time

from config import DATA_DIR

STAGING_DIR = DATA_DIR / "cache" / "uploads"
STAGED_FOR_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")

def decode_contents(contents: str) -> bytes | None:
    """dcc.Upload's data URL ("data:...;base64,....") to bytes."""
    try:
        _, encoded = contents.split(",", 1)
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return None


def stage(content: bytes, file_name: str) -> str:
    STAGING_DIR.mkdir(parents=True, exist_ok=True)
    _forget_old_stages()
    token = secrets.token_hex(16)
    (STAGING_DIR / f"{token}.bin").write_bytes(content)
    (STAGING_DIR / f"{token}.name").write_text(file_name, encoding="utf-8")
    return token


def staged(token: str | None) -> tuple[bytes, str] | None:
    if not token or not _TOKEN.match(token):
        return None  # the token comes from the browser: never let it name another path
    data, name = STAGING_DIR / f"{token}.bin", STAGING_DIR / f"{token}.name"
    if not (data.exists() and name.exists()):
        return None
    return data.read_bytes(), name.read_text(encoding="utf-8")


def unstage(token: str | None) -> None:
    if token and _TOKEN.match(token):
        for suffix in (".bin", ".name"):
            (STAGING_DIR / f"{token}{suffix}").unlink(missing_ok=True)


def _forget_old_stages() -> None:
    cutoff = time.time() - STAGED_FOR_SECONDS
    for path in STAGING_DIR.glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass
