"""Each chart in words (issue #27): a name, a short description generated from its data, and
the figures it draws as a table, for screen readers and for anyone who would rather read the
numbers. components.chart() puts them around the graph.

"全社会研发投入，2025年，安徽省各市排名：合肥市第1位 277.6亿元，芜湖市第2位 …，…，六安市第11位
25.3亿元。共15个地区。"

The numbers are written as the charts write them (same units, same rounding): each builder
reads them through its figure module's own helpers. Pure functions; tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.figures.compare import panel_scale, region_lines
from dashboard.figures.rankings import bar_values
from dashboard.figures.trends import measure_frame, period_label, value_scale
from dashboard.formatting import (MISSING, format_growth, format_rank, format_value,
                                  is_missing)
from dashboard.i18n import name_of, t

TOP_NAMED = 3  # a ranking's description names its first few, the chosen ones and its last
ELLIPSIS = "…"


@dataclass(frozen=True)
class ChartText:
    """name: the chart's accessible name; description: its data in a few sentences; columns
    and rows: the figures drawn, as strings, the first cell of a row heading it (no rows: the
    page shows the figures in a table of its own)."""
    name: str
    description: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _join(parts, lang: str) -> str:
    return ("，" if lang == "zh" else "; ").join(p for p in parts if p)


def _sentences(parts, lang: str) -> str:
    end = "。" if lang == "zh" else ". "
    return "".join(p.rstrip(". ") + end for p in parts if p).strip()


def _names(names, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def _year(year, lang: str) -> str:
    return f"{int(year)}年" if lang == "zh" else str(int(year))


def _tied(value) -> bool:
    return False if is_missing(value) else bool(value)


# --- Rankings --------------------------------------------------------------------------------

def ranking_bar_text(ranking: pd.DataFrame, *, unit: str, lang: str, basis: str, indicator: str,
                     period: str, scope: str, selected: str | None = None,
                     picked=()) -> ChartText:
    """The sorted bars: the first few, the chosen and picked regions and the last, in order,
    with "…" where ranks are left out; the table holds every region."""
    frame, _ = bar_values(ranking, unit=unit, lang=lang, basis=basis)
    name = t("a11y_rank_name", lang, indicator=indicator, period=period, scope=scope)
    if basis == "growth":
        name += t("a11y_by_growth", lang)
    rows = frame.to_dict("records")
    named = set(range(min(TOP_NAMED, len(rows)))) | ({len(rows) - 1} if rows else set())
    named |= {i for i, r in enumerate(rows) if r["region_code"] == selected
              or r["region_code"] in picked}
    items, previous = [], -1
    for i in sorted(named):
        if i > previous + 1:
            items.append(ELLIPSIS)
        r = rows[i]
        items.append(t("a11y_rank_item", lang, name=r["name"], value=r["label"],
                       rank=format_rank(r["rank"], None, lang, _tied(r["tied"]))))
        previous = i
    description = _sentences([name + _colon(lang) + _join(items, lang),
                              t("a11y_count", lang, n=len(rows))], lang)
    value_column = t("measure_growth" if basis == "growth" else "measure_value", lang)
    return ChartText(name, description,
                     [t("col_region", lang), t("rk_col_rank", lang), value_column],
                     [[r["name"], r["rank_text"], r["label"]] for r in rows])


def bump_text(history: pd.DataFrame, *, lang: str, indicator: str, scope: str,
              selected: str | None = None, picked=()) -> ChartText:
    """Rank positions over the years: the path of each region in front (the chosen and the
    picked ones), else the leader of each year; the table has every region and year."""
    history = history.dropna(subset=["rank"])
    history = history[history["rank_of"].fillna(0) >= 2]
    name = t("a11y_bump_name", lang, indicator=indicator, scope=scope)
    if history.empty:
        return ChartText(name, name)
    years = sorted(int(y) for y in history["year"].unique())
    ranks = {(r["region_code"], int(r["year"])): format_rank(r["rank"], None, lang, _tied(r["tied"]))
             for r in history.to_dict("records")}
    names = dict(zip(history["region_code"], history["name"]))
    latest = history.sort_values(["year", "rank"], ascending=[False, True], kind="stable")
    order = list(dict.fromkeys(latest["region_code"]))
    front = [c for c in [selected, *picked] if c in names]
    if front:
        paths = []
        for code in dict.fromkeys(front):
            path = [f"{_year(y, lang)}{'' if lang == 'zh' else ' '}{ranks[(code, y)]}"
                    for y in years if (code, y) in ranks]
            # The first and the latest year say where it went; the table has every year.
            paths.append(names[code] + _colon(lang)
                         + _join(path if len(path) <= 3 else [path[0], path[-1]], lang))
    else:
        leaders = history[history["rank"] == 1].sort_values("year")
        paths = [t("a11y_bump_leaders", lang) + _colon(lang) + _join(
            [f"{_year(r['year'], lang)} {r['name']}" for r in leaders.to_dict("records")], lang)]
    description = _sentences([name + _colon(lang) + _join(paths, lang),
                              t("a11y_count", lang, n=len(order))], lang)
    rows = [[names[code]] + [ranks.get((code, y), MISSING) for y in years] for code in order]
    return ChartText(name, description, [t("col_region", lang)] + [_year(y, lang) for y in years],
                     rows)


# --- Trends ----------------------------------------------------------------------------------

def trends_text(series: pd.DataFrame, *, unit: str, lang: str, measure: str, indicator: str,
                basis: str, selected: str | None = None) -> ChartText:
    """One line per region: each region's first and latest figure; the table has a row per
    period and a column per region, in the legend's order (the chosen region first)."""
    frame = measure_frame(series, measure)
    scale = value_scale(frame, unit, lang)

    def figure_of(row) -> str:
        if measure == "growth":
            return format_growth(row.yoy_growth_pct, lang)
        if measure == "index":
            return MISSING if is_missing(row.y) else f"{row.y:,.1f}"
        return format_value(row.value, unit, lang, scale=scale)

    def written(row) -> str:
        text = figure_of(row)
        # A value awaiting review (metrics.pending) says so, as its open diamond does.
        if bool(getattr(row, "pending", False)) and text != MISSING:
            return f"{text}（{t('status_pending', lang)}）" if lang == "zh" else \
                f"{text} ({t('status_pending', lang).lower()})"
        return text

    name = " · ".join([indicator, basis, t(f"measure_{measure}", lang)])
    periods = (frame[["year", "quarter", "cumulative"]].drop_duplicates()
               .sort_values(["year", "quarter"]))
    labels = [period_label(p, lang) for p in periods.itertuples()]
    cells: dict[tuple[str, str], str] = {}
    regions: dict[str, str] = {selected: ""} if selected in set(frame["region_code"]) else {}
    for row in frame.itertuples():
        code = row.region_code
        regions[code] = regions.get(code) or name_of(row._asdict(), lang, prefix="region_")
        cells[(code, period_label(row, lang))] = written(row)
    lines = []
    for code, region in regions.items():
        shown = [(p, cells[(code, p)]) for p in labels
                 if cells.get((code, p), MISSING) != MISSING]
        ends = shown if len(shown) <= 2 else [shown[0], shown[-1]]
        if ends:
            lines.append(region + _colon(lang) + _join([f"{p} {v}" for p, v in ends], lang))
    description = _sentences([name + _colon(lang) + ("；" if lang == "zh" else ". ").join(lines)],
                             lang)
    return ChartText(name, description, [t("col_period", lang), *regions.values()],
                     [[p] + [cells.get((code, p), MISSING) for code in regions] for p in labels])


# --- Compare ---------------------------------------------------------------------------------

def multiples_text(frame: pd.DataFrame, indicators: list[dict], regions: list[dict], *,
                   lang: str) -> ChartText:
    """One panel per indicator: each region's latest figure in each; the table has a row per
    indicator and region, a column per year."""
    lines = region_lines(frame) if not frame.empty else {}
    years = sorted({y for line in lines.values() for y in line["year"]})
    name = t("a11y_multiples_name", lang, regions=_names([r["name"] for r in regions], lang),
             indicators=_names([i["name"] for i in indicators], lang))
    panels, rows = [], []
    for ind in indicators:
        values = [v for (code, _), line in lines.items() if code == ind["code"]
                  for v in line["value"] if not pd.isna(v)]
        scale = panel_scale(values, ind["unit"], lang)
        latest = []  # (region, year, value written) of each region's latest year
        for region in regions:
            line = lines.get((ind["code"], region["code"]))
            by_year = {} if line is None else {
                y: format_value(v, ind["unit"], lang, scale=scale)
                for y, v in zip(line["year"], line["value"]) if not pd.isna(v)}
            rows.append([f"{ind['name']} · {region['name']}"]
                        + [by_year.get(y, MISSING) for y in years])
            if by_year:
                latest.append((region["name"], max(by_year), by_year[max(by_year)]))
        panels.append(_latest_values(ind["name"], latest, lang))
    description = _sentences([name, *panels], lang)
    return ChartText(name, description,
                     [t("col_indicator", lang)] + [_year(y, lang) for y in years], rows)


def _latest_values(indicator: str, latest: list[tuple[str, int, str]], lang: str) -> str:
    """"全社会研发投入（2025年）：合肥市 386.5亿元，六安市 43.5亿元", the year once when the
    regions share it."""
    if not latest:
        return indicator + _colon(lang) + t("a11y_no_value", lang)
    if len({year for _, year, _ in latest}) == 1:
        year = _year(latest[0][1], lang)
        head = f"{indicator}（{year}）" if lang == "zh" else f"{indicator} ({year})"
        return head + _colon(lang) + _join([f"{name} {value}" for name, _, value in latest], lang)
    return indicator + _colon(lang) + _join(
        [f"{name} {value}（{_year(year, lang)}）" if lang == "zh" else f"{name} {value} ({year})"
         for name, year, value in latest], lang)


def radar_text(index: pd.DataFrame, dimensions: list[dict], regions: list[dict], *, lang: str,
               period: str) -> ChartText:
    """The composite index's dimension scores (0-100) of each region."""
    dims = [d for d in dimensions if f"score_{d['code']}" in index
            and index[f"score_{d['code']}"].notna().any()]
    by_code = {row["region_code"]: row for row in index.to_dict("records")}
    name = t("a11y_radar_name", lang, period=period)

    def score(value) -> str:
        return MISSING if is_missing(value) else f"{float(value):.1f}"

    rows, parts = [], []
    for region in regions:
        row = by_code.get(region["code"])
        if row is None:
            continue
        scores = [score(row.get(f"score_{d['code']}")) for d in dims]
        rows.append([region["name"], score(row.get("index")), *scores])
        parts.append(region["name"] + _colon(lang) + _join(
            [f"{t('measure_index', lang)} {score(row.get('index'))}"]
            + [f"{d['name']} {s}" for d, s in zip(dims, scores)], lang))
    description = _sentences([name, *parts], lang)
    return ChartText(name, description,
                     [t("col_region", lang), t("measure_index", lang), *[d["name"] for d in dims]],
                     rows)


# --- Map -------------------------------------------------------------------------------------

def map_text(frame: pd.DataFrame, *, lang: str, measure: str, caption: str) -> ChartText:
    """The choropleth: its highest and lowest region (rank: first and last) and those without
    a figure. Its figures are in the table beside the map (pages/map.py), so no table here."""
    text_column = {"growth": "growth_text", "rank": "rank_text"}.get(measure, "value_text")
    known = frame[frame["value"].notna()].sort_values("value", ascending=measure == "rank",
                                                      kind="stable")
    parts = []
    if not known.empty:
        first, last = known.iloc[0], known.iloc[-1]
        high, low = ("a11y_map_first", "a11y_map_last") if measure == "rank" else \
            ("a11y_map_high", "a11y_map_low")
        parts.append(_join([t(high, lang, name=first["name"], value=first.get(text_column) or MISSING),
                            t(low, lang, name=last["name"], value=last.get(text_column) or MISSING)],
                           lang))
    missing = frame[frame["value"].isna()]["name"].tolist()
    if missing:
        parts.append(t("a11y_no_value", lang) + _colon(lang) + _names(missing, lang))
    parts.append(t("a11y_map_table", lang))
    return ChartText(caption, _sentences([caption + _colon(lang) + parts[0], *parts[1:]], lang))
