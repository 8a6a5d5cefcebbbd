"""Read and validate the catalog files under data/ (indicators, regions, zones, peer groups).

A wrong entry raises CatalogError naming the file and the entry, so a province editing the
catalog sees exactly which line to fix.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from catalog import DATA_DIR
from catalog.units import known_unit

KINDS = {"flow", "stock", "ratio", "rate", "rank"}
DIRECTIONS = {"higher", "lower"}
LEVELS = {"country", "province", "city", "county", "zone"}
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# The scopes a reported rank may be published for (metrics.scopes).
REPORTED_SCOPES = ("national_zones", "province_zones", "province_zone_type")


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    direction: str = "higher"
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    dimension: str = ""
    is_key: bool = False
    aliases: tuple[str, ...] = ()
    sort_order: int = 0
    # Plausible values by region level, in the unit: (level, low, high). A value outside is
    # stopped at the upload (a sheet in 万元 read as 亿元 is 10,000 times off).
    ranges: tuple[tuple[str, float, float], ...] = ()
    # A reported rank published for a whole scope (kind rank): the scope kind it ranks, and
    # the indicator holding, on 全国, how many were ranked each year.
    reported_among: str | None = None
    reported_of: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> "IndicatorSpec":
        """From a catalog row as the database or the extraction catalog holds it (a dict with
        at least code, unit and kind); what it lacks takes the defaults."""
        scale = row.get("scale")
        return cls(code=row["code"], name_zh=row.get("name_zh") or "",
                   name_en=row.get("name_en") or "", unit=row["unit"], kind=row["kind"],
                   numerator=row.get("numerator"), denominator=row.get("denominator"),
                   scale=1.0 if scale is None else scale)


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name_zh: str
    name_en: str
    level: str
    parent_code: str | None
    aliases: tuple[str, ...] = ()
    zone_type: str | None = None
    # Zones only: national | provincial, the year approved, retired (no longer a zone of its
    # list; its data and history are kept), and a point for the map where one is known.
    zone_level: str | None = None
    approved_year: int | None = None
    retired: bool = False
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class PeerGroupSpec:
    code: str
    name_zh: str
    name_en: str
    members: tuple[str, ...] = field(default_factory=tuple)


def _load_yaml_list(path: Path) -> list[dict]:
    # libyaml's parser where installed: the zone catalog has four hundred entries.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as f:
        try:
            entries = yaml.load(f, Loader=loader) or []
        except yaml.YAMLError as exc:
            raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(entries, list):
        raise CatalogError(f"{path.name}: expected a list of entries")
    return entries


def load_indicators(path: Path = DATA_DIR / "indicators.yaml") -> list[IndicatorSpec]:
    specs: list[IndicatorSpec] = []
    for i, e in enumerate(_load_yaml_list(path), start=1):
        where = f"{path.name}, entry {i} ({e.get('code', '?')})"
        missing = [k for k in ("code", "name_zh", "name_en", "unit", "kind") if not e.get(k)]
        if missing:
            raise CatalogError(f"{where}: missing {', '.join(missing)}")
        if not CODE_RE.match(str(e["code"])):
            raise CatalogError(f"{where}: code must be lower-case letters, digits and _")
        if e["kind"] not in KINDS:
            raise CatalogError(f"{where}: kind must be one of {sorted(KINDS)}")
        direction = e.get("direction", "higher")
        if direction not in DIRECTIONS:
            raise CatalogError(f"{where}: direction must be higher or lower")
        if not known_unit(str(e["unit"])):
            raise CatalogError(f"{where}: unknown unit {e['unit']!r}")
        if e["kind"] == "ratio" and not (e.get("numerator") and e.get("denominator")):
            raise CatalogError(f"{where}: a ratio needs numerator and denominator")
        if e.get("reported_among") and (e["kind"] != "rank"
                                        or e["reported_among"] not in REPORTED_SCOPES):
            raise CatalogError(f"{where}: reported_among is for ranks, one of {REPORTED_SCOPES}")
        specs.append(IndicatorSpec(
            code=e["code"], name_zh=e["name_zh"], name_en=e["name_en"], unit=str(e["unit"]),
            kind=e["kind"], direction=direction, numerator=e.get("numerator"),
            denominator=e.get("denominator"), scale=float(e.get("scale", 1)),
            dimension=e.get("dimension", ""), is_key=bool(e.get("key", False)),
            aliases=tuple(str(a) for a in e.get("aliases", [])), sort_order=i,
            ranges=_ranges(e.get("range"), where),
            reported_among=e.get("reported_among"), reported_of=e.get("reported_of"),
        ))
    codes = [s.code for s in specs]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise CatalogError(f"{path.name}: duplicate codes {sorted(duplicates)}")
    for s in specs:
        for part in (s.numerator, s.denominator, s.reported_of):
            if part and part not in codes:
                raise CatalogError(f"{path.name} ({s.code}): {part!r} is not an indicator code")
    return specs


def _ranges(entry: object, where: str) -> tuple[tuple[str, float, float], ...]:
    """`range: {province: [0.5, 20000], city: [0, 5000]}` as (level, low, high) triples."""
    if entry is None:
        return ()
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: range must map region levels to [low, high]")
    out = []
    for level, bounds in entry.items():
        if level not in LEVELS or not (isinstance(bounds, list) and len(bounds) == 2
                                       and all(isinstance(b, (int, float)) for b in bounds)
                                       and bounds[0] <= bounds[1]):
            raise CatalogError(f"{where}: range for {level!r} must be [low, high] of a region level")
        out.append((level, float(bounds[0]), float(bounds[1])))
    return tuple(out)


@lru_cache(maxsize=4)
def plausible_ranges(path: Path = DATA_DIR / "indicators.yaml") -> dict[str, dict[str, tuple[float, float]]]:
    """{indicator code: {level: (low, high)}} from the catalog file."""
    return {s.code: {level: (low, high) for level, low, high in s.ranges}
            for s in load_indicators(path) if s.ranges}


@lru_cache(maxsize=4)
def reported_ranks(path: Path = DATA_DIR / "indicators.yaml") -> dict[str, tuple[str, str | None]]:
    """{indicator code: (scope kind it was published for, indicator of the count ranked)}."""
    return {s.code: (s.reported_among, s.reported_of) for s in load_indicators(path)
            if s.reported_among}


def load_admin_regions(path: Path = DATA_DIR / "regions_cn.csv") -> list[RegionSpec]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    regions = []
    for line, r in enumerate(rows, start=2):
        if not re.fullmatch(r"\d{6}", r["code"]) or r["level"] not in LEVELS:
            raise CatalogError(f"{path.name}, line {line}: bad code or level: {r}")
        regions.append(RegionSpec(code=r["code"], name_zh=r["name_zh"], name_en=r["name_en"],
                                  level=r["level"], parent_code=r["parent_code"] or None))
    return regions


ZONE_CODE_RE = re.compile(r"^Z\d{6}-\d{2,}$")


def load_zones(path: Path = DATA_DIR / "zones.yaml") -> list[RegionSpec]:
    from catalog.zones import ZONE_LEVELS, ZONE_TYPES

    zones = []
    for i, e in enumerate(_load_yaml_list(path), start=1):
        where = f"{path.name}, entry {i} ({e.get('code', '?')})"
        missing = [k for k in ("code", "name_zh", "parent") if not e.get(k)]
        if missing:
            raise CatalogError(f"{where}: missing {', '.join(missing)}")
        if not ZONE_CODE_RE.match(str(e["code"])) or not re.fullmatch(r"\d{6}", str(e["parent"])):
            raise CatalogError(f"{where}: code must read Z + the parent's 6-digit adcode + -NN")
        if e.get("type") is not None and e["type"] not in ZONE_TYPES:
            raise CatalogError(f"{where}: type must be one of {', '.join(ZONE_TYPES)}")
        if e.get("level") is not None and e["level"] not in ZONE_LEVELS:
            raise CatalogError(f"{where}: level must be national or provincial")
        approved = e.get("approved")
        if approved is not None and not (isinstance(approved, int) and 1980 <= approved <= 2100):
            raise CatalogError(f"{where}: approved must be a year")
        point = (e.get("lon"), e.get("lat"))
        if any(v is not None for v in point) and not all(
                isinstance(v, (int, float)) for v in point):
            raise CatalogError(f"{where}: lon and lat go together, in degrees")
        zones.append(RegionSpec(
            code=str(e["code"]), name_zh=e["name_zh"], name_en=e.get("name_en") or "",
            level="zone", parent_code=str(e["parent"]),
            aliases=tuple(str(a) for a in e.get("aliases") or ()), zone_type=e.get("type"),
            zone_level=e.get("level"), approved_year=approved, retired=bool(e.get("retired")),
            lon=None if point[0] is None else float(point[0]),
            lat=None if point[1] is None else float(point[1])))
    duplicates = [c for c, n in Counter(z.code for z in zones).items() if n > 1]
    if duplicates:
        raise CatalogError(f"{path.name}: duplicate codes {sorted(duplicates)}")
    return zones


def load_peer_groups(path: Path = DATA_DIR / "peer_groups.yaml") -> list[PeerGroupSpec]:
    groups = []
    for i, e in enumerate(_load_yaml_list(path), start=1):
        where = f"{path.name}, entry {i} ({e.get('code', '?')})"
        if not e.get("code") or not e.get("name_zh"):
            raise CatalogError(f"{where}: missing code or name_zh")
        groups.append(PeerGroupSpec(code=e["code"], name_zh=e["name_zh"],
                                    name_en=e.get("name_en", ""),
                                    members=tuple(str(m) for m in e.get("members", []))))
    return groups
