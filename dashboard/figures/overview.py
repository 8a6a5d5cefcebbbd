"""What the Overview shows for one region: a sparkline (SVG) per key indicator and the line of
plain sentences ("全社会研发投入99.90亿元，同比增长8.2%，居全省第1位，较上年提升6位"; a
percentage changes in percentage points: "研发投入强度2.31%，较上年提高0.05个百分点").

Pure functions of a metrics.api.snapshot row or a short series: tests call them directly.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from dashboard.formatting import MISSING, format_growth, format_period, format_value, is_missing
from dashboard.i18n import name_of, t
from metrics.numbers import changes_in_points, points

LINE = "#3b6fb6"
UP, DOWN, FLAT = "text-success", "text-danger", "text-muted"


class SparkPoint(NamedTuple):
    year: int
    quarter: int
    cumulative: bool
    value: float


def spark_points(history: pd.DataFrame) -> dict[str, list[SparkPoint]]:
    """Each indicator's values in time order, missing values left out, as plain tuples:
    the page sorts the history once, not once per card (pandas costs ~1 ms a call).
    history: rows with indicator_code, year, quarter, cumulative, value (one region)."""
    frame = history.dropna(subset=["value"]).sort_values(["indicator_code", "year", "quarter"])
    points: dict[str, list[SparkPoint]] = {}
    for code, *point in zip(frame["indicator_code"].tolist(), frame["year"].tolist(),
                            frame["quarter"].tolist(), frame["cumulative"].tolist(),
                            frame["value"].astype(float).tolist()):
        points.setdefault(code, []).append(SparkPoint(*point))
    return points


def sparkline_svg(points: list[SparkPoint], width: int = 240, height: int = 48) -> str:
    """The last years of one indicator for one region as a bare SVG line, the latest point
    marked; "" with fewer than two values.

    SVG rather than a plotly figure: eight cards would each load and lay out a plotly graph
    (and the first page opened would fetch plotly.js) for a line with no axes."""
    values = [p.value for p in points]
    if len(values) < 2:
        return ""
    pad = 4
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / (len(values) - 1)
    xy = [(pad + i * step, height - pad - (v - low) / span * (height - 2 * pad))
          for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    last_x, last_y = xy[-1]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">'
            f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
            f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3.5" fill="{LINE}"/></svg>')


def sparkline_title(points: list[SparkPoint], unit: str, lang: str = "zh") -> str:
    """The sparkline's values as its tooltip: "2024年：23.0亿元 · 2025年：99.9亿元"."""
    sep = "：" if lang == "zh" else ": "
    return " · ".join(f"{format_period(p.year, p.quarter, p.cumulative, lang)}{sep}"
                      f"{format_value(p.value, unit, lang)}" for p in points)


def rank_change_class(change) -> str:
    """Bootstrap text colour of a rank change: moved up green, down red, otherwise muted."""
    if is_missing(change) or int(change) == 0:
        return FLAT
    return UP if int(change) > 0 else DOWN


def rank_phrase(row, lang: str = "zh") -> str:
    """"居全省第3位" / "No. 3 of 16 in the province"; "" when the region is not ranked, or
    ranked alone (a rank "of 1" says nothing)."""
    rank, of = row.get("rank"), row.get("rank_of")
    if is_missing(rank) or (not is_missing(of) and int(of) < 2):
        return ""
    tied = bool(row.get("tied")) if not is_missing(row.get("tied")) else False
    scope = scope_label(row, lang)
    if lang == "en":
        total = "" if is_missing(of) else f" of {int(of)}"
        return f"{'joint ' if tied else ''}No. {int(rank)}{total} {scope}".strip()
    return f"居{scope}{'并列' if tied else ''}第{int(rank)}位"


def scope_label(row, lang: str = "zh") -> str:
    """Where the rank holds: 全省, 全市, 全省开发区 / "in the province"; "" when unknown."""
    for key in (f"rank_scope_{lang}", "rank_scope_zh"):
        text = row.get(key)
        if isinstance(text, str) and text.strip():
            return text.strip()
    return ""


def change_phrase(change, quarterly: bool, lang: str = "zh") -> str:
    """"较上年提升1位", "较上年同期下降2位", "位次与上年持平"; "" when not ranked a year before."""
    if is_missing(change):
        return ""
    c = int(change)
    key = "ov_rank_up" if c > 0 else ("ov_rank_down" if c < 0 else "ov_rank_same")
    return t(key + ("_q" if quarterly else ""), lang, n=abs(c))


def year_change(row) -> float | None:
    """The figure behind a row's year-on-year change: the net increase in percentage points
    for a percentage (研发投入强度), else the growth in %; None when there is none."""
    key = "net_increase" if changes_in_points(row.get("unit"), row.get("kind")) \
        else "yoy_growth_pct"
    value = row.get(key)
    return None if is_missing(value) else float(value)


def change_cell(row, lang: str = "zh") -> str:
    """The card's year-on-year change: "+4.2%", or "+0.05个百分点" / "+0.05 pp"; "—"."""
    change = year_change(row)
    if change is None:
        return MISSING
    if not changes_in_points(row.get("unit"), row.get("kind")):
        return format_growth(change, lang)
    magnitude = points(change)
    sign = "" if magnitude == "0" else ("+" if change > 0 else "-")
    return t("ov_points", lang, sign=sign, points=magnitude)


def change_clause(row, quarterly: bool, lang: str = "zh") -> str:
    """"同比增长4.2%", or for a percentage "较上年提高0.05个百分点" as the report says it;
    "" when there is no change to state."""
    change = year_change(row)
    if change is None:
        return ""
    if not changes_in_points(row.get("unit"), row.get("kind")):
        return t("ov_growth", lang, growth=format_growth(change, lang, words=True))
    magnitude = points(change)
    key = "ov_points_same" if magnitude == "0" else \
        ("ov_points_up" if change > 0 else "ov_points_down")
    return t(key + ("_q" if quarterly else ""), lang, points=magnitude)


def indicator_sentence(row, lang: str = "zh") -> str:
    """One key indicator in the field's wording, without the final full stop."""
    quarterly = int(row.get("quarter") or 0) > 0
    parts = [f"{name_of(row, lang, prefix='indicator_')}"
             f"{' ' if lang == 'en' else ''}{format_value(row.get('value'), row.get('unit'), lang, row.get('kind'))}"]
    change = change_clause(row, quarterly, lang)
    if change:
        parts.append(change)
    rank = rank_phrase(row, lang)
    if rank:
        parts.append(rank)
        change = change_phrase(row.get("rank_change"), quarterly, lang)
        if change:
            parts.append(change)
    return ("，" if lang == "zh" else ", ").join(parts)


def summary_sentences(snapshot: pd.DataFrame, lang: str = "zh") -> str:
    """The key indicators of a snapshot as sentences: "…，居全省第3位，较上年提升1位。…"."""
    if snapshot.empty:
        return ""
    rows = snapshot[snapshot["is_key"].astype(bool)] if "is_key" in snapshot else snapshot
    end = "。" if lang == "zh" else ". "
    sentences = [indicator_sentence(row, lang) for row in rows.to_dict("records")
                 if not is_missing(row.get("value"))]
    return (end.join(sentences) + end).strip() if sentences else ""
