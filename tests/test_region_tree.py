"""The one walk of the region tree (catalog.regions.RegionTree) over the database's regions
(db.lookups.region_tree), zones added at run time included."""

from __future__ import annotations

from catalog.regions import RegionTree
from db import queries
from db.lookups import region_tree
from db.zone_edits import ZoneForm, add_zone
from tests.sample_data import LUAN, LUAN_COUNTIES, PROVINCE, ZONE

JINZHAI = "341524"
JINZHAI_PARK = "Z341500-02"


def test_up_the_tree_from_a_zone_to_its_province(engine):
    tree = region_tree(engine)
    assert tree.ancestors(JINZHAI_PARK) == (JINZHAI, LUAN, PROVINCE)
    assert tree.ancestor_at(JINZHAI_PARK, "city") == LUAN
    assert tree.ancestor_at(LUAN, ("city", "province")) == LUAN  # the region itself counts
    assert tree.ancestor_at(PROVINCE, "city") is None
    assert tree.within(JINZHAI_PARK, PROVINCE) and not tree.within(PROVINCE, LUAN)


def test_down_the_tree_parents_first_and_to_a_level(engine):
    tree = region_tree(engine)
    assert tree.children(LUAN) == sorted([*LUAN_COUNTIES, ZONE])
    below = tree.descendants(LUAN)
    assert set(below) == {LUAN, *LUAN_COUNTIES, ZONE, JINZHAI_PARK}
    assert below[0] == LUAN and below.index(JINZHAI) < below.index(JINZHAI_PARK)
    assert tree.descendants(LUAN, down_to="county") == [LUAN, *sorted(LUAN_COUNTIES)]
    assert tree.descendants("999999") == [] and tree.ancestors("999999") == ()


def test_the_stored_tree_holds_a_zone_added_after_the_catalog_files(engine):
    added = add_zone(engine, ZoneForm("金寨测试产业园", JINZHAI, "工业园"), "admin")
    assert not added.problems
    assert region_tree(engine).ancestors(added.code) == (JINZHAI, LUAN, PROVINCE)
    assert added.code in queries.subtree_codes(engine, LUAN)


def test_a_tree_from_rows_reads_blank_and_missing_parents_as_none():
    tree = RegionTree([("340000", "", "province"), ("341500", "340000", "city"),
                       ("110000", float("nan"), "province")])
    assert tree.ancestors("341500") == ("340000",)
    assert tree.ancestors("340000") == () and tree.ancestors("110000") == ()
    assert tree.children("340000") == ["341500"]


def test_a_loop_in_bad_parent_links_ends_every_walk():
    tree = RegionTree([("A", "B", "city"), ("B", "A", "county")])
    assert tree.descendants("A") == ["A", "B"]
    assert len(tree.ancestors("A")) <= RegionTree.MAX_DEPTH


def test_the_nearest_region_above_several_is_the_lowest_they_share():
    tree = RegionTree([("340000", None, "province"), ("341500", "340000", "city"),
                       ("341502", "341500", "county"), ("341503", "341500", "county"),
                       ("340100", "340000", "city"), ("110000", None, "province")])
    assert tree.nearest_common_ancestor(["341502", "341503"]) == "341500"
    assert tree.nearest_common_ancestor(["341502", "340100"]) == "340000"
    assert tree.nearest_common_ancestor(["341500", "341502"]) == "341500"  # one is above
    assert tree.nearest_common_ancestor(["341502"]) == "341502"
    assert tree.nearest_common_ancestor(["341502", "110000"]) is None
    assert tree.nearest_common_ancestor([]) is None
