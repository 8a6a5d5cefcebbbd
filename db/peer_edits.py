"""Administrators' edits of the peer groups (同类市, 同类县, a zone's chosen peers): create a
group, edit its names and members, remove it. The admin page and `python -m etl peers` call
these.

Each change is stored as a PeerGroupOverride and written to the peer group tables in the same
transaction, with the catalog version bumped and the stored metrics refreshed (each value
carries its rank in its region's peer group), so the next page load ranks among the group.
The catalog sync writes data/peer_groups.yaml first and the overrides over it: an app-made
group stays, an edited file group keeps the edit, a removed one stays removed. Audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from catalog.files import CODE_RE
from db.auth_models import AuditEntry
from db.cache import bump_catalog_version
from db.catalog_override_models import PeerGroupOverride
from db.catalog_store import write_peer_group
from db.models import Indicator, PeerGroup, PeerGroupMember, Region, utcnow
from db.session import lock_writers, session_scope

MAX_NAME, MAX_MEMBERS = 200, 500
MIN_MEMBERS = 2  # a ranking among one says nothing


@dataclass(frozen=True)
class PeerGroupEntry:
    code: str
    name_zh: str
    name_en: str
    members: tuple[str, ...]
    edited_by: str | None  # None: as in data/peer_groups.yaml
    edited_at: object = None


def peer_group_entries(engine: Engine) -> list[PeerGroupEntry]:
    with session_scope(engine) as session:
        overrides = {o.code: o for o in session.scalars(select(PeerGroupOverride))}
        members: dict[str, list[str]] = {}
        for group, region in session.execute(select(PeerGroupMember.group_code,
                                                    PeerGroupMember.region_code)):
            members.setdefault(group, []).append(region)
        return [PeerGroupEntry(g.code, g.name_zh, g.name_en or "",
                               tuple(sorted(members.get(g.code, []))),
                               overrides[g.code].updated_by if g.code in overrides else None,
                               overrides[g.code].updated_at if g.code in overrides else None)
                for g in session.scalars(select(PeerGroup).order_by(PeerGroup.code))]


def parse_members(text: str) -> list[str]:
    """Region codes separated by commas, 、, spaces or lines; repeats dropped."""
    return list(dict.fromkeys(c for c in re.split(r"[\s,，、;；]+", text or "") if c))


def add_group(engine: Engine, code: str, name_zh: str, name_en: str, members: list[str],
              actor: str, client: str | None = None) -> list[str]:
    code = (code or "").strip()
    with session_scope(engine) as session:
        lock_writers(session)
        problems = [] if CODE_RE.match(code) else [
            "代码须为小写字母、数字和下划线，以字母开头 / the code is lower-case letters, digits and "
            "_, starting with a letter"]
        if session.get(PeerGroup, code) is not None:
            problems.append(f"已有此代码的同类组 / a peer group already has the code {code}")
        problems += _check(session, name_zh, members)
        if problems:
            return problems
        _store(session, code, name_zh, name_en, members, actor)
        _finish(session, actor, client, "peer_add",
                f"{code} {name_zh.strip()}: {', '.join(members)}")
    return []


def edit_group(engine: Engine, code: str, name_zh: str, name_en: str, members: list[str],
               actor: str, client: str | None = None) -> list[str]:
    with session_scope(engine) as session:
        lock_writers(session)
        group = session.get(PeerGroup, code)
        if group is None:
            return [f"没有此同类组 / no such peer group: {code}"]
        problems = _check(session, name_zh, members)
        if problems:
            return problems
        before = sorted(session.scalars(select(PeerGroupMember.region_code)
                                        .where(PeerGroupMember.group_code == code)))
        detail = f"{code} {group.name_zh}: {', '.join(before)} → {', '.join(members)}"
        _store(session, code, name_zh, name_en, members, actor)
        _finish(session, actor, client, "peer_edit", detail)
    return []


def remove_group(engine: Engine, code: str, actor: str, client: str | None = None) -> bool:
    """Take a peer group out; the values it ranked stay, only its ranks go."""
    with session_scope(engine) as session:
        lock_writers(session)
        group = session.get(PeerGroup, code)
        if group is None:
            return False
        name = group.name_zh
        override = PeerGroupOverride(code=code, name_zh=name, name_en=group.name_en or "",
                                     members=[], removed=True, updated_by=actor[:64],
                                     updated_at=utcnow())
        session.merge(override)
        write_peer_group(session, override)
        _finish(session, actor, client, "peer_remove", f"{code} {name}")
    return True


def _store(session: Session, code: str, name_zh: str, name_en: str, members: list[str],
           actor: str) -> None:
    override = PeerGroupOverride(code=code, name_zh=name_zh.strip(),
                                 name_en=(name_en or "").strip(),
                                 members=list(dict.fromkeys(members)), removed=False,
                                 updated_by=actor[:64], updated_at=utcnow())
    session.merge(override)
    write_peer_group(session, override)


def _check(session: Session, name_zh: str, members: list[str]) -> list[str]:
    problems = []
    if not (name_zh or "").strip() or len(name_zh) > MAX_NAME:
        problems.append(f"中文名称不能为空，最多{MAX_NAME}个字符 / the Chinese name is required, "
                        f"{MAX_NAME} characters at most")
    members = list(dict.fromkeys(members))
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        problems.append(f"同类组须有{MIN_MEMBERS}至{MAX_MEMBERS}个成员 / a peer group has "
                        f"{MIN_MEMBERS} to {MAX_MEMBERS} members")
    known = set(session.scalars(select(Region.code).where(Region.code.in_(members))))
    unknown = [m for m in members if m not in known]
    if unknown:
        problems.append(f"没有这些地区代码 / unknown region codes: {', '.join(unknown)}")
    return problems


def _finish(session: Session, actor: str, client: str | None, action: str, detail: str) -> None:
    from metrics.refresh import refresh_metrics

    bump_catalog_version(session)
    session.add(AuditEntry(user_name=actor[:64], action=action, client=client, detail=detail[:2000]))
    # Every stored value carries its rank in its region's peer group.
    refresh_metrics(session, set(session.scalars(select(Indicator.code))))


def members_from_text(engine: Engine, text: str) -> list[str]:
    """Members as an administrator types them: codes, or names that name one region only
    (苏州工业园区, 昆山经开区, 六安市); anything else is kept as typed, and refused by the
    check with its text."""
    from db.lookups import region_index

    index = region_index(engine)
    members = []
    for token in parse_members(text):
        if token in index:
            members.append(token)
            continue
        found = index.lookup(token)
        members.append(next(iter(found)) if len(found) == 1 else token)
    return list(dict.fromkeys(members))
