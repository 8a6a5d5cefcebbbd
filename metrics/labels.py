"""User-facing words of the metrics engine, Chinese and English, in one place."""

from __future__ import annotations

from metrics.numbers import is_missing

# scope kind -> (short label as reports write it, English)
SCOPE_LABELS: dict[str, tuple[str, str]] = {
    "country_provinces": ("全国", "nationwide"),
    "province_cities": ("全省", "in the province"),
    "province_counties": ("全省", "in the province"),
    "city_counties": ("全市", "in the city"),
    "province_zones": ("全省开发区", "among the province's zones"),
    # province_zone_type and national_zones name their kind of zone (scope_words); peer
    # groups are labelled with their own names (皖北同类市 ...)
}

# The zone scopes name the kind of zone: 全省高新区, 全国国家级经开区 (scope_words).
# type key (catalog.zones.ZONE_TYPES) -> (Chinese, English plural)
ZONE_TYPE_WORDS: dict[str, tuple[str, str]] = {
    "hitech": ("高新区", "high-tech zones"),
    "etdz": ("经开区", "ETDZs"),
    "park": ("工业园", "industrial parks"),
    "agri": ("农业科技园区", "agricultural science and technology parks"),
    "other": ("开发区", "development zones"),
}
# the national lists: type key -> (Chinese, English plural)
NATIONAL_ZONE_WORDS: dict[str, tuple[str, str]] = {
    "hitech": ("国家高新区", "national high-tech zones"),
    "etdz": ("国家级经开区", "national ETDZs"),
}

# scope kind -> (what is ranked, Chinese, English), for titles such as "安徽省各市"
SCOPE_MEMBERS: dict[str, tuple[str, str]] = {
    "country_provinces": ("各省", "provinces"),
    "province_cities": ("各市", "cities"),
    "province_counties": ("各县(市、区)", "counties and districts"),
    "city_counties": ("各县(市、区)", "counties and districts"),
    "province_zones": ("各开发区", "development zones"),
    "peer": ("", ""),
}

# performance group -> (Chinese, English); thresholds live in metrics.composite
PERFORMANCE_GROUPS: dict[str, tuple[str, str]] = {
    "leader": ("创新领先", "Innovation leader"),
    "strong": ("创新强劲", "Strong innovator"),
    "moderate": ("创新中等", "Moderate innovator"),
    "emerging": ("创新追赶", "Emerging innovator"),
}

# milestone kind -> (Chinese, English)
MILESTONES: dict[str, tuple[str, str]] = {
    "threshold": ("突破", "crossed"),
    "doubling": ("翻番", "doubled"),
    "first_nonzero": ("零的突破", "first non-zero value"),
    "record": ("历史最高", "highest on record"),
    "record_best": ("历史最好", "best on record"),
}


def zone_type_of(scope_code: str) -> str:
    """The type key a zone scope's code ends with: 340000-hitech, CN-etdz."""
    return scope_code.rpartition("-")[2]


def scope_words(scope_kind: str, scope_code: str) -> tuple[str, str, str, str] | None:
    """(label zh, label en, members zh, members en) of the zone scopes of one kind of zone:
    全省高新区 / among the province's high-tech zones / 各高新区 / high-tech zones;
    全国国家级经开区 / among the national ETDZs / 国家级经开区 / national ETDZs. None for the
    other scopes (SCOPE_LABELS, SCOPE_MEMBERS)."""
    key = zone_type_of(scope_code)
    if scope_kind == "province_zone_type":
        zh, en = ZONE_TYPE_WORDS.get(key, ZONE_TYPE_WORDS["other"])
        return f"全省{zh}", f"among the province's {en}", f"各{zh}", en
    if scope_kind == "national_zones":
        zh, en = NATIONAL_ZONE_WORDS.get(key, ZONE_TYPE_WORDS.get(key, ZONE_TYPE_WORDS["other"]))
        return f"全国{zh}", f"among the {en}", zh, en
    return None


def scope_label_pair(scope_kind: str, scope_code: str) -> tuple[str, str] | None:
    """The short label (全省, 全省开发区, 全国国家级经开区) of a scope other than a peer group."""
    words = scope_words(scope_kind, scope_code)
    return words[:2] if words else SCOPE_LABELS.get(scope_kind)


def rank_with_total(rank, of, tied: bool, lang: str = "zh", en_prefix: str = "") -> str:
    """A known rank with its denominator, when known: "第3位/16", tied "第3位(并列)/16";
    English en_prefix + "3/16", tied en_prefix + "3 (tied)/16". The page and the report each
    say what a missing rank shows."""
    total = "" if is_missing(of) else f"/{int(of)}"
    if lang == "en":
        return f"{en_prefix}{int(rank)}{' (tied)' if tied else ''}{total}"
    return f"第{int(rank)}位{'(并列)' if tied else ''}{total}"
