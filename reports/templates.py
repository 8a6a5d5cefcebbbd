"""Read and validate data/report_templates.yaml: the report's wording, Chinese and English.

The code fixes which sentence types exist and which placeholders each may use; the file
fixes the words. A wrong entry raises CatalogError naming the file and the line, as the other
catalogs under data/ do.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from catalog.files import CatalogError
from config import DATA_DIR

DEFAULT_PATH = DATA_DIR / "report_templates.yaml"
LANGS = ("zh", "en")

_RANK = {"rank", "rank_ord"}
# sentence type -> the placeholders its text may use
SENTENCES: dict[str, set[str]] = {
    "title": {"region", "period"},
    "period_year": {"year"},
    "period_quarter": {"year", "month", "month_en"},
    "last_year": set(),
    "last_year_same_period": set(),
    "opening_lead": {"region", "period", "clauses"},
    "opening_growth": {"n", "k"},
    "opening_rank_up": {"k", "last"},
    "opening_top3": {"k", "scope"},
    "opening_index": {"index", "members", "group"} | _RANK,
    "opening_close": set(),
    "section_heading": {"numeral", "name"},
    "level": {"subject", "indicator", "value"},
    "level_reported": {"subject", "indicator", "value"},
    "level_zero": {"subject", "indicator"},
    "milestone_threshold": {"threshold"},
    "milestone_top": {"n"},
    "milestone_doubling": {"reference_year"},
    "milestone_first_nonzero": set(),
    "milestone_record": set(),
    "milestone_record_best": set(),
    "net_up": {"last", "value"},
    "net_down": {"last", "value"},
    "points_up": {"last", "points"},
    "points_down": {"last", "points"},
    "unchanged": {"last"},
    "growth_up": {"pct"},
    "growth_down": {"pct"},
    "reported_rank_up": {"last", "places"},
    "reported_rank_down": {"last", "places"},
    "rank": {"members"} | _RANK,
    "rank_tied": {"members"} | _RANK,
    "zone_rank_up": {"members", "places"} | _RANK,
    "zone_rank_down": {"members", "places"} | _RANK,
    "level_published": {"members", "evaluation"} | _RANK,
    "rank_up": {"last", "places"},
    "rank_down": {"last", "places"},
    "places": {"n"},
    "places_one": {"n"},
    "growth_rank": {"scope"} | _RANK,
    "growth_rank_tied": {"scope"} | _RANK,
    "cagr_up": {"plan", "pct", "start", "end"},
    "cagr_down": {"plan", "pct", "start", "end"},
    "cagr_up_so_far": {"plan", "pct", "start", "end"},
    "cagr_down_so_far": {"plan", "pct", "start", "end"},
    "cagr_sentence": {"clauses"},
    "target_met": {"target", "pct"},
    "target_short": {"target", "pct"},
    "target_ahead": {"target", "pct", "expected"},
    "target_behind": {"target", "pct", "expected"},
    "closing_heading": set(),
    "closing_lead": {"scope"},
    "closing_fell": {"last", "items"},
    "closing_fell_item": {"indicator", "members", "places"} | _RANK,
    "closing_fell_reported_item": {"indicator", "places", "rank"},
    "closing_below": {"scope", "items"},
    "closing_below_item": {"indicator", "value", "scope", "average"},
    "closing_below_most": {"scope", "n", "items"},
    "closing_none": {"last", "scope"},
    "table_title": {"region", "period"},
    "table_indicator": set(),
    "table_value": set(),
    "table_growth": set(),
    "table_rank": {"scope"},
    "table_rank_change": set(),
    "chart_growth": {"n", "region", "period"},
    "chart_trend": {"n", "region", "indicator"},
    "simulated_note": set(),
    "composite_note": {"reasons"},
    "composite_gap_coverage": {"n", "needed", "members"},
    "composite_gap_dimensions": {"dimensions"},
}
SCOPE_KINDS = {"country_provinces": {"of"}, "province_cities": {"of"},
               "province_counties": {"of"}, "city_counties": {"of"},
               "province_zones": {"of"}, "province_zone_type": {"of", "kind"},
               "national_zones": {"of", "kind"}, "peer": {"of", "peer"}}
PUNCTUATION = ("clause", "end", "list", "and", "colon")


@dataclass(frozen=True)
class Plan:
    """A five-year plan: average annual growth runs from start − 1 (the base) to end."""

    code: str
    name_zh: str
    name_en: str
    start: int
    end: int

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class Templates:
    sentences: dict[str, dict[str, str]]
    scope_members: dict[str, dict[str, str]]
    self_reference: dict[str, dict[str, str]]
    punctuation: dict[str, dict[str, str]]
    plans: tuple[Plan, ...]

    def text(self, key: str, lang: str, **fields) -> str:
        """The sentence type `key` in `lang` with its placeholders filled in."""
        return self.sentences[key][lang].format(**fields)

    def members(self, scope_kind: str, lang: str, **fields) -> str:
        return self.scope_members[scope_kind][lang].format(**fields)

    def mark(self, name: str, lang: str) -> str:
        return self.punctuation[name][lang]

    def self_name(self, name_zh: str, level: str, lang: str) -> str:
        """全市 / 全县 / 全区 (the city, the county ...) for the region the report is about."""
        key = "zone" if level == "zone" else (name_zh or "")[-1:]
        entry = self.self_reference.get(key) or self.self_reference["default"]
        return entry[lang]


# --- loading -----------------------------------------------------------------------------------

def _line(node) -> int:
    return node.start_mark.line + 1


def _mapping(node, where: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise CatalogError(f"{where}, line {_line(node)}: expected a mapping")
    return {k.value: v for k, v in node.value}


def _bilingual(node, where: str, allowed: set[str] | None) -> dict[str, str]:
    """{zh: ..., en: ...} with only allowed placeholders (None: no check)."""
    entry = _mapping(node, where)
    texts = {}
    for lang in LANGS:
        value = entry.get(lang)
        if value is None or not isinstance(value, yaml.ScalarNode) or value.value == "":
            raise CatalogError(f"{where}, line {_line(node)}: needs the {lang} text")
        text = value.value
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        except ValueError as exc:
            raise CatalogError(f"{where}, line {_line(value)}: {exc}") from None
        if allowed is not None:
            unknown = sorted(fields - allowed)
            if unknown:
                known = ", ".join(sorted(allowed)) or "none"
                raise CatalogError(f"{where}, line {_line(value)}: unknown placeholder "
                                   f"{{{unknown[0]}}} in the {lang} text (known: {known})")
        texts[lang] = text
    return texts


def _section(root: dict, name: str, path: Path, schema: dict[str, set[str]] | None,
             required: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    if name not in root:
        raise CatalogError(f"{path.name}: missing the section `{name}`")
    entries = _mapping(root[name], f"{path.name}, {name}")
    result = {}
    for key, node in entries.items():
        where = f"{path.name}, {name}.{key}"
        if schema is not None and key not in schema:
            raise CatalogError(f"{where}, line {_line(node)}: unknown entry "
                               f"(known: {', '.join(sorted(schema))})")
        result[key] = _bilingual(node, where, None if schema is None else schema[key])
    missing = [k for k in (schema or {}) if k not in result] + \
        [k for k in required if k not in result]
    if missing:
        raise CatalogError(f"{path.name}, {name}: missing {', '.join(missing)}")
    return result


def _plans(root: dict, path: Path) -> tuple[Plan, ...]:
    node = root.get("five_year_plans")
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise CatalogError(f"{path.name}, five_year_plans, line {_line(node)}: expected a list")
    plans = []
    for item in node.value:
        where = f"{path.name}, five_year_plans, line {_line(item)}"
        entry = {k: v.value for k, v in _mapping(item, where).items()}
        try:
            plan = Plan(str(entry["code"]), entry["name_zh"], entry["name_en"],
                        int(entry["start"]), int(entry["end"]))
        except (KeyError, ValueError):
            raise CatalogError(f"{where}: needs code, name_zh, name_en and whole-number "
                               "start and end years") from None
        if plan.end <= plan.start:
            raise CatalogError(f"{where}: end must be after start")
        plans.append(plan)
    return tuple(plans)


def load_templates(path: Path = DEFAULT_PATH) -> Templates:
    text = path.read_text(encoding="utf-8")
    try:
        root_node = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
    if root_node is None:
        raise CatalogError(f"{path.name}: the file is empty")
    root = _mapping(root_node, path.name)
    return Templates(
        sentences=_section(root, "sentences", path, SENTENCES),
        scope_members=_section(root, "scope_members", path, SCOPE_KINDS),
        self_reference=_section(root, "self_reference", path, None,
                                required=("zone", "default")),
        punctuation=_section(root, "punctuation", path, {k: set() for k in PUNCTUATION}),
        plans=_plans(root, path),
    )


@lru_cache(maxsize=4)
def default_templates(path: Path = DEFAULT_PATH) -> Templates:
    """The shipped templates, read once per process."""
    return load_templates(path)
