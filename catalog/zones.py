"""Development zones' kinds and levels, and the names people write for a zone.

A zone's official name is long (合肥高新技术产业开发区); sheets and reports write it with or
without its city (天津西青经济技术开发区 / 西青经济技术开发区) and in short forms (合肥高新区,
西青经开区). zone_aliases derives those forms from the name mechanically, never a bare core
(西青) or a generic word (高新区, 工业园区) that would name every zone of its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# type as the catalog writes it -> (key for scope codes and URLs, English)
ZONE_TYPES: dict[str, tuple[str, str]] = {
    "高新区": ("hitech", "high-tech zone"),
    "经开区": ("etdz", "economic and technological development zone"),
    "工业园": ("park", "industrial park"),
    "农业科技园区": ("agri", "agricultural science and technology park"),
    "开发区": ("other", "development zone"),
}
TYPE_BY_KEY = {key: name for name, (key, _) in ZONE_TYPES.items()}
ZONE_LEVELS = ("national", "provincial")
# The national lists whose zones rank among each other nationwide (全国国家级经开区 ...).
NATIONAL_TYPES = ("经开区", "高新区")

# Official suffix -> the short form people write (longest first where one ends another).
SHORT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("农业高新技术产业示范区", "农高区"),
    ("高新技术产业开发区", "高新区"),
    ("高新技术产业园区", "高新区"),
    ("新技术产业开发区", "高新区"),
    ("高技术产业开发区", "高新区"),
    ("新技术开发区", "高新区"),
    ("经济技术开发区", "经开区"),
)
# Words that end zone names: what is left before them must be a name of its own.
_GENERIC_ENDINGS = tuple(sorted(
    {long for long, _ in SHORT_SUFFIXES} | {short for _, short in SHORT_SUFFIXES}
    | {"经济开发区", "工业园区", "产业园区", "工业园", "产业园", "科技园区", "开发区", "投资区",
       "示范区", "新区", "园区"}, key=len, reverse=True))
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")
MIN_CORE_CHARS = 2


def type_key(zone_type: str | None) -> str:
    """hitech / etdz / park / agri / other."""
    return ZONE_TYPES.get(zone_type or "", ZONE_TYPES["开发区"])[0]


def core(name: str) -> str:
    """The name without the word that ends it: 西青 of 西青经开区, '' of 工业园区."""
    for ending in _GENERIC_ENDINGS:
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


def distinctive(name: str) -> bool:
    """A name that says which zone: something of its own before the generic ending."""
    return len(core(name)) >= MIN_CORE_CHARS


def short_form(name: str) -> str | None:
    """合肥高新技术产业开发区 → 合肥高新区; None when the name has no standard suffix."""
    for long, short in SHORT_SUFFIXES:
        if name.endswith(long):
            return name[: -len(long)] + short
    return None


def zone_aliases(name: str, prefixes: Iterable[str], other_names: Iterable[str] = (), *,
                 outer: Iterable[str] = ()) -> list[str]:
    """The names people write for a zone besides `name`: its other official names
    (other_names, e.g. the name 商务部 uses), each with and without its city (`prefixes`: the
    city's short and full names, 苏州 and 苏州市), and the short form of each.

    A name that starts with a wider place (`outer`: the province, 新疆, 广西) or with none of
    the prefixes gets no city put in front of it where it starts with the wider place: 新疆生产
    建设兵团石河子… is not written 石河子新疆…"""
    prefixes = sorted({p for p in prefixes if p}, key=len, reverse=True)
    outer = tuple(p for p in outer if p) + ("中国",)
    bases = [name] + [_PARENTHESES.sub("", n).strip() for n in other_names if n]
    forms: list[str] = []
    for base in bases:
        forms.append(base)
        prefix = next((p for p in prefixes if base.startswith(p)), None)
        if prefix is not None:
            forms.append(base[len(prefix):])
        elif prefixes and not base.startswith(outer):
            forms.append(prefixes[-1] + base)  # the shortest: 天津 + 西青经济技术开发区
    forms += [s for f in forms if (s := short_form(f))]
    seen = {name}
    out = []
    for form in forms:
        if form not in seen and distinctive(form):
            seen.add(form)
            out.append(form)
    return out
