"""Write the catalogs (indicators, regions, zones, peer groups) from data/ into the database.

Idempotent: run at every `init`; entries are inserted or updated, never deleted, so data
loaded against an indicator or region stays attached to it. Indicator names and aliases
edited in the app (db.catalog_edits) are applied on top of the file's, so a sync keeps them.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from catalog.files import (IndicatorSpec, PeerGroupSpec, RegionSpec, load_admin_regions,
                           load_indicators, load_peer_groups, load_zones)
from db.catalog_override_models import IndicatorOverride
from db.models import Indicator, PeerGroup, PeerGroupMember, Region


def upsert_indicators(session: Session, specs: list[IndicatorSpec]) -> None:
    existing = {i.code: i for i in session.scalars(select(Indicator))}
    for spec in specs:
        values = asdict(spec) | {"aliases": list(spec.aliases)}
        del values["ranges"]  # read by validation from the catalog file, not stored
        row = existing.get(spec.code)
        if row is None:
            session.add(Indicator(**values))
        else:
            for key, value in values.items():
                setattr(row, key, value)


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
        values = asdict(spec) | {"aliases": list(spec.aliases)}
        row = existing.get(spec.code)
        if row is None:
            session.add(Region(**values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    session.flush()


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


def sync_catalogs(session: Session) -> None:
    upsert_indicators(session, load_indicators())
    apply_indicator_overrides(session)
    upsert_regions(session, load_admin_regions() + load_zones())
    replace_peer_groups(session, load_peer_groups())
