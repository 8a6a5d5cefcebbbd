"""Reads the ingest needs: catalogs for matching, and stored values for plausibility checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select

from catalog.regions import RegionIndex, RegionTree
from db.cache import cached
from db.models import Indicator, Observation, Region, Upload
from db.frames import plain_rows
from db.session import session_scope

if TYPE_CHECKING:
    import pandas as pd


def indicator_rows(engine: Engine) -> list[dict]:
    with session_scope(engine) as s:
        return [{"code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit,
                 "kind": i.kind, "numerator": i.numerator, "denominator": i.denominator,
                 "scale": i.scale, "aliases": list(i.aliases or [])}
                for i in s.scalars(select(Indicator).order_by(Indicator.sort_order))]


def region_rows(engine: Engine, province_code: str | None = None) -> list[dict]:
    """Regions to match names against: one province with its cities, counties and zones,
    or the whole country when province_code is None. Copies of a memo kept until the
    catalog changes: a national catalog takes a second to read."""
    rows = cached(engine, ("region_rows", province_code), lambda: _region_rows(engine, province_code))
    return [dict(r, aliases=list(r["aliases"])) for r in rows]


def region_index(engine: Engine) -> RegionIndex:
    """Every region and zone of the catalog, by code and name: what names in a sheet are
    resolved against (the whole country; the home province is only a hint). One per worker
    until the catalog changes."""
    return cached(engine, ("region_index",), lambda: RegionIndex(_region_rows(engine, None)))


def region_tree(bind: Engine | Connection) -> RegionTree:
    """The database's region tree (zones and overrides included, which the shipped files may
    lack): every walk up or down the regions goes through it. One per worker until the
    catalog changes."""
    def load() -> RegionTree:
        stmt = select(Region.code, Region.parent_code, Region.level)
        if isinstance(bind, Connection):
            return RegionTree(bind.execute(stmt).all())
        with bind.connect() as conn:
            return RegionTree(conn.execute(stmt).all())
    return cached(bind, ("region_tree",), load)


def _region_rows(engine: Engine, province_code: str | None) -> list[dict]:
    # Plain rows, not ORM objects: a national catalog is 3,254 regions, read on every
    # command-line load (a fifth of the time it took as objects).
    with engine.connect() as conn:
        rows = [{"code": code, "name_zh": name_zh, "name_en": name_en, "level": level,
                 "parent_code": parent, "aliases": list(aliases or [])}
                for code, name_zh, name_en, level, parent, aliases in conn.execute(select(
                    Region.code, Region.name_zh, Region.name_en, Region.level,
                    Region.parent_code, Region.aliases))]
    if province_code is None:
        return rows
    tree = RegionTree((r["code"], r["parent_code"], r["level"]) for r in rows)
    return [r for r in rows if tree.within(r["code"], province_code)]


def plausibility_periods(records) -> set[tuple[int, int]]:
    """The (year, quarter) periods the plausibility checks compare records with: their own,
    the quarter before (cumulative figures must not fall) and the same one a year before."""
    own = {(r.year, r.quarter) for r in records}
    return own | {(y, q - 1) for y, q in own if q > 1} | {(y - 1, q) for y, q in own}


def stored_value_rows(engine: Engine, indicator_codes: set[str],
                      periods: set[tuple[int, int]]) -> list[tuple]:
    """Stored values of these (year, quarter) periods as plain rows (region, indicator, year,
    quarter, cumulative, value)."""
    if not indicator_codes or not periods:
        return []
    stmt = (select(Observation.region_code, Observation.indicator_code, Observation.year,
                   Observation.quarter, Observation.cumulative, Observation.value)
            .where(Observation.indicator_code.in_(sorted(indicator_codes)),
                   Observation.year.in_(sorted({y for y, _ in periods})),
                   Observation.quarter.in_(sorted({q for _, q in periods}))))
    with engine.connect() as connection:
        # Plain rows (a national sheet compares with 100,000-odd stored values); the IN
        # lists seek the index, and their cross product may add a period or two.
        _, rows = plain_rows(connection, stmt)
    return [r for r in rows if (r[2], r[3]) in periods]


def stored_values(engine: Engine, indicator_codes: set[str],
                  periods: set[tuple[int, int]]) -> dict[tuple, float]:
    """Stored values of these (year, quarter) periods keyed (region, indicator, year,
    quarter, cumulative)."""
    return {(r[0], r[1], r[2], r[3], bool(r[4])): r[5]
            for r in stored_value_rows(engine, indicator_codes, periods)}


def value_source(status: str | None, upload_source: str | None) -> str:
    """Where a value comes from, as an export's `source` column says it: official (the
    official series), simulated (the demo), text (read out of a report), upload, or pending
    (sent into a reporting round, not yet approved: db.rounds.pending_values)."""
    if status in ("official", "simulated"):
        return status
    return {"official": "official", "demo": "simulated", "text": "text",
            "pending": "pending"}.get(upload_source or "", "upload")


def with_source(df: pd.DataFrame) -> pd.DataFrame:
    """The `source` column from the status and the upload's source (upload_source)."""
    return df.assign(source=[value_source(s, u) for s, u in zip(df["status"], df["upload_source"])])


def observations_long(engine: Engine, region_codes: list[str] | None = None,
                      indicator_codes: list[str] | None = None, year: int | None = None,
                      quarter: int | None = None):
    """Observations in the export's long format, names joined, filtered in SQL."""
    import pandas as pd

    q = (select(Observation.region_code, Region.name_zh.label("region_name"), Region.level,
                Observation.indicator_code, Indicator.name_zh.label("indicator_name"),
                Indicator.unit, Observation.year, Observation.quarter, Observation.cumulative,
                Observation.value, Observation.status, Upload.source.label("upload_source"))
         .join(Region, Region.code == Observation.region_code)
         .join(Indicator, Indicator.code == Observation.indicator_code)
         .outerjoin(Upload, Upload.id == Observation.upload_id)
         .order_by(Observation.indicator_code, Observation.region_code, Observation.year,
                   Observation.quarter))
    if region_codes:
        q = q.where(Observation.region_code.in_(region_codes))
    if indicator_codes:
        q = q.where(Observation.indicator_code.in_(indicator_codes))
    if year is not None:
        q = q.where(Observation.year == year)
    if quarter is not None:
        q = q.where(Observation.quarter == quarter)
    with engine.connect() as conn:
        return with_source(pd.read_sql(q, conn))


def stored_history(engine: Engine, pairs: set[tuple[str, str]]) -> dict[tuple, dict[tuple, float]]:
    """Every stored period's value of a few (region, indicator) pairs:
    {(region, indicator): {(year, quarter, cumulative): value}}."""
    if not pairs:
        return {}
    # Two IN lists, not an OR of pairs: SQLite can then seek the (indicator, period, region)
    # key instead of reading every value of each region (province: 0.7 against 17 ms). Their
    # cross product may name a few pairs not asked for: those rows are skipped.
    stmt = (select(Observation.region_code, Observation.indicator_code, Observation.year,
                   Observation.quarter, Observation.cumulative, Observation.value)
            .where(Observation.indicator_code.in_(sorted({i for _, i in pairs})),
                   Observation.region_code.in_(sorted({r for r, _ in pairs}))))
    out: dict[tuple, dict[tuple, float]] = {}
    with engine.connect() as connection:
        for r, i, y, q, c, v in connection.execute(stmt):
            if (r, i) in pairs:
                out.setdefault((r, i), {})[(y, q, bool(c))] = v
    return out
