"""An uploaded file held on disk between its preview and the user's confirmation, with the
full list of its problems as CSV beside it.

The file travels through the browser once: the preview stages it under a random token, and
confirming reads it from there, so any worker process can confirm what another previewed.
A stage belongs to the user who made it and to nobody else. What it may hold is bounded:
each user keeps at most MAX_STAGES_PER_USER previews within a byte quota (a new preview
replaces the user's oldest, as when a second tab previews another file); a preview untouched
for STAGED_FOR_SECONDS is abandoned and removed when the next one is staged; signing out
removes the user's previews.

Per token: <token>.bin (the file), <token>.json (owner, file name, size), and
<token>.problems.csv once it has been checked.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from config import DATA_DIR

STAGING_DIR = DATA_DIR / "cache" / "uploads"
STAGED_FOR_SECONDS = 2 * 3600  # since the preview was last shown, checked again or downloaded
MAX_STAGES_PER_USER = 2
PROBLEMS_SUFFIX = ".problems.csv"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Usage:
    """What one user's previews hold on disk (the admin page shows it)."""

    owner: str
    previews: int
    bytes: int


def decode_contents(contents: str) -> bytes | None:
    """dcc.Upload's data URL ("data:...;base64,....") to bytes."""
    if not isinstance(contents, str):
        return None
    try:
        _, encoded = contents.split(",", 1)
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return None


def stage(content: bytes, file_name: str, owner: str, quota_bytes: int) -> str:
    """Keep content for owner under a new token; the owner's oldest previews go first when
    this one would pass MAX_STAGES_PER_USER or quota_bytes."""
    STAGING_DIR.mkdir(parents=True, exist_ok=True)
    forget_abandoned()
    own = sorted(_stages_of(owner), key=lambda s: s[1])  # oldest first
    while own and (len(own) >= MAX_STAGES_PER_USER
                   or sum(size for _, _, size in own) + len(content) > quota_bytes):
        unstage(own.pop(0)[0], owner)
    token = secrets.token_hex(16)
    _path(token, ".bin").write_bytes(content)
    _path(token, ".json").write_text(json.dumps(
        {"owner": owner, "name": file_name, "bytes": len(content)}, ensure_ascii=False),
        encoding="utf-8")
    return token


def staged(token, owner: str) -> tuple[bytes, str] | None:
    """The staged file and its name, when token is owner's; reading it keeps it alive."""
    meta = _meta(token, owner)
    if meta is None:
        return None
    try:
        content = _path(token, ".bin").read_bytes()
    except OSError:
        return None
    _touch(token)
    return content, meta["name"]


def unstage(token, owner: str) -> None:
    if _meta(token, owner) is not None:
        _remove(token)


def unstage_all(owner: str) -> None:
    """Every preview of owner (signing out abandons them)."""
    for token, _, _ in _stages_of(owner):
        _remove(token)


def keep_problems(token: str, owner: str, csv_bytes: bytes) -> None:
    """The full problem list of the staged file as last checked, to download."""
    if _meta(token, owner) is not None:
        tmp = _path(token, PROBLEMS_SUFFIX + ".tmp")
        tmp.write_bytes(csv_bytes)
        os.replace(tmp, _path(token, PROBLEMS_SUFFIX))  # a download never reads half a file


def problems_file(token, owner: str) -> tuple[Path, str] | None:
    """The problem list's path and the staged file's name, when token is owner's."""
    meta = _meta(token, owner)
    path = _path(token, PROBLEMS_SUFFIX) if meta is not None else None
    if path is None or not path.exists():
        return None
    _touch(token)
    return path, meta["name"]


def usage() -> list[Usage]:
    """Previews and bytes on disk per user, largest first (abandoned ones removed first)."""
    forget_abandoned()
    totals: dict[str, list[int]] = {}
    for meta_path in STAGING_DIR.glob("*.json") if STAGING_DIR.exists() else ():
        token = meta_path.stem
        meta = _read_meta(token)
        if meta is None:
            continue
        size = sum(_size(_path(token, s)) for s in (".bin", ".json", PROBLEMS_SUFFIX))
        entry = totals.setdefault(meta["owner"], [0, 0])
        entry[0] += 1
        entry[1] += size
    return sorted((Usage(o, n, b) for o, (n, b) in totals.items()), key=lambda u: -u.bytes)


def forget_abandoned(now: float | None = None) -> None:
    """Remove every file of a preview untouched for STAGED_FOR_SECONDS (any owner)."""
    if not STAGING_DIR.exists():
        return
    cutoff = (time.time() if now is None else now) - STAGED_FOR_SECONDS
    for path in STAGING_DIR.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def _path(token: str, suffix: str) -> Path:
    return STAGING_DIR / f"{token}{suffix}"


def _read_meta(token) -> dict | None:
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None  # the token comes from the browser: never let it name another path
    try:
        meta = json.loads(_path(token, ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("owner"), str) else None


def _meta(token, owner: str) -> dict | None:
    meta = _read_meta(token)
    return meta if meta is not None and meta["owner"] == owner else None


def _stages_of(owner: str) -> list[tuple[str, float, int]]:
    """(token, last touched, bytes) of owner's previews."""
    found = []
    for meta_path in STAGING_DIR.glob("*.json") if STAGING_DIR.exists() else ():
        meta = _read_meta(meta_path.stem)
        if meta is not None and meta["owner"] == owner:
            try:
                touched = meta_path.stat().st_mtime
            except OSError:
                continue
            found.append((meta_path.stem, touched, int(meta.get("bytes") or 0)))
    return found


def _touch(token: str) -> None:
    now = time.time()
    for suffix in (".bin", ".json", PROBLEMS_SUFFIX):
        try:
            os.utime(_path(token, suffix), (now, now))
        except OSError:
            pass


def _remove(token: str) -> None:
    for suffix in (".bin", ".json", PROBLEMS_SUFFIX, PROBLEMS_SUFFIX + ".tmp"):
        _path(token, suffix).unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
