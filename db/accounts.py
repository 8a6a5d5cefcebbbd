"""Accounts, region permissions and the audit log: every read and write of users and
audit_log goes through here (the CLI, the login page and the upload page call it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select, update

from db.auth_models import ROLES, AuditEntry, User
from db.lookups import region_tree
from db.models import Region
from db.session import session_scope

# Hashing costs in proportion to the password's length: longer ones are refused when set, and
# a sign-in hashes no more than one character beyond (which then never matches).
MAX_PASSWORD_CHARS = 1024
# Checked when a name is unknown or disabled, so a wrong password costs the same time whether or
# not the user exists: werkzeug's default method and cost, as for real users (a test holds it to
# the default). Written out rather than hashed at import, which cost every command that records
# an audit entry 0.1-0.3 s of scrypt; its password was random and thrown away.
_DUMMY_HASH = ("scrypt:32768:8:1$eIUoNd0hxLjtjuXc$923d23383ead5dec06bd5b86f278f2c747d1f3efd39f930"
               "0b1c1fea0bceda0924b2e7fd72ab1dd2a0f1596cce62099986cb4e92eb39e386c0fa28764a89ed1ad")


def _hashed(password: str) -> str:
    # werkzeug is imported where a password is hashed, not by every command that audits.
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


def _matches(password_hash: str, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(password_hash, password)


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class Account:
    """A user as the app sees it: no password hash leaves this module."""

    id: int
    name: str
    role: str
    regions: tuple[str, ...]
    active: bool
    session_version: int = 1

    @property
    def can_upload(self) -> bool:
        return self.active and self.role in ("admin", "uploader")

    @property
    def can_review(self) -> bool:
        return self.active and self.role in ("admin", "reviewer")

    @property
    def is_admin(self) -> bool:
        return self.active and self.role == "admin"


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, tuple(user.regions or ()), bool(user.active),
                   int(user.session_version or 1))


def add_user(engine: Engine, name: str, password: str, role: str, regions: list[str] = (),
             actor: str = "cli", client: str | None = None) -> Account:
    name = name.strip()
    if role not in ROLES:
        raise AccountError(f"未知角色 / unknown role: {role} ({', '.join(ROLES)})")
    if not name or len(name) > 64:
        raise AccountError("用户名须为1–64个字符 / a user name has 1–64 characters")
    if not 8 <= len(password) <= MAX_PASSWORD_CHARS:
        raise AccountError(f"密码须为8–{MAX_PASSWORD_CHARS}个字符 / a password has 8–"
                           f"{MAX_PASSWORD_CHARS} characters")
    regions = list(dict.fromkeys(regions))
    with session_scope(engine) as session:
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise AccountError(f"用户已存在 / user exists: {name}")
        _check_regions(session, role, regions)
        user = User(name=name, password_hash=_hashed(password), role=role,
                    regions=regions, active=True)
        session.add(user)
        session.flush()
        account = _account(user)
        session.add(AuditEntry(user_name=actor, action="user_add", client=client,
                               detail=f"{name} role={role} regions={','.join(regions)}"))
    return account


def _check_regions(session, role: str, regions: list[str]) -> None:
    known = set(session.scalars(select(Region.code).where(Region.code.in_(regions))))
    unknown = [r for r in regions if r not in known]
    if unknown:
        raise AccountError(f"未知地区代码 / unknown region codes: {', '.join(unknown)}")
    if role == "uploader" and not regions:
        raise AccountError("上传员须指定地区（--region）/ an uploader needs --region")
    if role == "reviewer" and not regions:
        raise AccountError("审核员须指定地区（--region）/ a reviewer needs --region")


def _keep_an_admin(session, user: User) -> None:
    """Refuse to demote or deactivate the last active admin: nobody could manage users."""
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id))
    if user.role == "admin" and user.active and not others:
        raise AccountError("须至少保留一名在用的管理员 / at least one active admin must remain")


def set_role(engine: Engine, name: str, role: str, regions: list[str], actor: str = "cli",
             client: str | None = None) -> Account:
    """Change what a user may do: the role and, for an uploader, the regions."""
    if role not in ROLES:
        raise AccountError(f"未知角色 / unknown role: {role} ({', '.join(ROLES)})")
    regions = list(dict.fromkeys(regions))
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"没有此用户 / no such user: {name}")
        _check_regions(session, role, regions)
        if role != "admin":
            _keep_an_admin(session, user)
        before = f"role={user.role} regions={','.join(user.regions or ())}"
        user.role, user.regions = role, regions
        session.add(AuditEntry(user_name=actor, action="user_role", client=client,
                               detail=f"{name} {before} → role={role} regions={','.join(regions)}"))
        return _account(user)


def set_password(engine: Engine, name: str, password: str, actor: str = "cli",
                 client: str | None = None) -> None:
    if not 8 <= len(password) <= MAX_PASSWORD_CHARS:
        raise AccountError(f"密码须为8–{MAX_PASSWORD_CHARS}个字符 / a password has 8–"
                           f"{MAX_PASSWORD_CHARS} characters")
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"没有此用户 / no such user: {name}")
        user.password_hash = _hashed(password)
        _end_sessions(user)  # a session opened with the old password ends with it
        session.add(AuditEntry(user_name=actor, action="user_password", detail=name,
                               client=client))


def set_active(engine: Engine, name: str, active: bool, actor: str = "cli",
               client: str | None = None) -> None:
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            raise AccountError(f"没有此用户 / no such user: {name}")
        if not active:
            _keep_an_admin(session, user)
        user.active = active
        _end_sessions(user)
        session.add(AuditEntry(user_name=actor, action="user_enable" if active else "user_disable",
                               detail=name, client=client))


def _end_sessions(user: User) -> None:
    user.session_version = int(user.session_version or 1) + 1


def end_sessions(engine: Engine, user_id: int) -> None:
    """Every session of the user stops working (signing out ends the copies of a cookie too).
    One UPDATE: two sign-outs at once both raise the version."""
    with session_scope(engine) as session:
        session.execute(update(User).where(User.id == user_id)
                        .values(session_version=User.session_version + 1))


def list_users(engine: Engine) -> list[Account]:
    with session_scope(engine) as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.name))]


def get_account(engine: Engine, user_id: int) -> Account | None:
    with session_scope(engine) as session:
        user = session.get(User, user_id)
        return _account(user) if user is not None and user.active else None


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    """The account when the password is right and the user active. A password is hashed
    whatever the name (a dummy hash for an unknown or disabled user): the time of the answer
    tells nothing about which names exist."""
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
        known = user is not None and user.active
        right = _matches(user.password_hash if known else _DUMMY_HASH, password)
        return _account(user) if known and right else None


def allowed_regions(engine: Engine, account: Account) -> set[str] | None:
    """The region codes an account may write: None for all (admins), else the assigned
    regions and every region below them (a city's counties and zones, a county's zones)."""
    if account.role == "admin":
        return None
    if account.role != "uploader":
        return set()
    return with_descendants(engine, account.regions)


def review_regions(engine: Engine, account: Account) -> set[str] | None:
    """The region codes an account may open rounds for and review: None for all (admins),
    a reviewer's regions and those below them, nothing for anyone else."""
    if account.role == "admin":
        return None
    if account.role != "reviewer" or not account.active:
        return set()
    return with_descendants(engine, account.regions)


def with_descendants(engine: Engine, roots) -> set[str]:
    """The codes and every region below them."""
    tree = region_tree(engine)
    return {c for code in roots for c in (code, *tree.descendants(code))}


def region_names(engine: Engine, codes) -> dict[str, str]:
    """Chinese names of region codes, to show beside an account's regions."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    with session_scope(engine) as session:
        return dict(session.execute(select(Region.code, Region.name_zh)
                                    .where(Region.code.in_(codes))).all())


def may_write_region(engine: Engine, account: Account | None, region_code: str) -> bool:
    """Whether this account may change values of this region (upload, roll back)."""
    if account is None or not account.can_upload:
        return False
    allowed = allowed_regions(engine, account)
    return allowed is None or region_code in allowed


def audit(engine: Engine, user_name: str, action: str, detail: str = "",
          file_name: str | None = None, client: str | None = None) -> None:
    with session_scope(engine) as session:
        session.add(AuditEntry(user_name=user_name[:64], action=action, detail=detail,
                               file_name=file_name, client=client))


def audit_entries(engine: Engine, limit: int = 500) -> list[dict]:
    with session_scope(engine) as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [{"at": r.at, "user": r.user_name, "action": r.action, "detail": r.detail,
                 "file": r.file_name, "client": r.client} for r in rows]
