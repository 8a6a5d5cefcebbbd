"""The draft of a progress report (情况汇报) as plain data: title, opening, one section per
catalog dimension, the closing section, the key-indicator table and the charts' data.

build_draft reads the data (reports.data) and composes the text (reports.sentences); the
writers (docx_writer, markdown_writer) and the Report page only lay the draft out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd
from sqlalchemy import Engine

from metrics.numbers import changes_in_points
from reports import prose_numbers as fmt
from reports import sentences as s
from reports.data import ReportData, gather
from reports.prose_numbers import MONTHS_EN, missing
from reports.templates import Templates, default_templates

LANGS = ("zh", "en")
# A trend chart needs a few years to show one.
MIN_TREND_POINTS = 3


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    """The data of one chart; reports.charts draws it."""

    kind: str  # "bar" (one value per label) or "line" (values over years)
    title: str
    labels: list[str]
    values: list[float]
    unit: str  # what the values are in: "%" for growth, or the indicator's unit


@dataclass
class Draft:
    lang: str
    region_code: str
    region_name: str
    level: str
    year: int
    quarter: int
    period: str
    title: str
    opening: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: Section | None = None
    table: Table | None = None
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.sections)

    def all_sections(self) -> list[Section]:
        return self.sections + ([self.closing] if self.closing else [])

    def text(self) -> str:
        """Every word of the draft a reader sees, one paragraph a line (for checks and tests)."""
        lines = [self.title, *self.opening]
        for section in self.all_sections():
            lines += [section.heading, *section.paragraphs]
        if self.table:
            lines += [self.table.title, " | ".join(self.table.header)]
            lines += [" | ".join(row) for row in self.table.rows]
        lines += [chart.title for chart in self.charts]
        lines += [label for chart in self.charts for label in chart.labels]
        return "\n".join(lines + self.notes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Draft":
        data = dict(data)
        data["sections"] = [Section(**x) for x in data.get("sections") or []]
        data["closing"] = Section(**data["closing"]) if data.get("closing") else None
        data["table"] = Table(**data["table"]) if data.get("table") else None
        data["charts"] = [Chart(**x) for x in data.get("charts") or []]
        return cls(**data)


# --- composing ---------------------------------------------------------------------------------

def period_label(templates: Templates, year: int, quarter: int, lang: str) -> str:
    """2025年 / 2025年1-9月; 2025 / January–September 2025 (quarters are year to date)."""
    if not quarter:
        return templates.text("period_year", lang, year=year)
    month = quarter * 3
    return templates.text("period_quarter", lang, year=year, month=month,
                          month_en=MONTHS_EN[month - 1])


def _context(data: ReportData, templates: Templates, lang: str) -> s.Context:
    scope = data.default_scope or {}
    label = scope.get("label_en" if lang == "en" else "label_zh") or ""
    last = templates.text("last_year_same_period" if data.quarter else "last_year", lang)
    return s.Context(templates, lang, templates.self_name(data.name_zh, data.level, lang),
                     last, label)


def _region_name(data: ReportData, lang: str) -> str:
    return data.name_en if lang == "en" and data.name_en else data.name_zh


def _by_indicator(frame: pd.DataFrame) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    if frame is None or frame.empty:
        return grouped
    for row in frame.to_dict("records"):
        grouped.setdefault(row["indicator_code"], []).append(row)
    return grouped


def _sections(data: ReportData, ctx: s.Context) -> list[Section]:
    rows = data.rows()
    found = _by_indicator(data.milestones)
    goals = {code: items[0] for code, items in _by_indicator(data.targets).items()}
    cagr = {span.plan.code: dict(zip(span.table["indicator_code"], span.table["cagr_pct"]))
            for span in data.spans}
    names = {d.code: (d.name_en if ctx.lang == "en" and d.name_en else d.name_zh)
             for d in data.dimensions}
    # The catalog's dimensions in the order of data/index_weights.yaml; an indicator whose
    # dimension that file does not list still gets a section, named by its code.
    order = list(names) + sorted({r["dimension"] for r in rows} - set(names), key=str)
    sections = []
    for dimension in order:
        paragraphs = []
        for row in (r for r in rows if r["dimension"] == dimension):
            code = row["indicator_code"]
            others = [(kind, {**frame.loc[code].to_dict(), "scope_code": scope_code})
                      for (kind, scope_code), frame in data.other_ranks.items()
                      if code in frame.index]
            spans = [(span.plan, span.base, span.end, span.complete,
                      cagr[span.plan.code].get(code)) for span in data.spans]
            text = s.indicator_paragraph(row, ctx, found=found.get(code, ()),
                                         other_ranks=others, spans=spans, goal=goals.get(code),
                                         quarter=data.quarter)
            if text:
                paragraphs.append(text)
        if paragraphs:
            heading = ctx.t("section_heading", numeral=s.numeral(len(sections) + 1, ctx.lang),
                            name=names.get(dimension, str(dimension)))
            sections.append(Section(heading, paragraphs))
    return sections


def _closing(data: ReportData, ctx: s.Context, number: int) -> Section | None:
    # Base figures (GDP, population: dimensions weighted 0) are denominators, not innovation
    # performance; the shortcomings are about the scored dimensions.
    scored = {d.code for d in data.dimensions if d.weight > 0}
    rows = [r for r in data.rows() if not scored or r["dimension"] in scored]
    averages = {k: v for k, v in data.averages.items() if not missing(v)}
    paragraphs = s.closing(rows, averages, ctx)
    if not paragraphs:
        return None
    heading = ctx.t("section_heading", numeral=s.numeral(number, ctx.lang),
                    name=ctx.t("closing_heading"))
    return Section(heading, paragraphs)


def _change_cell(row: dict, lang: str) -> str:
    """The table's growth column: growth in %, or the change in points for percentages."""
    if changes_in_points(row["unit"], row["kind"]):
        net = row.get("net_increase")
        if missing(net):
            return "—"
        sign = "+" if float(net) > 0 else ("-" if float(net) < 0 else "")
        unit = " pp" if lang == "en" else "个百分点"
        return f"{sign}{fmt.points(net)}{unit}"
    if row["kind"] in s.NO_GROWTH_KINDS:
        return "—"
    return fmt.growth_cell(row.get("yoy_growth_pct"))


def _table(data: ReportData, ctx: s.Context, region: str, period: str) -> Table | None:
    keys = [r for r in data.rows() if s._flag(r.get("is_key"))]
    if not keys:
        return None
    header = [ctx.t("table_indicator"), ctx.t("table_value"), ctx.t("table_growth"),
              ctx.t("table_rank", scope=ctx.scope_label), ctx.t("table_rank_change")]
    rows = []
    for r in keys:
        ranked = r["kind"] != "rank" and not missing(r.get("rank_of")) and int(r["rank_of"]) >= 2
        rows.append([
            s.name(r, ctx.lang), fmt.amount(r["value"], r["unit"], ctx.lang, r["kind"]),
            _change_cell(r, ctx.lang),
            fmt.rank_cell(r.get("rank"), r.get("rank_of"), s._flag(r.get("tied")),
                          ctx.lang) if ranked else "—",
            fmt.rank_change_cell(r.get("rank_change"), ctx.lang) if ranked else "—",
        ])
    return Table(ctx.t("table_title", region=region, period=period), header, rows)


def _charts(data: ReportData, ctx: s.Context, region: str, period: str) -> list[Chart]:
    charts = []
    keys = [r for r in data.rows() if s._flag(r.get("is_key")) and r["kind"] not in
            s.NO_GROWTH_KINDS and r["unit"] not in s.PERCENT_UNITS
            and not missing(r.get("yoy_growth_pct"))]
    if keys:
        charts.append(Chart("bar", ctx.t("chart_growth", n=len(charts) + 1, region=region,
                                         period=period),
                            [s.name(r, ctx.lang) for r in keys],
                            [float(r["yoy_growth_pct"]) for r in keys], "%"))
    trend = data.trend.dropna(subset=["value"]) if not data.trend.empty else data.trend
    if len(trend) >= MIN_TREND_POINTS:
        first = trend.iloc[0]
        indicator = data.snapshot.loc[data.snapshot["indicator_code"] == first["indicator_code"]]
        label = s.name(indicator.iloc[0].to_dict(), ctx.lang) if not indicator.empty \
            else first["indicator_code"]
        charts.append(Chart("line", ctx.t("chart_trend", n=len(charts) + 1, region=region,
                                          indicator=label),
                            [str(int(y)) for y in trend["year"]],
                            [float(v) for v in trend["value"]], str(first["unit"])))
    return charts


def compose(data: ReportData, lang: str = "zh", templates: Templates | None = None) -> Draft:
    """The draft of a report from its data: pure (no database)."""
    templates = templates or default_templates()
    ctx = _context(data, templates, lang)
    region = _region_name(data, lang)
    period = period_label(templates, data.year, data.quarter, lang)
    draft = Draft(lang, data.region_code, region, data.level, data.year, data.quarter, period,
                  templates.text("title", lang, region=region, period=period))
    if data.empty:
        return draft
    scope = data.default_scope
    members = None
    if data.composite and scope is not None and not missing(data.composite.get("rank_of")):
        members = ctx.members(scope["scope_kind"], data.composite["rank_of"])
    draft.opening = s.opening(data.rows(), ctx, region, period, data.composite, members)
    draft.sections = _sections(data, ctx)
    draft.closing = _closing(data, ctx, len(draft.sections) + 1)
    draft.table = _table(data, ctx, region, period)
    draft.charts = _charts(data, ctx, region, period)
    if data.composite_left_out:
        draft.notes.append(_composite_note(data, ctx, templates, lang))
    if data.simulated:
        draft.notes.append(templates.text("simulated_note", lang))
    return draft


def _composite_note(data: ReportData, ctx: s.Context, templates: Templates, lang: str) -> str:
    """Why the composite index is not stated: too few of the scope's regions have one, the
    region lacks a dimension, or both."""
    gap, scope = data.composite_left_out, data.default_scope
    reasons = []
    if gap["n"] < gap["needed"]:
        reasons.append(templates.text("composite_gap_coverage", lang, n=gap["n"],
                                      needed=gap["needed"],
                                      members=ctx.members(scope["scope_kind"], gap["of"])))
    if gap["dimensions"]:
        names = ("、" if lang == "zh" else ", ").join(
            d.name_en if lang == "en" else d.name_zh for d in gap["dimensions"])
        reasons.append(templates.text("composite_gap_dimensions", lang, dimensions=names))
    return templates.text("composite_note", lang, reasons=ctx.mark("clause").join(reasons))


def build_draft(engine: Engine, region_code: str, year: int, quarter: int = 0,
                lang: str = "zh", templates: Templates | None = None) -> Draft | None:
    """The draft for a region (city, county or zone) and period; None for an unknown region.
    A region without data for the period gives a draft with a title and nothing else
    (has_data is False)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    templates = templates or default_templates()
    data = gather(engine, region_code, year, quarter, plans=templates.plans)
    if data is None:
        return None
    return compose(data, lang, templates)
