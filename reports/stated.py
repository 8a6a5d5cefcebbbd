"""The figures a drafted report states, as a reader would mark them: the second corpus of the
extractor (`tests/test_extract_roundtrip.py`, `scripts/extract_roundtrip.py`).

Each figure is listed only when the sentence builder that states it writes a sentence (the
same calls reports.draft makes), with the number as the draft writes it (1.31亿元, 12.9%,
第93位), so extracting the draft again must give back exactly these.
"""

from __future__ import annotations

import re

from etl.extract.evaluate import Mark
from etl.extract.scopes import canonical_scope
from reports import prose_numbers as fmt
from reports import sentences as s
from reports.data import ReportData
from reports.draft import _context
from reports.prose_numbers import missing
from reports.templates import Templates, default_templates

_WRITTEN = re.compile(r"^(?P<num>-?[\d.]+)(?P<unit>.*)$")
_TEN_THOUSAND = {"万家": "家", "万个": "个", "万件": "件", "万项": "项"}


def _written(text: str) -> tuple[float, str]:
    """"1.31亿元" -> (1.31, "亿元"); "12.35万家" -> (123500, "家"); "2.31%" -> (2.31, "%")."""
    m = _WRITTEN.match(text)
    value, unit = float(m["num"]), m["unit"]
    if unit in _TEN_THOUSAND:
        return value * 1e4, _TEN_THOUSAND[unit]
    return value, unit


def stated_figures(data: ReportData, templates: Templates | None = None) -> list[Mark]:
    """The figures of the Chinese draft of `data`, one Mark each."""
    templates = templates or default_templates()
    ctx = _context(data, templates, "zh")
    year, quarter, region = data.year, data.quarter, data.region_code
    goals = {}
    if data.targets is not None and not data.targets.empty:
        for row in data.targets.to_dict("records"):
            goals.setdefault(row["indicator_code"], row)
    cagr = {span.plan.code: dict(zip(span.table["indicator_code"], span.table["cagr_pct"]))
            for span in data.spans}
    marks: list[Mark] = []

    def mark(code, kind, value, unit, scope=None, basis="value", period=(year, quarter, None)):
        y, q, start = period
        marks.append(Mark(code, kind, float(value), unit, y, q, start, basis,
                          canonical_scope(scope), region))

    for row in data.rows():
        code = row["indicator_code"]
        if s.level(row, ctx) is None:
            continue
        if row.get("kind") == "rank":  # "开发区综合考核排名为第8位": a reported rank
            mark(code, "rank", int(round(float(row["value"]))), "位")
        elif s._is_zero(row):
            mark(code, "level", 0, row["unit"])
        else:
            mark(code, "level", *_written(fmt.amount(row["value"], row["unit"], "zh", row.get("kind"))))
        _change(row, ctx, mark)
        if s.growth(row, ctx) is not None:
            pct = float(fmt.percent(row["yoy_growth_pct"]).rstrip("%"))
            mark(code, "growth", pct if float(row["yoy_growth_pct"]) >= 0 else -pct, "%")
        _ranks(row, ctx, data, mark)
        for span in data.spans:
            pct = cagr[span.plan.code].get(code)
            if s.cagr(row, [(span.plan, span.base, span.end, span.complete, pct)], ctx) is None:
                continue
            value = float(fmt.percent(pct).rstrip("%"))
            mark(code, "avg_growth", value if float(pct) >= 0 else -value, "%",
                 period=(span.end, 0, span.plan.start))
        goal = goals.get(code)
        if goal is not None and s.target(goal, ctx, quarter) is not None:
            mark(code, "target", *_written(fmt.amount(goal["target"], goal["unit"], "zh", goal.get("kind"))),
                 period=(year, 0, None))
    _closing(data, ctx, mark)
    _table(data, ctx, mark)
    return list(dict.fromkeys(marks))  # a figure stated in the text and the table is one


def _table(data: ReportData, ctx, mark) -> None:
    """The key-indicator table (reports.draft._table): value, growth or change in points,
    rank in the default scope and its change."""
    for r in data.rows():
        if not s._flag(r.get("is_key")) or missing(r.get("value")) or r["kind"] == "rank":
            continue
        code = r["indicator_code"]
        mark(code, "level", *_written(fmt.amount(r["value"], r["unit"], "zh", r["kind"])))
        if s.changes_in_points(r["unit"], r["kind"]):
            if not missing(r.get("net_increase")):
                points = float(fmt.points(r["net_increase"]))
                mark(code, "net_increase", -points if float(r["net_increase"]) < 0 else points, "百分点")
        elif r["kind"] not in s.NO_GROWTH_KINDS and not missing(r.get("yoy_growth_pct")):
            mark(code, "growth", float(fmt.growth_cell(r["yoy_growth_pct"]).rstrip("%")), "%")
        if missing(r.get("rank_of")) or int(r["rank_of"]) < 2 or missing(r.get("rank")):
            continue
        mark(code, "rank", int(r["rank"]), "位", scope=ctx.scope_label)
        if not missing(r.get("rank_change")) and int(r["rank_change"]):
            mark(code, "rank_change", int(r["rank_change"]), "位", scope=ctx.scope_label)


def _closing(data: ReportData, ctx, mark) -> None:
    """The closing names the indicators that fell in rank (with their rank and the places
    lost) and those below the scope's average (with their value): figures too."""
    for r in data.rows():
        lost = s.fell_in_rank(r)
        code = r["indicator_code"]
        if lost and r.get("kind") == "rank":
            mark(code, "rank", int(r["value"]), "位")
            mark(code, "rank_change", -lost, "位")
        elif lost and not missing(r.get("rank_of")):
            scope = ctx.members(r["rank_scope_kind"], r["rank_of"],
                                scope_code=r.get("rank_scope_code"))
            mark(code, "rank", int(r["rank"]), "位", scope=scope)
            mark(code, "rank_change", -lost, "位", scope=scope)


def _change(row, ctx, mark) -> None:
    """较上年净增48家 / 提高0.05个百分点 / a reported rank's 提升3位."""
    text = s.change(row, ctx)
    if text is None or missing(row.get("net_increase")) or float(row["net_increase"]) == 0:
        return
    code, net = row["indicator_code"], float(row["net_increase"])
    if row.get("kind") == "rank":
        better = -net if row.get("direction") == "lower" else net
        mark(code, "rank_change", round(better), "位")
    elif s.changes_in_points(row.get("unit"), row.get("kind")):
        points = float(fmt.points(net))
        mark(code, "net_increase", points if net > 0 else -abs(points), "百分点")
    else:
        value, unit = _written(fmt.amount(abs(net), row["unit"], "zh"))
        mark(code, "net_increase", value if net > 0 else -value, unit)


def _ranks(row, ctx, data: ReportData, mark) -> None:
    """The rank clauses of reports.sentences.ranks, each with its scope and change."""
    if row.get("kind") == "rank" or s._is_zero(row):
        return
    code = row["indicator_code"]

    def one(rank, of, tied, scope_kind, change, peer=None, scope_code=None):
        if s.rank(rank, of, tied, scope_kind, ctx, peer, scope_code) is None:
            return
        scope = ctx.members(scope_kind, of, peer, scope_code)
        mark(code, "rank", int(rank), "位", scope=scope)
        if s.rank_change(change, ctx) is not None:
            mark(code, "rank_change", int(change), "位", scope=scope)

    one(row.get("rank"), row.get("rank_of"), row.get("tied"), row.get("rank_scope_kind"),
        row.get("rank_change"), scope_code=row.get("rank_scope_code"))
    if s.growth_rank(row, ctx) is not None:
        mark(code, "rank", int(row["growth_rank"]), "位", scope=ctx.scope_label, basis="growth")
    for (scope_kind, scope_code), frame in data.other_ranks.items():
        if code in frame.index:
            other = frame.loc[code].to_dict()
            one(other.get("rank"), other.get("rank_of"), other.get("tied"), scope_kind,
                other.get("rank_change"), scope_code=scope_code)
    peer = row.get("peer_group_zh")
    if isinstance(peer, str) and peer:
        one(row.get("peer_group_rank"), row.get("peer_group_rank_of"), row.get("peer_group_tied"),
            "peer", row.get("peer_group_rank_change"), peer)
