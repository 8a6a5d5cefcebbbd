"""Which regions are ranked together (rank scopes), and what each scope is called.

Scope kinds, each with the code of what defines it:
  country_provinces  'CN'           the 31 mainland provinces                (全国)
  province_cities    province code  cities of the province                   (全省)
  province_counties  province code  counties of the province, province-wide  (全省)
  city_counties      city code      counties of the city                     (全市)
  province_zones     province code  development zones of the province        (全省开发区)
  province_zone_type 340000-hitech  the province's zones of one type         (全省高新区)
  national_zones     CN-etdz        the national zones of one list           (全国国家级经开区)
  peer               group code     the members of a peer group              (同类市, 同类县)
The first scope listed for a level is its default (the one "居全省第3位" means). A zone's
type key is catalog.zones.type_key (hitech, etdz, park, agri, other); the national scopes
hold the national-level zones of the two national lists (高新区, 经开区).
"""

from __future__ import annotations

import pandas as pd

from catalog.regions import OUTSIDE_MAINLAND, RegionTree
from catalog.zones import NATIONAL_TYPES, ZONE_TYPES
from metrics.labels import scope_label_pair

COUNTRY = "CN"
DEFAULT_SCOPE = {"province": "country_provinces", "city": "province_cities",
                 "county": "province_counties", "zone": "province_zones"}
COLUMNS = ["region_code", "scope_kind", "scope_code", "is_default"]


def province_of(regions: pd.DataFrame) -> pd.Series:
    """Each region's province (zones included), by code; NaN above the provinces."""
    tree = RegionTree.of_frame(regions)
    return pd.Series([tree.ancestor_at(c, "province") for c in regions["code"].tolist()],
                     index=pd.Index(regions["code"], name="code"), dtype=regions["code"].dtype)


def membership(regions: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """One row per region and scope it is ranked in."""
    frame = regions.set_index("code")
    province = province_of(regions)
    level = frame["level"]
    parent_level = frame["parent_code"].map(level)
    parts = []
    for lvl, kind in DEFAULT_SCOPE.items():
        members = level.index[level == lvl]
        if kind == "country_provinces":  # "居全国第3位" counts the 31 mainland provinces
            members = members[~members.isin(OUTSIDE_MAINLAND)]
        code = COUNTRY if kind == "country_provinces" else province.reindex(members)
        parts.append(pd.DataFrame({"region_code": members, "scope_kind": kind,
                                   "scope_code": code, "is_default": True}))
    in_city = level.index[(level == "county") & (parent_level == "city")]
    parts.append(pd.DataFrame({"region_code": in_city, "scope_kind": "city_counties",
                               "scope_code": frame.loc[in_city, "parent_code"].to_numpy(),
                               "is_default": False}))
    parts += _zone_type_scopes(frame, province)
    known = peers[peers["region_code"].isin(frame.index)]
    parts.append(pd.DataFrame({"region_code": known["region_code"].to_numpy(),
                               "scope_kind": "peer", "scope_code": known["group_code"].to_numpy(),
                               "is_default": False}))
    result = pd.concat(parts, ignore_index=True)
    return result[result["scope_code"].notna()].reset_index(drop=True)[COLUMNS]


def _zone_type_scopes(frame: pd.DataFrame, province: pd.Series) -> list[pd.DataFrame]:
    """Zones among the province's zones of their type, and the national zones of the two
    national lists among each other nationwide. Frames without the zone columns (a chain of
    parents read for one region) simply have none."""
    if "zone_type" not in frame:
        return []
    zones = frame[frame["level"].eq("zone")]
    keys = zones["zone_type"].map(lambda t: ZONE_TYPES.get(t, ZONE_TYPES["开发区"])[0])
    in_province = province.reindex(zones.index)
    parts = [pd.DataFrame({"region_code": zones.index, "scope_kind": "province_zone_type",
                           "scope_code": (in_province + "-" + keys).to_numpy(),
                           "is_default": False})]
    if "zone_level" in frame:
        national = zones["zone_level"].eq("national") & zones["zone_type"].isin(NATIONAL_TYPES)
        parts.append(pd.DataFrame({"region_code": zones.index[national],
                                   "scope_kind": "national_zones",
                                   "scope_code": ("CN-" + keys[national]).to_numpy(),
                                   "is_default": False}))
    return parts


def scope_label(scope_kind: str, scope_code: str, peer_names: dict[str, tuple[str, str]],
                lang: str = "zh") -> str:
    """全省 / 全市 / 全省开发区 / 全省高新区 / 全国国家级经开区 / 全国, or the peer group's name."""
    if scope_kind == "peer":
        zh, en = peer_names.get(scope_code, (scope_code, scope_code))
    else:
        zh, en = scope_label_pair(scope_kind, scope_code) or (scope_kind, scope_kind)
    return zh if lang == "zh" else en
