"""Read a spreadsheet file into plain grids of cell values, one per visible sheet.

.xlsx/.xlsm/.xls/.ods go through python-calamine (fast, and it reports merged ranges);
.csv is decoded as UTF-8 (with or without BOM) or GBK/GB18030, detected from the bytes.
Sheets beyond etl.limits are refused before their grid is built.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from etl.limits import MAX_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS


class UnreadableFile(ValueError):
    """No table can be read from the file; rule, sheet and cell locate the reason."""

    def __init__(self, detail: str, rule: str = "unreadable_file", sheet: str | None = None,
                 cell: str | None = None):
        super().__init__(detail)
        self.rule, self.sheet, self.cell = rule, sheet, cell


@dataclass
class SheetGrid:
    name: str
    rows: list[list[object]]  # rows[r][c], 0-based, from cell A1
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    def cell(self, r: int, c: int) -> object:
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def a1(row: int, col: int) -> str:
    """0-based row and column to A1 notation: (6, 3) -> 'D7'."""
    return f"{column_letters(col)}{row + 1}"


@cache
def column_letters(col: int) -> str:
    """0-based column to its letters: 0 -> 'A', 26 -> 'AA'. Ours rather than openpyxl's
    get_column_letter, whose import cost every load 0.1 s (tests hold the two equal)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# Formats people rename to .xlsx or .csv by mistake; text-like enough to pass as a CSV.
FOREIGN_MAGIC = {b"%PDF": "PDF", b"{\\rtf": "RTF", b"<?xml": "XML", b"\x1f\x8b": "gzip",
                 b"Rar!": "RAR", b"7z\xbc\xaf": "7z", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF"}


def sheet_too_large(sheet: str, row: int, col: int, rows: int, cols: int, partial: bool = False
                    ) -> UnreadableFile:
    """The located problem for a sheet past etl.limits; (row, col) is the cell that broke it."""
    more = "+" if partial else ""
    return UnreadableFile(f"{rows:,}{more} × {cols:,}", "sheet_too_large", sheet, a1(row, col))


def check_extent(sheet: str, rows: int, cols: int, cells_before: int = 0) -> int:
    """Cells of a sheet's used rectangle, or a located error when it is past the limits."""
    if rows > MAX_SHEET_ROWS or cols > MAX_SHEET_COLUMNS or cells_before + rows * cols > MAX_CELLS:
        raise sheet_too_large(sheet, rows - 1, cols - 1, rows, cols)
    return rows * cols


def sniff_kind(content: bytes, file_name: str) -> str:
    """'xlsx', 'xls' or 'csv' from the bytes themselves; the name only breaks a tie."""
    if not content.strip():
        raise UnreadableFile("文件为空 / the file is empty")
    for magic, kind in FOREIGN_MAGIC.items():
        if content.startswith(magic):
            raise UnreadableFile(f"不是表格文件（{kind}）/ not a spreadsheet ({kind})")
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        return "xls"
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("不是表格文件（二进制内容） / not a spreadsheet (binary content)")
    return "csv"


def decode_text(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError:
            content = content[3:]  # a BOM in front of GBK (some editors add one): detect below
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("UTF-16 文本无法解码 / cannot decode the UTF-16 text") from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312: one decoder covers all three.
        return content.decode("gb18030")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(content).best()
        if best is None:
            raise UnreadableFile("无法识别文本编码 / cannot detect the text encoding") from None
        return str(best)


def read_csv(content: bytes, file_name: str) -> list[SheetGrid]:
    text = decode_text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # The stem stands in for a sheet name: cut to what a sheet name column holds.
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:100]
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list] = []
    width = 0
    try:
        for r in reader:
            n, width = len(rows), max(width, len(r))
            if n >= MAX_SHEET_ROWS:
                raise sheet_too_large(stem, n, 0, n + 1, width, partial=True)
            if width > MAX_SHEET_COLUMNS:
                raise sheet_too_large(stem, n, MAX_SHEET_COLUMNS, n + 1, width, partial=True)
            if (n + 1) * width > MAX_CELLS:
                raise sheet_too_large(stem, n, width - 1, n + 1, width, partial=True)
            rows.append([c if c != "" else None for c in r])
    except csv.Error as exc:  # a field past csv.field_size_limit(), a broken quote
        line = reader.line_num
        raise UnreadableFile(f"CSV 第 {line} 行 / line {line}: {exc}", sheet=stem,
                             cell=f"{line}:{line}") from None
    return [SheetGrid(name=stem, rows=rows)]


_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<v>([^<]*)</v>')
# A formula whose result was never computed (openpyxl and other scripts write these): readers
# see an empty cell, which would turn the figure the user sees in Excel into "no data".
# (t="str" with an empty value is a computed empty text, as in =IF(A1="","",A1*2).)
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+)(\d+)"(?![^>]*?t="(?:e|str)")[^>]*>\s*<f[^>]*?(?:/>|>([^<]*)</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\s[^>]*>')
_ATTR = re.compile(rb'(?:^|\s)([\w:]+)\s*=\s*"([^"]*)"')
_REL_ENTRY = re.compile(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ENTRY_REV = re.compile(rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def xlsx_sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(sheet name, part path in the zip, visible) for each sheet the workbook lists."""
    import html

    names = set(z.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    rels_xml = z.read("xl/_rels/workbook.xml.rels")
    rels = {rid: target for rid, target in _REL_ENTRY.findall(rels_xml)}
    rels.update({rid: target for target, rid in _REL_ENTRY_REV.findall(rels_xml)})
    parts = []
    for tag in _SHEET_TAG.findall(z.read("xl/workbook.xml")):
        attrs = {k.split(b":")[-1] if k != b"r:id" else k: v for k, v in _ATTR.findall(tag[1:])}
        name, rid = attrs.get(b"name"), attrs.get(b"r:id") or attrs.get(b"id")
        if name is None or rid is None:
            continue
        target = rels.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in names:
            visible = attrs.get(b"state", b"visible") == b"visible"
            parts.append((html.unescape(name.decode()), path, visible))
    return parts


def xlsx_error_cells(content: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Error cells (#DIV/0!, #REF! ...) and formulas without a computed value, per sheet
    name. calamine reads both as empty, which would turn a broken or uncomputed formula
    into "no data"; the sheet XML marks errors with t="e". An uncomputed formula comes
    back as its text ("=A1*2"), which validation reports as such."""
    import html

    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            for name, path, _visible in xlsx_sheet_parts(z):
                xml = z.read(path)
                cells = {}
                if b't="e"' in xml:
                    cells.update({(int(row) - 1, _col_index(col)): value.decode()
                                  for col, row, value in _ERROR_CELL.findall(xml)})
                if b"<f" in xml:
                    cells.update({(int(row) - 1, _col_index(col)): "=" + html.unescape(formula.decode())
                                  for col, row, formula in _FORMULA_NO_VALUE.findall(xml)})
                if cells:
                    found[name] = cells
    except (zipfile.BadZipFile, KeyError):
        return {}
    return found


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Excel encrypts a workbook "without a password" with this documented key, and opens it
# without asking (CNKI's .xls downloads and many government workbooks are such files).
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"


def decrypted(content: bytes) -> bytes:
    """The workbook as Excel opens it: one encrypted with Excel's default key is decrypted;
    one protected by a real password is refused with a plain message, never "corrupt"."""
    if content[:8] != OLE_MAGIC:
        return content
    import msoffcrypto

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(content))
        if not office.is_encrypted():
            return content
    except Exception:  # noqa: BLE001 - not an Office container msoffcrypto knows: the reader judges
        return content
    try:
        office.load_key(password=EXCEL_DEFAULT_PASSWORD)
        out = io.BytesIO()
        office.decrypt(out)
    except Exception:  # noqa: BLE001 - a wrong key fails in load_key or decrypt, by format
        raise UnreadableFile("文件已加密，请另存为无密码文件 / the workbook is password-protected; "
                             "save it without a password", rule="password_protected") from None
    return out.getvalue()


def read_workbook(content: bytes) -> list[SheetGrid]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise UnreadableFile(f"文件已损坏或格式不支持 / corrupt or unsupported workbook: {exc}") from exc
    grids = []
    cells = 0
    try:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue  # hidden sheets hold lookups and scratch work, not the report
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.end is not None:  # the grid below starts at A1 and runs to the end
                cells += check_extent(meta.name, sheet.end[0] + 1, sheet.end[1] + 1, cells)
            rows = sheet.to_python(skip_empty_area=False)
            rows = [[None if v == "" else v for v in row] for row in rows]
            grids.append(SheetGrid(name=meta.name, rows=rows,
                                   merged=list(sheet.merged_cell_ranges or [])))
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"读取工作表失败 / cannot read a sheet: {exc}") from exc
    finally:
        book.close()
    return grids


def read_file(content: bytes, file_name: str) -> list[SheetGrid]:
    kind = sniff_kind(content, file_name)
    if kind == "csv":
        return read_csv(content, file_name)
    grids = read_workbook(content)
    if kind == "xlsx":
        errors = xlsx_error_cells(content)
        for grid in grids:
            for (r, c), text in errors.get(grid.name, {}).items():
                while len(grid.rows) <= r:
                    grid.rows.append([])
                row = grid.rows[r]
                row.extend([None] * (c + 1 - len(row)))
                row[c] = text
    return grids
