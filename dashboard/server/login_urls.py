"""The addresses around signing in: where the login page sends a user afterwards (`next`), which
language it speaks, and the link that leads to it from any page.

`next` comes from the query string, so anyone can write it: only a path on this site passes
(safe_next), never an address a browser would read as another host.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dashboard.i18n import DEFAULT_LANG, LANGS

HOME = "/"
LOGIN = "/login"


def safe_next(target: str | None) -> str:
    """target when it is a path on this site, else the dashboard's first page.

    Browsers treat a backslash as a slash and drop tabs and line breaks inside a URL, so
    "/\\evil.example" and "/\\t/evil.example" mean "//evil.example", another host: refused
    along with schemes, hosts and protocol-relative paths."""
    if not target or len(target) > 2048:
        return HOME
    if "\\" in target or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return HOME
    return target


def lang_of(target: str | None) -> str | None:
    """The language a page address asks for (?lang=en), or None when it does not say."""
    query = dict(parse_qsl(urlsplit(target or "").query))
    return query.get("lang") if query.get("lang") in LANGS else None


def with_lang(target: str, lang: str) -> str:
    """target in lang: the page a user returns to speaks the language they signed in with.

    The default language is written by leaving lang out, as the pages' own links do."""
    parts = urlsplit(target)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if key != "lang"]
    if lang != DEFAULT_LANG:
        query.append(("lang", lang))
    # Commas stay as they are: the pages write lists as selection=341500,340100.
    return urlunsplit(("", "", parts.path, urlencode(query, safe=","), ""))


def login_href(here: str, lang: str) -> str:
    """The login page, in lang, coming back to `here` (a path with its query) afterwards."""
    query = {"next": with_lang(safe_next(here), lang)}
    if lang != DEFAULT_LANG:
        query["lang"] = lang
    return f"{LOGIN}?{urlencode(query)}"
