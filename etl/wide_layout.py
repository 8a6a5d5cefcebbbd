"""The wide layout: regions as rows, and as columns either indicators (the template, a
bureau's quarterly sheet, a yearbook table) or periods (a time series of one indicator, named
in the title or given with --indicator).

A column's indicator comes from its header, read in its Chinese part and with its group label
over sub-columns (本期 / 同比 / 目标 / 2024年); where the header says too little, with the
measure the title names (发明 under 国内三种专利授权数 is 发明专利授权量); or from the
user's mapping (--map). A column whose header is in no catalog is skipped with a warning.
A column's unit: its header, else a unit row under the header, else what the lines above the
header state for its kind of unit (单位:万元); an amount with none is read in the catalog's
unit, with a warning that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.regions import LEVEL_DEPTH
from catalog.text import has_cjk, normalise_label
from catalog.units import unit_family
from etl.headers import (CODE_HEADERS, HEADER_SCAN_ROWS, IGNORED_HEADERS, MAX_TITLE_CHARS,
                         PERIOD_HEADERS, REGION_HEADERS, Grid, HeaderBlock, header_block, header_text,
                         is_label_header, period_cell, sub_kind, text, title_text, unit_row,
                         unit_statements)
from etl.matching import Match, split_unit
from etl.periods import Period
from etl.problems import Problem
from etl.readers import a1
from etl.table import (Context, LocatedValue, RegionRow, SheetResult, is_nation, is_note, is_total,
                       resolve_rows, sheet_period)

ASSUMED_UNIT_FAMILIES = {"money", "people"}  # where a missing unit can be off by 10,000
REGION_SCAN_ROWS = 200
# find_header reads every cell of the first rows against the text above it: capped as
# title_text is (30 rows of 1,000 text cells made it 150 KB and one sheet four minutes' work).


@dataclass
class Column:
    col: int
    role: str  # value | label | ignored | derived | unknown
    header: str = ""  # as printed, for messages
    cell: str = ""  # A1 of the header cell
    indicator: str | None = None
    period: Period | None = None
    unit: str | None = None
    is_target: bool = False
    ambiguous: tuple[str, ...] = ()
    label: str = ""  # for a label column: region, code or period


# ---- the header --------------------------------------------------------------------------

def _indicator(ctx: Context, label: str, contexts: list[str]) -> Match:
    """An indicator for a header text: the user's mapping, the catalog, the title's measure."""
    key = normalise_label(label)
    if key in ctx.column_map:
        return Match(ctx.column_map[key])
    match = ctx.indicators.match(label)
    if match.code or match.ambiguous:
        return match
    return ctx.indicators.with_context(label, contexts)


def find_header(ctx: Context, g: Grid) -> int | None:
    """The row that names the most indicators (or periods, for a time series)."""
    best, best_score = None, 0
    title = f"{g.name} {ctx.file}"
    for r in range(min(HEADER_SCAN_ROWS, len(g.rows))):
        score, periods, names_region = 0, set(), False
        for c, v in enumerate(g.row_values(r)):
            value = g.shown(r, c)
            if (p := period_cell(value)) is not None:
                periods.add(p)
                continue
            if not isinstance(value, str):
                continue
            t = header_text(value)
            label, _ = split_unit(t)
            if not label or is_label_header(label):
                continue
            if _indicator(ctx, label, [title]).code:
                score += 1
            elif ctx.regions.lookup(label):
                names_region = True  # a data row of a time series also holds numbers like 2015
        if len(periods) >= 2 and not names_region:
            score += len(periods)
        if score > best_score:
            best, best_score = r, score
        if len(title) < MAX_TITLE_CHARS:
            title += " " + " ".join(text(v) for v in g.row_values(r) if isinstance(v, str))
            title = title[:MAX_TITLE_CHARS]
    return best


def _column(ctx: Context, block: HeaderBlock, c: int, contexts: list[str]) -> Column:
    parts = block.parts[c]
    column = Column(c, "unknown", block.raw[c], block.cells[c])
    labels = [split_unit(p) for p in parts]
    names = [label for label, _ in labels]
    for kind, headers in (("code", CODE_HEADERS), ("region", REGION_HEADERS), ("period", PERIOD_HEADERS)):
        if any(n in headers for n in names):
            column.role, column.label = "label", kind
            return column
    if any(n in IGNORED_HEADERS or n.startswith(("序号", "备注")) for n in names):
        column.role = "ignored"
        return column
    column.unit = next((u for _, u in reversed(labels) if u), None)
    lowest, group = parts[-1], parts[:-1]
    column.period = period_cell(lowest)
    if not group:
        if column.period is not None:  # a period alone: the sheet's indicator (a time series)
            column.role = "value"
            return column
        match = _indicator(ctx, names[0], contexts)
        if not match.code and not match.ambiguous and sub_kind(lowest) == "derived":
            column.role = "derived"  # 同比增长% beside the values: a derived figure
            return column
    else:
        kind = sub_kind(lowest) if column.period is None else "value"
        if kind == "derived":
            column.role = "derived"
            return column
        column.is_target = kind == "target"
        if kind in ("value", "target"):
            match = _indicator(ctx, "".join(names[:-1]), contexts)
        else:
            match = _indicator(ctx, "".join(names), contexts)
            if not match.code and not match.ambiguous:
                match = _indicator(ctx, names[-1], [*group, *contexts])
    if match.code:
        column.role, column.indicator = "value", match.code
    elif match.ambiguous:
        column.ambiguous = tuple(match.candidates)
    return column


def _sheet_indicator(ctx: Context, title: str) -> Match:
    if ctx.indicator_arg:
        return Match(ctx.indicator_arg)
    return ctx.indicators.named_in(title)


# ---- the rows ----------------------------------------------------------------------------

def _data_end(g: Grid, first: int) -> int:
    for r in range(first, len(g.rows)):
        first_text = next((t for t in map(text, g.row_values(r)) if t), "")
        if first_text and is_note(first_text):
            return r
    return len(g.rows)


def _region_columns(ctx: Context, g: Grid, first: int, end: int, columns: list[Column]
                    ) -> tuple[int | None, int | None, list[int]]:
    """(name column, code column, parent columns). The name column is the one whose cells
    are the most regions, the deepest level winning a tie (市 | 县区: the county), then the
    Chinese one (an English name column stands beside it in the yearbooks)."""
    value_cols = {c.col for c in columns if c.role in ("value", "derived")}
    labelled = [c.col for c in columns if c.role == "label"]
    pool = labelled or [c for c in range(g.width) if c not in value_cols]
    code_col = next((c.col for c in columns if c.label == "code"), None)
    stats = []
    rows = range(first, min(end, first + REGION_SCAN_ROWS))
    for c in pool:
        if c == code_col:
            continue
        hits, depth, cjk = 0, 0, 0
        for r in rows:
            v = g.shown(r, c)
            if v is None:
                continue
            found = ctx.regions.lookup(v)
            if found or is_total(v) or is_nation(v):
                hits += 1
                depth += max((LEVEL_DEPTH.get(ctx.regions.places[k].level, 0) for k in found), default=0)
                cjk += has_cjk(text(v))
        if hits:
            stats.append((hits, depth / hits, cjk, -c, c))
    if not stats:
        return (code_col if code_col is not None else (min(pool) if pool else None)), code_col, []
    stats.sort(reverse=True)
    name_col = stats[0][-1]
    parents = [s[-1] for s in stats[1:] if s[0] >= stats[0][0] / 2]
    return name_col, code_col, parents


def _row_parents(ctx: Context, g: Grid, r: int, parent_cols: list[int]) -> tuple[str, ...]:
    found: set[str] = set()
    for c in parent_cols:
        found |= set(ctx.regions.lookup(g.shown(r, c)))
    return tuple(sorted(found))


# ---- the sheet ---------------------------------------------------------------------------

def read_wide(ctx: Context, g: Grid, header_row: int) -> SheetResult:
    res = SheetResult()
    block = header_block(g, header_row)
    title = title_text(g, block.top)
    contexts = [title, g.name, ctx.file.rsplit(".", 1)[0]]
    sheet_units, conflicts = unit_statements(g, block.top)
    for cell, unit, other in conflicts:
        res.problems.append(Problem("conflicting_units", ctx.file, g.name, cell, unit,
                                    detail=other))
    columns = [_column(ctx, block, c, contexts) for c in sorted(block.parts)]
    first_data = block.first_data
    units_below = unit_row(g, first_data)
    if units_below:
        first_data += 1
    end = _data_end(g, first_data)
    series = [c for c in columns if c.role == "value" and c.indicator is None]
    if series:
        match = _sheet_indicator(ctx, " ".join(contexts))
        if not match.code:
            rule = "ambiguous_indicator" if match.ambiguous else "no_indicator"
            res.problems.append(Problem(rule, ctx.file, g.name, series[0].cell, title[:200],
                                        detail=" / ".join(match.candidates)))
            return res
        for c in series:
            c.indicator = match.code
    values = [c for c in columns if c.role == "value"]
    for c in values:
        c.unit = c.unit or (units_below or {}).get(c.col) or sheet_units.get(
            unit_family(ctx.indicator_units[c.indicator]))
    _column_problems(ctx, g, res, columns, first_data, end)
    values = _unique_columns(ctx, g, res, values)
    period = None
    if any(c.period is None for c in values):
        period = sheet_period(ctx, g, block.top)
        if period is None:
            res.problems.append(Problem("no_period", ctx.file, g.name, None, "",
                                        detail="工作表名、标题和参数中都没有期间"))
            return res
    name_col, code_col, parent_cols = _region_columns(ctx, g, first_data, end, columns)
    if name_col is None:
        res.problems.append(Problem("unknown_region", ctx.file, g.name, a1(first_data, 0), "",
                                    detail="找不到地区列", detail_en="no region column found"))
        return res
    is_target_sheet = any(w in g.name for w in ("目标", "target", "Target"))
    rows = []
    for r in range(first_data, end):
        name = g.shown(r, name_col)
        code = g.cell(r, code_col) if code_col is not None else None
        if name is None and code is None:
            if any(g.cell(r, c.col) is not None for c in values):
                rows.append(RegionRow(r, None, name_col))
            continue
        rows.append(RegionRow(r, name, name_col, code, code_col, _row_parents(ctx, g, r, parent_cols)))
    codes = resolve_rows(ctx, g, rows, title, res)
    for r in sorted(codes):
        for c in values:
            p = c.period or period
            res.periods.add(p)
            res.values.append(LocatedValue(codes[r], c.indicator, p, g.cell(r, c.col), c.unit,
                                           g.name, a1(r, c.col), c.is_target or is_target_sheet))
    _merged_data_problems(ctx, g, res, values, first_data, end)
    return res


def _column_problems(ctx: Context, g: Grid, res: SheetResult, columns: list[Column],
                     first: int, end: int) -> None:
    """Ambiguous headers are errors; a header in no catalog over numbers is skipped with a
    warning that names it; an amount with no unit stated anywhere is read in the catalog's
    unit, with a warning that names the unit assumed."""
    for c in columns:
        if c.ambiguous:
            res.problems.append(Problem("ambiguous_indicator", ctx.file, g.name, c.cell, c.header,
                                        detail=" / ".join(c.ambiguous)))
        elif c.role == "unknown" and any(_holds_number(g.cell(r, c.col)) for r in range(first, end)):
            res.problems.append(Problem("skipped_column", ctx.file, g.name, c.cell,
                                        header_text(c.header.split(" / ")[-1]) or c.header))
        elif (c.role == "value" and c.unit is None
              and unit_family(ctx.indicator_units[c.indicator]) in ASSUMED_UNIT_FAMILIES):
            res.problems.append(Problem("unit_assumed", ctx.file, g.name, c.cell, c.header,
                                        detail=ctx.indicator_units[c.indicator]))


def _holds_number(v: object) -> bool:
    from etl.number_text import parse_cell

    return v is not None and parse_cell(v).value is not None


def _unique_columns(ctx: Context, g: Grid, res: SheetResult, values: list[Column]) -> list[Column]:
    seen: dict[tuple, str] = {}
    kept = []
    for c in values:
        key = (c.indicator, c.period, c.is_target)
        if key in seen:
            res.problems.append(Problem("duplicate_column", ctx.file, g.name, c.cell, c.header,
                                        detail=seen[key]))
            continue
        seen[key] = c.cell
        kept.append(c)
    return kept


def _merged_data_problems(ctx: Context, g: Grid, res: SheetResult, columns: list[Column],
                          first_data: int, end: int) -> None:
    """A value merged over several cells of the table reads as one region's value and blanks
    for the others, while the sheet shows it for all: an error, not a guess."""
    value_cols = {col.col for col in columns}
    for (r0, c0), (r1, c1) in g.grid.merged:
        if (first_data <= r0 < end and (r1 > r0 or c1 > c0)
                and any(c0 <= c <= c1 for c in value_cols)):
            res.problems.append(Problem("merged_data_cells", ctx.file, g.name, a1(r0, c0),
                                        text(g.cell(r0, c0)), detail=f"{a1(r0, c0)}:{a1(r1, c1)}"))
