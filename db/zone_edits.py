"""Administrators' edits of the zone catalog: add a zone, rename it, re-parent it, give it
aliases, retire it (or bring it back). The admin page and `python -m etl zones` call these.

An edit is stored as a ZoneOverride (the whole zone as the administrator left it) and written
to the regions table in the same transaction, with the catalog version bumped, so every
worker's next page uses it; the catalog sync writes data/zones.yaml first and the overrides
over it, so an edit survives restarts and catalog updates. Every change is audited.

Codes never change: a zone added here is numbered from 51 under its parent (Z320500-51), the
file's zones from 01, so a zone added to the file later never meets one added here. A zone
moved to another parent keeps its code. A retired zone keeps its code, data and history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from catalog.regions import short_names
from catalog.text import normalise_label
from catalog.zones import ZONE_LEVELS, ZONE_TYPES, zone_aliases
from db.auth_models import AuditEntry
from db.cache import bump_catalog_version
from db.catalog_override_models import ZoneOverride
from db.catalog_store import write_zone
from db.models import Indicator, Region, utcnow
from db.session import lock_writers, session_scope

MAX_NAME, MAX_ALIAS, MAX_ALIASES = 200, 100, 50
APP_NUMBERS_FROM = 51
PARENT_LEVELS = ("province", "city", "county")
_CODE = re.compile(r"^Z(\d{6})-(\d{2,})$")


@dataclass
class ZoneForm:
    """What an administrator gives for a zone (the admin form, the command line)."""

    name_zh: str
    parent_code: str
    zone_type: str | None = None
    zone_level: str | None = None
    name_en: str = ""
    approved_year: int | None = None
    aliases: list[str] = field(default_factory=list)
    lon: float | None = None
    lat: float | None = None

    def cleaned(self) -> "ZoneForm":
        return ZoneForm(
            name_zh=(self.name_zh or "").strip(), parent_code=(self.parent_code or "").strip(),
            zone_type=(self.zone_type or "").strip() or None,
            zone_level=(self.zone_level or "").strip() or None,
            name_en=(self.name_en or "").strip(), approved_year=self.approved_year,
            aliases=list(dict.fromkeys(a.strip() for a in self.aliases if a and a.strip())),
            lon=self.lon, lat=self.lat)


@dataclass(frozen=True)
class Outcome:
    code: str | None
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def add_zone(engine: Engine, form: ZoneForm, actor: str, client: str | None = None) -> Outcome:
    """A new zone under form.parent_code; aliases derived from its name when none are given."""
    form = form.cleaned()
    with session_scope(engine) as session:
        lock_writers(session)
        problems = _check(session, form, None)
        if problems:
            return Outcome(None, problems)
        if not form.aliases:
            parent = session.get(Region, form.parent_code)
            form.aliases = zone_aliases(form.name_zh, [parent.name_zh, *short_names(parent.name_zh)])
            form.aliases = [a for a in form.aliases if not _taken(session, a, None)]
        code = _next_code(session, form.parent_code)
        override = _override(code, "app", form, retired=False, actor=actor)
        session.add(override)
        write_zone(session, override)
        _finish(session, actor, client, "zone_add", f"{code} {form.name_zh} ← {form.parent_code}")
    return Outcome(code, [])


def edit_zone(engine: Engine, code: str, form: ZoneForm, actor: str,
              client: str | None = None) -> Outcome:
    """Rename, re-parent, retype, re-alias a zone. A former name stays an alias, so the sheets
    that wrote it still load."""
    form = form.cleaned()
    with session_scope(engine) as session:
        lock_writers(session)
        zone = session.get(Region, code)
        if zone is None or zone.level != "zone":
            return Outcome(None, [f"没有此开发区 / no such zone: {code}"])
        if zone.name_zh != form.name_zh and zone.name_zh not in form.aliases:
            form.aliases.append(zone.name_zh)
        problems = _check(session, form, code)
        if problems:
            return Outcome(code, problems)
        before = _describe_row(zone)
        moved = zone.parent_code != form.parent_code
        override = _override(code, _origin(session, code), form, retired=zone.retired,
                             actor=actor, previous=session.get(ZoneOverride, code))
        session.merge(override)
        write_zone(session, override)
        _finish(session, actor, client, "zone_edit", f"{code}: {before} → {_describe_row(zone)}",
                refresh=moved)
    return Outcome(code, [])


def retire_zone(engine: Engine, code: str, actor: str, client: str | None = None,
                retired: bool = True) -> Outcome:
    """Mark a zone as retired (no longer on its list), or bring it back; its data stay."""
    with session_scope(engine) as session:
        lock_writers(session)
        zone = session.get(Region, code)
        if zone is None or zone.level != "zone":
            return Outcome(None, [f"没有此开发区 / no such zone: {code}"])
        form = ZoneForm(zone.name_zh, zone.parent_code, zone.zone_type, zone.zone_level,
                        zone.name_en or "", zone.approved_year, list(zone.aliases or []),
                        zone.lon, zone.lat)
        override = _override(code, _origin(session, code), form, retired=retired, actor=actor,
                             previous=session.get(ZoneOverride, code))
        session.merge(override)
        write_zone(session, override)
        _finish(session, actor, client, "zone_retire" if retired else "zone_restore",
                f"{code} {zone.name_zh}")
    return Outcome(code, [])


def edited(engine: Engine) -> dict[str, ZoneOverride]:
    """The zones an administrator added or changed, by code (the admin page marks them)."""
    with session_scope(engine) as session:
        rows = list(session.scalars(select(ZoneOverride)))
        session.expunge_all()
    return {r.code: r for r in rows}


def parse_year(text: object) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() else None


def parse_degrees(text: object) -> float | None:
    try:
        return float(str(text).strip()) if str(text or "").strip() else None
    except ValueError:
        return float("nan")  # refused by _check with a message, not by a traceback


# --- helpers -----------------------------------------------------------------------------

def _origin(session: Session, code: str) -> str:
    previous = session.get(ZoneOverride, code)
    return previous.origin if previous is not None else "file"


def _override(code: str, origin: str, form: ZoneForm, *, retired: bool, actor: str,
              previous: ZoneOverride | None = None) -> ZoneOverride:
    return ZoneOverride(
        code=code, origin=previous.origin if previous is not None else origin,
        name_zh=form.name_zh, name_en=form.name_en, parent_code=form.parent_code,
        zone_type=form.zone_type, zone_level=form.zone_level, approved_year=form.approved_year,
        aliases=list(form.aliases), retired=retired, lon=form.lon, lat=form.lat,
        updated_by=actor[:64], updated_at=utcnow())


def _finish(session: Session, actor: str, client: str | None, action: str, detail: str, *,
            refresh: bool = False) -> None:
    bump_catalog_version(session)
    session.add(AuditEntry(user_name=actor[:64], action=action, client=client, detail=detail))
    if refresh:
        # A zone under another province ranks among other zones: the stored ranks follow.
        from metrics.refresh import refresh_metrics

        refresh_metrics(session, set(session.scalars(select(Indicator.code))))


def _next_code(session: Session, parent: str) -> str:
    used = set()
    for code in [*session.scalars(select(Region.code).where(Region.level == "zone")),
                 *session.scalars(select(ZoneOverride.code))]:
        found = _CODE.match(code)
        if found and found[1] == parent:
            used.add(int(found[2]))
    number = max([APP_NUMBERS_FROM - 1, *used]) + 1
    return f"Z{parent}-{number:02d}"


def _taken(session: Session, name: str, code: str | None) -> str | None:
    """The region (other than `code`) that already goes by this name or alias."""
    key = normalise_label(name)
    for other, name_zh, aliases in session.execute(
            select(Region.code, Region.name_zh, Region.aliases).where(Region.code != (code or ""))):
        if key == normalise_label(name_zh) or key in {normalise_label(a) for a in aliases or ()}:
            return other
    return None


def _check(session: Session, form: ZoneForm, code: str | None) -> list[str]:
    problems = []
    if not form.name_zh:
        problems.append("中文名称不能为空 / the Chinese name is required")
    if len(form.name_zh) > MAX_NAME or len(form.name_en) > MAX_NAME:
        problems.append(f"名称最多{MAX_NAME}个字符 / a name has at most {MAX_NAME} characters")
    parent = session.get(Region, form.parent_code) if form.parent_code else None
    if parent is None or parent.level not in PARENT_LEVELS:
        problems.append(f"上级地区须为省、市或县的代码 / the parent must be the code of a province, "
                        f"city or county: {form.parent_code or '—'}")
    if form.zone_type is not None and form.zone_type not in ZONE_TYPES:
        problems.append(f"类型须为 {'、'.join(ZONE_TYPES)} 之一 / type must be one of "
                        f"{', '.join(ZONE_TYPES)}")
    if form.zone_level is not None and form.zone_level not in ZONE_LEVELS:
        problems.append("级别须为 national（国家级）或 provincial（省级） / level must be national "
                        "or provincial")
    if form.approved_year is not None and not 1980 <= form.approved_year <= 2100:
        problems.append("批准年份须为四位年份 / the year approved must be a year")
    point = (form.lon, form.lat)
    if any(v is not None for v in point) and not (
            all(v is not None and v == v for v in point)
            and 73 <= form.lon <= 136 and 3 <= form.lat <= 54):
        problems.append("经纬度须同时填写，且在中国范围内 / longitude and latitude go together, "
                        "within China")
    if len(form.aliases) > MAX_ALIASES or any(len(a) > MAX_ALIAS for a in form.aliases):
        problems.append(f"别名最多{MAX_ALIASES}个、每个最多{MAX_ALIAS}个字符 / at most "
                        f"{MAX_ALIASES} aliases of {MAX_ALIAS} characters each")
    for name in dict.fromkeys([form.name_zh, *form.aliases]):
        other = _taken(session, name, code) if name else None
        if other:
            problems.append(f"“{name}”已是地区 {other} 的名称或别名 / “{name}” already names {other}")
    return problems


def _describe_row(zone: Region) -> str:
    return (f"{zone.name_zh} / {zone.name_en or ''} ← {zone.parent_code} "
            f"[{zone.zone_level or ''} {zone.zone_type or ''} {zone.approved_year or ''}] "
            f"({', '.join(zone.aliases or [])})")


__all__ = ["ZoneForm", "Outcome", "add_zone", "edit_zone", "retire_zone"]
