"""The values an ingest produces, ready to store: one Record per cell, in canonical units."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple


class Record(NamedTuple):  # a tuple: built once per cell, 120,000 times for a national sheet
    region_code: str
    indicator_code: str
    year: int
    quarter: int  # 0 = annual, 1-4 = quarter
    cumulative: bool  # True: year to date (1-3月, 1-6月 ...); False: that quarter alone
    value: float  # in the indicator's canonical unit
    sheet: str | None = None
    cell: str | None = None  # A1 notation, e.g. "D7"
    status: str = "reported"  # reported | derived | simulated | official

    @property
    def key(self) -> tuple[str, str, int, int, bool]:
        """(region_code, indicator_code, year, quarter, cumulative): the first five fields."""
        return self[:5]


@dataclass(frozen=True)
class TargetRecord:
    region_code: str
    indicator_code: str
    year: int
    value: float
    sheet: str | None = None
    cell: str | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.region_code, self.indicator_code, self.year)


@dataclass(frozen=True)
class SourceFile:
    """What is recorded in the uploads table about where a batch came from."""

    file_name: str
    sha256: str = ""
    size_bytes: int = 0
    sheets: tuple[str, ...] = ()
    source: str = "file"  # file | demo | text


@dataclass
class Change:
    key: tuple
    old_value: float | None  # None: a new value
    new_value: float
    sheet: str | None = None  # where the new value is in the file
    cell: str | None = None


@dataclass
class LoadReport:
    outcome: str  # loaded | unchanged | rejected | dry-run
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    upload_id: int | None = None
    changes: list[Change] = field(default_factory=list)  # new and changed values
    previously_loaded_as: int | None = None  # upload id of an earlier load of the same file
    n_kept: int = 0  # values the batch left alone because another source holds them (the demo)
    # The annual targets of the batch, counted apart (a target is not a value of a period);
    # target_changes' keys are (region_code, indicator_code, year).
    n_targets_new: int = 0
    n_targets_changed: int = 0
    n_targets_unchanged: int = 0
    target_changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # by stage (Stopwatch)

    @property
    def n_targets(self) -> int:
        return self.n_targets_new + self.n_targets_changed + self.n_targets_unchanged


# The stages of a load in the order it runs them (a file with nothing changed skips the
# metrics' three), each with the name the command line shows as it ends.
LOAD_STAGES = {
    "read the workbook": "读取工作簿",
    "cells to values": "单元格转为数值",
    "check values": "校验数值",
    "compare with stored": "与已存数据比对",
    "write values": "写入数值",
    "read metric inputs": "读取计算增速与排名所需数据",
    "compute metrics": "计算增速与排名",
    "write metrics": "写入增速与排名",
    "commit": "提交",
}


class Stopwatch:
    """Seconds spent in each stage of a load, lap after lap: what `python -m bench` prints
    under a load's total, so the stage that holds it is measured, not guessed. on_lap is
    told each stage and its seconds as it ends (the command line's progress)."""

    def __init__(self, on_lap: Callable[[str, float], None] | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._on_lap = on_lap

    def lap(self, stage: str) -> None:
        """The time since the last lap (or the start) goes to this stage."""
        now = time.perf_counter()
        seconds = now - self._last
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self._last = now
        if self._on_lap is not None:
            self._on_lap(stage, seconds)
