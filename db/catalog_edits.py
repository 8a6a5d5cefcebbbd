"""Administrators' edits of the indicator catalog in the app: Chinese and English names and
aliases (the header texts and prose phrases that mean the indicator).

An edit is stored as an override (db.catalog_override_models) and written to the indicator
at once, with the catalog version bumped (db.cache), so the next page and upload, in any
worker, use it; the catalog sync re-applies it
after reading data/indicators.yaml, so it survives restarts and catalog updates. Resetting
removes the override and puts the file's values back. Every edit and reset is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from catalog.text import normalise_label
from db.auth_models import AuditEntry
from db.cache import bump_catalog_version
from db.catalog_override_models import IndicatorOverride
from db.models import Indicator, utcnow
from db.session import session_scope

MAX_NAME = 200
MAX_ALIAS = 100
MAX_ALIASES = 50


@dataclass(frozen=True)
class IndicatorEntry:
    code: str
    unit: str
    kind: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    edited_by: str | None  # None: as in the file
    edited_at: object = None


def indicator_entries(engine: Engine) -> list[IndicatorEntry]:
    with session_scope(engine) as session:
        overrides = {o.code: o for o in session.scalars(select(IndicatorOverride))}
        entries = []
        for i in session.scalars(select(Indicator).order_by(Indicator.sort_order)):
            override = overrides.get(i.code)
            entries.append(IndicatorEntry(
                i.code, i.unit, i.kind, i.name_zh, i.name_en, tuple(i.aliases or ()),
                override.updated_by if override else None,
                override.updated_at if override else None))
        return entries


def parse_aliases(text: str) -> list[str]:
    """One alias a line (commas and 、 also separate), blanks and repeats dropped."""
    parts = (p.strip() for line in (text or "").splitlines()
             for p in line.replace("，", ",").replace("、", ",").split(","))
    return list(dict.fromkeys(p for p in parts if p))


def edit_indicator(engine: Engine, code: str, name_zh: str, name_en: str, aliases: list[str],
                   actor: str, client: str | None = None) -> list[str]:
    """Store new names and aliases; the problems (in Chinese / English) if refused."""
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    aliases = list(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    problems = _check(name_zh, name_en, aliases)
    with session_scope(engine) as session:
        indicator = session.get(Indicator, code)
        if indicator is None:
            return [f"没有此指标 / no such indicator: {code}"]
        problems += _clashes(session, code, [name_zh, name_en, *aliases])
        if problems:
            return problems
        before = (indicator.name_zh, indicator.name_en, list(indicator.aliases or []))
        indicator.name_zh, indicator.name_en, indicator.aliases = name_zh, name_en, aliases
        session.merge(IndicatorOverride(code=code, name_zh=name_zh, name_en=name_en,
                                        aliases=aliases, updated_by=actor[:64],
                                        updated_at=utcnow()))
        bump_catalog_version(session)  # every worker's memo of the catalog rereads it
        session.add(AuditEntry(
            user_name=actor[:64], action="catalog_edit", client=client,
            detail=f"{code}: {_describe(*before)} → {_describe(name_zh, name_en, aliases)}"))
    return []


def reset_indicator(engine: Engine, code: str, actor: str, client: str | None = None) -> bool:
    """Drop the app's edit of one indicator: names and aliases as in data/indicators.yaml."""
    from catalog.files import load_indicators

    spec = next((s for s in load_indicators() if s.code == code), None)
    with session_scope(engine) as session:
        override = session.get(IndicatorOverride, code)
        indicator = session.get(Indicator, code)
        if override is None or indicator is None:
            return False
        session.delete(override)
        if spec is not None:
            indicator.name_zh, indicator.name_en = spec.name_zh, spec.name_en
            indicator.aliases = list(spec.aliases)
        bump_catalog_version(session)
        session.add(AuditEntry(user_name=actor[:64], action="catalog_reset", client=client,
                               detail=f"{code}: back to data/indicators.yaml"))
    return True


def _check(name_zh: str, name_en: str, aliases: list[str]) -> list[str]:
    problems = []
    if not name_zh or not name_en:
        problems.append("中文名称和英文名称都不能为空 / both names are required")
    if len(name_zh) > MAX_NAME or len(name_en) > MAX_NAME:
        problems.append(f"名称最多{MAX_NAME}个字符 / a name has at most {MAX_NAME} characters")
    if len(aliases) > MAX_ALIASES:
        problems.append(f"别名最多{MAX_ALIASES}个 / at most {MAX_ALIASES} aliases")
    if any(len(a) > MAX_ALIAS for a in aliases):
        problems.append(f"每个别名最多{MAX_ALIAS}个字符 / an alias has at most {MAX_ALIAS} characters")
    return problems


def _clashes(session, code: str, keys: list[str]) -> list[str]:
    """A name or alias that already means another indicator would make headers ambiguous."""
    taken: dict[str, str] = {}
    for other in session.scalars(select(Indicator).where(Indicator.code != code)):
        for key in (other.code, other.name_zh, other.name_en, *(other.aliases or [])):
            taken.setdefault(normalise_label(key), other.code)
    problems = []
    for key in dict.fromkeys(keys):
        other = taken.get(normalise_label(key))
        if key and other:
            problems.append(f"“{key}”已是指标 {other} 的名称或别名 / "
                            f"“{key}” already names indicator {other}")
    return problems


def _describe(name_zh: str, name_en: str, aliases: list[str]) -> str:
    return f"{name_zh} / {name_en} [{', '.join(aliases)}]"
