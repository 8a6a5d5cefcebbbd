"""Write the catalogs (indicators, regions, zones, peer groups) from data/ into the database.

Idempotent: run at every `init`; entries are inserted or updated, never deleted, so data
loaded against an indicator or region stays attached to it. What administrators changed in
the app is applied on top of the files' entries, so a sync keeps it: indicator names and
aliases (db.catalog_edits), zones added or edited (db.zone_edits), peer groups created,
edited or removed (db.peer_edits).
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalog.files import (IndicatorSpec, PeerGroupSpec, RegionSpec, load_admin_regions,
                           load_indicators, load_peer_groups, load_zones)
from db.catalog_override_models import IndicatorOverride, PeerGroupOverride, ZoneOverride
from db.models import Indicator, PeerGroup, PeerGroupMember, Region


def upsert_indicators(session: Session, specs: list[IndicatorSpec]) -> None:
    existing = {i.code: i for i in session.scalars(select(Indicator))}
    for spec in specs:
        values = asdict(spec) | {"aliases": list(spec.aliases)}
        for key in ("ranges", "reported_among", "reported_of"):
            del values[key]  # read from the catalog file where needed, not stored
        _insert_or_update(session, Indicator, existing.get(spec.code), values)


def apply_indicator_overrides(session: Session) -> None:
    """The app's edits win over the file for names and aliases (until an admin resets them)."""
    session.flush()
    for override in session.scalars(select(IndicatorOverride)):
        row = session.get(Indicator, override.code)
        if row is not None:
            row.name_zh, row.name_en = override.name_zh, override.name_en
            row.aliases = list(override.aliases or [])


def upsert_regions(session: Session, specs: list[RegionSpec]) -> None:
    existing = {r.code: r for r in session.scalars(select(Region))}
    # Parents first, so the foreign key on parent_code is satisfied on every insert.
    order = {"country": 0, "province": 1, "city": 2, "county": 3, "zone": 4}
    for spec in sorted(specs, key=lambda s: order[s.level]):
        _insert_or_update(session, Region, existing.get(spec.code),
                          asdict(spec) | {"aliases": list(spec.aliases)})
    session.flush()


def _insert_or_update(session: Session, model: type[Indicator] | type[Region], row,
                      values: dict) -> None:
    """Add a row of model with values, or give the existing row (when not None) those values."""
    if row is None:
        session.add(model(**values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def replace_peer_groups(session: Session, specs: list[PeerGroupSpec]) -> None:
    for spec in specs:
        group = session.get(PeerGroup, spec.code)
        if group is None:
            group = PeerGroup(code=spec.code, name_zh=spec.name_zh, name_en=spec.name_en)
            session.add(group)
        else:
            group.name_zh, group.name_en = spec.name_zh, spec.name_en
        session.flush()
        session.execute(delete(PeerGroupMember).where(PeerGroupMember.group_code == spec.code))
        for member in spec.members:
            session.add(PeerGroupMember(group_code=spec.code, region_code=member))
    session.flush()


ZONE_FIELDS = ("name_zh", "name_en", "parent_code", "zone_type", "zone_level", "approved_year",
               "aliases", "retired", "lon", "lat")


def write_zone(session: Session, override: ZoneOverride) -> Region | None:
    """Put an administrator's zone into the regions table (inserted if added in the app);
    None when its parent is gone from the catalog."""
    if session.get(Region, override.parent_code) is None:
        return None
    row = session.get(Region, override.code)
    if row is None:
        row = Region(code=override.code, level="zone")
        session.add(row)
    for key in ZONE_FIELDS:
        setattr(row, key, list(override.aliases or []) if key == "aliases"
                else getattr(override, key))
    return row


def apply_zone_overrides(session: Session) -> None:
    session.flush()
    for override in session.scalars(select(ZoneOverride).order_by(ZoneOverride.code)):
        write_zone(session, override)
    session.flush()


def write_peer_group(session: Session, override: PeerGroupOverride) -> None:
    """Put an administrator's peer group into the tables, or take a removed one out."""
    session.execute(delete(PeerGroupMember).where(PeerGroupMember.group_code == override.code))
    group = session.get(PeerGroup, override.code)
    if override.removed:
        if group is not None:
            session.delete(group)
        session.flush()
        return
    if group is None:
        group = PeerGroup(code=override.code)
        session.add(group)
    group.name_zh, group.name_en = override.name_zh, override.name_en
    session.flush()
    known = set(session.scalars(select(Region.code).where(
        Region.code.in_(list(override.members or [])))))
    for member in dict.fromkeys(override.members or []):
        if member in known:  # a member gone from the catalog is left out, not an error
            session.add(PeerGroupMember(group_code=override.code, region_code=member))
    session.flush()


def apply_peer_group_overrides(session: Session) -> None:
    session.flush()
    for override in session.scalars(select(PeerGroupOverride).order_by(PeerGroupOverride.code)):
        write_peer_group(session, override)


def sync_catalogs(session: Session) -> None:
    upsert_indicators(session, load_indicators())
    apply_indicator_overrides(session)
    upsert_regions(session, load_admin_regions() + load_zones())
    apply_zone_overrides(session)
    replace_peer_groups(session, load_peer_groups())
    apply_peer_group_overrides(session)
