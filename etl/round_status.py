"""Where a round stands: each region's status (未报 / 已报待审 / 已退回 / 已审核 / 逾期), which
expected indicators its current submission holds, its last upload; and the list of who is
missing what, for a reminder notice."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from db import rounds as store_rounds
from db.accounts import region_names
from db.queries import as_utc
from db.queries import indicators as indicator_catalog
from etl.rounds import RoundError, china_time

# The statuses a region has in a round, worded once.
STATUS_LABELS = {
    "not_reported": ("未报", "not reported"),
    "submitted": ("已报待审", "awaiting review"),
    "returned": ("已退回", "returned"),
    "approved": ("已审核", "approved"),
    "overdue": ("逾期", "overdue"),
}
REPORTED = ("submitted", "approved")


@dataclass
class RoundStatus:
    round: dict
    regions: pd.DataFrame  # one row per region of the round
    indicators: pd.DataFrame  # one row per expected indicator: how many regions sent it

    @property
    def n_regions(self) -> int:
        return len(self.regions)

    @property
    def n_reported(self) -> int:
        """Regions whose figures are in: awaiting review or approved."""
        return int(self.regions["status"].isin(REPORTED).sum())


def round_status(engine: Engine, round_id: int, now: datetime | None = None) -> RoundStatus:
    rnd = store_rounds.get_round(engine, round_id)
    if rnd is None:
        raise RoundError(f"没有此轮次 / no such round: {round_id}")
    now = now or datetime.now(UTC)
    late = now > as_utc(rnd["deadline"])
    current: dict[str, dict] = {}  # region → its latest submission that still counts
    for sub in store_rounds.round_submissions(engine, round_id):
        if sub["status"] in store_rounds.CURRENT:
            for code in sub["regions"]:
                current[code] = sub
    held = store_rounds.staged_indicators(engine, sorted({s["id"] for s in current.values()}))
    catalog = indicator_catalog(engine).set_index("code")
    names = region_names(engine, rnd["regions"])
    expected = rnd["indicators"]
    rows = []
    for code in rnd["regions"]:
        sub = current.get(code)
        status = sub["status"] if sub else "not_reported"
        status = "submitted" if status == "approving" else status
        if late and status in ("not_reported", "returned"):
            status = "overdue"
        present = [i for i in expected if sub and (sub["id"], code, i) in held]
        missing = [i for i in expected if i not in present]
        rows.append({"region_code": code, "region_name": names.get(code, code), "status": status,
                     "status_zh": STATUS_LABELS[status][0], "status_en": STATUS_LABELS[status][1],
                     "returned": bool(sub and sub["status"] == "returned"),
                     "submission_id": sub["id"] if sub else None,
                     "uploaded_by": sub["uploaded_by"] if sub else "",
                     "submitted_at": as_utc(sub["submitted_at"]) if sub else None,
                     "last_upload": china_time(sub["submitted_at"]) if sub else "",
                     "n_expected": len(expected), "n_present": len(present),
                     "missing": missing,
                     "missing_names": "、".join(_name(catalog, i) for i in missing)})
    regions = pd.DataFrame(rows)
    counted = {(code, i) for code, sub in current.items()
               if sub["status"] in (*REPORTED, "approving")
               for i in expected if (sub["id"], code, i) in held}
    indicators = pd.DataFrame([{"indicator_code": i, "indicator_name": _name(catalog, i),
                                "n_reported": sum(1 for c in rnd["regions"] if (c, i) in counted),
                                "n_regions": len(rnd["regions"])} for i in expected])
    return RoundStatus(rnd, regions, indicators)


def _name(catalog: pd.DataFrame, code: str) -> str:
    return str(catalog.at[code, "name_zh"]) if code in catalog.index else code


MISSING_COLUMNS = {"region_code": "地区代码", "region_name": "地区", "status_zh": "状态",
                   "missing_names": "缺报指标", "last_upload": "最近报送时间（北京时间）",
                   "uploaded_by": "报送人"}


def missing_list(status: RoundStatus) -> pd.DataFrame:
    """Regions not yet approved, or whose submission lacks an expected indicator, with what
    they lack: the reminder notice's table (Chinese headers)."""
    frame = status.regions
    todo = frame[(frame["status"] != "approved") | (frame["n_present"] < frame["n_expected"])]
    return todo[list(MISSING_COLUMNS)].rename(columns=MISSING_COLUMNS).reset_index(drop=True)


def missing_bytes(status: RoundStatus, fmt: str) -> bytes:
    """The missing list as xlsx, or csv in UTF-8 with a BOM (as Excel opens it)."""
    frame = missing_list(status)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name="缺报名单")
        return buffer.getvalue()
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    raise RoundError(f"请用 .csv 或 .xlsx / use .csv or .xlsx: {fmt}")


def write_missing(status: RoundStatus, path: str | Path) -> int:
    """The missing list written to a .csv or .xlsx file; its row count."""
    path = Path(path)
    path.write_bytes(missing_bytes(status, path.suffix.lower().lstrip(".")))
    return len(missing_list(status))
