"""A Draft as Markdown: the title, the opening, one heading per section, the key-indicator
table and the notes. Charts are left to the Word file (Markdown has no place for images
that are not files)."""

from __future__ import annotations

from pathlib import Path

from reports.draft import Draft


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(draft: Draft) -> str:
    lines = [f"# {draft.title}", ""]
    for text in draft.opening:
        lines += [text, ""]
    for section in draft.all_sections():
        lines += [f"## {section.heading}", ""]
        for text in section.paragraphs:
            lines += [text, ""]
    if draft.table is not None:
        table = draft.table
        lines += [f"**{table.title}**", "",
                  "| " + " | ".join(_cell(h) for h in table.header) + " |",
                  "| " + " | ".join([":---"] + ["---:"] * (len(table.header) - 1)) + " |"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    for note in draft.notes:
        lines += [f"*{note}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(draft: Draft, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(to_markdown(draft), encoding="utf-8")
    return path
