"""Checks on an uploaded file before any parser sees it: size, type by content, macros,
and zip bombs (the sizes a zip header states are the sender's to choose, so the bytes
actually inflated are counted)."""

from __future__ import annotations

import io
import zipfile

from etl.problems import Problem

MAX_ZIP_ENTRIES = 5_000
MAX_INFLATED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100  # inflated / compressed, over the whole archive
RATIO_FLOOR_BYTES = 20 * 1024 * 1024  # small archives of repetitive XML compress well: allowed
MACRO_MARKERS = ("xl/vbaproject.bin", "xl/macrosheets/")


def _inflated_size(z: zipfile.ZipFile, limit: int) -> int:
    total = 0
    for info in z.infolist():
        with z.open(info) as f:
            while chunk := f.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    return total
    return total


def check_file(content: bytes, file_name: str, max_bytes: int) -> list[Problem]:
    """Problems that forbid reading the file at all; empty when it may be parsed."""
    def reject(rule: str, detail: str = "") -> list[Problem]:
        return [Problem("error", rule, file_name, expected="file", detail=detail)]

    if len(content) > max_bytes:
        return reject("too_large", f"{len(content) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB")
    if file_name.lower().endswith((".xlsm", ".xltm", ".xlam")):
        return reject("macro_enabled")
    if content[:4] != b"PK\x03\x04":
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return reject("zip_bomb", f"{len(infos)} entries")
            names = [i.filename.lower() for i in infos]
            if any(n.startswith(MACRO_MARKERS) for n in names):
                return reject("macro_enabled")
            if "[content_types].xml" in names:
                types = z.read(next(i for i in infos if i.filename.lower() == "[content_types].xml"))
                if b"macroEnabled" in types:
                    return reject("macro_enabled")
            inflated = _inflated_size(z, MAX_INFLATED_BYTES)
            if inflated > MAX_INFLATED_BYTES:
                return reject("zip_bomb", f"> {MAX_INFLATED_BYTES // 2**20} MB uncompressed")
            if inflated > RATIO_FLOOR_BYTES and inflated > MAX_RATIO * len(content):
                return reject("zip_bomb", f"compression ratio {inflated // len(content)}:1")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        return reject("unreadable_file", f"zip: {exc}")
    except Exception as exc:  # zlib.error and other decoder failures of a corrupt archive
        return reject("unreadable_file", f"zip: {exc}")
    return []
