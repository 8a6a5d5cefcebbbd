"""Builders of realistic input files for the ETL tests (real .xlsx via openpyxl, .xls via xlwt)."""

from __future__ import annotations

import io

import openpyxl


def xlsx_bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def field_sheet(rd_luan="12,345.6", hte_luan="１２３", rd_hefei=2_500_000, extra_rows=()):
    """A city bureau's quarterly sheet as it arrives: title, two-row merged header with
    本期 / 同比增长% sub-columns, units in the header (万元), a total row and a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "2025年1-9月全省科技创新主要指标完成情况"
    ws.merge_cells("A1:F1")
    ws["A2"] = "填报单位：省科技厅"
    ws["A3"] = "地区"
    ws.merge_cells("A3:A4")
    ws["B3"] = "全社会研发投入（万元）"
    ws.merge_cells("B3:C3")
    ws["B4"], ws["C4"] = "本期", "同比增长%"
    ws["D3"] = "高新技术企业数(家)"
    ws.merge_cells("D3:E3")
    ws["D4"], ws["E4"] = "本期", "同比增长%"
    ws["F3"] = "备注"
    ws.merge_cells("F3:F4")
    rows = [("全省", 30_000_000, "12.1", 15000, "8.0", None),
            ("合肥市", rd_hefei, "13.5%", 8000, "9.1", None),
            ("六安", rd_luan, "１２。６", hte_luan, "—", "含经开区"),
            ("金寨县", "—", None, "无", None, None),
            *extra_rows]
    for i, row in enumerate(rows, start=5):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    last = 5 + len(rows)
    ws.cell(last + 1, 1, "注：本表数据为快报数。")
    return wb


def template_like(period_sheet="2025Q3", rows=(("341500", "六安市", 120.5, 2.1, 5000),)):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = period_sheet
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "研发投入强度(%)", "地区生产总值(亿元)"])
    for r in rows:
        ws.append(list(r))
    return wb
