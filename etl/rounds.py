"""Reporting rounds: opening one, and sending a validated file into it as a submission.

A file whose values fall into an open round (its period, one of its regions) is staged as a
submission and waits for review (etl.review); any other file is stored as before. The
submission holds the round's period and regions only, so what a reviewer approves is exactly
what was asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, timezone

from sqlalchemy import Engine

from db import rounds as store_rounds
from db.queries import child_regions, region
from db.queries import indicators as indicator_catalog
from db.retries import with_retries
from etl.periods import Period, parse_period
from etl.pipeline import IngestResult, commit, flagged_cells, reject
from etl.problems import Problem, within_error_limit
from etl.records import LoadReport

# A deadline written without a zone is China's time (no daylight saving); a date alone means the
# end of that day.
CHINA = timezone(timedelta(hours=8))


def china_time(moment: datetime) -> str:
    """A stored time as the bureaus read it: Beijing time, to the minute (SQLite gives back
    naive UTC)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


class RoundError(ValueError):
    """A round request that cannot be done, worded in Chinese and English."""


@dataclass
class SubmitReport:
    """What sending a file into a round did (the LoadReport of a file sent into no round)."""

    round_id: int
    round_title: str
    submission_id: int | None = None
    n_values: int = 0
    n_targets: int = 0
    superseded: list[int] = field(default_factory=list)
    same_as: int | None = None  # an identical submission already waiting or approved
    outcome: str = "submitted"  # submitted | unchanged

    def line(self) -> str:
        if self.outcome == "unchanged":
            return (f"与第 {self.same_as} 号报送相同，未重复报送 / same as submission "
                    f"{self.same_as}, not sent again")
        note = (f"，替代第 {', '.join(map(str, self.superseded))} 号报送"
                f" / supersedes {', '.join(map(str, self.superseded))}" if self.superseded else "")
        return (f"已报送至填报轮次“{self.round_title}”（第 {self.submission_id} 号），待审核后发布："
                f"{self.n_values} 个数值，{self.n_targets} 个目标值{note} / submitted to round "
                f"{self.round_id} as submission {self.submission_id}, published once approved: "
                f"{self.n_values} values, {self.n_targets} targets")


def parse_deadline(text: str) -> datetime:
    """2025-10-15 (the end of that day) or 2025-10-15T17:00, China time unless a zone is given."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise RoundError(f"截止时间应为 2025-10-15 或 2025-10-15T17:00 / a deadline is "
                         f"2025-10-15 or 2025-10-15T17:00: {text!r}") from None
    if len(text.strip()) == 10:
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def round_period(period_text: str) -> Period:
    period = parse_period(period_text)
    if period is None:
        raise RoundError(f"无法识别期间 / not a period: {period_text!r} (2025年1-9月, 2025Q3, 2025)")
    return period


def regions_under(engine: Engine, parent: str, levels: tuple[str, ...] = ("county", "zone")) -> list[str]:
    """A city's districts, counties and zones (or a province's cities: levels=("city",))."""
    frame = child_regions(engine, parent, levels)
    return [c for c in frame["code"] if c != parent]


def open_round(engine: Engine, *, period: str, regions: list[str], deadline: datetime,
               user: str, scope: set[str] | None, indicators: list[str] | None = None,
               title: str = "", client: str | None = None) -> int:
    """Open a round; scope is what the user may review (None: everything)."""
    p = round_period(period)
    regions = list(dict.fromkeys(regions))
    if not regions:
        raise RoundError("轮次须包含地区 / a round needs regions")
    unknown = [c for c in regions if region(engine, c) is None]
    if unknown:
        raise RoundError(f"未知地区代码 / unknown region codes: {', '.join(unknown)}")
    outside = [c for c in regions if scope is not None and c not in scope]
    if outside:
        raise RoundError(f"无权为这些地区开启轮次 / not your regions to review: {', '.join(outside)}")
    catalog = indicator_catalog(engine)
    indicators = list(dict.fromkeys(indicators or catalog.loc[catalog["is_key"], "code"]))
    bad = [c for c in indicators if c not in set(catalog["code"])]
    if bad or not indicators:
        raise RoundError(f"未知指标代码 / unknown indicator codes: {', '.join(bad) or '-'}")
    clash = store_rounds.open_rounds_covering(engine, {(p.year, p.quarter, p.cumulative)},
                                              set(regions))
    if clash:
        raise RoundError(f"这些地区已有同一期间的开放轮次 / an open round of this period already "
                         f"asks these regions: {', '.join(str(r['id']) for r in clash)}")
    title = title or f"{p.label_zh}填报"
    # Stored in UTC as every time here: SQLite keeps the clock reading and drops the zone.
    deadline = (deadline if deadline.tzinfo else deadline.replace(tzinfo=CHINA)).astimezone(UTC)
    return store_rounds.create_round(engine, title=title, year=p.year, quarter=p.quarter,
                                     cumulative=p.cumulative, regions=regions,
                                     indicators=indicators, deadline=deadline, opened_by=user,
                                     client=client)


def _rounds_covering(engine: Engine, result: IngestResult) -> list[dict]:
    periods = {(r.year, 0 if r.quarter == 4 and r.cumulative else r.quarter, r.cumulative)
               for r in result.records}
    periods |= {(t.year, 0, True) for t in result.targets}
    return store_rounds.open_rounds_covering(engine, periods, set(result.region_codes))


def open_round_for(engine: Engine, result: IngestResult) -> dict | None:
    """The one open round a checked file falls into (None: none, or several)."""
    rounds = _rounds_covering(engine, result)
    return rounds[0] if len(rounds) == 1 else None


def round_of(engine: Engine, result: IngestResult) -> dict | None:
    """The open round the file's values fall into, if any. A file that is not wholly the
    round's (another period or region beside it) or falls into two rounds gets an error per
    stray value, so it is refused as a whole."""
    rounds = _rounds_covering(engine, result)
    file = result.source.file_name
    if len(rounds) > 1:
        names = "、".join(f"{r['id']} {r['title']}" for r in rounds)
        result.problems.append(Problem("several_rounds", file, detail=names))
        return None
    if not rounds:
        return None
    rnd = rounds[0]
    members, label = set(rnd["regions"]), f"{rnd['id']} {rnd['title']}"
    key = (rnd["year"], rnd["quarter"], rnd["cumulative"])
    for r in result.records:
        quarter = 0 if r.quarter == 4 and r.cumulative else r.quarter
        if r.region_code not in members or (r.year, quarter, r.cumulative) != key:
            result.problems.append(Problem("outside_round", file, r.sheet, r.cell,
                                           raw=f"{r.region_code} {Period(r.year, quarter, r.cumulative).label_zh}",
                                           detail=label))
            if not within_error_limit(result.problems, file):
                return rnd
    for t in result.targets:
        if t.region_code not in members or t.year != rnd["year"]:
            result.problems.append(Problem("outside_round", file, t.sheet, t.cell,
                                           raw=f"{t.region_code} {t.year}", detail=label))
    within_error_limit(result.problems, file)
    return rnd


def submit(engine: Engine, result: IngestResult, rnd: dict, user: str,
           client: str | None = None) -> SubmitReport:
    """Stage a validated file's values as a submission to the round (nothing published)."""
    report = SubmitReport(rnd["id"], rnd["title"])
    regions = sorted(set(result.region_codes) & set(rnd["regions"]))
    for earlier in reversed(store_rounds.round_submissions(engine, rnd["id"])):
        if (earlier["sha256"] == result.source.sha256
                and earlier["status"] in ("submitted", "approving", "approved")
                and sorted(earlier["regions"]) == regions):
            report.outcome, report.same_as = "unchanged", earlier["id"]
            return report
        if set(regions) & set(earlier["regions"]) and earlier["status"] != "superseded":
            break  # a different file was sent for these regions since: this one is new again
    values = [{"region_code": r.region_code, "indicator_code": r.indicator_code, "year": r.year,
               "quarter": 0 if r.quarter == 4 and r.cumulative else r.quarter,
               "cumulative": r.cumulative, "value": r.value, "sheet": r.sheet, "cell": r.cell,
               "status": r.status} for r in result.records]
    targets = [{"region_code": t.region_code, "indicator_code": t.indicator_code, "year": t.year,
                "value": t.value, "sheet": t.sheet, "cell": t.cell} for t in result.targets]
    src = result.source
    report.submission_id, report.superseded = with_retries(lambda: store_rounds.add_submission(
        engine, rnd["id"], regions=regions, file_name=src.file_name, sha256=src.sha256,
        size_bytes=src.size_bytes, sheets=list(src.sheets), user=user, values=values,
        targets=targets, n_warnings=len(result.warnings), choices=result.choices,
        flags=flagged_cells(result.problems), client=client), "submit to round")
    report.n_values, report.n_targets = len(values), len(targets)
    return report


def commit_or_submit(engine: Engine, result: IngestResult, user: str = "cli",
                     client: str | None = None) -> LoadReport | SubmitReport:
    """What the CLI and the upload page do with a checked file: into its open round as a
    submission, else stored as before. A file with errors is refused either way."""
    rnd = round_of(engine, result) if result.ok else None
    if not result.ok:
        return reject(engine, result, user)
    if rnd is None:
        return commit(engine, result, user=user)
    return submit(engine, result, rnd, user, client)
