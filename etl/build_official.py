"""Regenerate data/official/nbs_rd_bulletin.csv from the NBS yearly R&D bulletins.

`python -m etl.build_official FOLDER` reads every `raw-YEAR.xlsx` bulletin in FOLDER (as kept
by huhuaping/techme's data-raw, e.g. ../shared/real/nbs-rd-bulletin) through the project's own
loader, into a scratch database, and writes the figures as a tidy CSV: one row per province (and
全国), year and indicator. The workbooks are not committed, only the figures.

A year whose file repeats another year's figures is left out, and said so (the file published
as 2018 holds the 2019 figures).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

from catalog.files import DATA_DIR
from etl.folder_build import folder_build_main

OUT = DATA_DIR / "official" / "nbs_rd_bulletin.csv"
INDICATORS = {"rd_expenditure": ("全社会研发投入", "亿元"), "rd_intensity": ("研发投入强度", "%")}
HEADER = """\
# 全国科技经费投入统计公报（国家统计局）：各省、自治区、直辖市及全国的R&D经费（亿元）与R&D经费投入强度（%）
# Official figures of the National Bureau of Statistics' yearly R&D bulletin (全国科技经费投入统计公报),
# by province and for the whole country, {first}-{last}, as published; transcribed from the bulletin tables
# kept in huhuaping/techme data-raw (MIT licence, Hu Huaping 2021). Years left out: {left_out}.
# Regenerate with: python -m etl.build_official FOLDER
"""


def build(folder: Path, out: Path = OUT) -> list[str]:
    from sqlalchemy import select

    from db.models import Observation, Region
    from db.session import dispose_engine, session_scope
    from metrics.refresh import open_database
    from etl.pipeline import commit, read_and_validate

    files = sorted(folder.glob("raw-*.xlsx"))
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'scratch.db'}"
        engine = open_database(url)
        repeated: set[int] = set()
        for path in files:
            result = read_and_validate(path.read_bytes(), path.name, engine, province_code=None)
            if not result.ok:
                raise SystemExit("\n".join(p.line() for p in result.errors))
            for p in result.problems:
                if p.rule == "same_as_other_period":
                    repeated |= {int(p.raw[:4]), int(p.detail[:4])}
            commit(engine, result, user="build_official")
        # Of two years with the same figures, the one the figures belong to is the later
        # file's year (a bulletin is saved once more under an older name, not a newer one).
        left_out = sorted(repeated)[:-1] if repeated else []
        notes += [f"{y}: its file repeats another year's figures, left out" for y in left_out]
        with session_scope(engine) as s:
            rows = s.execute(select(Observation.region_code, Region.name_zh, Observation.indicator_code,
                                    Observation.year, Observation.value)
                             .join(Region, Region.code == Observation.region_code)
                             .where(Observation.year.notin_(left_out), Observation.quarter == 0)
                             .order_by(Observation.year, Observation.region_code,
                                       Observation.indicator_code)).all()
        dispose_engine(url)
    years = sorted({r.year for r in rows})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER.format(first=years[0], last=years[-1],
                              left_out=", ".join(f"{y} (its file holds the next year's figures)"
                                                 for y in left_out) or "none"))
        w = csv.writer(f)
        w.writerow(["地区代码", "地区", "指标", "期间", "数值", "单位"])
        for r in rows:
            name, unit = INDICATORS[r.indicator_code]
            w.writerow([r.region_code, r.name_zh, name, f"{r.year}年", f"{r.value:g}", unit])
    return notes + [f"wrote {len(rows)} values, {years[0]}-{years[-1]}, to {out}"]


def main(argv: list[str] | None = None) -> int:
    return folder_build_main(build, "python -m etl.build_official", __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
