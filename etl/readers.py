"""Read a spreadsheet file into plain grids of cell values, one per visible sheet.

.xlsx/.xlsm/.xls/.ods go through python-calamine (fast, and it reports merged ranges);
.csv is decoded as UTF-8 (with or without BOM) or GBK/GB18030, detected from the bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook, SheetVisibleEnum


class UnreadableFile(ValueError):
    pass


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
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def sniff_kind(content: bytes, file_name: str) -> str:
    """'xlsx', 'xls' or 'csv' from the bytes themselves; the name only breaks a tie."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        return "xls"
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("不是表格文件（二进制内容） / not a spreadsheet (binary content)")
    return "csv"


def decode_text(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
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
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return [SheetGrid(name=stem, rows=[[c if c != "" else None for c in r] for r in rows])]


_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]*)</v>')
_SHEET_ENTRY = re.compile(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"')
_REL_ENTRY = re.compile(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ENTRY_REV = re.compile(rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def xlsx_error_cells(content: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Error cells (#DIV/0!, #REF! ...) per sheet name. calamine reads them as empty, which
    would turn a broken formula into "no data"; the sheet XML marks them with t="e"."""
    import html

    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return found
            rels_xml = z.read("xl/_rels/workbook.xml.rels")
            rels = {rid: target for rid, target in _REL_ENTRY.findall(rels_xml)}
            rels.update({rid: target for target, rid in _REL_ENTRY_REV.findall(rels_xml)})
            for name, rid in _SHEET_ENTRY.findall(z.read("xl/workbook.xml")):
                target = rels.get(rid, b"").decode()
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                if path not in names:
                    continue
                xml = z.read(path)
                if b't="e"' not in xml:
                    continue
                cells = {(int(row) - 1, _col_index(col)): value.decode()
                         for col, row, value in _ERROR_CELL.findall(xml)}
                if cells:
                    found[html.unescape(name.decode())] = cells
    except (zipfile.BadZipFile, KeyError):
        return {}
    return found


def read_workbook(content: bytes) -> list[SheetGrid]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise UnreadableFile(f"文件已损坏或格式不支持 / corrupt or unsupported workbook: {exc}") from exc
    grids = []
    try:
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue  # hidden sheets hold lookups and scratch work, not the report
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            rows = [[None if v == "" else v for v in row] for row in rows]
            grids.append(SheetGrid(name=meta.name, rows=rows,
                                   merged=list(sheet.merged_cell_ranges or [])))
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
