"""A table's header as printed: where it is, how many rows it takes, what each column says.

Headers arrive bilingual (`R&D经费\\n内部支出\\nTotal`: the Chinese part counts), over two rows
whose merged cells were lost on the way (the group label stands over the first column only,
or the sub-row stands under an empty cell), with the region label (`地 区`) in the row above
the indicator names, and with statements of the unit on the lines above them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from catalog.text import has_cjk, normalise_label
from catalog.units import stated_units, unit_family
from etl.number_text import parse_cell
from etl.periods import Period, parse_period
from etl.readers import SheetGrid, a1

HEADER_SCAN_ROWS = 30
REGION_HEADERS = {"地区", "地区名称", "区域", "地市", "市县", "县区", "区县", "县市区", "单位",
                  "单位名称", "名称", "region", "regionname", "region_name", "地区/单位", "开发区",
                  "园区", "市", "县", "县(市、区)", "省(区、市)", "省份", "省区市", "城市", "地方"}
CODE_HEADERS = {"地区代码", "行政区划代码", "区划代码", "代码", "region_code", "regioncode", "code"}
PERIOD_HEADERS = {"期间", "时期", "报告期", "period", "年度", "年份", "year"}
IGNORED_HEADERS = {"序号", "编号", "no", "no.", "备注", "说明", "排名", "位次", "排序", "填报人",
                   "联系电话", "上年同期", "去年同期"}
# Sub-columns under an indicator: which one holds the value, which hold derived figures.
VALUE_SUBS = {"本期", "本年", "本年累计", "累计", "绝对值", "数值", "数量", "金额", "本期数", "完成值",
              "完成数", "值", "总量", "总数", "实绩", "当期"}
TARGET_SUBS = {"目标", "目标值", "年度目标", "计划", "任务"}
DERIVED_SUBS = ("同比", "增长", "增速", "增幅", "比上年", "上年", "去年", "排名", "位次", "占比")
# A header cell that is a period and nothing else: 2012, 2012.0, 2012年, 2025年1-9月, 2025Q3.
_PERIOD_CELL = re.compile(r"^(?:19|20)\d{2}(?:\.0+)?(?:年度?|年?\d{1,2}-\d{1,2}月|年?第?[一二三四]季度"
                          r"(?:\(?单季\)?)?|年?上半年|年?前三季度|年?全年|q[1-4](?:s|单季)?)?$")


def text(v: object) -> str:
    return "" if v is None else str(v).strip()


def header_text(v: object) -> str:
    """A header cell's words: its Chinese lines when it also carries an English translation
    below them (`发 明\\nInvention` → `发 明`); otherwise all of it."""
    lines = [line.strip() for line in text(v).splitlines() if line.strip()]
    chinese = [i for i, line in enumerate(lines) if has_cjk(line)]
    if chinese:
        lines = lines[: chinese[-1] + 1]
    return "".join(lines)


def period_cell(v: object) -> Period | None:
    """The period a header cell names when it names nothing else (a time series' column)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        if math.isfinite(v) and float(v).is_integer() and 1949 <= v <= 2100:
            return Period(int(v), 0)
        return None
    t = normalise_label(header_text(v))
    return parse_period(t) if _PERIOD_CELL.match(t) else None


def sub_kind(t: str) -> str | None:
    """What a sub-header under an indicator says its column holds: value, target, derived."""
    from etl.matching import split_unit

    t = normalise_label(t)
    if not t:
        return None
    t_no_unit, unit = split_unit(t)
    if t in VALUE_SUBS or t_no_unit in VALUE_SUBS or (unit and not t_no_unit):
        return "value"
    if unit_family(t) or unit_family(t.strip("()（）")):
        return "value"
    if t in TARGET_SUBS or t_no_unit in TARGET_SUBS:
        return "target"
    if any(word in t for word in DERIVED_SUBS):
        return "derived"
    return None


def is_label_header(t: str) -> bool:
    t = normalise_label(t)
    return t in REGION_HEADERS or t in CODE_HEADERS


def _numeric(v: object) -> bool:
    if v is None or isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    parsed = parse_cell(v)
    return parsed.value is not None


@dataclass
class HeaderBlock:
    """The rows [top, bottom] of a header and, per column, its texts top to bottom."""

    top: int
    bottom: int
    parts: dict[int, list[str]] = field(default_factory=dict)  # col -> non-empty texts
    cells: dict[int, str] = field(default_factory=dict)  # col -> A1 of its lowest header cell
    raw: dict[int, str] = field(default_factory=dict)  # col -> the texts as printed

    @property
    def first_data(self) -> int:
        return self.bottom + 1


class Grid:
    """A sheet's grid with its merged ranges resolved: a merged cell reads as its top-left."""

    def __init__(self, grid: SheetGrid):
        self.grid = grid
        self.name = grid.name
        self.rows = grid.rows
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in grid.merged:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self.origin[(r, c)] = (r0, c0)

    def cell(self, r: int, c: int) -> object:
        return self.grid.cell(r, c)

    def shown(self, r: int, c: int) -> object:
        """What the sheet shows at (r, c): a merged range shows its top-left cell's value."""
        return self.grid.cell(*self.origin.get((r, c), (r, c)))

    def is_merged_below(self, r: int, c: int) -> bool:
        o = self.origin.get((r, c))
        return o is not None and o[0] < r

    def row_values(self, r: int) -> list:
        return self.rows[r] if r < len(self.rows) else []

    @property
    def width(self) -> int:
        return self.grid.width


def _text_only(g: Grid, r: int) -> bool:
    """A row of words and nothing else: no numbers (yearbooks store theirs as text too)."""
    values = [v for v in g.row_values(r) if v is not None and text(v)]
    return bool(values) and not any(_numeric(v) and period_cell(v) is None for v in values)


def _label_cols(g: Grid, r: int) -> set[int]:
    return {c for c, v in enumerate(g.row_values(r)) if v is not None
            and is_label_header(header_text(v))}


def _merge_continuation(g: Grid, r: int, top: int) -> bool:
    row = g.row_values(r)
    merged = [c for c in range(max(len(row), g.width)) if top <= g.origin.get((r, c), (r, c))[0] < r]
    return bool(merged) and all(v is None or c in merged for c, v in enumerate(row))


def header_block(g: Grid, best: int) -> HeaderBlock:
    """Grow the best-scoring header row into the header's rows: the row above when it holds
    the region label over an empty cell (the indicator names sit one row lower, as in the
    yearbooks), and the rows below that continue it (sub-headers 本期 / 同比 / 发明, or the
    lower half of a two-row header whose merged cells were lost)."""
    top = best
    if best > 0 and not _label_cols(g, best) and _label_cols(g, best - 1) and _text_only(g, best - 1):
        top = best - 1
    label_cols = _label_cols(g, top) | _label_cols(g, best) or {0}
    bottom = best
    while bottom + 1 < len(g.rows) and bottom - top < 2:
        r = bottom + 1
        if not _text_only(g, r) or any(g.cell(r, c) is not None and not g.is_merged_below(r, c)
                                       for c in label_cols):
            break
        bottom = r
    # Rows that only continue the header's merged cells downwards (地区 over A5:A6) are
    # header too, not a data row named 地区.
    while bottom + 1 < len(g.rows) and _merge_continuation(g, bottom + 1, top):
        bottom += 1
    block = HeaderBlock(top, bottom)
    width = max((len(g.row_values(r)) for r in range(top, bottom + 1)), default=0)
    inherited: dict[int, str] = {}  # per header row: the last group label, for lost merges
    for c in range(width):
        parts, raw = [], []
        for r in range(top, bottom + 1):
            value = g.shown(r, c)
            t = header_text(value)
            below = header_text(g.shown(r + 1, c)) if r < bottom else ""
            if t:
                inherited[r] = t
            elif r < bottom and (r, c) not in g.origin and below and (
                    sub_kind(below) or period_cell(g.shown(r + 1, c))):
                # A group label over sub-columns whose merge was lost stands over the first only.
                t = inherited.get(r, "")
            if t and (not parts or parts[-1] != t):
                parts.append(t)
                raw.append(text(value))
        if parts:
            block.parts[c] = parts
            block.raw[c] = " / ".join(raw)
            lowest = max((r for r in range(top, bottom + 1) if text(g.shown(r, c))), default=top)
            block.cells[c] = a1(*g.origin.get((lowest, c), (lowest, c)))
    return block


def unit_statements(g: Grid, before: int) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Units the lines above the header state for the whole table, by unit family
    ({money: 万元, percent: %}), and the statements that conflict (cell, unit, other unit).
    "单位:万元" and "(10 000 yuan)" agree; "单位:万元" and "单位:亿元" do not."""
    found: dict[str, tuple[str, str]] = {}
    conflicts = []
    for r in range(before):
        for c, v in enumerate(g.row_values(r)):
            for unit in stated_units(v):
                family = unit_family(unit)
                if family in found and found[family][0] != unit:
                    conflicts.append((a1(r, c), unit, found[family][0]))
                found.setdefault(family, (unit, a1(r, c)))
    return {family: unit for family, (unit, _) in found.items()}, conflicts


def unit_row(g: Grid, r: int) -> dict[int, str] | None:
    """A row of units under the header: most non-empty cells are units."""
    from catalog.units import normalise_unit

    if r >= len(g.rows):
        return None
    cells = {c: text(v) for c, v in enumerate(g.row_values(r)) if v is not None}
    units = {c: normalise_unit(t.strip("()（）")) for c, t in cells.items()}
    units = {c: u for c, u in units.items() if u}
    if units and len(units) >= max(1, (len(cells) + 1) // 2):
        return units
    return None


# A title is a few short rows; every header and row name is read against it, so it is capped
# (rows of a thousand text cells above a header would cost seconds per column).
MAX_TITLE_CHARS = 2_000


def title_text(g: Grid, before: int) -> str:
    """The lines above the header, joined: the title names the table's measure or region."""
    return " ".join(text(v) for r in range(before) for v in g.row_values(r)
                    if v is not None)[:MAX_TITLE_CHARS]
