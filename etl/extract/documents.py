"""Read a report into one plain text: .txt in UTF-8 or GBK, .docx paragraphs and tables in the
order they appear (a table row is a line, its cells separated by tabs). Offsets of candidates
refer to this text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from etl.readers import UnreadableFile, decode_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCX_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + DOCX_SUFFIXES


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    kind: str  # txt | docx


def is_supported(file_name: str) -> bool:
    return file_name.lower().endswith(SUPPORTED_SUFFIXES)


def _docx_lines(content: bytes) -> list[str]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"不是有效的 .docx 文件 / not a valid .docx file: {exc}") from exc
    lines: list[str] = []

    def table_lines(table: Table, seen: set) -> None:
        # A row is one line, its cells separated by tabs, so a table stays a table
        # (etl.extract.tables). A merged cell is returned once per grid column it spans:
        # its text is written once, and its other columns are left empty so the columns
        # of the rows below still line up.
        for row in table.rows:
            cells, nested = [], []
            for cell in row.cells:
                if cell._tc in seen:
                    cells.append("")
                    continue
                seen.add(cell._tc)
                parts = []
                for block in cell.iter_inner_content():
                    if isinstance(block, Table):
                        nested.append(block)
                    else:
                        parts.append(block.text.replace("\t", " ").replace("\n", " "))
                cells.append(" ".join(p for p in parts if p.strip()))
            if any(c.strip() for c in cells):
                lines.append("\t".join(cells))
            for block in nested:
                table_lines(block, seen)

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_lines(block, set())
        else:
            lines.append(block.text)
    return lines


def load_document(content: bytes, file_name: str) -> Document:
    """The text of a .txt or .docx report; UnreadableFile for anything else."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith(DOCX_SUFFIXES) or content[:4] == b"PK\x03\x04":
        # A paragraph may hold soft line breaks; each is a line of its own in the text.
        text = "\n".join(line.replace("\r", "") for line in _docx_lines(content))
        return Document(name, text, "docx")
    if lower.endswith(".doc") or content[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        raise UnreadableFile("旧版 .doc 文件请另存为 .docx / save the old .doc file as .docx")
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("不是文本文件（二进制内容） / not a text file (binary content)")
    text = decode_text(content).replace("\r\n", "\n").replace("\r", "\n")
    return Document(name, text, "txt")
