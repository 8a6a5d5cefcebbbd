"""The names an uploader taught the loader: a region name their sheets write that the catalog
does not know or cannot tell apart (黄山 for 黄山市), and a column header they mapped to an
indicator. Chosen in the upload preview, kept per account, written to the audit log, and
applied to that account's later uploads so that next quarter's sheet passes as it is."""

from __future__ import annotations

from sqlalchemy import Engine, select

from catalog.text import normalise_label
from db.catalog_override_models import NameAlias
from db.session import session_scope

KINDS = ("region", "column")


def saved_aliases(engine: Engine, owner: str) -> dict[str, dict[str, str]]:
    """{"region": {name: region code}, "column": {header: indicator code}} of one account."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    with session_scope(engine) as session:
        for a in session.scalars(select(NameAlias).where(NameAlias.owner == owner[:64])):
            out.setdefault(a.kind, {})[a.name] = a.code
    return out


def remember_aliases(engine: Engine, owner: str, chosen: dict[str, dict[str, str]],
                     file_name: str | None = None) -> int:
    """Store (or replace) the account's choices; each new or changed one is audited.
    Returns how many changed."""
    from db.accounts import audit

    changed = []
    with session_scope(engine) as session:
        existing = {(a.kind, a.name): a for a in session.scalars(
            select(NameAlias).where(NameAlias.owner == owner[:64]))}
        for kind in KINDS:
            for name, code in chosen.get(kind, {}).items():
                key = normalise_label(name)[:200]
                row = existing.get((kind, key))
                if row is None:
                    session.add(NameAlias(owner=owner[:64], kind=kind, name=key, code=code))
                elif row.code != code:
                    row.code = code
                else:
                    continue
                changed.append(f"{kind}: {name} → {code}")
    for line in changed:
        audit(engine, owner, "name_alias_saved", line, file_name)
    return len(changed)
