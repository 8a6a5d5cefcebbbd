"""Figures in the tables of a report: a table of indicators by year (指标 | 单位 | 2022年 |
2023年 | 同比增长), of regions by indicator (县区 | 研发投入（亿元） | 全市排名), or with two
header rows (2025年1-6月 over 本期 | 同比增长(%)).

A table is a run of lines whose cells are separated by tabs (how etl.extract.documents writes
a Word table, and how a sheet pasted into text arrives). Only cells that hold a bare figure
are read ("8.62", "12.9%", "+3.1%", "第3位/16", "↑2"); a cell of prose is the prose reader's.
Each figure needs its indicator from its row or its column, its region from its row or the
report, and a unit from the cell, the row's unit column or the header: a money figure
without a unit is not read (万元 or 亿元?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.units import UNITS, conversion_factor
from etl.extract.candidate import GROWTH, LEVEL, NET_INCREASE, RANK, RANK_CHANGE, TARGET, Candidate
from etl.extract.catalog import Catalog
from etl.extract.context import YearContext, resolve_region
from etl.extract.scopes import canonical_scope
from etl.extract.text import Sentence, lower_same_length
from etl.periods import parse_period

_BARE = re.compile(r"^(?P<sign>[+-])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                   r"(?P<unit>亿元|万元|千元|元|万人|人|名|家|个|件|项|%|个百分点|百分点)?$")
_RANK_CELL = re.compile(r"^第\s*(?P<n>\d{1,3})\s*位?\s*(?:[(（]并列[)）])?\s*(?:/\s*(?P<of>\d{1,3}))?$")
_MOVE_CELL = re.compile(r"^(?P<dir>[↑↓])\s*(?P<n>\d{1,3})$")
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(?P<unit>亿元|万元|千元|元|万人|人|家|个|件|项|%)\s*[)）]|"
                             r"单位\s*[:：]\s*(?P<unit2>亿元|万元|千元|元|万人|人|家|个|件|项|%)")
_PARENS = re.compile(r"[(（][^)）]*[)）]")
_GROWTH_HEAD = re.compile(r"同比|增长|增速|增幅")
_TARGET_HEAD = re.compile(r"目标")
# A column of the figures themselves, in a table whose rows are indicators.
_VALUE_HEAD = re.compile(r"^(?:数值|数据|完成值|完成数|完成情况|实绩|本期|本年|当年|指标值|总量|绝对值)$")
_SKIP_HEAD = re.compile(r"完成率|完成进度|进度|占比|比重|备注|说明|序号")
_RANK_HEAD = re.compile(r"排名|排位|位次")
_MOVE_HEAD = re.compile(r"变化|升降|进退")
_UNIT_HEAD = re.compile(r"^\s*(?:计量)?单位\s*$")
_TOTAL_LABEL = re.compile(r"^(?:全市|全县|全区|全省|合计|总计|全市合计|全县合计|全区合计)$")
_SCOPE_WORD = re.compile(r"全国|全省|全市|全县|同类[县市区]")
_NO_DATA = {"", "—", "-", "--", "/", "..", "…", "无", "——"}


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # offsets in the document text
    end: int


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass
class Column:
    """What a column holds, read from its header cells."""

    header: str
    indicator: str | None = None
    role: str = "value"  # value | growth | target | rank | rank_change | unit | label | skip
    period: tuple[int, int] | None = None  # (year, quarter)
    unit: str | None = None
    scope: str | None = None
    basis: str = "value"


def table_rows(text: str) -> list[list[Row]]:
    """Runs of consecutive lines with tabs: the tables of the text."""
    tables, current, pos = [], [], 0
    for line in text.split("\n"):
        if "\t" in line:
            cells, at = [], pos
            for part in line.split("\t"):
                lead = len(part) - len(part.lstrip())
                cells.append(Cell(part.strip(), at + lead, at + lead + len(part.strip())))
                at += len(part) + 1
            current.append(Row(pos, pos + len(line), tuple(cells)))
        elif current:
            tables.append(current)
            current = []
        pos += len(line) + 1
    if current:
        tables.append(current)
    return [t for t in tables if len(t) >= 2]


def _is_figure(text: str) -> bool:
    return bool(_BARE.match(text) or _RANK_CELL.match(text) or _MOVE_CELL.match(text))


def _indicator(text: str, catalog: Catalog) -> tuple[str | None, str]:
    """The indicator a label or header names as a whole, and what follows its name."""
    core = _PARENS.sub("", text).strip()
    hits = catalog.find_indicators(core)
    if len({h.code for h in hits}) != 1 or hits[0].start != 0:
        return None, ""
    return hits[0].code, core[hits[-1].end:]


def _region(label: str, catalog: Catalog, given: str | None) -> tuple[str | None, bool]:
    """(region code, is a region label) of a row label."""
    core = re.sub(r"\s+", "", _PARENS.sub("", label))
    if _TOTAL_LABEL.match(core):
        return given, True
    hits = catalog.find_regions(core)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(lower_same_length(core)):
        return hits[0].code, True
    return None, False


def _columns(header_rows: list[Row], width: int, catalog: Catalog) -> list[Column]:
    texts = [""] * width
    for row in header_rows:
        last = ""
        for i in range(width):
            cell = row.cells[i].text if i < len(row.cells) else ""
            # a merged header leaves the columns it spans empty: they take its text
            if not cell and row is header_rows[0] and i > 0:
                cell = last
            last = cell
            if cell and cell not in texts[i]:
                texts[i] = f"{texts[i]}|{cell}" if texts[i] else cell
    columns = []
    owner, rank_scope = None, None
    for text in texts:
        col = Column(text)
        unit = _UNIT_IN_HEADER.search(text)
        col.unit = (unit["unit"] or unit["unit2"]) if unit else None
        period = parse_period(text) if re.search(r"(?:19|20)\d{2}", text) else None
        col.period = (period.year, period.quarter) if period else None
        code, rest = _indicator(text.split("|")[-1], catalog)
        if _UNIT_HEAD.match(text):
            col.role = "unit"
        elif _SKIP_HEAD.search(text) and not code:
            col.role = "skip"
        elif code is not None and not _RANK_HEAD.search(rest) and not _GROWTH_HEAD.search(rest):
            col.indicator, owner = code, code
        elif _RANK_HEAD.search(text):
            col.role = "rank_change" if _MOVE_HEAD.search(text) else "rank"
            col.indicator = code or None
            scope = _SCOPE_WORD.search(text)
            # "全省开发区排名": the scope is what stands before the word for rank
            col.scope = canonical_scope(text.split("|")[-1][scope.start():].split("排")[0]) if scope else None
            if col.role == "rank":
                rank_scope = col.scope
            elif col.scope is None:
                col.scope = rank_scope  # "排名变化" beside "全省排名": the same scope
            col.basis = "growth" if _GROWTH_HEAD.search(text.replace("排名", "")) else "value"
        elif _GROWTH_HEAD.search(text):
            col.role = "growth"
            col.indicator = code or owner  # "同比增长（%）" after an indicator's column
        elif _TARGET_HEAD.search(text):
            col.role = "target"
        elif not col.period and not code and not _VALUE_HEAD.match(text.split("|")[-1]):
            col.role = "label" if not columns else "skip"
        columns.append(col)
    return columns


def _unit_of(cell_unit: str | None, row_unit: str | None, col: Column, indicator) -> str | None:
    unit = cell_unit or row_unit or col.unit
    if unit is None:
        # A count or a percentage needs no unit to be read; an amount does (万元 or 亿元).
        family = UNITS.get(indicator.unit, ("", 0))[0]
        return indicator.unit if family in ("count", "percent") else None
    return {"名": "人"}.get(unit, unit)


def extract_tables(text: str, sentences: list[Sentence], years: YearContext, catalog: Catalog,
                   region: str | None) -> list[Candidate]:
    out = []
    starts = {s.start: i for i, s in enumerate(sentences)}
    for rows in table_rows(text):
        first_data = next((i for i, r in enumerate(rows) if any(_is_figure(c.text) for c in r.cells[1:])), None)
        if not first_data:
            continue
        width = max(len(r.cells) for r in rows)
        columns = _columns(rows[:first_data], width, catalog)
        index = next((starts[s] for s in sorted(starts) if s >= rows[0].start), None)
        default = years.resolve(index, 0) if index is not None else None
        unit_col = next((i for i, c in enumerate(columns) if c.role == "unit"), None)
        for row in rows[first_data:]:
            out += _row(row, columns, unit_col, default, catalog, region, text)
    return out


def _row(row: Row, columns: list[Column], unit_col: int | None, default, catalog: Catalog,
         region: str | None, text: str) -> list[Candidate]:
    label = row.cells[0].text
    row_indicator, _ = _indicator(label, catalog)
    row_region, is_region = (None, False) if row_indicator else _region(label, catalog, region)
    if row_indicator is None and not is_region:
        return []
    row_unit = None
    if unit_col is not None and unit_col < len(row.cells):
        row_unit = row.cells[unit_col].text.strip() or None
    out = []
    for i, cell in enumerate(row.cells[1:], start=1):
        if i >= len(columns) or cell.text in _NO_DATA:
            continue
        col = columns[i]
        code = row_indicator or col.indicator
        if code is None or col.role in ("unit", "label", "skip") or (row_indicator and col.indicator
                                                                      and col.role == "value"):
            continue
        info = catalog.indicators[code]
        found = _figure(cell.text, col, info, row_unit)
        if found is None:
            continue
        kind, value, unit, extra = found
        year, quarter, source, note = None, 0, "none", "未找到年份，请填写"
        if col.period:
            year, quarter, source, note = col.period[0], col.period[1], "sentence", f"表头“{col.header}”"
        elif default is not None:
            year, quarter, source, note = default.year, default.quarter, default.source, default.note
        if kind == TARGET:
            quarter = 0
        own = row_region if is_region else None
        code_region, region_source = own, "sentence"
        if own is None:
            r = resolve_region(text[row.start:row.end], 0, catalog, region)
            code_region, region_source = r.code, r.source
        out.append(Candidate(
            indicator=code, indicator_name=info.name_zh, statement_type=kind, value=value, unit=unit,
            raw=cell.text, year=year, quarter=quarter, year_source=source, year_note=note,
            region=code_region, region_source=region_source, sentence=text[row.start:row.end],
            start=row.start, end=row.end, match_start=cell.start, match_end=cell.end,
            confidence=0.85 if year is not None and code_region is not None else 0.6,
            is_value=kind == LEVEL or (kind == RANK and info.kind == "rank"), **extra))
    return out


def _figure(text: str, col: Column, info, row_unit: str | None):
    """(kind, value, unit, extra fields) of one cell, or None."""
    if col.role == "rank":
        m = _RANK_CELL.match(text) or (re.fullmatch(r"\d{1,3}", text) and _RANK_CELL.match(f"第{text}位"))
        if not m:
            return None
        n, of = int(m["n"]), int(m["of"]) if m["of"] else None
        if not n or of is not None and n > of:
            return None
        return RANK, float(n), "位", {"scope": col.scope, "out_of": of, "basis": col.basis}
    if col.role == "rank_change":
        m = _MOVE_CELL.match(text)
        if not m:
            return None
        n = int(m["n"]) * (1 if m["dir"] == "↑" else -1)
        return RANK_CHANGE, float(n), "位", {"scope": col.scope}
    m = _BARE.match(text)
    if not m:
        return None
    number = float(m["num"].replace(",", "")) * (-1 if m["sign"] == "-" else 1)
    cell_unit = m["unit"]
    if cell_unit in ("个百分点", "百分点"):
        if col.role != "growth" or info.unit != "%":
            return None
        return NET_INCREASE, number, "百分点", {}
    if col.role == "growth":
        if info.unit == "%" or (cell_unit and cell_unit != "%") or (row_unit and col.unit is None
                                                                   and row_unit != "%" and not cell_unit
                                                                   and "%" not in col.header):
            return None
        return GROWTH, number, "%", {}
    unit = _unit_of(cell_unit, row_unit, col, info)
    if unit is None or m["sign"] == "+":
        return None
    factor = conversion_factor(unit, info.unit)
    if factor is None:
        return None
    value = number * factor
    family, to_base = UNITS[info.unit]
    if family in ("count", "people") and info.kind in ("stock", "flow") \
            and abs(value * to_base - round(value * to_base)) > 1e-6:
        return None
    kind = TARGET if col.role == "target" else LEVEL
    if info.kind == "ratio" and info.unit == "%" and not 0 <= value <= 100:
        return None
    return kind, value, info.unit, {}
