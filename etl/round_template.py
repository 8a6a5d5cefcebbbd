"""The fill-in template of a reporting round for some of its regions: one sheet named by the
round's period with those regions as rows and the expected indicators as columns, each cell
carrying last period's published value as a comment (a note is never read as a value, so the
sheet loads back into the round as it is filled in)."""

from __future__ import annotations

from sqlalchemy import Engine

from db import queries
from db.accounts import region_names
from db.rounds import get_round
from etl.periods import Period
from etl.rounds import RoundError, china_time


def previous_period(period: Period) -> Period:
    """The period reported before: 1-6月 before 1-9月, the year before before 1-3月 and 全年."""
    if period.quarter > 1 and period.cumulative:
        return Period(period.year, period.quarter - 1, True)
    if period.quarter > 1:
        return Period(period.year, period.quarter - 1, False)
    return Period(period.year - 1, 0, True)


def write_round_template(target, engine: Engine, round_id: int, regions: list[str] | None = None) -> int:
    """target: a path or a binary file object; regions: those to list (None: all the round's).
    Returns how many regions it lists."""
    import xlsxwriter

    rnd = get_round(engine, round_id)
    if rnd is None:
        raise RoundError(f"没有此轮次 / no such round: {round_id}")
    rows = [c for c in rnd["regions"] if regions is None or c in set(regions)]
    if not rows:
        raise RoundError(f"这些地区不在第 {round_id} 号轮次中 / none of these regions is asked by "
                         f"round {round_id}")
    period = Period(rnd["year"], rnd["quarter"], rnd["cumulative"])
    before = previous_period(period)
    catalog = queries.indicators(engine).set_index("code")
    columns = [c for c in rnd["indicators"] if c in catalog.index]
    past = queries.observations(engine, region_codes=rows, indicator_codes=columns,
                                year=before.year, quarter=before.quarter,
                                cumulative=before.cumulative)
    known = {(r.region_code, r.indicator_code): r.value for r in past.itertuples()}
    names = region_names(engine, rows)

    book = xlsxwriter.Workbook(target, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    ws = book.add_worksheet(period.label_zh)
    ws.write_row(0, 0, ["地区代码", "地区名称", *(f"{catalog.at[c, 'name_zh']}({catalog.at[c, 'unit']})"
                                              for c in columns)], head)
    ws.set_row(0, 45)
    ws.set_column(0, 1, 14)
    ws.set_column(2, 1 + len(columns), 16)
    for r, code in enumerate(rows, start=1):
        ws.write_string(r, 0, code)
        ws.write_string(r, 1, names.get(code, code))
        for c, indicator in enumerate(columns, start=2):
            value = known.get((code, indicator))
            if value is not None:
                ws.write_comment(r, c, f"上期（{before.label_zh}）：{value:g} {catalog.at[indicator, 'unit']}",
                                 {"x_scale": 1.6})
    ws.freeze_panes(1, 2)
    note = (f"注：{rnd['title']}，截止 {china_time(rnd['deadline'])}（北京时间）；"
            f"单元格批注为上期（{before.label_zh}）已发布的数值，仅供参考。")
    ws.write(len(rows) + 2, 0, note)
    book.close()
    return len(rows)
