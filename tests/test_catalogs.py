from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.files import CatalogError, load_indicators
from db.models import Indicator, PeerGroupMember, Region
from db.session import session_scope


def test_catalog_has_the_domain_indicators_with_bilingual_names():
    specs = {s.code: s for s in load_indicators()}
    assert len(specs) >= 26
    assert specs["rd_intensity"].kind == "ratio"
    assert specs["rd_intensity"].numerator == "rd_expenditure"
    assert specs["zone_assessment_rank"].direction == "lower"
    assert all(s.name_zh and s.name_en for s in specs.values())


def test_init_loads_every_province_city_county_with_text_codes(engine):
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Region).where(Region.level == "province")) == 34
        assert s.scalar(select(func.count()).select_from(Region).where(Region.level == "county")) > 2800
        luan = s.get(Region, "341500")
        assert luan.name_zh == "六安市" and luan.parent_code == "340000"
        assert s.get(Region, "341502").parent_code == "341500"
        # adcodes keep leading zeros: Beijing's districts are 1101xx, and no code lost digits
        assert all(len(c) == 6 for c in s.scalars(select(Region.code).where(Region.level != "zone")))
        assert s.get(Region, "Z341500-01").level == "zone"
        assert s.scalar(select(func.count()).select_from(PeerGroupMember)) >= 10


def test_init_twice_changes_nothing(db_url, engine):
    from metrics.refresh import open_database

    open_database(db_url)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Indicator)) == len(load_indicators())


def test_bad_catalog_entry_names_file_and_entry(tmp_path: Path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text("- {code: x_y, name_zh: 甲, name_en: A, unit: 斤, kind: flow}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"indicators.yaml, entry 1 \(x_y\): unknown unit"):
        load_indicators(bad)
