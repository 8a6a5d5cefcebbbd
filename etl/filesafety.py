"""Checks on an uploaded file before any parser sees it: size, type by content, macros,
zip bombs (the sizes a zip header states are the sender's to choose, so the bytes
actually inflated are counted) and sheets past etl.limits (counted from the cells the file
holds, not from the dimension it declares)."""

from __future__ import annotations

import io
import re
import zipfile

from etl.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from etl.problems import Problem
from etl.readers import UnreadableFile, check_extent, sheet_too_large, xlsx_sheet_parts

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


# <row ...> and <c ...> start tags, with or without a namespace prefix (x:row); a
# self-closing <c .../> holds no value and readers skip it.
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*?)(/?)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,3})(\d*)["']""")
# The usual case, every cell's reference its first attribute (as Excel, WPS and the Python
# writers put it): a plain scan for <c r="...">. Empty formatted cells count here too.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _all_cells_start_with_ref(buf: bytes) -> bool:
    return (buf.count(b"<c ") == buf.count(b'<c r="') and b"<c>" not in buf
            and b"<c/>" not in buf and b":c " not in buf and b":c>" not in buf)


def _letters_to_index(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n - 1


def _chunks(stream):
    """The stream in pieces that end before a tag, so no tag is cut in two."""
    carry = b""
    while chunk := stream.read(1 << 20):
        buf = carry + chunk
        cut = buf.rfind(b"<")
        yield buf[:cut]
        carry = buf[cut:]
    yield carry


def _xml_extent(open_stream, sheet: str) -> tuple[int, int]:
    """(rows, columns) of the rectangle from A1 to the farthest cell with content, read as
    a stream; raises as soon as a cell lies past the row or column limit."""
    max_row, letters = 0, set()
    with open_stream() as stream:
        for buf in _chunks(stream):
            if not _all_cells_start_with_ref(buf):
                return _xml_extent_by_position(open_stream, sheet)
            refs = _CELL_REF.findall(buf)
            if not refs:
                continue
            letters.update({col for col, _ in refs})
            max_row = max(max_row, int(max(refs, key=lambda ref: (len(ref[1]), ref[1]))[1]))
            width = max(_letters_to_index(c) for c in letters) + 1
            if max_row > MAX_SHEET_ROWS or width > MAX_SHEET_COLUMNS:
                col, row = next((c, int(r)) for c, r in refs if int(r) > MAX_SHEET_ROWS
                                or _letters_to_index(c) >= MAX_SHEET_COLUMNS)
                raise sheet_too_large(sheet, row - 1, _letters_to_index(col), max_row, width,
                                      partial=True)
    return max_row, (max(_letters_to_index(c) for c in letters) + 1 if letters else 0)


def _xml_extent_by_position(open_stream, sheet: str) -> tuple[int, int]:
    """The same for sheets whose rows or cells leave out r=: each follows the one before,
    as readers place them."""
    row = col = -1
    max_row = max_col = -1
    with open_stream() as stream:
        for buf in _chunks(stream):
            for kind, attrs, empty in _ROW_OR_CELL.findall(buf):
                ref = _REF.search(attrs)
                if kind == b"row":
                    row = int(ref[2]) - 1 if ref and ref[2] else row + 1
                    col = -1
                    continue
                if ref and ref[1]:
                    col = _letters_to_index(ref[1])
                    row = int(ref[2]) - 1 if ref[2] else row
                else:
                    col += 1
                if empty:
                    continue
                max_row, max_col = max(max_row, row), max(max_col, col)
                if row >= MAX_SHEET_ROWS or col >= MAX_SHEET_COLUMNS:
                    raise sheet_too_large(sheet, row, col, max_row + 1, max_col + 1, partial=True)
    return max_row + 1, max_col + 1


def _sheet_extents(content: bytes, kind: str) -> None:
    """Raise UnreadableFile for the first visible sheet past the limits."""
    cells = 0
    if kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            for name, path, visible in xlsx_sheet_parts(z):
                if visible:  # hidden sheets are never read
                    extent = _xml_extent(lambda path=path: z.open(path), name)
                    cells += check_extent(name, *extent, cells)
        return
    import xlrd  # .xls: its reader records cells sparsely, so the count is cheap

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True, ragged_rows=True)
    except Exception:  # noqa: BLE001 - a file xlrd cannot parse is left to the main reader
        return
    try:
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            if sheet.visibility == 0 and sheet.nrows:
                cols = max(sheet.row_len(r) for r in range(sheet.nrows))
                cells += check_extent(sheet.name, sheet.nrows, cols, cells)
    finally:
        book.release_resources()


def check_file(content: bytes, file_name: str, max_bytes: int) -> list[Problem]:
    """Problems that forbid reading the file at all; empty when it may be parsed."""
    def reject(rule: str, detail: str = "") -> list[Problem]:
        return [Problem(rule, file_name, detail=detail)]

    if len(content) > max_bytes:
        return reject("too_large", f"{len(content) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB")
    if file_name.lower().endswith((".xlsm", ".xltm", ".xlam")):
        return reject("macro_enabled")
    if content[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        return _extent_problems(content, file_name, "xls")
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
    return _extent_problems(content, file_name, "xlsx")


def _extent_problems(content: bytes, file_name: str, kind: str) -> list[Problem]:
    try:
        _sheet_extents(content, kind)
    except UnreadableFile as exc:
        return [Problem(exc.rule, file_name, exc.sheet, exc.cell, detail=str(exc))]
    except Exception:  # noqa: BLE001 - a corrupt part is reported by the reader that parses it
        return []
    return []
