"""One ingest from bytes to database: read → locate → convert → validate → store.

The CLI and the upload page both call read_and_validate, then preview or commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from catalog.files import IndicatorSpec, plausible_ranges
from config import DEFAULT_PROVINCE
from db.lookups import indicator_rows, region_index
from db.retries import with_retries
from etl.filesafety import check_file
from etl.gc_pause import gc_paused
from etl.known_values import known_for
from etl.layouts import read_sheet
from etl.limits import MAX_ERRORS, MAX_VALUES
from etl.load import record_rejection, store
from etl.matching import indicator_matcher
from etl.outliers import implausible_values
from etl.periods import Period, parse_period
from etl.problems import VALUE_RULES, HasProblems, Problem, errors, within_error_limit
from etl.readers import UnreadableFile, decrypted, read_file
from etl.records import LoadReport, Record, SourceFile, Stopwatch, TargetRecord
from etl.same_period import same_as_other_period
from etl.table import Context
from etl.validate import convert, plausibility_warnings, with_cell_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class IngestResult(HasProblems):
    source: SourceFile
    problems: list[Problem] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    # What the user chose for this file (region aliases, column mapping, the time series'
    # indicator, implausible values confirmed): kept on the upload's record.
    choices: dict = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # by stage, when read through

    @property
    def region_codes(self) -> list[str]:
        return sorted({r.region_code for r in self.records} | {t.region_code for t in self.targets})

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({r.indicator_code for r in self.records} | {t.indicator_code for t in self.targets})


@gc_paused
def read_and_validate(content: bytes, file_name: str, engine: Engine, period: str | None = None,
                      province_code: str | None = DEFAULT_PROVINCE,
                      max_bytes: int = DEFAULT_MAX_BYTES, *,
                      region_aliases: dict[str, str] | None = None,
                      column_map: dict[str, str] | None = None, indicator: str | None = None,
                      accept_outliers: bool = False,
                      on_stage: Callable[[str, float], None] | None = None) -> IngestResult:
    """Everything about a file short of writing it: values, problems, periods.

    province_code is the home province, a hint among the evidence that resolves a name (names
    match across the whole country); region_aliases (name → region code) and column_map
    (header → indicator code) are the user's own choices; indicator names the indicator of a
    time series whose title does not. on_stage is told each stage and its seconds as it ends
    (LOAD_STAGES)."""
    watch = Stopwatch(on_stage)
    file = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    result = IngestResult(SourceFile(file_name=file, sha256=hashlib.sha256(content).hexdigest(),
                                     size_bytes=len(content)))
    period_arg = None
    if period:
        period_arg = parse_period(period)
        if period_arg is None:
            result.problems.append(Problem("no_period", file, raw=period,
                                           detail="参数 --period 无法识别"))
            return result
    result.problems.extend(check_file(content, file, max_bytes))
    if not result.ok:
        return result
    try:
        opened = decrypted(content)
        if opened is not content:  # the decrypted workbook passes the same checks
            result.problems.extend(check_file(opened, file, max_bytes))
            if not result.ok:
                return result
        grids = read_file(opened, file)
    except UnreadableFile as exc:
        result.problems.append(Problem(exc.rule, file, exc.sheet, exc.cell, detail=str(exc)))
        return result
    result.source = SourceFile(file, result.source.sha256, len(content), tuple(g.name for g in grids))

    indicators = indicator_rows(engine)
    infos = {i["code"]: IndicatorSpec.from_row(i) for i in indicators}
    regions = region_index(engine)
    mapping_problems = _check_choices(file, regions, infos, region_aliases, column_map, indicator)
    if mapping_problems:
        result.problems.extend(mapping_problems)
        return result
    ctx = Context(file=file, indicators=indicator_matcher(indicators), regions=regions,
                  indicator_units={c: i.unit for c, i in infos.items()}, period_arg=period_arg,
                  home=province_code, region_aliases=dict(region_aliases or {}),
                  column_map=dict(column_map or {}), indicator_arg=indicator)
    located, periods = [], set()
    found_table = False
    for grid in grids:
        sheet = read_sheet(ctx, grid)
        if sheet is None:
            continue
        found_table = True
        located.extend(sheet.values)
        if len(located) > MAX_VALUES:
            result.problems.append(Problem("too_many_values", file, grid.name,
                                           detail=f"{MAX_VALUES:,}"))
            return result
        periods |= sheet.periods
        result.problems.extend(sheet.problems)
        if not within_error_limit(result.problems, file):
            return result
    if not found_table:
        result.problems.append(Problem("no_table", file))
        return result
    watch.lap("read the workbook")
    units_read: dict[tuple[str, str], str] = {}
    records, targets, problems = convert(located, infos, file, units_read,
                                         max_errors=MAX_ERRORS - len(result.errors))
    watch.lap("cells to values")
    result.problems.extend(problems)
    if not within_error_limit(result.problems, file):
        result.periods = sorted(periods)
        return result
    if not records and not targets and not errors(result.problems):
        result.problems.append(Problem("no_values", file))
    known = known_for(engine, records, infos)
    warned = plausibility_warnings(records, infos, known, file)
    implausible = implausible_values(
        records, {c: i.kind for c, i in infos.items()}, {c: i.unit for c, i in infos.items()},
        known, {code: regions.places[code].level for code in set(known.own.region)},
        plausible_ranges(), units_read, file, accept=accept_outliers)
    result.problems.extend(with_cell_text(warned + implausible, located))
    result.problems.extend(same_as_other_period(engine, records, file))
    within_error_limit(result.problems, file)
    watch.lap("check values")
    result.seconds = watch.seconds
    result.records, result.targets = records, targets
    result.periods = sorted(periods)
    result.choices = {k: v for k, v in (
        ("region_aliases", dict(region_aliases or {})), ("column_map", dict(column_map or {})),
        ("indicator", indicator),
        ("accepted_outliers", [p.location for p in implausible] if accept_outliers else []))
        if v}
    return result


def _check_choices(file: str, regions, infos: dict, region_aliases: dict | None,
                   column_map: dict | None, indicator: str | None) -> list[Problem]:
    """A choice that names no region or indicator of the catalog is refused before reading."""
    problems = []
    for name, code in (region_aliases or {}).items():
        if code not in regions:
            problems.append(Problem("unknown_choice", file, raw=f"{name}={code}",
                                    expected="region"))
    for header, code in [*(column_map or {}).items(), *([("--indicator", indicator)] if indicator else [])]:
        if code not in infos:
            problems.append(Problem("unknown_choice", file, raw=f"{header}={code}",
                                    expected="indicator"))
    return problems


def restrict_regions(result: IngestResult, allowed: set[str] | None, assigned: str = "") -> None:
    """Reject every value for a region outside allowed (None: no limit), each at its cell.

    Checked on the records themselves, not on the file's header: one stray row for another
    city is enough to refuse the whole file."""
    if allowed is None:
        return
    budget = MAX_ERRORS - len(result.errors)
    for item in [*result.records, *result.targets]:
        if item.region_code not in allowed:
            result.problems.append(Problem("region_not_allowed", result.source.file_name,
                                           item.sheet, item.cell, raw=item.region_code,
                                           detail=assigned))
            budget -= 1
            if budget < 0:
                break
    within_error_limit(result.problems, result.source.file_name)


def flagged_cells(problems: list[Problem]) -> dict[str, list[str]]:
    """The cells whose values a plausibility rule warns about (a confirmed implausible value
    among them), location → rules: the marks on an upload's changes."""
    flags: dict[str, list[str]] = {}
    for p in problems:
        if p.severity == "warning" and p.rule in VALUE_RULES and p.cell:
            rules = flags.setdefault(p.location, [])
            if p.rule not in rules:
                rules.append(p.rule)
    return flags


def preview(engine: Engine, result: IngestResult) -> LoadReport:
    """What a commit would do, without writing."""
    return store(engine, result.records, result.source, targets=result.targets, dry_run=True)


def commit(engine: Engine, result: IngestResult, user: str = "cli",
           on_stage: Callable[[str, float], None] | None = None) -> LoadReport:
    """Store a validated result; a result with errors is logged as rejected and not stored."""
    return (store_result(engine, result, user, on_stage) if result.ok
            else reject(engine, result, user))


def reject(engine: Engine, result: IngestResult, user: str = "cli") -> LoadReport:
    """Log a result with errors as a rejected upload (its first 50 errors) and audit it."""
    from db.accounts import audit

    message = "\n".join(p.line("zh") for p in result.errors[:50])
    record_rejection(engine, result.source, n_errors=len(result.errors),
                     n_warnings=len(result.warnings), message=message, user=user,
                     choices=result.choices)
    detail = f"{len(result.errors)} errors\n{message}"[:4000]
    with_retries(lambda: audit(engine, user, "upload_rejected", detail,
                               result.source.file_name), "audit")
    return LoadReport(outcome="rejected")


def store_result(engine: Engine, result: IngestResult, user: str = "cli",
                 on_stage: Callable[[str, float], None] | None = None) -> LoadReport:
    """Store a result without errors in one transaction and audit what it changed."""
    from db.accounts import audit

    report = store(engine, result.records, result.source, targets=result.targets, user=user,
                   n_warnings=len(result.warnings), choices=result.choices,
                   flags=flagged_cells(result.problems), on_stage=on_stage)
    detail = (f"upload {report.upload_id}: {report.n_new} new, {report.n_changed} changed, "
              f"{report.n_unchanged} unchanged")
    if report.n_targets:
        detail += (f"; targets: {report.n_targets_new} new, {report.n_targets_changed} changed, "
                   f"{report.n_targets_unchanged} unchanged")
    # A lock met here, after the data are stored, must not surface as a failed upload.
    with_retries(lambda: audit(engine, user, f"upload_{report.outcome}", detail,
                               result.source.file_name), "audit")
    return report
