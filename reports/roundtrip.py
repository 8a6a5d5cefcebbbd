"""The drafted reports as a corpus for the extractor: draft a region's report as a Word file,
read its figures back with etl.extract, and score them against what the draft states
(reports.stated). `scripts/extract_roundtrip.py` runs it over the demo province."""

from __future__ import annotations

import io
from collections.abc import Iterable

from sqlalchemy import Engine

from etl.extract import Catalog, extract_document, load_document
from etl.extract.evaluate import DocumentScore, Evaluation, score_document
from reports.data import gather
from reports.docx_writer import build_document
from reports.draft import compose
from reports.stated import stated_figures
from reports.templates import Templates, default_templates


def round_trip_one(engine: Engine, catalog: Catalog, region_code: str, year: int, quarter: int = 0,
                   templates: Templates | None = None) -> DocumentScore | None:
    """The score of one region's Chinese draft; None when the region has no data."""
    templates = templates or default_templates()
    data = gather(engine, region_code, year, quarter, plans=templates.plans)
    if data is None or data.empty:
        return None
    draft = compose(data, "zh", templates)
    buffer = io.BytesIO()
    build_document(draft, charts=False).save(buffer)  # the file a user would download
    document = load_document(buffer.getvalue(), f"{region_code}.docx")
    candidates = extract_document(document, catalog, region=region_code)
    return score_document(f"{region_code} {draft.period}", stated_figures(data, templates), candidates)


def round_trip(engine: Engine, region_codes: Iterable[str], year: int, quarter: int = 0,
               province: str = "340000") -> Evaluation:
    catalog = Catalog.from_engine(engine, province)
    templates = default_templates()
    scores = [round_trip_one(engine, catalog, code, year, quarter, templates) for code in region_codes]
    return Evaluation([s for s in scores if s is not None])
