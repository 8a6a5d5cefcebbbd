"""Write the project's own template workbook: regions as rows, indicators as columns,
one sheet per period, a sheet of annual targets, and a sheet that explains how to fill it."""

from __future__ import annotations

from sqlalchemy import Engine

from db.lookups import indicator_rows, region_rows
from etl.periods import Period, parse_period
from config import DEFAULT_PROVINCE

INSTRUCTIONS = [
    ("填报说明 / How to fill in", ""),
    ("1. 每个期间一个工作表，工作表名即期间，如“2025年1-9月”“2025年前三季度”“2025Q3”“2024年”。",
     "One sheet per period; the sheet name is the period (2025年1-9月, 2025Q3, 2024年)."),
    ("2. 季度数据按年初至本季度末累计填报（1-3月、1-6月、1-9月、1-12月）；单季数据请写“7-9月”。",
     "Quarterly figures are year to date; write 7-9月 for a single quarter."),
    ("3. 每行一个地区；“地区代码”为6位行政区划代码，开发区用目录中的代码。地区名称可写简称（六安/六安市）。",
     "One region per row; the code is the 6-digit adcode (zones: the catalog code)."),
    ("4. 每列一个指标，表头括号内为单位；可改用换算单位（如万元），系统自动换算为标准单位。",
     "One indicator per column with its unit in brackets; 万元 and 亿元 convert automatically."),
    ("5. 无数据请留空或填“—”“无”，不要填0（0表示确为零）。",
     "Leave blank or write — / 无 for no data; 0 means zero."),
    ("6. 比值类指标（如研发投入强度）可不填，系统由分子分母计算；填写的将与分子分母核对。",
     "Ratios may be left blank: they are computed from numerator and denominator."),
    ("7. “目标”工作表填本年度目标值，工作表名含年份，如“2025年目标”。",
     "The targets sheet holds this year's targets; its name carries the year."),
    ("8. 表格下方可写备注，以“注：”开头的行不导入。", "Rows starting with 注： are notes and are not loaded."),
]


def write_template(target, engine: Engine, period: str = "2025Q3",
                   province_code: str = DEFAULT_PROVINCE) -> None:
    """target: a path or a binary file object."""
    import xlsxwriter

    p = parse_period(period) or Period(2025, 3)
    indicators = indicator_rows(engine)
    regions = [r for r in region_rows(engine, province_code) if r["level"] != "province"]
    order = {"city": 0, "county": 1, "zone": 2}
    regions.sort(key=lambda r: (order[r["level"]], r["code"]))

    book = xlsxwriter.Workbook(target, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                            "valign": "vcenter"})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True})

    info = book.add_worksheet("填报说明")
    info.set_column(0, 0, 90, wrap)
    info.set_column(1, 1, 70, wrap)
    for row, (zh, en) in enumerate(INSTRUCTIONS):
        info.write(row, 0, zh, head if row == 0 else None)
        info.write(row, 1, en, head if row == 0 else None)
    info.write(len(INSTRUCTIONS) + 1, 0, "指标目录 / Indicator catalog", head)
    for i, ind in enumerate(indicators, start=len(INSTRUCTIONS) + 2):
        info.write(i, 0, f"{ind['name_zh']}（{ind['unit']}）")
        info.write(i, 1, f"{ind['name_en']} [{ind['code']}] {ind['kind']}")

    def data_sheet(name: str, columns: list[dict]) -> None:
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, ["地区代码", "地区名称"] + [f"{c['name_zh']}({c['unit']})" for c in columns], head)
        ws.set_row(0, 45)
        ws.set_column(0, 0, 12, text)
        ws.set_column(1, 1, 28)
        ws.set_column(2, 1 + len(columns), 14)
        for r, region in enumerate(regions, start=1):
            ws.write_string(r, 0, region["code"])
            ws.write_string(r, 1, region["name_zh"])
        ws.freeze_panes(1, 2)

    data_sheet(p.label_zh, indicators)
    data_sheet(f"{p.year}年目标", [i for i in indicators if i["kind"] in ("flow", "stock", "ratio")])
    book.close()
