"""An .xlsx file written as a stream: one sheet of plain values, sent piece by piece while it
is written, in constant memory (a download of a million rows never exists whole, in memory
or on disk).

A workbook is a zip of XML parts. Python's zipfile writes to a stream that cannot seek (data
descriptors after each part), so the sheet's XML is compressed into the stream row batch by
row batch. Cells are numbers, booleans and inline strings, which Excel, WPS, LibreOffice and
openpyxl all read; no shared-string table has to be held. xlsxwriter's constant-memory mode
writes the same file but costs 20 µs a cell; this costs about 2.
"""

from __future__ import annotations

import math
import re
import zipfile
from typing import Iterable, Iterator
from xml.sax.saxutils import escape

MAX_ROWS = 1_048_576  # Excel's sheet
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
# The one style every cell has: Excel opens a workbook without styles.xml, but warns.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<sheetData>')
_SHEET_TAIL = '</sheetData></worksheet>'
# Characters XML 1.0 cannot carry, written as Excel writes them (_x000B_).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Sink:
    """What zipfile writes, kept until the stream's consumer takes it."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def column_letters(n: int) -> list[str]:
    """A, B, … for n columns."""
    letters = []
    for i in range(n):
        name, i = "", i + 1
        while i:
            i, rest = divmod(i - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _text(value: str) -> str:
    value = escape(value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", value)
    return value


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # a numpy scalar, from a DataFrame's rows
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}"><v>{value!r}</v></c>' if math.isfinite(value) else ""
    text = _text(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def rows_xml(first_row: int, rows: Iterable[tuple], letters: list[str]) -> tuple[str, int]:
    """The XML of rows numbered from first_row, and the next row's number. A value that is
    None (or NaN) leaves its cell out."""
    parts, r = [], first_row
    for row in rows:
        cells = "".join(_cell(f"{letter}{r}", value) for letter, value in zip(letters, row))
        parts.append(f'<row r="{r}">{cells}</row>')
        r += 1
    return "".join(parts), r


def xlsx_stream(header: list[str], batches: Iterable[Iterable[tuple]],
                sheet_name: str = "Sheet1") -> Iterator[bytes]:
    """The workbook's bytes, a piece per batch of rows: header, then each batch's rows."""
    letters = column_letters(len(header))
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name[:31])))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        yield sink.take()
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            head, row = rows_xml(1, [tuple(header)], letters)
            sheet.write((_SHEET_HEAD + head).encode("utf-8"))
            for batch in batches:
                xml, row = rows_xml(row, batch, letters)
                if row > MAX_ROWS + 1:
                    raise ValueError(f"more than {MAX_ROWS:,} rows for one sheet")
                sheet.write(xml.encode("utf-8"))
                yield sink.take()
            sheet.write(_SHEET_TAIL.encode("utf-8"))
    yield sink.take()
