"""The dashboard's read queries that are not metrics: catalogs with names, observations with
their provenance, revisions, targets with theirs, upload history, and facts about the data
(last update, simulated).

Every function takes the engine and returns a DataFrame or a plain value; pages and callbacks
call these instead of writing SQL. Portable SQLAlchemy only (SQLite now, PostgreSQL later).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import (Engine, Float, case, cast, exists, func, literal_column, null, or_, select,
                        union_all)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from db.cache import cached, share_value, shared_answer, shared_value
from db.lookups import region_tree
from db.models import (SPECIAL_STATUS, Indicator, Observation, Region, Revision, Target,
                       TargetRevision, Upload)

log = logging.getLogger(__name__)

LEVEL_ORDER = {"country": -1, "province": 0, "city": 1, "county": 2, "zone": 3}


def _frame(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; the schema stores UTC."""
    if moment is None or pd.isna(moment):
        return None
    if isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- Catalogs -------------------------------------------------------------------------------

def subtree_codes(engine: Engine, root_code: str) -> list[str]:
    """The region and every region below it (cities, counties, zones)."""
    return region_tree(engine).descendants(root_code)


def regions(engine: Engine, province_code: str | None = None) -> pd.DataFrame:
    """Regions with names, level and parent; one province's tree, or all when None.

    Sorted as people read a province: the province, then each city followed by its counties
    and zones."""
    return cached(engine, ("regions", province_code), lambda: _regions(engine, province_code))


def _regions(engine: Engine, province_code: str | None) -> pd.DataFrame:
    tree = region_tree(engine)
    stmt = select(Region.code, Region.name_zh, Region.name_en, Region.level, Region.parent_code,
                  Region.zone_type, Region.retired)
    if province_code:
        stmt = stmt.where(Region.code.in_(tree.descendants(province_code)))
    df = _frame(engine, stmt)
    if df.empty:
        return df
    # A county or zone reads under its city (a county directly under a province, under it).
    df["city_code"] = [tree.ancestor_at(c, ("city", "province")) or c for c in df["code"]]
    df["_city_first"] = (df["code"] != df["city_code"]).astype(int)
    df["_level"] = df["level"].map(LEVEL_ORDER).fillna(9)
    df = df.sort_values(["city_code", "_city_first", "_level", "code"])
    return df.drop(columns=["_city_first", "_level"]).reset_index(drop=True)


def zones_elsewhere(engine: Engine, province_code: str) -> pd.DataFrame:
    """The zones outside one province, in the columns of regions() plus their place as a
    label (江苏省 · 苏州市): what the pickers add to the home province's tree, so a zone
    anywhere in China can be chosen."""
    return cached(engine, ("zones_elsewhere", province_code),
                  lambda: _zones_elsewhere(engine, province_code))


def _zones_elsewhere(engine: Engine, province_code: str) -> pd.DataFrame:
    frame = zones(engine)
    frame = frame[frame["province_code"].ne(province_code)].reset_index(drop=True)

    def place(province, city) -> str:
        parts = [p for p in (province, city) if isinstance(p, str) and p]
        return " · ".join(dict.fromkeys(parts))  # a municipality is its own city

    return frame.assign(
        city_code=frame["city_code"].fillna(frame["parent_code"]),
        place_zh=[place(p, c) for p, c in zip(frame["province_name_zh"], frame["city_name_zh"])],
        place_en=[place(p, c) for p, c in zip(frame["province_name_en"], frame["city_name_en"])],
    )[["code", "name_zh", "name_en", "level", "parent_code", "zone_type", "city_code",
       "retired", "province_code", "place_zh", "place_en"]]


def provinces(engine: Engine) -> pd.DataFrame:
    """The provinces (code, name_zh, name_en) in code order: the admin page's choice."""
    stmt = (select(Region.code, Region.name_zh, Region.name_en)
            .where(Region.level == "province").order_by(Region.code))
    return _frame(engine, stmt)


def child_regions(engine: Engine, parent_code: str, levels: tuple[str, ...] = ("city", "county")
                  ) -> pd.DataFrame:
    """The regions directly below parent_code (zones left out by default: they have no map)."""
    tree = region_tree(engine)
    codes = [c for c in tree.children(parent_code) if tree.level(c) in levels]
    stmt = (select(Region.code, Region.name_zh, Region.name_en, Region.level, Region.parent_code)
            .where(Region.code.in_(codes)).order_by(Region.code))
    return _frame(engine, stmt)


def region(engine: Engine, code: str) -> dict | None:
    stmt = select(Region.code, Region.name_zh, Region.name_en, Region.level, Region.parent_code,
                  Region.zone_type).where(Region.code == code)
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


ZONE_COLUMNS = ["code", "name_zh", "name_en", "level", "parent_code", "zone_type", "zone_level",
                "approved_year", "retired", "lon", "lat", "aliases", "city_code", "city_name_zh",
                "city_name_en", "province_code", "province_name_zh", "province_name_en"]


def zones(engine: Engine, province_code: str | None = None) -> pd.DataFrame:
    """Every zone (or one province's) with its city and province named: the zones outside
    the home province in the pickers, the admin page, `python -m etl zones list`. In the
    order of their codes, so a province's and a city's zones read together."""
    frame = cached(engine, "zones", lambda: _zones(engine))
    if province_code:
        frame = frame[frame["province_code"] == province_code].reset_index(drop=True)
    return frame


def _zones(engine: Engine) -> pd.DataFrame:
    stmt = select(Region.code, Region.name_zh, Region.name_en, Region.level, Region.parent_code,
                  Region.zone_type, Region.zone_level, Region.approved_year, Region.retired,
                  Region.lon, Region.lat, Region.aliases).where(Region.level == "zone")
    # The names of their places: provinces and cities (not the country's 2,840 counties).
    places = select(Region.code, Region.name_zh, Region.name_en).where(
        Region.level.in_(("province", "city")))
    tree = region_tree(engine)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
        by_code = {r["code"]: r for r in conn.execute(places).mappings()}
    out = []
    for r in rows:
        city = by_code.get(tree.ancestor_at(r["code"], "city"))
        province = by_code.get(tree.ancestor_at(r["code"], "province"))
        out.append({**r, "retired": bool(r["retired"]), "aliases": list(r["aliases"] or []),
                    "city_code": city["code"] if city else None,
                    "city_name_zh": city["name_zh"] if city else None,
                    "city_name_en": city["name_en"] if city else None,
                    "province_code": province["code"] if province else None,
                    "province_name_zh": province["name_zh"] if province else None,
                    "province_name_en": province["name_en"] if province else None})
    return pd.DataFrame(out, columns=ZONE_COLUMNS).sort_values("code").reset_index(drop=True)


def indicators(engine: Engine) -> pd.DataFrame:
    """The indicator catalog in its file's order."""
    return cached(engine, "indicators", lambda: _indicators(engine))


def _indicators(engine: Engine) -> pd.DataFrame:
    stmt = select(Indicator.code, Indicator.name_zh, Indicator.name_en, Indicator.unit,
                  Indicator.kind, Indicator.direction, Indicator.dimension, Indicator.is_key,
                  Indicator.sort_order).order_by(Indicator.sort_order, Indicator.code)
    return _frame(engine, stmt)


def home_province(engine: Engine) -> str | None:
    """The province most observed regions belong to: the one the dashboard shows by default."""
    return cached(engine, "home_province", lambda: _home_province(engine), on="data")


def _home_province(engine: Engine) -> str | None:
    with engine.connect() as conn:
        # One seek of the region index per region: a DISTINCT would read the whole index.
        observed = list(conn.scalars(select(Region.code).where(
            select(Observation.id).where(Observation.region_code == Region.code).exists())))
        if not observed:
            return None
    tree = region_tree(engine)
    provinces = Counter(tree.ancestor_at(code, "province") for code in observed)
    provinces.pop(None, None)
    return provinces.most_common(1)[0][0] if provinces else None


# --- Periods and observations -----------------------------------------------------------------

def periods(engine: Engine, indicator_code: str | None = None) -> pd.DataFrame:
    """The periods that hold data, newest first: year, quarter (0 = annual), cumulative, n."""
    return cached(engine, ("periods", indicator_code), lambda: _periods(engine, indicator_code),
                  on="data")


def _periods(engine: Engine, indicator_code: str | None) -> pd.DataFrame:
    # Counted per indicator in the order of the key (indicator, year, quarter, cumulative, ...),
    # then summed here: grouping by period alone sorted every observation (national: 9 s).
    stmt = (select(Observation.year, Observation.quarter, Observation.cumulative,
                   func.count().label("n"))
            .group_by(Observation.indicator_code, Observation.year, Observation.quarter,
                      Observation.cumulative))
    if indicator_code:
        stmt = stmt.where(Observation.indicator_code == indicator_code)
    frame = _frame(engine, stmt)
    key = ["year", "quarter", "cumulative"]
    return (frame.groupby(key, as_index=False, sort=False)["n"].sum()
            .sort_values(key, ascending=False, kind="stable").reset_index(drop=True))


def comparable_periods(engine: Engine, indicator_code: str, region_code: str) -> set[tuple]:
    """The periods (year, quarter, cumulative) in which the region's level peers (the other
    provinces of the mainland, or the regions of its level in its province) hold data for
    the indicator, two regions at least: where a rank of the region means something."""
    return cached(engine, ("comparable_periods", indicator_code, region_code),
                  lambda: _comparable_periods(engine, indicator_code, region_code), on="data")


def _comparable_periods(engine: Engine, indicator_code: str, region_code: str) -> set[tuple]:
    from catalog.regions import OUTSIDE_MAINLAND

    tree = region_tree(engine)
    if region_code not in tree:
        return set()
    level, province = tree.level(region_code), tree.ancestor_at(region_code, "province")
    if level == "province":
        peers = select(Region.code).where(Region.level == "province",
                                          Region.code.notin_(sorted(OUTSIDE_MAINLAND)))
    elif province is not None:
        peers = [c for c in tree.descendants(province, down_to=level) if tree.level(c) == level]
    else:
        return set()
    stmt = (select(Observation.year, Observation.quarter, Observation.cumulative)
            .where(Observation.indicator_code == indicator_code,
                   Observation.region_code.in_(peers))
            .group_by(Observation.year, Observation.quarter, Observation.cumulative)
            .having(func.count() >= 2))
    with engine.connect() as conn:
        return {(y, q, bool(c)) for y, q, c in conn.execute(stmt)}


def _filtered_by(table: type[Observation] | type[Target], stmt, region_codes, indicator_codes,
                 year):
    """stmt restricted to the rows of table (values or targets) with these regions, indicators
    and year; None means "no filter", an empty list matches nothing."""
    if region_codes is not None:
        stmt = stmt.where(table.region_code.in_(list(region_codes)))
    if indicator_codes is not None:
        stmt = stmt.where(table.indicator_code.in_(list(indicator_codes)))
    if year is not None:
        stmt = stmt.where(table.year == int(year))
    return stmt


def values_filtered(table, stmt, region_codes, indicator_codes, year, quarter, cumulative):
    """stmt restricted to the values of table (observations, or values staged in a reporting
    round) with these regions, indicators and period; None means "no filter"."""
    stmt = _filtered_by(table, stmt, region_codes, indicator_codes, year)
    if quarter is not None:
        stmt = stmt.where(table.quarter == int(quarter))
    if cumulative is not None:
        stmt = stmt.where(table.cumulative == bool(cumulative))
    return stmt


def _filtered(stmt, region_codes, indicator_codes, year, quarter, cumulative):
    return values_filtered(Observation, stmt, region_codes, indicator_codes, year, quarter,
                           cumulative)


@shared_answer
def observations(engine: Engine, *, region_codes=None, indicator_codes=None,
                 year: int | None = None, quarter: int | None = None,
                 cumulative: bool | None = None, limit: int | None = None) -> pd.DataFrame:
    """Observations with names, unit and provenance (upload file, sheet, cell), filtered in SQL.

    None means "no filter"; an empty list matches nothing."""
    stmt = _observations_select(region_codes, indicator_codes, year, quarter, cumulative)
    if limit is not None:
        stmt = stmt.limit(int(limit))
    return _frame(engine, stmt)


def observation_chunks(engine: Engine, *, region_codes=None, indicator_codes=None,
                       year: int | None = None, quarter: int | None = None,
                       cumulative: bool | None = None, chunk_rows: int = 5_000):
    """observations() in frames of chunk_rows, read as they are consumed (a server-side
    cursor on PostgreSQL): a download of a million rows never holds them all."""
    stmt = _observations_select(region_codes, indicator_codes, year, quarter, cumulative)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk_rows).execute(stmt)
        columns = list(result.keys())
        for rows in result.partitions():
            yield pd.DataFrame(rows, columns=columns)


def _observations_select(region_codes, indicator_codes, year, quarter, cumulative):
    stmt = (select(Observation.id, Observation.region_code,
                   Region.name_zh.label("region_name_zh"), Region.name_en.label("region_name_en"),
                   Region.level, Region.parent_code, Observation.indicator_code,
                   Indicator.name_zh.label("indicator_name_zh"),
                   Indicator.name_en.label("indicator_name_en"), Indicator.unit,
                   Observation.year, Observation.quarter, Observation.cumulative,
                   Observation.value, Observation.status, Observation.upload_id,
                   Upload.file_name, Upload.source.label("upload_source"), Observation.sheet,
                   Observation.cell, Observation.updated_at)
            .join(Region, Region.code == Observation.region_code)
            .join(Indicator, Indicator.code == Observation.indicator_code)
            .outerjoin(Upload, Upload.id == Observation.upload_id)
            .order_by(Indicator.sort_order, Observation.region_code, Observation.year.desc(),
                      Observation.quarter.desc(), Observation.cumulative.desc()))
    return _filtered(stmt, region_codes, indicator_codes, year, quarter, cumulative)


@shared_answer
def count_observations(engine: Engine, *, region_codes=None, indicator_codes=None,
                       year: int | None = None, quarter: int | None = None,
                       cumulative: bool | None = None) -> int:
    stmt = _filtered(select(func.count(Observation.id)), region_codes, indicator_codes, year,
                     quarter, cumulative)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def observation(engine: Engine, observation_id: int) -> dict | None:
    """One observation with its names and full provenance (file, sheet, cell, who, when)."""
    stmt = (select(Observation.id, Observation.region_code,
                   Region.name_zh.label("region_name_zh"), Region.name_en.label("region_name_en"),
                   Observation.indicator_code, Indicator.name_zh.label("indicator_name_zh"),
                   Indicator.name_en.label("indicator_name_en"), Indicator.unit,
                   Observation.year, Observation.quarter, Observation.cumulative,
                   Observation.value, Observation.status, Observation.upload_id,
                   Upload.file_name, Upload.uploaded_by, Upload.uploaded_at,
                   Upload.source.label("upload_source"), Observation.sheet, Observation.cell,
                   Observation.updated_at)
            .join(Region, Region.code == Observation.region_code)
            .join(Indicator, Indicator.code == Observation.indicator_code)
            .outerjoin(Upload, Upload.id == Observation.upload_id)
            .where(Observation.id == int(observation_id)))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


def revisions(engine: Engine, observation_id: int) -> pd.DataFrame:
    """Every change of one observation, oldest first: old and new value, and the uploads."""
    return _frame(engine, _history(Revision, Revision.observation_id == int(observation_id)))


def _history(revision: type[Revision] | type[TargetRevision], of):
    """The changes (revisions or target revisions) that match `of`, oldest first, with the
    uploads that made them and that the replaced value came from."""
    new_upload, old_upload = aliased(Upload), aliased(Upload)
    return (select(revision.id, revision.changed_at, revision.old_value, revision.new_value,
                   revision.sheet, revision.cell, revision.upload_id,
                   new_upload.file_name, new_upload.uploaded_by,
                   revision.old_upload_id, old_upload.file_name.label("old_file_name"),
                   revision.old_sheet, revision.old_cell)
            .join(new_upload, new_upload.id == revision.upload_id)
            .outerjoin(old_upload, old_upload.id == revision.old_upload_id)
            .where(of)
            .order_by(revision.changed_at, revision.id))


# --- Targets (annual, with revisions like the values') ----------------------------------------

def _filtered_targets(stmt, region_codes, indicator_codes, year):
    return _filtered_by(Target, stmt, region_codes, indicator_codes, year)


def _target_columns():
    return (Target.id, Target.region_code, Region.name_zh.label("region_name_zh"),
            Region.name_en.label("region_name_en"), Region.level, Target.indicator_code,
            Indicator.name_zh.label("indicator_name_zh"),
            Indicator.name_en.label("indicator_name_en"), Indicator.unit, Target.year,
            Target.value, Target.upload_id, Upload.file_name, Upload.uploaded_by,
            Upload.uploaded_at, Upload.source.label("upload_source"), Target.sheet, Target.cell)


def _with_target_names(stmt):
    return (stmt.join(Region, Region.code == Target.region_code)
            .join(Indicator, Indicator.code == Target.indicator_code)
            .outerjoin(Upload, Upload.id == Target.upload_id))


def targets(engine: Engine, *, region_codes=None, indicator_codes=None, year: int | None = None,
            limit: int | None = None) -> pd.DataFrame:
    """Targets with names, unit, provenance and how many times each was revised, newest year
    first. None means "no filter"; an empty list matches nothing."""
    n_revisions = (select(func.count(TargetRevision.id))
                   .where(TargetRevision.target_id == Target.id).scalar_subquery())
    stmt = (_with_target_names(select(*_target_columns(), n_revisions.label("n_revisions")))
            .order_by(Target.year.desc(), Indicator.sort_order, Target.region_code))
    stmt = _filtered_targets(stmt, region_codes, indicator_codes, year)
    if limit is not None:
        stmt = stmt.limit(int(limit))
    return _frame(engine, stmt)


def count_targets(engine: Engine, *, region_codes=None, indicator_codes=None,
                  year: int | None = None) -> int:
    stmt = _filtered_targets(select(func.count(Target.id)), region_codes, indicator_codes, year)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def target(engine: Engine, target_id: int) -> dict | None:
    """One target with its names and full provenance (file, sheet, cell, who, when)."""
    stmt = _with_target_names(select(*_target_columns())).where(Target.id == int(target_id))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


def target_revisions(engine: Engine, target_id: int) -> pd.DataFrame:
    """Every change of one target, oldest first, in the columns revisions() gives a value's."""
    return _frame(engine, _history(TargetRevision, TargetRevision.target_id == int(target_id)))


# --- Uploads and facts about the data ---------------------------------------------------------

def upload_history(engine: Engine, limit: int = 100) -> pd.DataFrame:
    """The latest uploads first: who, when, which file, outcome and counts."""
    stmt = (select(Upload.id, Upload.uploaded_at, Upload.uploaded_by, Upload.file_name,
                   Upload.source, Upload.outcome, Upload.n_new, Upload.n_changed,
                   Upload.n_unchanged, Upload.n_errors, Upload.n_warnings, Upload.message,
                   Upload.n_targets_new, Upload.n_targets_changed, Upload.n_targets_unchanged)
            .order_by(Upload.id.desc()).limit(int(limit)))
    return _frame(engine, stmt)


def upload_record(engine: Engine, upload_id: int) -> dict | None:
    """One upload's row: file, who, when, outcome, counts, and the cells its warnings flagged."""
    stmt = select(Upload.id, Upload.file_name, Upload.uploaded_by, Upload.uploaded_at,
                  Upload.source, Upload.outcome, Upload.n_new, Upload.n_changed,
                  Upload.n_unchanged, Upload.flags).where(Upload.id == int(upload_id))
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row, flags=row["flags"] or {}) if row else None


CHANGE_COLUMNS = ["region_code", "indicator_code", "year", "quarter", "cumulative", "old_value",
                  "new_value", "sheet", "cell", "sort_order"]


def _upload_changes(upload_id: int):
    """What one upload wrote, as stored now: its revisions (old → new), and the values it
    added (old_value NULL): those still its own, and those a later upload changed, whose
    first revision keeps the value and cell this upload gave them."""
    def keyed(*columns, is_new: int):
        return select(Observation.region_code, Observation.indicator_code, Observation.year,
                      Observation.quarter, Observation.cumulative, *columns,
                      Indicator.sort_order, literal_column(str(is_new)).label("is_new")
                      ).join(Indicator, Indicator.code == Observation.indicator_code)

    no_old = cast(null(), Float).label("old_value")
    changed = (keyed(Revision.old_value, Revision.new_value, Revision.sheet, Revision.cell,
                     is_new=0)
               .join(Revision, Revision.observation_id == Observation.id)
               .where(Revision.upload_id == upload_id))
    added = (keyed(no_old, Observation.value.label("new_value"), Observation.sheet,
                   Observation.cell, is_new=1)
             .where(Observation.upload_id == upload_id,
                    ~exists().where(Revision.observation_id == Observation.id)))
    first = aliased(Revision)
    added_then_changed = (
        keyed(no_old, Revision.old_value.label("new_value"), Revision.old_sheet.label("sheet"),
              Revision.old_cell.label("cell"), is_new=1)
        .join(Revision, Revision.observation_id == Observation.id)
        .where(Revision.old_upload_id == upload_id,
               Revision.id == select(func.min(first.id))
               .where(first.observation_id == Revision.observation_id).scalar_subquery()))
    return union_all(changed, added, added_then_changed).subquery("changes")


def upload_changes(engine: Engine, upload_id: int, limit: int | None = None) -> pd.DataFrame:
    """The values one upload changed or added (CHANGE_COLUMNS; old_value NaN for a new one),
    in the order its preview lists them: changed values by the size of the change, largest
    first (from zero first: an infinite change), then new values in catalog order."""
    u = _upload_changes(int(upload_id))
    stmt = (select(*(u.c[name] for name in CHANGE_COLUMNS))
            .order_by(u.c.is_new, case((u.c.old_value == 0, 0), else_=1),
                      func.abs((u.c.new_value - u.c.old_value) / func.nullif(u.c.old_value, 0))
                      .desc(),
                      u.c.sort_order, u.c.region_code, u.c.year, u.c.quarter, u.c.cumulative))
    if limit is not None:
        stmt = stmt.limit(int(limit))
    frame = _frame(engine, stmt)
    if frame.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    frame["cumulative"] = frame["cumulative"].astype(bool)
    frame["old_value"] = frame["old_value"].astype(float)
    return frame


def count_upload_changes(engine: Engine, upload_id: int) -> tuple[int, int]:
    """(changed, new) values of one upload, as upload_changes lists them."""
    u = _upload_changes(int(upload_id))
    stmt = select(func.sum(case((u.c.is_new == 0, 1), else_=0)),
                  func.sum(case((u.c.is_new == 1, 1), else_=0)))
    with engine.connect() as conn:
        changed, new = conn.execute(stmt).one()
    return int(changed or 0), int(new or 0)


def has_observations(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(Observation.id).limit(1)).first() is not None


# The shell's facts of the data (every page shows them): each a scan of the observations where
# no index answers it (0.4-0.9 s on ten million rows), so worked out once for every worker
# until the data change.

def observations_total(engine: Engine) -> int:
    """How many values are stored."""
    return cached(engine, "observations_total", lambda: count_observations(engine), on="data",
                  shared=True)


def carry_footer_facts(engine: Engine, before: tuple, after: tuple, n_new: int,
                       changed_at: datetime | None) -> None:
    """After a write that added n_new values and stamped the values it wrote changed_at (None:
    it wrote none), committed between data versions before and after: the number of stored
    values and the time of the last change under after, from those under before. Otherwise
    the first page after every load counted every stored value and read every value's time
    again (1.2 s on the national bench's 9.5 M values). Nothing is carried when before has none
    (the first page computes them, as before)."""
    # Both read before either is stored: the first answer stored under a new version deletes
    # those of every other. A failure costs the next page the count, never the write (which
    # is committed, and must not be retried for this).
    try:
        has_total, total = shared_value(engine, "observations_total", before)
        has_last, last = shared_value(engine, "last_update", before)
    except DBAPIError as error:
        log.warning("footer facts not carried: %s", error.orig)
        return
    if has_total:
        share_value(engine, "observations_total", after, total + n_new)
    if has_last:
        stamped = as_utc(changed_at)
        share_value(engine, "last_update", after,
                    last if stamped is None else stamped if last is None else max(last, stamped))


def last_update(engine: Engine) -> datetime | None:
    """When a stored value last changed (UTC)."""
    def load():
        with engine.connect() as conn:
            return as_utc(conn.execute(select(func.max(Observation.updated_at))).scalar())
    return cached(engine, "last_update", load, on="data", shared=True)


# Whether any stored value is official, or simulated: seeks, not scans (the special-status
# index; the demo's uploads, then the upload index). The one join with OR that asked for
# "simulated" scanned every value where there was none (33 s for 9.5 M values). EXISTS
# (SELECT upload_id ...), not (SELECT * ...): for "*" SQLite scans instead of seeking.
ANY_OFFICIAL = select(exists(select(Observation.id).where(
    SPECIAL_STATUS, Observation.status == "official")))
ANY_SIMULATED = select(or_(
    exists(select(Observation.id).where(SPECIAL_STATUS, Observation.status == "simulated")),
    exists(select(Upload.id).where(Upload.source == "demo", select(Observation.upload_id)
                                   .where(Observation.upload_id == Upload.id).exists()))))


def has_official(engine: Engine) -> bool:
    """Whether any stored value is from the official series (data/official)."""
    def load():
        with engine.connect() as conn:
            return bool(conn.scalar(ANY_OFFICIAL))
    return cached(engine, "has_official", load, on="data", shared=True)


def is_simulated(engine: Engine) -> bool:
    """Whether any stored value is simulated (the demo province), so the UI must say so."""
    def load():
        with engine.connect() as conn:
            return bool(conn.scalar(ANY_SIMULATED))
    return cached(engine, "is_simulated", load, on="data", shared=True)
