"""A hand-made .xlsx writer for hostile inputs: the parts a reader needs and nothing else,
with sheet XML streamed into the zip so a 1,048,576-row sheet costs seconds, not gigabytes.

openpyxl and xlsxwriter refuse much of what a hostile file holds (NaN cells, control
characters, cells past XFD1048576 or without references), which is why this exists.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}{shared}</Types>")
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>")


def col_letters(col: int) -> str:
    """0-based column index to letters: 0 -> A, 16383 -> XFD."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(row: int, col: int, value, *, ref: bool = True) -> str:
    """One <c> element, 0-based position. Values: str (inline string), int/float (number,
    NaN and inf written as they would be by a careless writer), bool, ("e", "#REF!") for an
    error, ("f", "A1*2", cached) for a formula (cached None: no value), ("raw", xml)."""
    r = f' r="{col_letters(col)}{row + 1}"' if ref else ""
    if isinstance(value, tuple):
        kind = value[0]
        if kind == "e":
            return f'<c{r} t="e"><v>{escape(value[1])}</v></c>'
        if kind == "f":
            cached = value[2]
            if cached is None:
                return f"<c{r}><f>{escape(value[1])}</f><v></v></c>"
            if isinstance(cached, str):
                return f'<c{r} t="str"><f>{escape(value[1])}</f><v>{escape(cached)}</v></c>'
            return f"<c{r}><f>{escape(value[1])}</f><v>{cached!r}</v></c>"
        if kind == "s":  # index into the shared strings
            return f'<c{r} t="s"><v>{value[1]}</v></c>'
        if kind == "raw":
            return value[1]
        raise ValueError(kind)
    if isinstance(value, bool):
        return f'<c{r} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        text = {float("inf"): "INF", float("-inf"): "-INF"}.get(value, repr(value))
        if value != value:
            text = "NaN"
        return f"<c{r}><v>{text}</v></c>"
    return f'<c{r} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: Iterable[Iterable], *, refs: bool = True) -> Iterator[str]:
    """<row> elements for rows given as lists (None = no cell) or as {col: value} dicts."""
    for r, row in enumerate(rows):
        if row is None:
            continue
        items = row.items() if isinstance(row, dict) else enumerate(row)
        cells = "".join(cell_xml(r, c, v, ref=refs) for c, v in items if v is not None)
        yield f'<row r="{r + 1}">{cells}</row>' if refs else f"<row>{cells}</row>"


class Sheet:
    def __init__(self, name: str, rows: Iterable[str] | Iterable[Iterable] = (), *,
                 state: str = "visible", merged: Iterable[str] = (), hidden_rows: Iterable[int] = (),
                 raw_rows: bool = False, refs: bool = True, head: str = "", tail: str = ""):
        self.name, self.state, self.merged = name, state, list(merged)
        self.hidden_rows = set(hidden_rows)
        self._rows, self._raw, self.refs = rows, raw_rows, refs
        self.head, self.tail = head, tail

    def xml_chunks(self) -> Iterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{self.head}<sheetData>'
        rows = self._rows if self._raw else rows_xml(self._rows, refs=self.refs)
        for i, chunk in enumerate(rows):
            if self.hidden_rows and (i in self.hidden_rows):
                chunk = chunk.replace("<row ", '<row hidden="1" ', 1)
            yield chunk
        yield "</sheetData>"
        if self.merged:
            yield f'<mergeCells count="{len(self.merged)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in self.merged) + "</mergeCells>"
        yield f"{self.tail}</worksheet>"


def write_xlsx(target, sheets: list[Sheet], *, shared_strings: str | None = None,
               extra: dict[str, bytes] | None = None, compresslevel: int = 6) -> None:
    """target: a path or a binary file object."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        shared_type = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                       if shared_strings is not None else "")
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides, shared=shared_type))
        z.writestr("_rels/.rels", ROOT_RELS)
        entries = "".join(
            f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{i}"'
            + (f' state="{s.state}"' if s.state != "visible" else "") + f' r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1))
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS_MAIN}" '
                   f'xmlns:r="{NS_REL}"><sheets>{entries}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))
        if shared_strings is not None:
            rels += (f'<Relationship Id="rId{len(sheets) + 1}" Type="{NS_REL}/sharedStrings" '
                     'Target="sharedStrings.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                   f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        for i, sheet in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                buf: list[str] = []
                size = 0
                for chunk in sheet.xml_chunks():
                    buf.append(chunk)
                    size += len(chunk)
                    if size > 1 << 20:
                        f.write("".join(buf).encode())
                        buf, size = [], 0
                f.write("".join(buf).encode())
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def xlsx_bytes(sheets: list[Sheet], **kwargs) -> bytes:
    buf = io.BytesIO()
    write_xlsx(buf, sheets, **kwargs)
    return buf.getvalue()
