"""The view state lives in the URL's query string, so every view can be bookmarked and shared.

    /map?region=341500&indicator=rd_intensity&period=2025Q3&lang=en&selection=341500,340100
    /compare?selection=341500,340100&indicators=rd_expenditure,high_tech_enterprises

Values from the URL are untrusted: each is checked against a pattern and dropped if it does
not fit. Whether a code exists is for the pages to decide (with the catalogs at hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dashboard.i18n import DEFAULT_LANG, LANGS

# The keys a URL may carry, in the order they are written.
KEYS = ("region", "indicator", "period", "selection", "indicators", "measure", "scope", "sub",
        "pending", "lang")
# Keys whose value is a list, written comma-separated.
LIST_KEYS = ("selection", "indicators")

_REGION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{0,31}$")
_INDICATOR_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PERIOD_RE = re.compile(r"^((?:19|20)\d{2})(?:Q([1-4])(s?))?$")
# Every measure a page may show; each page offers its own subset (Map: value, growth, rank;
# Trends: value, growth, index) and reads one it does not offer as "value".
MEASURES = ("value", "growth", "rank", "index")
ALL = "all"  # a filter that keeps everything (Data page: all indicators, all periods)
MAX_SELECTION = 6
MAX_INDICATORS = 12  # Compare's panels: a readable grid, and a bound on the queries


@dataclass(frozen=True)
class PeriodKey:
    """A period as the URL writes it: 2025 (annual), 2025Q3 (1-9月), 2025Q3s (7-9月 alone)."""

    year: int
    quarter: int = 0
    cumulative: bool = True

    @property
    def code(self) -> str:
        if self.quarter == 0:
            return str(self.year)
        return f"{self.year}Q{self.quarter}{'' if self.cumulative else 's'}"

    @classmethod
    def parse(cls, text) -> "PeriodKey | None":
        m = _PERIOD_RE.match(str(text or "").strip())
        if not m:
            return None
        quarter = int(m[2] or 0)
        return cls(int(m[1]), quarter, not (quarter and m[3]))


def query_of(search: str | None) -> dict[str, list[str]]:
    """location.search ("?region=...&lang=en") as the dict a page's layout receives: the one
    place the app parses a URL's query (ViewState.from_query reads either)."""
    return parse_qs((search or "").lstrip("?"), keep_blank_values=False)


@dataclass(frozen=True)
class ViewState:
    region: str | None = None
    indicator: str | None = None
    period: str | None = None
    selection: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()  # Compare: the indicators shown side by side
    measure: str | None = None
    scope: str | None = None
    sub: bool = True  # Data page: include the regions below the chosen one
    # Data, Trends and the Data page's downloads: with the values still awaiting review in a
    # reporting round, for those who may see them (dashboard/rounds/access.py).
    pending: bool = False
    lang: str = DEFAULT_LANG

    @classmethod
    def from_query(cls, query: dict | None) -> "ViewState":
        """From the dict Dash hands a page layout (values are str, or lists when repeated)."""
        q = {k: _single(v) for k, v in (query or {}).items()}
        period = PeriodKey.parse(q.get("period"))
        return cls(
            region=_match(_REGION_RE, q.get("region")),
            indicator=_match(_INDICATOR_RE, q.get("indicator")),
            period=ALL if q.get("period") == ALL else (period.code if period else None),
            selection=_codes(_REGION_RE, q.get("selection"), MAX_SELECTION),
            indicators=_codes(_INDICATOR_RE, q.get("indicators"), MAX_INDICATORS),
            measure=q.get("measure") if q.get("measure") in MEASURES else None,
            scope=_match(_REGION_RE, q.get("scope")),
            sub=str(q.get("sub", "1")) != "0",
            pending=str(q.get("pending", "0")) == "1",
            lang=q.get("lang") if q.get("lang") in LANGS else DEFAULT_LANG,
        )

    @classmethod
    def from_search(cls, search: str | None) -> "ViewState":
        """From location.search ("?region=...&lang=en")."""
        return cls.from_query(query_of(search))

    def to_query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in KEYS:
            value = getattr(self, key)
            if key in LIST_KEYS:
                if value:
                    out[key] = ",".join(value)
            elif key == "sub":
                if not value:
                    out[key] = "0"
            elif key == "pending":
                if value:
                    out[key] = "1"
            elif key == "lang":
                if value != DEFAULT_LANG:
                    out[key] = value
            elif value:
                out[key] = str(value)
        return out

    def to_search(self) -> str:
        query = self.to_query()
        return "?" + urlencode(query, safe=",") if query else ""

    def href(self, path: str) -> str:
        return path + self.to_search()

    def with_(self, **changes) -> "ViewState":
        """A copy with changes, re-checked as if it had come from a URL."""
        merged = self.to_query()
        for key, value in changes.items():
            if key not in KEYS:
                raise KeyError(key)
            if key in LIST_KEYS:
                value = ",".join(value or ())
            elif key == "sub":
                value = "1" if value else "0"
            elif key == "pending":
                value = "1" if value else None
            if value in (None, "", ()):
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        return ViewState.from_query(merged)

    @property
    def period_key(self) -> PeriodKey | None:
        return PeriodKey.parse(self.period)


def _single(value):
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def _codes(pattern: re.Pattern, text, limit: int) -> tuple[str, ...]:
    """A comma-separated list of codes: each checked, duplicates dropped, at most `limit`."""
    codes = []
    for code in str(text or "").split(","):
        code = code.strip()
        if pattern.match(code) and code not in codes:
            codes.append(code)
    return tuple(codes[:limit])


def _match(pattern: re.Pattern, value) -> str | None:
    value = None if value is None else str(value).strip()
    return value if value and pattern.match(value) else None


def search_with(search: str | None, **changes) -> str:
    """location.search with some keys changed: what a control writes back to the URL."""
    return ViewState.from_search(search).with_(**changes).to_search()
