"""The zone catalog: the national lists as data/zones.yaml, the names sheets write for a zone,
and the zones and peer groups an administrator changes, which the catalog sync keeps."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.files import DATA_DIR, load_zones
from catalog.regions import RegionIndex, resolve_names, RowName
from catalog.zones import zone_aliases
from db.auth_models import AuditEntry
from db.catalog_store import sync_catalogs
from db.models import PeerGroup, PeerGroupMember, Region
from db.peer_edits import add_group, edit_group, remove_group
from db.session import session_scope
from db.zone_edits import ZoneForm, add_zone, edit_zone, retire_zone
from etl.pipeline import commit, read_and_validate
from tests.workbooks import xlsx_bytes

SHARED = Path(__file__).resolve().parents[2] / "shared" / "zones"
# The zones data/zones.yaml held before the national lists: their codes never change.
ANHUI_BEFORE = {
    "Z340100-01": "合肥高新技术产业开发区", "Z340100-02": "合肥经济技术开发区",
    "Z340200-01": "芜湖高新技术产业开发区", "Z340200-02": "芜湖经济技术开发区",
    "Z340300-01": "蚌埠高新技术产业开发区", "Z340400-01": "淮南高新技术产业开发区",
    "Z340500-01": "马鞍山慈湖高新技术产业开发区", "Z340700-01": "铜陵经济技术开发区",
    "Z340800-01": "安庆高新技术产业开发区", "Z341100-01": "滁州经济技术开发区",
    "Z341500-01": "六安经济技术开发区", "Z341500-02": "金寨现代产业园区",
    "Z341700-01": "池州经济技术开发区", "Z341800-01": "宣城经济技术开发区"}
SUZHOU_PARK, KUNSHAN_ETDZ, HEFEI_HT = "Z320500-05", "Z320500-04", "Z340100-01"


def _rows(name: str) -> list[dict]:
    with (SHARED / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_catalog_holds_every_zone_of_the_national_lists():
    zones = load_zones()
    kinds = Counter((z.zone_level, z.zone_type) for z in zones)
    assert kinds[("national", "高新区")] == 172
    assert kinds[("national", "经开区")] == 235
    if SHARED.is_dir():  # the lists themselves, where the project sits beside them
        assert kinds[("national", "高新区")] == len(_rows("national_hightech_zones.csv"))
        assert kinds[("national", "经开区")] == len(_rows("national_etdz.csv"))
        names = {z.name_zh for z in zones}
        listed = [r["name_zh"] for r in _rows("national_hightech_zones.csv")
                  + _rows("national_etdz.csv")]
        assert [n for n in listed if n not in names] == []
    assert len({z.code for z in zones}) == len(zones)


def test_the_zones_of_before_keep_their_codes_and_take_the_lists_facts():
    zones = {z.code: z for z in load_zones()}
    assert {c: zones[c].name_zh for c in ANHUI_BEFORE} == ANHUI_BEFORE
    hefei = zones[HEFEI_HT]
    assert (hefei.zone_level, hefei.approved_year, hefei.parent_code) == ("national", 1991, "340100")
    # not on the national lists: provincial, as they were
    assert zones["Z340800-01"].zone_level == zones["Z341500-02"].zone_level == "provincial"
    # the lists' other Anhui zones took the next free numbers of their cities
    assert zones["Z340700-02"].name_zh == "铜陵狮子山高新技术产业开发区"
    assert zones["Z340800-03"].name_zh == "桐城经济技术开发区"


def test_gaps_stay_blank_and_a_zone_without_a_city_hangs_under_its_province():
    zones = {z.name_zh: z for z in load_zones()}
    assert zones["燕郊高新技术产业开发区"].parent_code == "130000"
    assert zones["苏州工业园区"].approved_year is None  # not in the dated list under that name
    assert zones["苏州工业园区"].parent_code == "320500"
    assert zones["酒泉经济技术开发区"].retired
    assert sum(z.retired for z in zones.values()) == 1
    header = (DATA_DIR / "zones.yaml").read_text(encoding="utf-8").split("\n- ")[0]
    for said in ("W-HT-TPL", "W-ETDZ-TPL", "GOV-2024-83", "Gaps", "172 of the 178", "74 years"):
        assert said in header


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared national lists are not beside the project")
def test_the_build_script_writes_the_committed_files_again(tmp_path):
    from etl.build_zones import build

    zones, ranks = tmp_path / "zones.yaml", tmp_path / "ranks.csv"
    shutil.copyfile(DATA_DIR / "zones.yaml", zones)
    build(SHARED, zones, ranks)
    assert zones.read_text(encoding="utf-8") == (DATA_DIR / "zones.yaml").read_text(encoding="utf-8")
    committed = DATA_DIR / "official" / "mofcom_etdz_evaluation.csv"
    assert ranks.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_aliases_with_and_without_the_city_and_short_forms():
    assert zone_aliases("合肥高新技术产业开发区", ["合肥市", "合肥"]) == ["合肥高新区"]
    assert zone_aliases("西青经济技术开发区", ["天津市", "天津"], ["天津西青经济技术开发区"]) == [
        "天津西青经济技术开发区", "西青经开区", "天津西青经开区"]
    # never a generic word that names every zone of its kind
    assert zone_aliases("苏州工业园区", ["苏州市", "苏州"]) == []


@pytest.fixture(scope="module")
def index() -> RegionIndex:
    from catalog.files import load_admin_regions

    return RegionIndex([{"code": r.code, "name_zh": r.name_zh, "name_en": r.name_en,
                         "level": r.level, "parent_code": r.parent_code, "aliases": r.aliases}
                        for r in load_admin_regions() + load_zones()])


@pytest.mark.parametrize("written, code", [
    ("合肥高新区", HEFEI_HT), ("合肥高新技术产业开发区", HEFEI_HT), ("苏州工业园区", SUZHOU_PARK),
    ("苏州工业园", SUZHOU_PARK), ("昆山经开区", KUNSHAN_ETDZ), ("苏州昆山经开区", KUNSHAN_ETDZ),
    ("天津西青经开区", "Z120100-03"), ("西青经济技术开发区", "Z120100-03"),
    ("浒墅关经开区", "Z320500-11"), ("苏州浒墅关经济技术开发区", "Z320500-11"),
    ("慈湖高新区", "Z340500-01"), ("东湖高新区", "Z420100-01")])
def test_short_forms_name_one_zone(index, written, code):
    assert list(index.lookup(written)) == [code]
    assert resolve_names(index, [RowName(written)], home="340000")[0].code == code


def test_a_sheet_of_zones_across_china_loads_by_name(engine):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年"
    ws.append(["地区", "高新技术企业数(家)"])
    for name, value in (("苏州工业园区", 2500), ("昆山经开区", 1200), ("合肥高新区", 1800),
                        ("天津西青经开区", 600)):
        ws.append([name, value])
    result = read_and_validate(xlsx_bytes(wb), "国家级开发区2025.xlsx", engine)
    assert result.ok, [p.line() for p in result.errors]
    assert {r.region_code for r in result.records} == {SUZHOU_PARK, KUNSHAN_ETDZ, HEFEI_HT,
                                                       "Z120100-03"}
    assert commit(engine, result).n_new == 4


def test_init_stores_the_zones_with_their_level_year_and_retirement(engine):
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Region).where(Region.level == "zone")) \
            == len(load_zones())
        park = s.get(Region, SUZHOU_PARK)
        assert (park.zone_level, park.zone_type, park.parent_code) == ("national", "经开区", "320500")
        assert s.get(Region, "Z620900-01").retired is True


def test_zones_and_peer_groups_edited_in_the_app_survive_the_catalog_sync(engine):
    added = add_zone(engine, ZoneForm("南京江北新区产业园", "320100", "开发区", "provincial"), "admin")
    assert added.ok and added.code == "Z320100-51"  # the app numbers from 51
    assert edit_zone(engine, SUZHOU_PARK, ZoneForm("苏州工业园区管委会辖区", "320500", "经开区",
                                                   "national", aliases=["SIP"]), "admin").ok
    assert retire_zone(engine, "Z320500-12", "admin").ok
    assert add_group(engine, "suzhou_national_zones", "苏州国家级开发区", "", [
        SUZHOU_PARK, KUNSHAN_ETDZ, "Z320500-06"], "admin") == []
    assert edit_group(engine, "suzhou_national_zones", "苏州国家级开发区", "Suzhou zones",
                      [SUZHOU_PARK, KUNSHAN_ETDZ], "admin") == []
    assert remove_group(engine, "anhui_north_cities", "admin")

    with session_scope(engine) as s:  # what `init` does when the catalog files change
        sync_catalogs(s)
    with session_scope(engine) as s:
        assert s.get(Region, "Z320100-51").name_zh == "南京江北新区产业园"
        park = s.get(Region, SUZHOU_PARK)
        assert park.name_zh == "苏州工业园区管委会辖区"
        assert "苏州工业园区" in park.aliases  # the former name still loads
        assert s.get(Region, "Z320500-12").retired is True
        assert s.get(PeerGroup, "anhui_north_cities") is None
        members = set(s.scalars(select(PeerGroupMember.region_code).where(
            PeerGroupMember.group_code == "suzhou_national_zones")))
        assert members == {SUZHOU_PARK, KUNSHAN_ETDZ}
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["zone_add", "zone_edit", "zone_retire", "peer_add", "peer_edit",
                       "peer_remove"]


def test_edits_that_would_make_names_ambiguous_are_refused(engine):
    clash = add_zone(engine, ZoneForm("合肥高新区", "340100", "高新区"), "admin")
    assert not clash.ok and "Z340100-01" in clash.problems[0]
    no_parent = add_zone(engine, ZoneForm("某某园区", "999999", "工业园"), "admin")
    assert not no_parent.ok
    assert add_group(engine, "one", "只有一个", "", [HEFEI_HT], "admin")  # a group of one
