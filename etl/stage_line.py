"""What `python -m etl load` shows while one file loads: each stage of the load as it ends,
with its seconds ("national.xlsx: 3/9 校验数值 / check values 0.93 s"). A national
workbook takes seconds, and a bar over the files does not move for one file.

On a terminal the line is redrawn in place and erased before other output; in a log
(stderr not a terminal) each stage is a line of its own."""

from __future__ import annotations

import sys
from typing import TextIO

from etl.records import LOAD_STAGES

ORDER = list(LOAD_STAGES)
CLEAR = "\r\033[K"  # back to the line's start, and erase it


def stage_text(stage: str, seconds: float) -> str:
    """"3/9 校验数值 / check values 0.93 s": the stage's place in a load, its names, its time."""
    place = f"{ORDER.index(stage) + 1}/{len(ORDER)} " if stage in LOAD_STAGES else ""
    return f"{place}{LOAD_STAGES.get(stage, stage)} / {stage} {seconds:.2f} s"


class StageLine:
    """Called with each stage of one file's load and its seconds as it ends (the on_stage of
    etl.pipeline.read_and_validate and commit)."""

    def __init__(self, name: str, stream: TextIO | None = None) -> None:
        self.name = name
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()

    def __call__(self, stage: str, seconds: float) -> None:
        text = f"{self.name}: {stage_text(stage, seconds)}"
        self.stream.write(CLEAR + text if self.terminal else text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Make room for other output (a terminal's line is erased; a log keeps its lines)."""
        if self.terminal:
            self.stream.write(CLEAR)
            self.stream.flush()
