"""A small, known data set for the dashboard tests, stored through the real loader
(etl.load.store) so every value has provenance: Anhui's 16 cities and Lu'an's counties, two
indicators, the years 2024 and 2025 and the quarter 2025 Q1-Q3; then one corrected value,
so one observation has a revision.

Fuyang (341200) reports no R&D expenditure for 2025: the map must show it as "no data".
"""

from __future__ import annotations

from sqlalchemy import Engine

from etl.load import store
from etl.records import Record, SourceFile

PROVINCE = "340000"
CITIES = ["340100", "340200", "340300", "340400", "340500", "340600", "340700", "340800",
          "341000", "341100", "341200", "341300", "341500", "341600", "341700", "341800"]
LUAN = "341500"
LUAN_COUNTIES = ["341502", "341503", "341504", "341522", "341523", "341524", "341525"]
ZONE = "Z341500-01"
MISSING_CITY = "341200"
FIRST_FILE = "2025年样例季报.xlsx"
CORRECTION_FILE = "2025年样例季报（更正）.xlsx"
CORRECTED_VALUE = 99.9  # Lu'an's R&D expenditure 2025 after the correction (亿元)


def rd_value(code: str, year: int, quarter: int) -> float:
    """R&D expenditure in 亿元: a city in the tens, a county a few; Q3 is 70% of the year."""
    base = (int(code[2:4]) * 7 % 23 + 10) * (1.0 if code.endswith("00") else 0.15)
    value = base * (1.1 if year == 2025 else 1.0)
    return round(value * (0.7 if quarter else 1.0), 2)


def enterprises(code: str, year: int) -> float:
    base = (int(code[2:4]) * 13 % 37 + 20) * (10 if code.endswith("00") else 2)
    return float(base + (year - 2024) * 5)


def sample_records(status: str = "simulated") -> list[Record]:
    records = []
    regions = [PROVINCE] + CITIES + LUAN_COUNTIES + [ZONE]
    for row, code in enumerate(regions, start=3):
        for year, quarter in ((2024, 0), (2025, 0), (2025, 3)):
            sheet = f"{year}Q{quarter}" if quarter else f"{year}年"
            if not (code == MISSING_CITY and year == 2025):
                records.append(Record(code, "rd_expenditure", year, quarter, True,
                                      rd_value(code, year, quarter), sheet, f"C{row}", status))
            records.append(Record(code, "high_tech_enterprises", year, quarter, True,
                                  enterprises(code, year), sheet, f"D{row}", status))
    return records


def load_sample(engine: Engine, status: str = "simulated") -> None:
    """Store the sample, then a correction of one value (which becomes a revision)."""
    records = sample_records(status)
    store(engine, records, SourceFile(FIRST_FILE, sha256="sample-1", size_bytes=1000,
                                      sheets=("2024年", "2025年", "2025Q3")), user="tester")
    corrected = Record(LUAN, "rd_expenditure", 2025, 0, True, CORRECTED_VALUE, "2025年", "C16",
                       status)
    store(engine, [corrected], SourceFile(CORRECTION_FILE, sha256="sample-2", size_bytes=500,
                                          sheets=("2025年",)), user="tester")
