"""User-facing words of the metrics engine, Chinese and English, in one place."""

from __future__ import annotations

# scope kind -> (short label as reports write it, English)
SCOPE_LABELS: dict[str, tuple[str, str]] = {
    "country_provinces": ("全国", "nationwide"),
    "province_cities": ("全省", "in the province"),
    "province_counties": ("全省", "in the province"),
    "city_counties": ("全市", "in the city"),
    "province_zones": ("全省开发区", "among the province's zones"),
    # peer groups are labelled with their own names (皖北同类市 ...)
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
