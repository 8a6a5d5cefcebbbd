"""What every layout shares: the context of a read, the located values it yields, the
period of a sheet, and the rows' regions, resolved with the evidence of the whole table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from catalog.regions import COUNTRY_CODE, RegionIndex, Resolved, RowName, resolve_names
from catalog.text import normalise_label
from etl.headers import Grid, text
from etl.matching import IndicatorMatcher, split_unit
from etl.periods import Period, parse_period
from etl.problems import Problem
from etl.readers import a1

NOTE_PREFIXES = ("注", "说明", "备注", "填表", "数据来源", "资料来源", "制表", "审核", "note:")
# Rows that add up or group others: never a region of their own, with or without a code.
TOTAL_LABELS = {"全省", "全市", "全县", "全区", "合计", "总计", "小计", "总数", "全省合计",
                "全市合计", "全县合计", "全区合计", "汇总", "东部地区", "中部地区", "西部地区",
                "东北地区", "东部", "中部", "西部", "东北", "港澳台", "港澳台地区", "其他", "其它",
                "total", "合计total"}
# The nation's own row: in a table of provinces it is the region 全国 (100000).
NATION_LABELS = {"全国", "全国合计", "全国总计", "nationaltotal", "national", "china", "中国"}
REASON_ZH = {"row_parent": "同行其他列所列的地区", "parent": "标题或工作表名中的地区",
             "level": "表中其他地区的层级", "tree": "表中其他地区所属的上级",
             "convention": "县级区名通常带“区”、与所在市同名的县通常带“县”",
             "home": "本省优先", "alias": "已保存的对应关系"}
REASON_EN = {"row_parent": "the region another column of the row names",
             "parent": "the region named in the title or sheet name",
             "level": "the level of the table's other regions",
             "tree": "where the table's other regions lie",
             "convention": "a district keeps its 区 and a county named after its city its 县",
             "home": "the home province", "alias": "a saved correspondence"}


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
    indicators: IndicatorMatcher
    regions: RegionIndex
    indicator_units: dict[str, str]
    period_arg: Period | None = None
    home: str | None = None  # the home province: a hint among the evidence, never a fence
    region_aliases: dict[str, str] = field(default_factory=dict)  # name -> region code
    column_map: dict[str, str] = field(default_factory=dict)  # header -> indicator code
    indicator_arg: str | None = None  # the indicator of a time series (periods as columns)

    def __post_init__(self) -> None:
        self.region_aliases = {normalise_label(k): v for k, v in self.region_aliases.items()}
        # A header is looked up without its unit: 高企数量(家) and 高企数量 are one header.
        self.column_map = {split_unit(k)[0]: v for k, v in self.column_map.items()}


def is_note(t: str) -> bool:
    return t.lower().startswith(NOTE_PREFIXES)


def is_total(value: object) -> bool:
    return value is not None and normalise_label(value) in TOTAL_LABELS


def is_nation(value: object) -> bool:
    return value is not None and normalise_label(value) in NATION_LABELS


def sheet_period(ctx: Context, g: Grid, before: int) -> Period | None:
    """--period, else the sheet name, else a title row, else the file name."""
    if ctx.period_arg:
        return ctx.period_arg
    for source in [g.name] + [text(v) for r in g.rows[:before] for v in r if v] + [ctx.file]:
        p = parse_period(source)
        if p:
            return p
    return None


@dataclass(frozen=True)
class RegionRow:
    row: int  # 0-based sheet row
    name: object  # the name cell as printed
    name_col: int
    code: object = None  # the code cell, if the table has a code column
    code_col: int | None = None
    parents: tuple[str, ...] = ()  # regions named in the row's other label cells


def resolve_rows(ctx: Context, g: Grid, rows: list[RegionRow], context_text: str,
                 res: SheetResult) -> dict[int, str]:
    """Each row's region code (rows that are totals or unresolved are left out, with a note
    or an error). 全国 is the nation's row in a table of provinces, a total elsewhere."""
    nation, named = [], []
    for r in rows:
        if is_nation(r.name) or is_nation(r.code):
            nation.append(r)
        elif is_total(r.name) or is_total(r.code):
            res.problems.append(Problem("skipped_total_row", ctx.file, g.name,
                                        a1(r.row, r.name_col), text(r.name or r.code)))
        else:
            named.append(r)
    parents = set()
    for source in (context_text, g.name, ctx.file.rsplit(".", 1)[0]):
        parents |= ctx.regions.named_in(source)
    resolved = resolve_names(ctx.regions, [RowName(r.name, r.code, r.parents) for r in named],
                             context_parents=sorted(parents), home=ctx.home,
                             aliases=ctx.region_aliases)
    codes: dict[int, str] = {}
    explained: set[tuple[str, str]] = set()
    for r, found in zip(named, resolved):
        if found.code:
            codes[r.row] = found.code
            if found.reason and found.reason != "alias" and (text(r.name), found.code) not in explained:
                explained.add((text(r.name), found.code))
                res.problems.append(_resolution_note(ctx, g, r, found))
        else:
            res.problems.append(_region_problem(ctx, g, r, found))
    levels = Counter(ctx.regions.places[c].level for c in codes.values())
    for r in nation:
        # A code cell of 100000 says the row is the nation's figure in any table (the
        # project's own files and exports write it: the evaluated count of data/official).
        coded = _code_text(r.code) == COUNTRY_CODE
        if (coded or levels and levels.most_common(1)[0][0] == "province") \
                and COUNTRY_CODE in ctx.regions:
            codes[r.row] = COUNTRY_CODE
            res.problems.append(Problem("nation_row", ctx.file, g.name, a1(r.row, r.name_col),
                                        text(r.name or r.code)))
        else:
            res.problems.append(Problem("skipped_total_row", ctx.file, g.name,
                                        a1(r.row, r.name_col), text(r.name or r.code)))
    return codes


def _code_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text(value) if value is not None else ""


def _resolution_note(ctx: Context, g: Grid, r: RegionRow, found: Resolved) -> Problem:
    return Problem("region_resolved", ctx.file, g.name, a1(r.row, r.name_col), text(r.name),
                   detail=f"{ctx.regions.path(found.code)}，依据：{REASON_ZH[found.reason]}",
                   detail_en=f"{ctx.regions.path_en(found.code)}, by {REASON_EN[found.reason]}")


def _region_problem(ctx: Context, g: Grid, r: RegionRow, found: Resolved) -> Problem:
    if r.code is not None and text(r.code):
        return Problem("unknown_region", ctx.file, g.name, a1(r.row, r.code_col), text(r.code))
    raw = text(r.name)
    if found.candidates:
        return Problem("ambiguous_region", ctx.file, g.name, a1(r.row, r.name_col), raw,
                       detail=" / ".join(ctx.regions.path(c) for c in found.candidates),
                       detail_en=" / ".join(ctx.regions.path_en(c) for c in found.candidates),
                       candidates=found.candidates)
    return Problem("unknown_region", ctx.file, g.name, a1(r.row, r.name_col), raw,
                   detail="地区为空" if not raw else "",
                   detail_en="the region is empty" if not raw else "")
