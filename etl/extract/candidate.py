"""A figure read out of a report, with the sentence it came from, waiting for review."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

LEVEL = "level"
NET_INCREASE = "net_increase"
GROWTH = "growth"
AVG_GROWTH = "avg_growth"
SHARE = "share"
RANK = "rank"
RANK_CHANGE = "rank_change"
TARGET = "target"
FORECAST = "forecast"
STATEMENT_TYPES = (LEVEL, NET_INCREASE, GROWTH, AVG_GROWTH, SHARE, RANK, RANK_CHANGE, TARGET,
                   FORECAST)
STATEMENT_LABELS_ZH = {LEVEL: "数值", NET_INCREASE: "净增量", GROWTH: "同比增速",
                       AVG_GROWTH: "年均增速", SHARE: "占比", RANK: "排名", RANK_CHANGE: "位次变化",
                       TARGET: "目标", FORECAST: "预计"}


@dataclass(frozen=True)
class Candidate:
    indicator: str | None  # catalog code; None when the text leaves it unclear, for the reviewer
    indicator_name: str
    statement_type: str  # one of STATEMENT_TYPES
    value: float  # level/net increase/target/forecast: in the indicator's canonical unit
    unit: str  # the unit of value: canonical unit, "%" for growth and shares, "位" or "席" for ranks
    raw: str  # the number with its unit as written ("12。6%", "5000万元")
    year: int | None  # None: unknown, for the user to fill in; never guessed
    quarter: int  # 0 = annual, 1-4 = cumulative quarter (上半年 = 2)
    year_source: str  # sentence | context | heading | given | title | placeholder | relative | none
    year_note: str  # where the year came from, in words
    region: str | None  # region code
    region_source: str  # sentence | scope | given | none | ambiguous
    sentence: str  # exactly document_text[start:end]
    start: int
    end: int
    match_start: int  # the statement itself, inside the sentence, in document offsets
    match_end: int
    confidence: float  # 0-1
    is_value: bool  # a value of the indicator: may be stored as an observation
    qualifier: str | None = None  # over (突破/超过) | about (约/近) for targets and forecasts
    scope: str | None = None  # what a rank or share is taken within: 全省, 同类县, 全市 ...
    out_of: int | None = None  # how many were ranked, or the total a seat count is out of
    basis: str | None = None  # rank of: value | growth | seats
    # The first year of a span the figure is over (年均增长 since 2021, 较2020年增长 over
    # 2021-2024); year is its last. None for a figure of one year or quarter.
    period_start: int | None = None

    @property
    def cell(self) -> str:
        """Provenance stored with an observation: the sentence's character offsets."""
        return f"c{self.start}-{self.end}"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Candidate":
        """Back from JSON or CSV, e.g. after the user filled in a year or corrected a value."""
        names = {f.name for f in fields(cls)}
        values = {k: (None if v == "" else v) for k, v in data.items() if k in names}
        for key in ("year", "out_of", "period_start", "quarter", "start", "end", "match_start", "match_end"):
            if values.get(key) is not None:
                values[key] = int(values[key])
        values["quarter"] = values.get("quarter") or 0
        for key in ("value", "confidence"):
            values[key] = float(values[key])
        if isinstance(values.get("is_value"), str):
            values["is_value"] = values["is_value"].strip().lower() in ("true", "1", "yes")
        for key in ("sentence", "raw", "year_note", "indicator_name"):
            values[key] = values.get(key) or ""
        return cls(**values)


CSV_COLUMNS = [f.name for f in fields(Candidate)]
