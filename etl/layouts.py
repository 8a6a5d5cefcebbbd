"""Find the table in a sheet and turn it into located cells: (region, indicator, period, raw).

Accepted layouts:
  wide: regions as rows, indicators as columns; title rows above; a header over one or two
        rows (merged cells, 本期 / 同比增长% sub-columns); units in the header or in a unit
        row; total rows (全省, 全市, 合计) and notes (注：…) below the table;
  long: one value per row with columns for region, indicator, value, and optionally period,
        unit and region code.
The project's template is the wide layout with a region-code column and a sheet per period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from etl.matching import Matcher, is_total_label, normalise_label, split_unit
from etl.periods import Period, parse_period
from etl.problems import Problem
from etl.readers import SheetGrid, a1
from etl.units import normalise_unit

HEADER_SCAN_ROWS = 30
REGION_HEADERS = {"地区", "地区名称", "区域", "地市", "市县", "县区", "单位", "单位名称", "名称",
                  "region", "regionname", "region_name", "地区/单位", "开发区", "园区", "市", "县(市、区)"}
CODE_HEADERS = {"地区代码", "行政区划代码", "区划代码", "代码", "region_code", "regioncode", "code"}
INDICATOR_HEADERS = {"指标", "指标名称", "indicator", "indicator_name", "indicator_code", "项目"}
VALUE_HEADERS = {"数值", "值", "value", "本期", "本期值", "本年", "完成值", "绝对值"}
PERIOD_HEADERS = {"期间", "时期", "报告期", "period", "年度", "年份", "year"}
UNIT_HEADERS = {"单位", "计量单位", "unit"}
# The export's own columns: with them a long sheet's period is year + quarter + cumulative.
QUARTER_HEADERS = {"quarter", "季度"}
CUMULATIVE_HEADERS = {"cumulative", "是否累计", "累计"}
CUMULATIVE_WORDS = {"true": True, "1": True, "是": True, "累计": True,
                    "false": False, "0": False, "否": False, "单季": False}
IGNORED_HEADERS = {"序号", "编号", "no", "no.", "备注", "说明", "排名", "位次", "排序", "填报人",
                   "联系电话", "上年同期", "去年同期"}
# Sub-columns under an indicator: which one holds the value, which hold derived figures.
VALUE_SUBS = {"本期", "本年", "本年累计", "累计", "绝对值", "数值", "数量", "金额", "本期数", "完成值",
              "完成数", "值", "总量", "总数", "实绩", "当期"}
TARGET_SUBS = {"目标", "目标值", "年度目标", "计划", "任务"}
DERIVED_SUBS = ("同比", "增长", "增速", "增幅", "比上年", "上年", "去年", "排名", "位次", "占比")
NOTE_PREFIXES = ("注", "说明", "备注", "填表", "数据来源", "资料来源", "制表", "审核")


class LocatedValue(NamedTuple):  # a tuple: one per cell of a sheet
    region_code: str
    indicator_code: str
    period: Period
    raw: object
    unit: str | None  # unit the sheet states for this value, None when it states none
    sheet: str
    cell: str
    is_target: bool = False


@dataclass
class SheetResult:
    values: list[LocatedValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    periods: set = field(default_factory=set)


@dataclass
class Context:
    file: str
    indicators: Matcher
    regions: Matcher
    indicator_units: dict[str, str]
    period_arg: Period | None = None


def _text(v: object) -> str:
    return "" if v is None else str(v).strip()


def _merged_origin(grid: SheetGrid) -> dict[tuple[int, int], tuple[int, int]]:
    origin = {}
    for (r0, c0), (r1, c1) in grid.merged:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                origin[(r, c)] = (r0, c0)
    return origin


def _header_text(grid: SheetGrid, origin: dict, r: int, c: int) -> str:
    """Text of a header cell, taken from the top-left of its merged range."""
    r0, c0 = origin.get((r, c), (r, c))
    return _text(grid.cell(r0, c0))


def _is_note(text: str) -> bool:
    return text.startswith(NOTE_PREFIXES)


def _sheet_period(ctx: Context, grid: SheetGrid, header_row: int) -> Period | None:
    if ctx.period_arg:
        return ctx.period_arg
    for source in [grid.name] + [_text(v) for r in grid.rows[:header_row] for v in r if v] + [ctx.file]:
        p = parse_period(source)
        if p:
            return p
    return None


# ---- long layout ---------------------------------------------------------------------------

def _find_long_header(grid: SheetGrid) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        roles: dict[str, int] = {}
        for c, v in enumerate(row):
            t = normalise_label(v) if v is not None else ""
            for role, names in (("region", REGION_HEADERS), ("code", CODE_HEADERS),
                                ("indicator", INDICATOR_HEADERS), ("value", VALUE_HEADERS),
                                ("period", PERIOD_HEADERS), ("unit", UNIT_HEADERS),
                                ("quarter", QUARTER_HEADERS), ("cumulative", CUMULATIVE_HEADERS)):
                if t in names and role not in roles:
                    roles[role] = c
                    break
        if "indicator" in roles and "value" in roles and ("region" in roles or "code" in roles):
            return r, roles
    return None


def _read_long(ctx: Context, grid: SheetGrid, header_row: int, roles: dict[str, int]) -> SheetResult:
    res = SheetResult()
    sheet_period = _sheet_period(ctx, grid, header_row)
    for r in range(header_row + 1, len(grid.rows)):
        row_texts = [_text(v) for v in grid.rows[r]]
        if not any(row_texts):
            continue
        if _is_note(next(t for t in row_texts if t)):
            break
        region_col = roles.get("code", roles.get("region"))
        region_raw = grid.cell(r, region_col)
        if region_raw is None and "region" in roles:
            region_col, region_raw = roles["region"], grid.cell(r, roles["region"])
        region = _match_region(ctx, res, grid, r, region_col, region_raw)
        ind_raw = grid.cell(r, roles["indicator"])
        ind_text, ind_unit = split_unit(_text(ind_raw))
        indicator = _match_indicator(ctx, res, grid, r, roles["indicator"], ind_text, _text(ind_raw))
        period = sheet_period
        if "period" in roles:
            period = ctx.period_arg or parse_period(_text(grid.cell(r, roles["period"])))
            if period is None:
                res.problems.append(Problem("error", "no_period", ctx.file, grid.name,
                                            a1(r, roles["period"]), _text(grid.cell(r, roles["period"])),
                                            "period", "期间列无法识别"))
                continue
            if "quarter" in roles and not ctx.period_arg:
                period = _export_period(ctx, res, grid, r, roles, period.year)
                if period is None:
                    continue
        if period is None:
            res.problems.append(Problem("error", "no_period", ctx.file, grid.name, None, "",
                                        "period", "工作表名、标题和参数中都没有期间"))
            return res
        unit = ind_unit
        if "unit" in roles and grid.cell(r, roles["unit"]) is not None:
            unit = normalise_unit(_text(grid.cell(r, roles["unit"]))) or _text(grid.cell(r, roles["unit"]))
        if region and indicator:
            res.periods.add(period)
            res.values.append(LocatedValue(region, indicator, period, grid.cell(r, roles["value"]),
                                           unit, grid.name, a1(r, roles["value"])))
    return res


def _export_period(ctx: Context, res: SheetResult, grid: SheetGrid, r: int,
                   roles: dict[str, int], year: int) -> Period | None:
    """Year, quarter (0 = annual) and cumulative flag from their own columns, as the export
    writes them; without this an exported quarter would load back as the year's value."""
    raw_q = grid.cell(r, roles["quarter"])
    try:
        quarter = float(_text(raw_q))
    except ValueError:
        quarter = -1.0
    cumulative: bool | None = True
    if "cumulative" in roles:
        raw_c = grid.cell(r, roles["cumulative"])
        cumulative = raw_c if isinstance(raw_c, bool) else CUMULATIVE_WORDS.get(_text(raw_c).lower())
    if quarter not in (0, 1, 2, 3, 4) or cumulative is None:
        bad_col = roles["quarter"] if quarter not in (0, 1, 2, 3, 4) else roles["cumulative"]
        res.problems.append(Problem("error", "no_period", ctx.file, grid.name, a1(r, bad_col),
                                    _text(grid.cell(r, bad_col)), "period", "季度或累计标志无法识别"))
        return None
    return Period(year, int(quarter), cumulative or quarter == 0)


# ---- wide layout ---------------------------------------------------------------------------

@dataclass
class ValueColumn:
    col: int
    indicator: str
    unit: str | None
    is_target: bool
    header_cell: str


def _find_wide_header(ctx: Context, grid: SheetGrid, origin: dict) -> int | None:
    best, best_hits = None, 0
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        hits = 0
        for c in range(len(grid.rows[r])):
            label, _ = split_unit(_header_text(grid, origin, r, c))
            if label and ctx.indicators.match(label).code:
                hits += 1
        if hits > best_hits:
            best, best_hits = r, hits
    return best


def _sub_kind(text: str) -> str | None:
    t = normalise_label(text)
    if not t:
        return None
    t_no_unit, unit = split_unit(t)
    if t in VALUE_SUBS or t_no_unit in VALUE_SUBS or (unit and not t_no_unit):
        return "value"
    if normalise_unit(t):
        return "value"
    if t in TARGET_SUBS or t_no_unit in TARGET_SUBS:
        return "target"
    if any(word in t for word in DERIVED_SUBS):
        return "derived"
    return None


def _has_sub_header(grid: SheetGrid, origin: dict, h: int) -> bool:
    if h + 1 >= len(grid.rows):
        return False
    kinds = [_sub_kind(_text(v)) for v in grid.rows[h + 1] if v is not None]
    return bool(kinds) and sum(k is not None for k in kinds) >= max(1, len(kinds) // 2)


def _unit_row(grid: SheetGrid, r: int) -> dict[int, str] | None:
    """A row of units under the header: most non-empty cells are units."""
    if r >= len(grid.rows):
        return None
    cells = {c: _text(v) for c, v in enumerate(grid.rows[r]) if v is not None}
    units = {c: normalise_unit(t.strip("()（）")) for c, t in cells.items()}
    units = {c: u for c, u in units.items() if u}
    if units and len(units) >= max(1, (len(cells) + 1) // 2):
        return units
    return None


def _wide_columns(ctx: Context, grid: SheetGrid, origin: dict, h: int, res: SheetResult
                  ) -> tuple[list[ValueColumn], int, set[int]]:
    two_rows = _has_sub_header(grid, origin, h)
    first_data = h + (2 if two_rows else 1)
    unit_row = _unit_row(grid, first_data)
    if unit_row:
        first_data += 1
    columns: list[ValueColumn] = []
    label_cols: set[int] = set()
    seen: dict[tuple[str, bool], str] = {}
    width = max(len(grid.rows[h]), len(grid.rows[h + 1]) if two_rows else 0)
    for c in range(width):
        top = _header_text(grid, origin, h, c)
        label, unit = split_unit(top)
        header_cell = a1(*origin.get((h, c), (h, c)))
        is_target = False
        if two_rows:
            sub = _text(grid.cell(h + 1, c))
            kind = _sub_kind(sub)
            if sub and kind in (None, "derived"):
                if kind is None and not label:
                    label_cols.add(c)
                continue
            if kind == "target":
                is_target = True
            sub_label, sub_unit = split_unit(sub)
            unit = unit or sub_unit or normalise_unit(sub)
            header_cell = a1(h + 1, c) if sub else header_cell
        if not label:
            continue
        if unit_row and c in unit_row:
            unit = unit or unit_row[c]
        if label in REGION_HEADERS or label in CODE_HEADERS or label in PERIOD_HEADERS:
            label_cols.add(c)
            continue
        if label in IGNORED_HEADERS or any(label.startswith(w) for w in ("序号", "备注")):
            continue
        match = ctx.indicators.match(label)
        if match.code is None:
            rule = "ambiguous_indicator" if match.ambiguous else "unknown_indicator"
            res.problems.append(Problem("error", rule, ctx.file, grid.name, header_cell, top,
                                        "indicator", " / ".join(match.candidates)))
            continue
        key = (match.code, is_target)
        if key in seen:
            res.problems.append(Problem("error", "duplicate_column", ctx.file, grid.name,
                                        header_cell, top, "unique", seen[key]))
            continue
        seen[key] = header_cell
        columns.append(ValueColumn(c, match.code, unit, is_target, header_cell))
    return columns, first_data, label_cols


def _region_column(ctx: Context, grid: SheetGrid, first_data: int, candidates: set[int],
                   value_cols: set[int]) -> int | None:
    """The column whose cells match the most regions (a code column wins a tie)."""
    best, best_hits = None, 0
    pool = sorted(candidates) or [c for c in range(grid.width) if c not in value_cols]
    for c in pool:
        hits = sum(1 for r in range(first_data, min(len(grid.rows), first_data + 200))
                   if grid.cell(r, c) is not None and ctx.regions.match(grid.cell(r, c)).code)
        if hits > best_hits or (hits == best_hits and hits and normalise_label(grid.cell(first_data - 1, c) or "") in CODE_HEADERS):
            best, best_hits = c, hits
    if best is None and candidates:
        return min(candidates)
    return best


def _match_region(ctx: Context, res: SheetResult, grid: SheetGrid, r: int, c: int, raw) -> str | None:
    m = ctx.regions.match(raw)
    if m.code:
        return m.code
    rule = "ambiguous_region" if m.ambiguous else "unknown_region"
    res.problems.append(Problem("error", rule, ctx.file, grid.name, a1(r, c), _text(raw),
                                "region", " / ".join(m.candidates)))
    return None


def _match_indicator(ctx: Context, res: SheetResult, grid: SheetGrid, r: int, c: int,
                     label: str, raw: str) -> str | None:
    m = ctx.indicators.match(label)
    if m.code:
        return m.code
    rule = "ambiguous_indicator" if m.ambiguous else "unknown_indicator"
    res.problems.append(Problem("error", rule, ctx.file, grid.name, a1(r, c), raw,
                                "indicator", " / ".join(m.candidates)))
    return None


def _read_wide(ctx: Context, grid: SheetGrid, origin: dict, h: int) -> SheetResult:
    res = SheetResult()
    columns, first_data, label_cols = _wide_columns(ctx, grid, origin, h, res)
    period = _sheet_period(ctx, grid, h)
    if period is None:
        res.problems.append(Problem("error", "no_period", ctx.file, grid.name, None, "",
                                    "period", "工作表名、标题和参数中都没有期间"))
        return res
    value_cols = {col.col for col in columns}
    region_col = _region_column(ctx, grid, first_data, label_cols, value_cols)
    if region_col is None:
        res.problems.append(Problem("error", "unknown_region", ctx.file, grid.name, a1(first_data, 0),
                                    "", "region", "找不到地区列"))
        return res
    is_target_sheet = any(w in grid.name for w in ("目标", "target", "Target"))
    end = len(grid.rows)
    for r in range(first_data, len(grid.rows)):
        first = next((t for t in map(_text, grid.rows[r]) if t), "")
        if not first:
            continue
        if _is_note(first):
            end = r
            break
        raw_region = grid.cell(r, region_col)
        if raw_region is None:
            if any(grid.cell(r, col.col) is not None for col in columns):
                res.problems.append(Problem("error", "unknown_region", ctx.file, grid.name,
                                            a1(r, region_col), "", "region", "地区为空"))
            continue
        if is_total_label(raw_region):
            res.problems.append(Problem("info", "skipped_total_row", ctx.file, grid.name,
                                        a1(r, region_col), _text(raw_region)))
            continue
        region = _match_region(ctx, res, grid, r, region_col, raw_region)
        if region is None:
            continue
        res.periods.add(period)
        for col in columns:
            res.values.append(LocatedValue(region, col.indicator, period, grid.cell(r, col.col),
                                           col.unit, grid.name, a1(r, col.col),
                                           is_target=col.is_target or is_target_sheet))
    _merged_data_problems(ctx, grid, res, columns, first_data, end)
    return res


def _merged_data_problems(ctx: Context, grid: SheetGrid, res: SheetResult,
                          columns: list[ValueColumn], first_data: int, end: int) -> None:
    """A value merged over several cells of the table reads as one region's value and blanks
    for the others, while the sheet shows it for all: an error, not a guess."""
    value_cols = {col.col for col in columns}
    for (r0, c0), (r1, c1) in grid.merged:
        if (first_data <= r0 < end and (r1 > r0 or c1 > c0)
                and any(c0 <= c <= c1 for c in value_cols)):
            res.problems.append(Problem("error", "merged_data_cells", ctx.file, grid.name,
                                        a1(r0, c0), _text(grid.cell(r0, c0)), "unmerged",
                                        f"{a1(r0, c0)}:{a1(r1, c1)}"))


INSTRUCTION_SHEETS = ("说明", "填报说明", "instructions", "readme", "填表说明")


def read_sheet(ctx: Context, grid: SheetGrid) -> SheetResult | None:
    """Located values of one sheet; None for a sheet with no table (instructions, blank)."""
    if any(w in grid.name.lower() for w in INSTRUCTION_SHEETS):
        return None
    long = _find_long_header(grid)
    if long:
        return _read_long(ctx, grid, *long)
    origin = _merged_origin(grid)
    h = _find_wide_header(ctx, grid, origin)
    if h is None:
        return None
    return _read_wide(ctx, grid, origin, h)
