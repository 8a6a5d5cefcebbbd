"""Regions of all China and the zones, found by name or code, and resolved by context.

A name often fits several regions: 黄山 is the city 黄山市 and its district 黄山区, 吉林 the
province and its city, 朝阳 a district of Beijing and a city of Liaoning. A table says which
one it means. The evidence is weighed in this order (`resolve_names`):
  1. a code on the row (a 6-digit code matches anywhere, always);
  2. a parent named on the row, in the title or in the sheet name (安徽省各市…, 六安市);
  3. the level, and the part of the tree, that the rest of the table resolves to (in a table
     of provinces 吉林 is 吉林省; in a table of Anhui's cities 黄山 is 黄山市);
  4. the writing convention: a county-level 区 keeps its 区, and a county named after its
     city its 县, so a bare 黄山 is not 黄山区 and a bare 承德 not 承德县;
  5. the home province.
Only when the evidence stays split is a name ambiguous; the caller then names every candidate
left with its path (安徽省 › 黄山市 › 黄山区 (341003)), never a code alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from catalog.text import has_cjk, normalise_label

COUNTRY_CODE = "100000"  # 全国: the nation's own figures (not an administrative division code)
# Taiwan, Hong Kong and Macao are in the catalog, but "居全国第3位" counts the 31 provinces,
# autonomous regions and municipalities of the mainland.
OUTSIDE_MAINLAND = frozenset({"710000", "810000", "820000"})
LEVEL_DEPTH = {"country": 0, "province": 1, "city": 2, "county": 3, "zone": 4}

# Suffixes people leave out (六安 for 六安市); the longest is tried first.
REGION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
                   "省", "市", "县", "区", "盟", "旗")
# Peoples named in autonomous regions' names (广西壮族自治区 → 广西, 恩施土家族苗族自治州 →
# 恩施); the short form drops them as it drops the suffix.
_PEOPLES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
            "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
            "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南",
            "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂",
            "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各")
_PEOPLE_TAIL = re.compile("(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族?$")
_ENGLISH_TAIL = re.compile(r"(?:city|province|district|county|prefecture|autonomous"
                           r"(?:region|prefecture|county|banner)|sar|league|banner)$")
MIN_SHORT_CHARS = 2


def short_names(name: str) -> list[str]:
    """The forms of a name without its suffix: 六安市 → 六安; 广西壮族自治区 → 广西;
    延边朝鲜族自治州 → 延边. Two characters at least (和县 has none)."""
    forms = []
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                while (m := _PEOPLE_TAIL.search(stem)) and len(stem) - len(m[0]) >= MIN_SHORT_CHARS:
                    stem = stem[: m.start()]
            if len(stem) >= MIN_SHORT_CHARS and not stem.endswith("自治"):
                forms.append(stem)
            break
    return forms


class RegionTree:
    """The parent links of regions and zones: the one walk up (ancestors) and down (children,
    descendants) of the tree. Built from the database's regions (db.lookups.region_tree),
    which may hold zones and overrides the shipped files do not, or from any rows."""

    # Zone -> county -> city -> province -> (none): deeper means a loop in bad data.
    MAX_DEPTH = 8

    def __init__(self, links: Iterable[tuple[str, str | None, str]]):
        """links: (code, parent code or None, level) of every region and zone."""
        self.parents: dict[str, str | None] = {}
        self.levels: dict[str, str] = {}
        self._children: dict[str, list[str]] = {}
        for code, parent, level in links:
            parent = parent if isinstance(parent, str) and parent else None  # NaN, "" = none
            self.parents[code], self.levels[code] = parent, level
            if parent is not None:
                self._children.setdefault(parent, []).append(code)
        for codes in self._children.values():
            codes.sort()
        self._ancestors: dict[str, tuple[str, ...]] = {}

    @classmethod
    def of_frame(cls, frame) -> RegionTree:
        """From a DataFrame with code, parent_code and level columns (lists: a pandas
        column is slow to iterate)."""
        return cls(zip(frame["code"].tolist(), frame["parent_code"].tolist(),
                       frame["level"].tolist()))

    def __contains__(self, code: object) -> bool:
        return code in self.parents

    def level(self, code: str) -> str | None:
        return self.levels.get(code)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent first, up to the top (zones: their county or city, then up)."""
        found = self._ancestors.get(code)
        if found is None:
            chain, current = [], self.parents.get(code)
            while current is not None and current in self.parents and len(chain) < self.MAX_DEPTH:
                chain.append(current)
                current = self.parents[current]
            found = self._ancestors[code] = tuple(chain)
        return found

    def ancestor_at(self, code: str, levels: str | Iterable[str]) -> str | None:
        """The region itself or its nearest ancestor of one of the levels (a zone's city)."""
        wanted = {levels} if isinstance(levels, str) else set(levels)
        return next((c for c in (code, *self.ancestors(code)) if self.levels.get(c) in wanted),
                    None)

    def within(self, code: str, root: str) -> bool:
        return code == root or root in self.ancestors(code)

    def nearest_common_ancestor(self, codes: Iterable[str]) -> str | None:
        """The lowest region that is, or is above, every one of the codes (a county and its
        city: the city; two cities: their province); None when they share none."""
        chains = [(code, *self.ancestors(code)) for code in codes]
        if not chains:
            return None
        shared = set(chains[0]).intersection(*chains[1:])
        return next((c for c in chains[0] if c in shared), None)

    def children(self, code: str) -> list[str]:
        """The regions and zones directly below, in code order."""
        return list(self._children.get(code, ()))

    def descendants(self, code: str, down_to: str | None = None) -> list[str]:
        """The region and every region below it (cities, counties, zones), parents before
        their children; with down_to, none deeper than that level (down_to="county": no
        zones). Empty for a code the tree does not know."""
        if code not in self.parents:
            return []
        deepest = LEVEL_DEPTH[down_to] if down_to else None
        found, seen, todo = [], set(), [code]
        while todo:
            current = todo.pop()
            if current in seen:
                continue  # a loop in bad data
            seen.add(current)
            found.append(current)
            todo.extend(c for c in reversed(self._children.get(current, ()))
                        if deepest is None or LEVEL_DEPTH.get(self.levels[c], 9) <= deepest)
        return found


@dataclass(frozen=True)
class Place:
    code: str
    name_zh: str
    name_en: str
    level: str  # country | province | city | county | zone
    parent_code: str | None
    aliases: tuple[str, ...] = ()


class RegionIndex:
    """Every region and zone by code and by every name people write for it."""

    def __init__(self, places: Iterable[Place | Mapping]):
        self.places: dict[str, Place] = {}
        for p in places:
            if isinstance(p, Mapping):
                p = Place(p["code"], p["name_zh"], p.get("name_en") or "", p["level"],
                          p.get("parent_code"), tuple(p.get("aliases") or ()))
            self.places[p.code] = p
        # key -> {code: how}; how says what kind of name matched (the convention weighs it)
        self._keys: dict[str, dict[str, str]] = {}
        self._title_keys: dict[str, set[str]] = {}
        for p in self.places.values():
            self._add(p.code, p.code, "code")
            self._add(p.name_zh, p.code, "name")
            for alias in p.aliases:
                self._add(alias, p.code, "alias")
            for short in short_names(p.name_zh):
                self._add(short, p.code, "short")
            if p.name_en:
                english = normalise_label(p.name_en)
                self._add(english, p.code, "english")
                tail = _ENGLISH_TAIL.search(english)
                if tail and tail.start() >= 3:
                    self._add(english[: tail.start()], p.code, "english")
            title_names = [p.name_zh, *p.aliases]
            if p.level in ("province", "city"):
                title_names += short_names(p.name_zh)
            for name in title_names:
                key = normalise_label(name)
                if len(key) >= MIN_SHORT_CHARS and has_cjk(key):
                    self._title_keys.setdefault(key, set()).add(p.code)
        self._longest_title_key = max(map(len, self._title_keys), default=0)
        self.tree = RegionTree((p.code, p.parent_code, p.level) for p in self.places.values())

    def _add(self, text: str, code: str, how: str) -> None:
        key = normalise_label(text)
        if key:
            matches = self._keys.setdefault(key, {})
            # A name that is also an alias or short form of the same place keeps its best kind.
            if code not in matches or how in ("code", "name"):
                matches[code] = how

    def __contains__(self, code: object) -> bool:
        return code in self.places

    def lookup(self, text: object) -> dict[str, str]:
        """Candidates for a cell's text: {code: how it matched} (code, name, alias, short,
        english); empty when nothing matches."""
        if text is None:
            return {}
        if isinstance(text, float) and text.is_integer():
            text = int(text)  # a code typed as a number: 341500.0
        return dict(self._keys.get(normalise_label(text), {}))

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent first, up to the province (zones: their city or county, then up)."""
        return self.tree.ancestors(code)

    def within(self, code: str, root: str) -> bool:
        return self.tree.within(code, root)

    def province_of(self, code: str) -> str | None:
        return self.tree.ancestor_at(code, "province")

    def path(self, code: str) -> str:
        """安徽省 › 黄山市 › 黄山区 (341003): how a candidate is named to a user."""
        names = [self.places[c].name_zh for c in reversed((code, *self.ancestors(code)))]
        return f"{' › '.join(names)} ({code})"

    def path_en(self, code: str) -> str:
        names = [self.places[c].name_en or self.places[c].name_zh
                 for c in reversed((code, *self.ancestors(code)))]
        return f"{' › '.join(names)} ({code})"

    def search(self, text: object, limit: int = 30) -> list[str]:
        """Codes whose names contain the text (a picker's search over all regions): exact
        names first, then provinces before cities before counties, then by code."""
        key = normalise_label(text) if text is not None else ""
        if not key:
            return []
        exact = set(self._keys.get(key, {}))
        found = [code for k, codes in self._keys.items() if key in k for code in codes]
        order = sorted(set(found), key=lambda c: (c not in exact,
                                                  LEVEL_DEPTH.get(self.places[c].level, 9), c))
        return order[:limit]

    def named_in(self, text: str | None) -> set[str]:
        """Regions a free text names (a title, a sheet or file name): full names, zone
        names and aliases, and the short forms of provinces and cities (安徽各市…).
        The longest name at each place wins (安徽省 over 安徽)."""
        if not text:
            return set()
        key, found, i = normalise_label(text), set(), 0
        while i < len(key):
            for n in range(min(self._longest_title_key, len(key) - i), MIN_SHORT_CHARS - 1, -1):
                codes = self._title_keys.get(key[i:i + n])
                if codes:
                    found |= codes
                    i += n - 1
                    break
            i += 1
        return found


@dataclass(frozen=True)
class RowName:
    """A row's region as the table gives it: the name cell, the code cell (if the table
    has a code column) and regions named in the row's other label cells (所属市)."""

    text: object
    code: object = None
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolved:
    code: str | None
    candidates: tuple[str, ...] = ()  # when code is None: those left (empty: no match)
    reason: str = ""  # what chose among several: alias, parent, level, convention, home


# The kinds of evidence, in the order they are weighed (after the row's own code).
REASONS = ("alias", "row_parent", "parent", "level", "tree", "convention", "home")


_CODE_LIKE = re.compile(r"^(?:\d{6}|Z\d{6}-\d+)$")


def _code_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_label(value).upper() if value is not None else ""


def resolve_names(index: RegionIndex, rows: Sequence[RowName], *,
                  context_parents: Iterable[str] = (), home: str | None = None,
                  aliases: Mapping[str, str] | None = None) -> list[Resolved]:
    """Each row's region, with the evidence of the whole table (see the module's doc)."""
    aliases = {normalise_label(k): v for k, v in (aliases or {}).items()}
    first: list[Resolved | dict[str, str]] = []
    for row in rows:
        code = _code_cell(row.code)
        if code in index:
            first.append(Resolved(code))
            continue
        if _CODE_LIKE.match(code):  # a code the catalog does not have: never a name
            first.append(Resolved(None))
            continue
        name = row.text if row.text is not None else row.code  # a name in the code column
        alias = aliases.get(normalise_label(name)) if name is not None else None
        if alias in index:
            first.append(Resolved(alias, reason="alias"))
            continue
        matches = index.lookup(name)
        first.append(Resolved(next(iter(matches))) if len(matches) == 1 else matches)
    settled = [r.code for r in first if isinstance(r, Resolved) and r.code]
    level = _table_level(index, settled)
    tree = _common_root(index, settled)
    parents = tuple(context_parents)
    out = []
    for row, item in zip(rows, first):
        if isinstance(item, Resolved):
            out.append(item)
            continue
        if not item:
            out.append(Resolved(None))
            continue
        out.append(_weigh(index, item, row.parents, parents, level, tree, home))
    return out


def _weigh(index: RegionIndex, matches: dict[str, str], row_parents: Sequence[str],
           parents: Sequence[str], level: str | None, tree: str | None,
           home: str | None) -> Resolved:
    """Narrow a name's candidates by each kind of evidence in turn; a kind of evidence that
    would leave none is not applied."""
    left = sorted(matches)
    tests = (
        ("row_parent", (lambda c: any(index.within(c, p) for p in row_parents)) if row_parents else None),
        ("parent", (lambda c: any(index.within(c, p) for p in parents)) if parents else None),
        ("level", (lambda c: index.places[c].level == level) if level else None),
        ("tree", (lambda c: index.within(c, tree)) if tree else None),
        ("convention", lambda c: not _bare_county(index, c, matches)),
        ("home", (lambda c: index.within(c, home)) if home in index else None),
    )
    for reason, keep in tests:
        if keep is None:
            continue
        kept = [c for c in left if keep(c)]
        if len(kept) == 1:
            return Resolved(kept[0], reason=reason)
        if kept:
            left = kept
    return Resolved(None, tuple(left))


def _bare_county(index: RegionIndex, code: str, matches: dict[str, str]) -> bool:
    """A county-level name written without its suffix where the convention keeps it: a
    district (黄山区 is never written 黄山), or a county named after its own city (承德县)."""
    place = index.places[code]
    return (matches[code] == "short" and place.level == "county"
            and (place.name_zh.endswith("区") or place.parent_code in matches))


def _table_level(index: RegionIndex, codes: Sequence[str]) -> str | None:
    """The level four in five of the table's resolved rows share (zones left aside: a
    table of a city's counties lists its zones too)."""
    levels = Counter(index.places[c].level for c in codes if index.places[c].level != "zone")
    if not levels:
        return "zone" if codes else None
    level, n = levels.most_common(1)[0]
    return level if n >= 0.8 * sum(levels.values()) else None


def _common_root(index: RegionIndex, codes: Sequence[str]) -> str | None:
    """The deepest region every resolved row lies in (a province for its cities, a city for
    its counties); None for a table across provinces."""
    common: list[str] | None = None
    for code in set(codes):
        chain = list(reversed(index.ancestors(code)))  # province first
        if common is None:
            common = chain
        else:
            n = 0
            while n < min(len(common), len(chain)) and common[n] == chain[n]:
                n += 1
            common = common[:n]
        if not common:
            return None
    return common[-1] if common else None
