"""The long layout: one value per row, with columns for the region (or its code), the
indicator, the value, and optionally the period, the unit and the export's own period columns
(year, quarter, cumulative), so that an export loads back as the same periods."""

from __future__ import annotations

from catalog.text import normalise_label
from catalog.units import normalise_unit, unit_family
from etl.headers import (CODE_HEADERS, HEADER_SCAN_ROWS, PERIOD_HEADERS, REGION_HEADERS, Grid, text,
                         unit_statements)
from etl.matching import split_unit
from etl.periods import Period, parse_period
from etl.problems import Problem
from etl.readers import a1
from etl.table import (Context, LocatedValue, RegionRow, SheetResult, is_note, resolve_rows,
                       sheet_period)

INDICATOR_HEADERS = {"指标", "指标名称", "indicator", "indicator_name", "indicator_code", "项目"}
VALUE_HEADERS = {"数值", "值", "value", "本期", "本期值", "本年", "完成值", "绝对值"}
UNIT_HEADERS = {"单位", "计量单位", "unit"}
QUARTER_HEADERS = {"quarter", "季度"}
CUMULATIVE_HEADERS = {"cumulative", "是否累计", "累计"}
CUMULATIVE_WORDS = {"true": True, "1": True, "是": True, "累计": True,
                    "false": False, "0": False, "否": False, "单季": False}
ROLES = (("region", REGION_HEADERS), ("code", CODE_HEADERS), ("indicator", INDICATOR_HEADERS),
         ("value", VALUE_HEADERS), ("period", PERIOD_HEADERS), ("unit", UNIT_HEADERS),
         ("quarter", QUARTER_HEADERS), ("cumulative", CUMULATIVE_HEADERS))


def find_long_header(g: Grid) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(g.rows[:HEADER_SCAN_ROWS]):
        roles: dict[str, int] = {}
        for c, v in enumerate(row):
            t = normalise_label(v) if v is not None else ""
            for role, names in ROLES:
                if t in names and role not in roles:
                    roles[role] = c
                    break
        if "indicator" in roles and "value" in roles and ("region" in roles or "code" in roles):
            return r, roles
    return None


def read_long(ctx: Context, g: Grid, header_row: int, roles: dict[str, int]) -> SheetResult:
    res = SheetResult()
    default_period = sheet_period(ctx, g, header_row)
    sheet_units, _ = unit_statements(g, header_row)
    pending: list[tuple[RegionRow, str, Period, str | None, int]] = []
    for r in range(header_row + 1, len(g.rows)):
        row_texts = [text(v) for v in g.rows[r]]
        if not any(row_texts):
            continue
        if is_note(next(t for t in row_texts if t)):
            break
        region = _region_row(g, r, roles)
        ind_raw = text(g.cell(r, roles["indicator"]))
        ind_text, ind_unit = split_unit(ind_raw)
        indicator = _match_indicator(ctx, res, g, r, roles["indicator"], ind_text, ind_raw)
        period = _row_period(ctx, res, g, r, roles, default_period)
        if period is False:
            continue
        if period is None:
            res.problems.append(Problem("no_period", ctx.file, g.name, None, "",
                                        detail="工作表名、标题和参数中都没有期间"))
            return res
        unit = ind_unit
        if "unit" in roles and g.cell(r, roles["unit"]) is not None:
            raw_unit = text(g.cell(r, roles["unit"]))
            unit = normalise_unit(raw_unit) or raw_unit
        if unit is None and indicator:
            unit = sheet_units.get(unit_family(ctx.indicator_units[indicator]))
        if indicator:
            pending.append((region, indicator, period, unit, r))
    codes = resolve_rows(ctx, g, [p[0] for p in pending], "", res)
    for region, indicator, period, unit, r in pending:
        if region.row in codes:
            res.periods.add(period)
            res.values.append(LocatedValue(codes[region.row], indicator, period,
                                           g.cell(r, roles["value"]), unit, g.name,
                                           a1(r, roles["value"])))
    return res


def _region_row(g: Grid, r: int, roles: dict[str, int]) -> RegionRow:
    """The row's region: its code where the table has a code column and the cell holds one,
    else its name."""
    name_col = roles.get("region", roles.get("code"))
    name = g.cell(r, name_col)
    if "code" in roles and g.cell(r, roles["code"]) is not None:
        return RegionRow(r, name, name_col, g.cell(r, roles["code"]), roles["code"])
    return RegionRow(r, name, name_col)


def _match_indicator(ctx: Context, res: SheetResult, g: Grid, r: int, c: int,
                     label: str, raw: str) -> str | None:
    mapped = ctx.column_map.get(normalise_label(label))
    if mapped:
        return mapped
    m = ctx.indicators.match(label)
    if m.code:
        return m.code
    rule = "ambiguous_indicator" if m.ambiguous else "unknown_indicator"
    res.problems.append(Problem(rule, ctx.file, g.name, a1(r, c), raw,
                                detail=" / ".join(m.candidates)))
    return None


def _row_period(ctx: Context, res: SheetResult, g: Grid, r: int, roles: dict[str, int],
                default: Period | None) -> Period | None | bool:
    """The row's period; False when the row's own period cell is unreadable (reported)."""
    if "period" not in roles:
        return default
    period = ctx.period_arg or parse_period(text(g.cell(r, roles["period"])))
    if period is None:
        res.problems.append(Problem("no_period", ctx.file, g.name, a1(r, roles["period"]),
                                    text(g.cell(r, roles["period"])), detail="期间列无法识别"))
        return False
    if "quarter" in roles and not ctx.period_arg:
        return _export_period(ctx, res, g, r, roles, period.year) or False
    return period


def _export_period(ctx: Context, res: SheetResult, g: Grid, r: int,
                   roles: dict[str, int], year: int) -> Period | None:
    """Year, quarter (0 = annual) and cumulative flag from their own columns, as the export
    writes them; without this an exported quarter would load back as the year's value."""
    raw_q = g.cell(r, roles["quarter"])
    try:
        quarter = float(text(raw_q))
    except ValueError:
        quarter = -1.0
    cumulative: bool | None = True
    if "cumulative" in roles:
        raw_c = g.cell(r, roles["cumulative"])
        cumulative = raw_c if isinstance(raw_c, bool) else CUMULATIVE_WORDS.get(text(raw_c).lower())
    if quarter not in (0, 1, 2, 3, 4) or cumulative is None:
        bad_col = roles["quarter"] if quarter not in (0, 1, 2, 3, 4) else roles["cumulative"]
        res.problems.append(Problem("no_period", ctx.file, g.name, a1(r, bad_col),
                                    text(g.cell(r, bad_col)), detail="季度或累计标志无法识别"))
        return None
    return Period(year, int(quarter), cumulative or quarter == 0)
