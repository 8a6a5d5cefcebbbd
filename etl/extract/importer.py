"""Store the candidates a user accepted, through the same checks and the same transaction as
a spreadsheet upload. The provenance of each value is the document, sheet "正文" and the
sentence's character offsets as its cell ("c120-168")."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from catalog.files import IndicatorSpec
from db.lookups import indicator_rows, region_rows
from db.retries import with_retries
from etl.extract.candidate import STATEMENT_LABELS_ZH, Candidate
from etl.known_values import known_for
from etl.load import record_rejection, same_value, store
from etl.periods import Period
from etl.problems import HasProblems, Problem, errors, warnings
from etl.records import LoadReport, SourceFile
from etl.table import LocatedValue
from etl.validate import convert, plausibility_warnings

TEXT_SHEET = "正文"


@dataclass
class ImportReport(LoadReport, HasProblems):
    """A LoadReport with the problems that decided it (the spreadsheet path keeps them on
    its IngestResult; a text import has no such object)."""

    problems: list[Problem] = field(default_factory=list)


def _snippet(c: Candidate) -> str:
    return c.sentence if len(c.sentence) <= 60 else c.sentence[:58] + "……"


def _check(c: Candidate, document: str, infos: dict, regions: set[str]) -> list[Problem]:
    where = {"file": document, "sheet": TEXT_SHEET, "cell": c.cell}
    problems = []
    if c.indicator not in infos:
        problems.append(Problem("unknown_indicator", raw=c.indicator, **where))
    if c.region is None:
        problems.append(Problem("text_no_region", raw=_snippet(c), **where))
    elif c.region not in regions:
        problems.append(Problem("unknown_region", raw=c.region, **where))
    if c.year is None:
        problems.append(Problem("no_period", raw=_snippet(c),
                                detail="句中未给出年份，请在导入前填写", **where))
    if not 0 <= c.quarter <= 4:
        problems.append(Problem("no_period", raw=str(c.quarter),
                                detail="季度应为0（全年）或1–4", **where))
    if not isinstance(c.value, (int, float)) or not math.isfinite(c.value):
        problems.append(Problem("not_a_number", raw=str(c.value), **where))
    if not (0 <= c.start <= c.end) or c.end - c.start != len(c.sentence):
        problems.append(Problem("text_no_sentence", raw=c.cell, **where))
    return problems


def import_candidates(engine: Engine, candidates: Iterable[Candidate], document_name: str,
                      user: str = "cli", *, dry_run: bool = False,
                      document_text: str | None = None, allowed_regions: set[str] | None = None,
                      assigned: str = "") -> ImportReport:
    """Validate and store the value candidates (levels, shares that are ratio values, reported
    ranks) as observations; other statements (growth, net increase, ranks, targets) are
    reported as not stored. Any error rejects the whole import, as for a sheet.

    allowed_regions: the codes the user may write (None: any), as pipeline.restrict_regions
    applies to a sheet; assigned names them in the message."""
    document = document_name.replace("\\", "/").rsplit("/", 1)[-1]
    candidates = list(candidates)
    indicators = indicator_rows(engine)
    infos = {i["code"]: IndicatorSpec.from_row(i) for i in indicators}
    regions = {r["code"] for r in region_rows(engine, None)}
    problems: list[Problem] = []
    located: list[LocatedValue] = []
    seen: dict[tuple, float] = {}
    for c in candidates:
        if not c.is_value:
            problems.append(Problem("text_not_a_value", document, TEXT_SHEET, c.cell, c.raw,
                                    detail=f"{STATEMENT_LABELS_ZH.get(c.statement_type, '')} ({c.statement_type})"))
            continue
        if document_text is not None and document_text[c.start:c.end] != c.sentence:
            problems.append(Problem("text_no_sentence", document, TEXT_SHEET, c.cell, c.cell))
            continue
        found = _check(c, document, infos, regions)
        if c.region is not None and allowed_regions is not None and c.region not in allowed_regions:
            found.append(Problem("region_not_allowed", document, TEXT_SHEET, c.cell, raw=c.region,
                                 detail=assigned))
        problems.extend(found)
        if found:
            continue
        key = (c.region, c.indicator, c.year, c.quarter)
        if key in seen and same_value(seen[key], c.value):
            continue  # the same figure stated twice (summary and body) is one value
        seen[key] = c.value
        located.append(LocatedValue(c.region, c.indicator, Period(c.year, c.quarter, True),
                                    float(c.value), c.unit, TEXT_SHEET, c.cell))
    records, _targets, found = convert(located, infos, document)
    problems.extend(found)
    if not records and not errors(problems):
        problems.append(Problem("no_values", document))
    problems.extend(plausibility_warnings(records, infos, known_for(engine, records, infos),
                                          document))
    digest = hashlib.sha256(document_text.encode("utf-8")).hexdigest() if document_text else ""
    source = SourceFile(file_name=document, sha256=digest,
                        size_bytes=len(document_text.encode("utf-8")) if document_text else 0,
                        sheets=(TEXT_SHEET,), source="text")
    if errors(problems):
        if not dry_run:
            message = "\n".join(p.line("zh") for p in errors(problems)[:50])
            record_rejection(engine, source, n_errors=len(errors(problems)),
                             n_warnings=len(warnings(problems)), message=message, user=user)
            _audit(engine, user, "upload_rejected",
                   f"text: {len(errors(problems))} errors\n{message}", document)
        return ImportReport(outcome="rejected", problems=problems)
    report = store(engine, records, source, user=user, dry_run=dry_run,
                   n_warnings=len(warnings(problems)))
    if not dry_run:
        _audit(engine, user, f"upload_{report.outcome}",
               f"text upload {report.upload_id}: {report.n_new} new, {report.n_changed} changed, "
               f"{report.n_unchanged} unchanged", document)
    return ImportReport(**vars(report), problems=problems)


def _audit(engine: Engine, user: str, action: str, detail: str, document: str) -> None:
    """The same audit entry as a sheet's (pipeline.commit); written after the data, so a lock
    met here must not surface as a failed import."""
    from db.accounts import audit

    with_retries(lambda: audit(engine, user, action, detail[:4000], document), "audit")
