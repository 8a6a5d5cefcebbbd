"""Write the bad-input corpus: hostile and broken files, each with what the load must do.

    python -m tests.reliability.make_corpus OUT_DIR [--no-huge]

Every file is made here from code (no binaries are checked in). Each case says either
'rejected' with the exact located errors (rule, sheet, cell) the load must report, or 'read'
with the exact values (in the indicator's canonical unit) it must store. Loads run with the
default province (340000 安徽省).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.reliability.xlsx_raw import Sheet, col_letters, write_xlsx, xlsx_bytes

# Region and indicator codes the cases use (from data/regions_cn.csv and data/indicators.yaml).
LUAN, HEFEI, JINZHAI, WUHU, BENGBU, HUAINAN, JINAN = (
    "341500", "340100", "341524", "340200", "340300", "340400", "341502")
RD, GDP, HTE, GROWTH, INTENSITY, COMMISSIONERS = (
    "rd_expenditure", "gdp", "high_tech_enterprises", "high_tech_va_growth", "rd_intensity",
    "st_commissioners")
H_RD, H_GDP, H_HTE, H_GROWTH = ("全社会研发投入(亿元)", "地区生产总值(亿元)", "高新技术企业数(家)",
                                "高新技术产业增加值增速(%)")

# What the corpus run stores before the cases, so "the stored data are unchanged" means something.
BASELINE_SHEET = "2025Q3"
BASELINE_ROWS = [(LUAN, "六安市", 120.5, 5000.0, 300), (HEFEI, "合肥市", 1000.0, 40000.0, 8000)]

Key = tuple  # (region_code, indicator_code, year, quarter, cumulative)


def q(region: str, indicator: str, year: int = 2025, quarter: int = 3, cumulative: bool = True) -> Key:
    return (region, indicator, year, quarter, cumulative)


@dataclass
class Case:
    name: str  # file name in the corpus folder; its extension is part of the test
    what: str  # what is wrong with it, in a few words
    build: Callable[[Path], None]
    expect: str  # 'rejected' | 'read'
    errors: frozenset = frozenset()  # rejected: exactly these (rule, sheet, cell)
    values: dict = field(default_factory=dict)  # read: exactly these records (key -> value)
    period: str | None = None  # the --period argument, if any
    huge: bool = False  # slow to make (seconds); --no-huge leaves it out of a hand-made corpus
    path: Path | None = None

    def __post_init__(self):
        assert self.expect in ("rejected", "read")
        assert (self.expect == "rejected") == bool(self.errors), self.name
        assert (self.expect == "read") == bool(self.values), self.name


def rejected(name, what, build, *errors, **kw) -> Case:
    return Case(name, what, build, "rejected", errors=frozenset(errors), **kw)


def read(name, what, build, values, **kw) -> Case:
    return Case(name, what, build, "read", values=values, **kw)


# ---- builders ------------------------------------------------------------------------------

def _save(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: _save(path, data() if callable(data) else data)


def _openpyxl(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_book(sheet: str = BASELINE_SHEET, header=("地区代码", "地区名称", H_RD, H_GDP, H_HTE),
                  rows=BASELINE_ROWS) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    return wb


def baseline_bytes() -> bytes:
    return _openpyxl(template_book())


def _raw(sheets: list[Sheet], **kw) -> Callable[[Path], None]:
    return lambda path: write_xlsx(path, sheets, **kw)


def _rows(header, *rows):
    return [list(header), *[list(r) for r in rows]]


def _truncated(path: Path) -> None:
    data = baseline_bytes()
    _save(path, data[: len(data) // 2])


def _corrupt_deflate(path: Path) -> None:
    """Bytes inside the sheet's compressed stream overwritten: the zip directory is intact,
    inflating fails or the CRC does not match."""
    data = bytearray(baseline_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + min(info.compress_size, 60)):
        data[i] ^= 0x5A
    _save(path, bytes(data))


def _corrupt_xml(path: Path) -> None:
    sheet = Sheet(BASELINE_SHEET, ['<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c><c r="B1" t="inl'],
                  raw_rows=True)
    write_xlsx(path, [sheet])
    # cut the worksheet off mid-element: rewrite the zip with a truncated sheet part
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].split(b"</sheetData>")[0]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    # A real-looking PDF: text header, a binary comment line, a compressed stream.
    stream = zlib.compress("BT /F1 12 Tf 72 712 Td (2025Q3 六安市 120.5) Tj ET".encode())
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "地区,全社会研发投入\n六安市,120.5\n")
        z.writestr("data/2025Q3.csv", "地区,全社会研发投入\n六安市,120.5\n")
    return buf.getvalue()


def _ods() -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="2025Q3">'
               '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
               'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
               '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _with_extra(entries: dict[str, bytes], base: bytes | None = None) -> bytes:
    base = base or baseline_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for name, data in entries.items():
            dst.writestr(name, data)
    return buf.getvalue()


def _ratio_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"<row>" + b" " * (1 << 20) + b"</row>"
            for _ in range(450):  # 450 MB of blanks in a few megabytes
                f.write(block)


def _many_entries() -> bytes:
    return _with_extra({f"xl/media/image{i}.bin": b"" for i in range(6000)})


def _too_large(path: Path) -> None:
    with open(path, "wb") as f:
        f.write(baseline_bytes())
        f.truncate(51 * 1024 * 1024)  # the size is what counts; the rest reads as zeros


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    shared = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
              '<si><t>&lol9;</t></si><si><t>地区</t></si></sst>')
    sheet = Sheet(BASELINE_SHEET, [[("s", 1), H_RD], [("s", 0), 1.0]])
    return xlsx_bytes([sheet], shared_strings=shared)


def _xxe() -> bytes:
    shared = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
              '<si><t>&xxe;</t></si><si><t>地区</t></si></sst>')
    sheet = Sheet(BASELINE_SHEET, [[("s", 1), H_RD], [("s", 0), 1.0]])
    return xlsx_bytes([sheet], shared_strings=shared)


def _million_rows(path: Path) -> None:
    """1,048,576 rows (Excel's maximum): a header and a value for a region on every row,
    with varied digits so that it compresses like a sheet, not like a zip bomb."""
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="'
              'http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">'
              + "".join(f"<si><t>{t}</t></si>" for t in ("六安市", "合肥市", "芜湖市", "蚌埠市", "地区", H_RD))
              + "</sst>")

    def rows():
        yield '<row r="1"><c r="A1" t="s"><v>4</v></c><c r="B1" t="s"><v>5</v></c></row>'
        for start in range(2, 1_048_577, 8192):
            yield "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 4}</v></c>'
                          f'<c r="B{r}"><v>{r * 7919 % 100_003}.{r % 97}</v></c></row>'
                          for r in range(start, min(start + 8192, 1_048_577)))
    write_xlsx(path, [Sheet(BASELINE_SHEET, rows(), raw_rows=True)], shared_strings=shared,
               compresslevel=1)


def _wide_columns() -> bytes:
    header = {0: "地区", **{c: f"第{c}列" for c in range(1, 16384)}}
    values = {0: "六安市", **{c: c for c in range(1, 16384)}}
    return xlsx_bytes([Sheet(BASELINE_SHEET, [header, values])])


def _corner_cells() -> bytes:
    """Two cells, A1 and XFD1048576: a reader that allocates the rectangle between them
    asks for 17 billion cells."""
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c></row>',
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'], raw_rows=True)])


def _corner_xls() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet(BASELINE_SHEET)
    ws.write(0, 0, "地区")
    ws.write(0, 1, H_RD)
    ws.write(65535, 255, 1)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _million_row_csv(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("地区,指标,期间,数值\n")
        line = "六安市,全社会研发投入,2025Q3,1.5\n"
        for _ in range(1_048_575 // 1000):
            f.write(line * 1000)
        f.write(line * (1_048_575 % 1000))


def _wide_csv() -> bytes:
    return ("地区," + ",".join(f"第{c}列" for c in range(1, 100_000)) + "\n").encode()


def _many_values() -> bytes:
    """10,000 rows × 28 indicator columns: within the cell limits, past the values limit."""
    import yaml

    from config import DATA_DIR

    catalog = yaml.safe_load((DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))
    headers = [f"{i['name_zh']}({i['unit']})" for i in catalog if i["kind"] != "ratio"][:28]
    cities = ["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市"]
    rows = (f'<row r="{r + 2}"><c r="A{r + 2}" t="inlineStr"><is><t>{cities[r % 8]}</t></is></c>'
            + "".join(f'<c r="{col_letters(c + 1)}{r + 2}"><v>{r % 97 + c}</v></c>' for c in range(28))
            + "</row>" for r in range(10_000))
    head = ('<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c>'
            + "".join(f'<c r="{col_letters(c + 1)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                      for c, h in enumerate(headers)) + "</row>")
    return xlsx_bytes([Sheet(BASELINE_SHEET, [head, *rows], raw_rows=True)])


def _csv(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return _bytes(text.encode(encoding))


def _formulas_cached() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD, H_GDP],
        ["芜湖市", ("f", "C2*0.025", 250.0), 10000.0],
        ["蚌埠市", ("f", "SUM(1,2)", 3.0), ("f", '"4000"', "4000")],
        ["淮南市", ("f", 'IF(1,"","")', ""), 5000.0],  # a computed empty text: no data
    ])])


def _formulas_uncached() -> bytes:
    # what openpyxl writes: the formula with an empty cached value; Excel computes it on
    # opening, a reader sees nothing.
    wb = template_book(rows=[(WUHU, "芜湖市", "=E2*0.025", 10000.0, 100)],
                       header=("地区代码", "地区名称", H_RD, H_GDP, H_HTE))
    return _openpyxl(wb)


def _formula_errors() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD, H_GDP],
        ["芜湖市", ("e", "#DIV/0!"), 10000.0],
        ["蚌埠市", 3.0, ("e", "#REF!")],
    ])])


def _dates() -> bytes:
    wb = template_book(rows=[(WUHU, "芜湖市", dt.datetime(2025, 9, 30), 10000.0, 100)])
    wb.active["C2"].number_format = "yyyy-mm-dd"
    return _openpyxl(wb)


def _booleans() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [["地区", H_RD, H_HTE], ["芜湖市", True, False]])])


def _nan_inf() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD, H_GDP, H_HTE],
        ["芜湖市", float("nan"), float("inf"), float("-inf")],
        ["蚌埠市", "inf", "1e309", "-Infinity"],
    ])])


def _huge_values() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD, H_GDP],
        ["芜湖市", 1e308, -1e308],
        ["蚌埠市", "1.7976931348623157e308", 1e15],
    ])])


def _merged_data() -> bytes:
    wb = template_book(rows=[(WUHU, "芜湖市", 250.0, 10000.0, 100),
                             (BENGBU, "蚌埠市", None, 9000.0, 90),
                             (HUAINAN, "淮南市", None, 8000.0, 80)])
    wb.active.merge_cells("C2:C4")
    return _openpyxl(wb)


def _hidden_rows() -> bytes:
    wb = template_book(rows=[(WUHU, "芜湖市", 250.0, 10000.0, 100),
                             (BENGBU, "蚌埠市", 80.0, 9000.0, 90)])
    wb.active.row_dimensions[3].hidden = True
    return _openpyxl(wb)


def _hidden_sheets() -> bytes:
    wb = template_book(rows=[(WUHU, "芜湖市", 250.0, 10000.0, 100)])
    hidden = wb.create_sheet("2025Q2")
    hidden.append(["地区代码", "地区名称", H_RD])
    hidden.append([WUHU, "芜湖市", "not a number"])
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("2024年")
    very.append(["地区", "火星基地数"])
    very.append(["火星", 1])
    very.sheet_state = "veryHidden"
    return _openpyxl(wb)


def _mixed_units_sheets() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024年"
    ws.append(["地区", "全社会研发投入(万元)", "地区生产总值（亿元）"])
    ws.append(["芜湖市", 2_300_000, 4800])
    ws2 = wb.create_sheet("2025Q2")
    ws2.append(["地区", "全社会研发投入/亿元", "科技特派员(人)"])
    ws2.append(["芜湖市", 120, 350])
    return _openpyxl(wb)


def _nonbmp() -> bytes:
    return xlsx_bytes([Sheet("2025Q3🚀", [
        ["地区", H_RD, "研发投入😀"],
        ["芜湖市", 250.0, 1],
        ["𠀀𠀁市", 1.0, 2],
    ])])


def _nonbmp_sheet_name() -> bytes:
    return xlsx_bytes([Sheet("𠮷 2025Q3 ✓", [["地区", H_RD], ["芜湖市", 250.0]])])


def _whitespace_names() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", " 全社会 研发投入\n(亿元) ", "ＧＤＰ"],
        ["芜 湖 市", 250.0, "１０，０００．５"],
        ["\u3000蚌埠\t", "８０", None],
    ])])


def _long_strings() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD],
        ["六" * 32_767, 1.0],
        ["芜湖市", "9" * 5_000 + "x" * 1_000_000],
    ])])


def _long_field_csv() -> bytes:
    return ("地区,指标,期间,数值\n芜湖市,全社会研发投入,2025Q3,\"" + "长" * 200_000 + "\"\n").encode()


def _gbk_with_bom() -> bytes:
    text = "地区,指标,期间,数值,单位\n芜湖市,全社会研发投入,2024年,2300000,万元\n蚌埠市,高新技术企业数,2024年,410,家\n"
    return b"\xef\xbb\xbf" + text.encode("gbk")


def _embedded_newlines_csv() -> bytes:
    rows = [["地区", "指标", "期间", "数值", "备注"],
            ["芜湖市", "全社会研发投入", "2025Q3", "250.5", "含\n经开区，\"快报\"数"],
            ["蚌埠市", "高新技术企业\n数", "2025Q3", "410", 'a,"b"\r\nc']]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _utf16_tab() -> bytes:
    return "地区\t指标\t期间\t数值\n芜湖市\t全社会研发投入\t2025Q3\t250.5\n".encode("utf-16")


def _nul_late_csv() -> bytes:
    # the note in row 2 pushes the NUL past the first 4 KB, where binary content is looked for
    return ("地区,指标,期间,数值,备注\n芜湖市,全社会研发投入,2025Q3,250.5," + "说明" * 2500 + "\n"
            "蚌埠市,全社会研发投入,2025Q3,8\x000,\n").encode()


def _control_chars_csv() -> bytes:
    return ("地区,指标,期间,数值\n"
            "芜\x07湖市,全社会研发投入,2025Q3,250.5\n"
            "\x1b[2J\x1b[31m蚌埠市,全社会研发投入,2025Q3,8\n").encode()


def _zip_slip() -> bytes:
    return _with_extra({"../../../../tmp/evil.txt": b"owned", "/etc/evil": b"owned"},
                       base=_openpyxl(template_book(rows=[(WUHU, "芜湖市", 250.0, 10000.0, 100)])))


def _prefixed_xml() -> bytes:
    head_rows = [
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>地区</x:t></x:is></x:c>'
        f'<x:c r="B1" t="inlineStr"><x:is><x:t>{H_RD}</x:t></x:is></x:c></x:row>',
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>芜湖市</x:t></x:is></x:c>'
        '<x:c r="B2"><x:v>250.5</x:v></x:c></x:row>']
    data = xlsx_bytes([Sheet(BASELINE_SHEET, head_rows, raw_rows=True)])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (parts["xl/worksheets/sheet1.xml"]
                                         .replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
                                         .replace(b"<sheetData>", b"<x:sheetData>")
                                         .replace(b"</sheetData></worksheet>", b"</x:sheetData></x:worksheet>"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return buf.getvalue()


def _no_cell_refs() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [["地区", H_RD, H_HTE], ["芜湖市", 250.5, 1200]], refs=False)])


def _injection_names() -> bytes:
    return xlsx_bytes([Sheet(BASELINE_SHEET, [
        ["地区", H_RD],
        ["=cmd|' /C calc'!A0", 1.0],
        ["<script>alert(1)</script>", 2.0],
    ])])


def _all_missing() -> bytes:
    return _openpyxl(template_book(rows=[(WUHU, "芜湖市", "—", "无", "/"), (BENGBU, "蚌埠市", None, "..", " ")]))


def _duplicate_headers() -> bytes:
    return _openpyxl(template_book(header=("地区代码", "地区名称", H_RD, "研发投入(万元)", H_HTE),
                                   rows=[(WUHU, "芜湖市", 250.0, 2_500_000, 100)]))


def _long_file_name_csv() -> bytes:
    return "地区,指标,数值\n芜湖市,全社会研发投入,250.5\n".encode()


def _xls_old() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("2024年")
    for c, v in enumerate(["地区", "高新技术企业数(家)", "吸纳技术合同成交额(万元)"]):
        ws.write(0, c, v)
    for c, v in enumerate(["芜湖市", 610, 352300]):
        ws.write(1, c, v)
    hidden = book.add_sheet("草稿")
    hidden.write(0, 0, "地区")
    hidden.visibility = 1
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _empty_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = BASELINE_SHEET
    return _openpyxl(wb)


def _headers_only() -> bytes:
    return _openpyxl(template_book(rows=[]))


# ---- the corpus ----------------------------------------------------------------------------

def cases() -> list[Case]:
    S = BASELINE_SHEET
    file_level = lambda rule: (rule, None, None)  # noqa: E731
    return [
        # containers and file types
        rejected("truncated.xlsx", "an .xlsx cut off half-way", _truncated, file_level("unreadable_file")),
        rejected("corrupt_deflate.xlsx", "compressed bytes of the sheet overwritten", _corrupt_deflate,
                 file_level("unreadable_file")),
        rejected("corrupt_xml.xlsx", "sheet XML cut off mid-element", _corrupt_xml, file_level("unreadable_file")),
        rejected("picture.xlsx", "a PNG renamed .xlsx", _bytes(_png), file_level("unreadable_file")),
        rejected("report.xlsx", "a PDF renamed .xlsx", _bytes(_pdf), file_level("unreadable_file")),
        rejected("archive.xlsx", "a plain zip of text files renamed .xlsx", _bytes(_plain_zip),
                 file_level("unreadable_file")),
        rejected("spreadsheet.xlsx", "an OpenDocument sheet renamed, 17e9 repeated cells", _bytes(_ods),
                 file_level("unreadable_file")),
        rejected("empty.xlsx", "zero bytes", _bytes(b""), file_level("unreadable_file")),
        rejected("empty_workbook.xlsx", "a workbook with one empty sheet", _bytes(_empty_workbook),
                 file_level("no_table")),
        rejected("headers_only.xlsx", "the template's headers and no rows", _bytes(_headers_only),
                 file_level("no_values")),
        rejected("macros.xlsm", "a macro-enabled workbook by name", _bytes(baseline_bytes), file_level("macro_enabled")),
        rejected("vba_inside.xlsx", "an .xlsx carrying a VBA project", _bytes(lambda: _with_extra({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
                 file_level("macro_enabled")),
        rejected("zip_bomb.xlsx", "450 MB of XML in under a megabyte", _ratio_bomb, file_level("zip_bomb")),
        rejected("many_entries.xlsx", "6,000 entries in the archive", _bytes(_many_entries), file_level("zip_bomb")),
        rejected("too_large.xlsx", "51 MB", _too_large, file_level("too_large")),
        rejected("billion_laughs.xlsx", "nested XML entities in the shared strings", _bytes(_billion_laughs),
                 file_level("unreadable_file")),
        rejected("xxe.xlsx", "an external entity pointing at /etc/passwd", _bytes(_xxe), file_level("unreadable_file")),
        read("zip_slip.xlsx", "extra entries named ../../../../tmp/evil.txt and /etc/evil", _bytes(_zip_slip),
             {q(WUHU, RD): 250.0, q(WUHU, GDP): 10000.0, q(WUHU, HTE): 100.0}),
        # size
        rejected("rows_1048576.xlsx", "1,048,576 rows", _million_rows, ("sheet_too_large", S, "A200001"), huge=True),
        rejected("columns_16384.xlsx", "16,384 columns", _bytes(_wide_columns), ("sheet_too_large", S, "ALM1")),
        rejected("corner_cells.xlsx", "two cells, A1 and XFD1048576", _bytes(_corner_cells),
                 ("sheet_too_large", S, "XFD1048576")),
        rejected("corner_cells.xls", "an .xls with cells at A1 and IV65536", _bytes(_corner_xls),
                 ("sheet_too_large", S, "IV65536")),
        rejected("rows_1048576.csv", "a CSV of 1,048,576 lines", _million_row_csv,
                 ("sheet_too_large", "rows_1048576", "A200001"), huge=True),
        rejected("many_values.xlsx", "over 250,000 values in 10,000 rows × 28 columns", _bytes(_many_values),
                 ("too_many_values", S, None), huge=True),
        rejected("wide_line.csv", "one CSV line of 100,000 fields", _bytes(_wide_csv),
                 ("sheet_too_large", "wide_line", "ALM1")),
        # cells
        rejected("formula_errors.xlsx", "#DIV/0! and #REF! where numbers belong", _bytes(_formula_errors),
                 ("formula_error", S, "B2"), ("formula_error", S, "C3")),
        read("formulas_cached.xlsx", "formulas with the values Excel computed", _bytes(_formulas_cached),
             {q(WUHU, RD): 250.0, q(WUHU, GDP): 10000.0, q(BENGBU, RD): 3.0, q(BENGBU, GDP): 4000.0,
              q(HUAINAN, GDP): 5000.0}),
        rejected("formulas_uncached.xlsx", "a formula without a computed value (as openpyxl writes it)",
                 _bytes(_formulas_uncached), ("formula_no_value", S, "C2")),
        rejected("dates.xlsx", "a date where a number belongs", _bytes(_dates), ("not_a_date", S, "C2")),
        rejected("booleans.xlsx", "TRUE and FALSE where numbers belong", _bytes(_booleans),
                 ("not_a_number", S, "B2"), ("not_a_number", S, "C2")),
        rejected("nan_inf.xlsx", "NaN, INF and -INF cells, and inf, 1e309, -Infinity as text", _bytes(_nan_inf),
                 *[("not_a_number", S, c) for c in ("B2", "C2", "D2", "B3", "C3", "D3")]),
        rejected("huge_values.xlsx", "1e308, -1e308, the largest double, 1e15 亿元", _bytes(_huge_values),
                 *[("out_of_range", S, c) for c in ("B2", "C2", "B3", "C3")]),
        rejected("negative_count.xlsx", "a negative number of enterprises",
                 _bytes(lambda: _openpyxl(template_book(rows=[(WUHU, "芜湖市", 250.0, 10000.0, -3)]))),
                 ("negative_count", S, "E2")),
        read("negative_rate.xlsx", "a negative growth rate and a zero", _bytes(lambda: _openpyxl(template_book(
            header=("地区代码", "地区名称", H_GROWTH, H_HTE), rows=[(WUHU, "芜湖市", -3.5, 0)]))),
             {q(WUHU, GROWTH): -3.5, q(WUHU, HTE): 0.0}),
        rejected("percent_over_100.xlsx", "R&D intensity of 150%",
                 _bytes(lambda: _openpyxl(template_book(header=("地区代码", "地区名称", "研发投入强度(%)"),
                                                        rows=[(WUHU, "芜湖市", "150%")]))),
                 ("percent_out_of_range", S, "C2")),
        rejected("merged_data.xlsx", "one value merged across three regions' cells", _bytes(_merged_data),
                 ("merged_data_cells", S, "C2")),
        read("hidden_rows.xlsx", "a hidden row inside the table", _bytes(_hidden_rows),
             {q(WUHU, RD): 250.0, q(WUHU, GDP): 10000.0, q(WUHU, HTE): 100.0,
              q(BENGBU, RD): 80.0, q(BENGBU, GDP): 9000.0, q(BENGBU, HTE): 90.0}),
        read("hidden_sheets.xlsx", "a hidden and a very hidden sheet holding junk", _bytes(_hidden_sheets),
             {q(WUHU, RD): 250.0, q(WUHU, GDP): 10000.0, q(WUHU, HTE): 100.0}),
        rejected("duplicate_headers.xlsx", "the same indicator in two columns (亿元 and 万元)",
                 _bytes(_duplicate_headers), ("duplicate_column", S, "D1")),
        rejected("duplicate_rows.xlsx", "the same region twice (by code and by short name)",
                 _bytes(lambda: _openpyxl(template_book(rows=[(WUHU, "芜湖市", 250.0, None, None),
                                                              ("芜湖", "芜湖", 251.0, None, None)]))),
                 ("duplicate_value", S, "C3")),
        read("mixed_units_sheets.xlsx", "万元 in one sheet, 亿元 in another, units written three ways",
             _bytes(_mixed_units_sheets),
             {q(WUHU, RD, 2024, 0): 230.0, q(WUHU, GDP, 2024, 0): 4800.0, q(WUHU, RD, 2025, 2): 120.0,
              q(WUHU, COMMISSIONERS, 2025, 2): 350.0}),
        read("mixed_units_long.csv", "a unit column mixing 万元, 亿元 and 元",
             _csv("地区,指标,期间,数值,单位\n芜湖市,全社会研发投入,2024年,2300000,万元\n"
                  "蚌埠市,全社会研发投入,2024年,95.5,亿元\n淮南市,全社会研发投入,2024年,4100000000,元\n"),
             {q(WUHU, RD, 2024, 0): 230.0, q(BENGBU, RD, 2024, 0): 95.5, q(HUAINAN, RD, 2024, 0): 41.0}),
        rejected("bad_unit.csv", "R&D spending in 千克",
                 _csv("地区,指标,期间,数值,单位\n芜湖市,全社会研发投入,2024年,23,千克\n"),
                 ("bad_unit", "bad_unit", "D2")),
        # names
        # (the header in no catalog is skipped with a warning; the unknown name is the error)
        rejected("non_bmp.xlsx", "characters outside the BMP in a region name and a header", _bytes(_nonbmp),
                 ("unknown_region", "2025Q3🚀", "A3")),
        read("non_bmp_sheet.xlsx", "a sheet name with 𠮷 and ✓ around the period", _bytes(_nonbmp_sheet_name),
             {q(WUHU, RD): 250.0}),
        read("whitespace_names.xlsx", "spaces, tabs, line breaks, full-width letters and digits in names",
             _bytes(_whitespace_names), {q(WUHU, RD): 250.0, q(WUHU, GDP): 10000.5, q(BENGBU, RD): 80.0}),
        rejected("control_chars.csv", "BEL and terminal escape sequences in region names", _bytes(_control_chars_csv),
                 ("unknown_region", "control_chars", "A2"), ("unknown_region", "control_chars", "A3")),
        rejected("long_strings.xlsx", "a 32,767-character region name and a 1 MB value", _bytes(_long_strings),
                 ("unknown_region", S, "A2"), ("not_a_number", S, "B3")),
        rejected("long_field.csv", "a 200,000-character CSV field", _bytes(_long_field_csv),
                 ("unreadable_file", "long_field", "2:2")),
        rejected("injection.xlsx", "a formula and a script tag as region names", _bytes(_injection_names),
                 ("unknown_region", S, "A2"), ("unknown_region", S, "A3")),
        read("r" * 230 + ".csv", "a CSV whose name (the sheet) is 230 characters long", _bytes(_long_file_name_csv),
             {q(WUHU, RD): 250.5}, period="2025Q3"),
        # encodings and CSV syntax
        read("gbk_with_bom.csv", "GBK bytes behind a UTF-8 byte-order mark", _bytes(_gbk_with_bom),
             {q(WUHU, RD, 2024, 0): 230.0, q(BENGBU, HTE, 2024, 0): 410.0}),
        read("embedded_newlines.csv", "quoted fields with line breaks, commas and doubled quotes",
             _bytes(_embedded_newlines_csv), {q(WUHU, RD): 250.5, q(BENGBU, HTE): 410.0}),
        read("utf16_tabs.csv", "UTF-16 with BOM, tab-separated", _bytes(_utf16_tab), {q(WUHU, RD): 250.5}),
        rejected("nul_late.csv", "a NUL byte inside a number, after the first 4 KB", _bytes(_nul_late_csv),
                 ("not_a_number", "nul_late", "D3")),
        # layouts
        read("prefixed_xml.xlsx", "namespace-prefixed sheet XML (x:row, x:c) as some writers make",
             _bytes(_prefixed_xml), {q(WUHU, RD): 250.5}),
        read("no_cell_refs.xlsx", "cells without r= references", _bytes(_no_cell_refs),
             {q(WUHU, RD): 250.5, q(WUHU, HTE): 1200.0}),
        rejected("no_period.xlsx", "no period in sheet name, title or file name",
                 _bytes(lambda: _openpyxl(template_book(sheet="Sheet1"))), ("no_period", "Sheet1", None)),
        rejected("all_missing.xlsx", "every value is —, 无, /, .. or blank", _bytes(_all_missing),
                 file_level("no_values")),
        read("old.xls", "an .xls from old Office, with a hidden sheet", _bytes(_xls_old),
             {q(WUHU, HTE, 2024, 0): 610.0, q(WUHU, "tech_contract_absorbed", 2024, 0): 35.23}),
    ]


def write_corpus(folder: Path | str, *, huge: bool = True) -> list[Case]:
    """Write every case's file into folder; return the cases with their paths set."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for case in cases():
        if case.huge and not huge:
            continue
        case.path = folder / case.name
        if not case.path.exists():
            tmp = case.path.with_name(case.path.name + ".part")
            case.build(tmp)
            tmp.replace(case.path)
        out.append(case)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.make_corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--no-huge", action="store_true", help="leave out the 1,048,576-row files")
    args = parser.parse_args(argv)
    for case in write_corpus(args.out, huge=not args.no_huge):
        expected = ", ".join(sorted(f"{r}@{s or ''}!{c or ''}" for r, s, c in case.errors)) or f"{len(case.values)} values"
        print(f"{case.expect:8} {case.name[:40]:40} {case.path.stat().st_size:>11,} B  {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
