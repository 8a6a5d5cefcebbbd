"""What an upload changes, old → new, as one table: in the preview before storing and, from the
stored revisions, in the upload history afterwards.

Changed values come first, by the size of the change (|Δ%|), largest first: a correction the
analyst must check stands at the top. New values follow in catalog order (they have no size of
change). A value a plausibility rule warned about (etl.problems.VALUE_RULES) is marked. At most
SHOWN_CHANGES rows are drawn, since a national sheet holds 100,000 values; the full list
downloads as CSV. db.queries.upload_changes orders the stored changes the same way in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from dashboard.formatting import MISSING, format_number, format_period
from dashboard.i18n import name_of, t, unit_label
from db.queries import CHANGE_COLUMNS

SHOWN_CHANGES = 50


@dataclass(frozen=True)
class Catalog:
    """The names a table of changes shows, in one language."""

    regions: dict[str, str]
    indicators: dict[str, str]
    units: dict[str, str]
    sort_order: dict[str, int]

    @classmethod
    def of(cls, regions: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> "Catalog":
        rows = indicators.to_dict("records")
        return cls({r["code"]: name_of(r, lang) for r in regions.to_dict("records")},
                   {r["code"]: name_of(r, lang) for r in rows},
                   {r["code"]: r["unit"] for r in rows},
                   {r["code"]: int(r["sort_order"]) for r in rows})


def change_percent(old: float | None, new: float) -> float | None:
    """(new − old) / |old| × 100; None for a new value or one that was zero."""
    if old is None or pd.isna(old) or old == 0:
        return None
    return (new - old) / abs(old) * 100


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Changed values by |Δ%|, largest first (from zero first: an infinite change), then new
    values in catalog order; ties in catalog order, region, period."""
    if frame.empty:
        return frame
    old, new = frame["old_value"], frame["new_value"]
    keys = pd.DataFrame({
        "is_new": old.isna(),
        "not_from_zero": old != 0,
        "size": ((new - old) / old.replace(0, np.nan)).abs().fillna(0.0),
    })
    sorted_keys = pd.concat([keys, frame[["sort_order", "region_code", "year", "quarter",
                                          "cumulative"]]], axis=1)
    order = sorted_keys.sort_values(
        ["is_new", "not_from_zero", "size", "sort_order", "region_code", "year", "quarter",
         "cumulative"], ascending=[True, True, False, True, True, True, True, True],
        kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def preview_frame(report, sort_order: dict[str, int]) -> pd.DataFrame:
    """The changes a dry run found (etl.records.LoadReport.changes), ordered."""
    rows = [(*c.key, c.old_value, c.new_value, c.sheet, c.cell, sort_order.get(c.key[1], 0))
            for c in report.changes]
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    frame["old_value"] = frame["old_value"].astype(float)  # None → NaN: a new value
    return ordered(frame)


def _location(row: dict) -> str:
    return "!".join(str(p) for p in (row["sheet"], row["cell"]) if p and not pd.isna(p))


def _flag_badges(rules: list[str], lang: str) -> list:
    return [dbc.Badge(f"⚠ {t(f'flag_{rule}', lang)}", color="warning", text_color="dark",
                      class_name="me-1 change-flag") for rule in rules]


def _indicator_label(code: str, catalog: Catalog, lang: str) -> str:
    unit = unit_label(catalog.units.get(code, ""), lang)
    name = catalog.indicators.get(code, code)
    return f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"


def _delta_text(delta: float | None) -> str:
    if delta is None:
        return MISSING
    # Small corrections keep two decimals: +0.0% would read as no change at all.
    decimals = 1 if abs(delta) >= 0.1 or delta == 0 else 2
    return f"{'+' if delta > 0 else ''}{delta:,.{decimals}f}%"


def changes_view(frame: pd.DataFrame, n_changed: int, n_new: int, flags: dict[str, list[str]],
                 catalog: Catalog, lang: str, *, table_id: str, download_id: str | None = None):
    """The table of changes: the first SHOWN_CHANGES rows of frame (ordered), how many the
    upload holds, and the button that downloads them all (download_id, when given)."""
    title = html.H3(t("chg_title", lang), className="h6")
    counts = t("chg_counts", lang, changed=format_number(n_changed), new=format_number(n_new))
    if frame.empty:
        return html.Div([title, html.P(t("chg_none", lang), className="text-muted small")],
                        className="upload-changes mb-3")
    head = html.Thead(html.Tr([html.Th(t(k, lang), className=c) for k, c in (
        ("chg_region", ""), ("chg_indicator", ""), ("chg_period", ""),
        ("chg_old", "text-end"), ("chg_new", "text-end"), ("chg_delta", "text-end"),
        ("prob_location", ""), ("chg_flags", ""))]))
    body = []
    for row in frame.head(SHOWN_CHANGES).to_dict("records"):
        is_new = pd.isna(row["old_value"])
        rules = flags.get(_location(row), [])
        delta = None if is_new else change_percent(row["old_value"], row["new_value"])
        body.append(html.Tr([
            html.Td(catalog.regions.get(row["region_code"], row["region_code"])),
            html.Td(_indicator_label(row["indicator_code"], catalog, lang)),
            html.Td(format_period(row["year"], row["quarter"], bool(row["cumulative"]), lang),
                    className="text-nowrap"),
            html.Td(MISSING if is_new else format_number(row["old_value"]), className="text-end"),
            html.Td(format_number(row["new_value"]), className="text-end fw-semibold"),
            html.Td(dbc.Badge(t("chg_new_value", lang), color="info", class_name="change-new")
                    if is_new else _delta_text(delta), className="text-end text-nowrap"),
            html.Td(html.Code(_location(row)), className="text-nowrap"),
            html.Td(_flag_badges(rules, lang)),
        ], className="change-flagged" if rules else ("change-new-row" if is_new else "")))
    total = n_changed + n_new
    parts = [title, html.P([html.Strong(counts), " · ", t("chg_note", lang)],
                           className="small text-muted mb-1")]
    parts.append(html.Div(dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, hover=True,
                                    class_name="mb-1 changes-table", id=table_id),
                          className="changes-scroll"))
    footer = []
    if total > SHOWN_CHANGES:
        footer.append(html.Span(t("chg_more", lang, shown=format_number(min(SHOWN_CHANGES, len(frame))),
                                  more=format_number(total - min(SHOWN_CHANGES, len(frame)))),
                                className="me-2 changes-more"))
    if download_id:
        footer.append(dbc.Button(t("chg_download", lang), id=download_id, size="sm",
                                 color="secondary", outline=True))
    if footer:
        parts.append(html.Div(footer, className="small d-flex flex-wrap align-items-center gap-1"))
    return html.Div(parts, className="upload-changes mb-3")


def changes_export(frame: pd.DataFrame, flags: dict[str, list[str]], catalog: Catalog,
                   lang: str) -> pd.DataFrame:
    """Every change as a row of the CSV download: codes and names, old, new, Δ%, cell, marks."""
    rows = []
    for row in frame.to_dict("records"):
        is_new = pd.isna(row["old_value"])
        delta = None if is_new else change_percent(row["old_value"], row["new_value"])
        rows.append({
            "change": t("chg_new_value" if is_new else "chg_changed", lang),
            "region_code": row["region_code"],
            "region_name": catalog.regions.get(row["region_code"], ""),
            "indicator_code": row["indicator_code"],
            "indicator_name": catalog.indicators.get(row["indicator_code"], ""),
            "unit": catalog.units.get(row["indicator_code"], ""),
            "period": format_period(row["year"], row["quarter"], bool(row["cumulative"]), lang),
            "year": int(row["year"]), "quarter": int(row["quarter"]),
            "cumulative": bool(row["cumulative"]),
            "old_value": None if is_new else row["old_value"], "new_value": row["new_value"],
            "change_pct": None if delta is None else round(delta, 4),
            "sheet": row["sheet"], "cell": row["cell"],
            "flags": "; ".join(t(f"flag_{r}", lang) for r in flags.get(_location(row), [])),
        })
    return pd.DataFrame(rows)


def csv_name(file_name: str, lang: str) -> str:
    """The download's name: the uploaded file's, with what it holds (2025年三季度_数值变动.csv)."""
    return f"{PurePath(file_name).stem}_{t('chg_file', lang)}.csv"
