"""Candidates as the CLI writes them and reads them back after review: JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from etl.extract.candidate import CSV_COLUMNS, Candidate


def to_json(candidates: list[Candidate], document_name: str, text_length: int | None = None) -> str:
    payload = {"document": document_name, "text_length": text_length,
               "candidates": [c.as_dict() for c in candidates]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_csv(candidates: list[Candidate]) -> str:
    # UTF-8 with BOM: Excel on a Chinese Windows opens it without garbling.
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in candidates:
        writer.writerow({k: "" if v is None else v for k, v in c.as_dict().items()})
    return "\ufeff" + buffer.getvalue()


def read_reviewed(text: str) -> list[Candidate]:
    """Candidates from a reviewed JSON (the extract output, edited) or CSV file."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith(("{", "[")):
        data = json.loads(text)
        rows = data["candidates"] if isinstance(data, dict) else data
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    return [Candidate.from_dict(r) for r in rows]
