"""A Draft as a Word file laid out like a Chinese official document (GB/T 9704-2012): A4 with
the standard margins, the title in 方正小标宋简体 二号, headings in 黑体 三号, the body in
仿宋_GB2312 三号 with a two-character first-line indent and fixed 28 pt lines, page numbers
"— 1 —" in the footer, the key-indicator table and the charts at the end.

Fonts are named in the styles and on every run (w:eastAsia for Chinese, Times New Roman for
Latin text and digits); the font table names a fallback for each (w:altName: 仿宋_GB2312 →
仿宋 ...), which Word uses where the official font is not installed. The English draft keeps
the layout with Times New Roman and smaller sizes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from lxml import etree
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from reports.draft import Draft

LATIN = "Times New Roman"
# Official font -> its fallbacks, best first; the first is written as w:altName. The
# families matter to Word when neither is installed (roman = serif, swiss = sans).
FALLBACKS: dict[str, tuple[tuple[str, ...], str]] = {
    "方正小标宋简体": (("华文中宋", "宋体", "Noto Serif CJK SC"), "roman"),
    "黑体": (("SimHei", "Noto Sans CJK SC"), "swiss"),
    "仿宋_GB2312": (("仿宋", "FangSong", "Noto Serif CJK SC"), "roman"),
    "楷体_GB2312": (("楷体", "KaiTi", "Noto Serif CJK SC"), "roman"),
    "宋体": (("SimSun", "Noto Serif CJK SC"), "roman"),
}


@dataclass(frozen=True)
class Look:
    """Font (east Asian, Latin), size in pt and weight of one kind of text."""

    east_asia: str
    latin: str
    size: float
    bold: bool = False


# 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
LOOKS = {
    "zh": {"title": Look("方正小标宋简体", LATIN, 22), "heading": Look("黑体", LATIN, 16),
           "body": Look("仿宋_GB2312", LATIN, 16), "table": Look("仿宋_GB2312", LATIN, 12),
           "table_head": Look("黑体", LATIN, 12), "caption": Look("黑体", LATIN, 14),
           "note": Look("仿宋_GB2312", LATIN, 14), "page": Look("宋体", LATIN, 14)},
    "en": {"title": Look("方正小标宋简体", LATIN, 18, True), "heading": Look("黑体", LATIN, 14, True),
           "body": Look("仿宋_GB2312", LATIN, 12), "table": Look("仿宋_GB2312", LATIN, 10.5),
           "table_head": Look("黑体", LATIN, 10.5, True), "caption": Look("黑体", LATIN, 11, True),
           "note": Look("仿宋_GB2312", LATIN, 10.5), "page": Look("宋体", LATIN, 12)},
}
LINE_PT = {"zh": 28, "en": 20}  # fixed line spacing of the body
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
CHART_WIDTH_CM = 15.0
TABLE_WIDTHS_CM = (4.8, 2.8, 3.2, 2.6, 2.2)  # 15.6 cm: the type area
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# --- fonts ---------------------------------------------------------------------------------------

def set_fonts(rpr, look: Look) -> None:
    """Name the fonts of a run or style outright (theme fonts would override them)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), look.latin)
    fonts.set(qn("w:hAnsi"), look.latin)
    fonts.set(qn("w:cs"), look.latin)
    fonts.set(qn("w:eastAsia"), look.east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style, look: Look) -> None:
    style.font.size = Pt(look.size)
    style.font.bold = look.bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    color = rpr.find(qn("w:color"))
    for attr in ("w:themeColor", "w:themeShade"):
        if color is not None:
            color.attrib.pop(qn(attr), None)
    set_fonts(rpr, look)


def _run(paragraph, text: str, look: Look):
    run = paragraph.add_run(text)
    run.font.size = Pt(look.size)
    run.font.bold = look.bold
    set_fonts(run._element.get_or_add_rPr(), look)
    return run


def _font_table(document, looks: dict[str, Look]) -> None:
    """Declare each official font with its fallback (w:altName) in word/fontTable.xml."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in sorted({look.east_asia for look in looks.values()}):
        if name in known or name not in FALLBACKS:
            continue
        alternatives, family = FALLBACKS[name]
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternatives[0]}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/>'
            "</w:font>"))
    # A plain Part (python-docx has no font-table API) saves whatever its blob holds.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- layout --------------------------------------------------------------------------------------

def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.footer_distance = Cm(2.8)


def _styles(document, lang: str) -> dict[str, Look]:
    looks = LOOKS[lang]
    normal = document.styles["Normal"]
    _style_font(normal, looks["body"])
    lang_el = normal.element.get_or_add_rPr().find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        normal.element.get_or_add_rPr().append(lang_el)
    lang_el.set(qn("w:val"), "en-US" if lang == "en" else "zh-CN")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT[lang])
    fmt.space_before = fmt.space_after = Pt(0)

    title = document.styles["Title"]
    _style_font(title, looks["title"])
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(looks["title"].size * 1.6)
    title.paragraph_format.space_after = Pt(LINE_PT[lang])

    heading = document.styles["Heading 1"]
    _style_font(heading, looks["heading"])
    heading.paragraph_format.first_line_indent = Pt(looks["body"].size * 2)
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    heading.paragraph_format.line_spacing = Pt(LINE_PT[lang])
    _style_font(document.styles["Caption"], looks["caption"])
    return looks


def _page_number(document, look: Look) -> None:
    """— 1 — centred in the footer, from a PAGE field (Word fills in each page's number)."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", look)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = _run(paragraph, "", look)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        elif kind == "text":
            run.text = text
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
    _run(paragraph, " —", look)


def _body(document, text: str, look: Look, indent: bool = True,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(look.size * 2)
    _run(paragraph, text, look)
    return paragraph


def _table(document, draft: Draft, looks: dict[str, Look]) -> None:
    table_data = draft.table
    caption = document.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(LINE_PT[draft.lang])
    caption.paragraph_format.keep_with_next = True
    _run(caption, table_data.title, looks["caption"])
    table = document.add_table(rows=1, cols=len(table_data.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    mark = OxmlElement("w:tblHeader")  # repeat the header row on every page
    header._tr.get_or_add_trPr().append(mark)
    for cell, text in zip(header.cells, table_data.header):
        _cell(cell, text, looks["table_head"], WD_ALIGN_PARAGRAPH.CENTER)
    for row in table_data.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row)):
            _cell(cell, text, looks["table"],
                  WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.CENTER)
    # Word reads the cells' widths, LibreOffice the grid's: set both, and keep them fixed.
    table.autofit = False
    for column, width in zip(table.columns, TABLE_WIDTHS_CM):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, TABLE_WIDTHS_CM):
            cell.width = Cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _cell(cell, text: str, look: Look, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _run(paragraph, text, look)


def _charts(document, draft: Draft, looks: dict[str, Look],
            render: Callable[..., bytes | None]) -> None:
    for chart in draft.charts:
        png = render(chart, draft.lang)
        if png is None:
            continue
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        picture.paragraph_format.space_before = Pt(LINE_PT[draft.lang] / 2)
        picture.paragraph_format.keep_with_next = True  # the caption stays under its chart
        picture.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        caption = document.add_paragraph(style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(caption, chart.title, looks["caption"])


def build_document(draft: Draft, charts: bool = True):
    """The python-docx Document of a draft (charts drawn when asked and possible)."""
    document = Document()
    _page(document)
    looks = _styles(document, draft.lang)
    _font_table(document, looks)
    _page_number(document, looks["page"])
    props = document.core_properties
    props.title = draft.title
    props.language = "en-US" if draft.lang == "en" else "zh-CN"

    title = document.add_paragraph(style="Title")
    _run(title, draft.title, looks["title"])
    for text in draft.opening:
        _body(document, text, looks["body"])
    for section in draft.all_sections():
        heading = document.add_paragraph(style="Heading 1")
        _run(heading, section.heading, looks["heading"])
        for text in section.paragraphs:
            _body(document, text, looks["body"])
    if draft.table is not None:
        _table(document, draft, looks)
    if charts and draft.charts:
        from reports.charts import render_png

        _charts(document, draft, looks, render_png)
    for note in draft.notes:
        paragraph = _body(document, note, looks["note"], indent=False,
                          align=WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.space_before = Pt(LINE_PT[draft.lang])
    return document


def docx_bytes(draft: Draft, charts: bool = True) -> bytes:
    buffer = io.BytesIO()
    build_document(draft, charts).save(buffer)
    return buffer.getvalue()


def write_docx(draft: Draft, path: str | Path, charts: bool = True) -> Path:
    path = Path(path)
    path.write_bytes(docx_bytes(draft, charts))
    return path
