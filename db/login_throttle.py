"""Sign-in throttling: failed attempts per (user name, client address), with growing delays.

There is no lock. Failures delay only the next attempts of that name from that address (and,
much later, every name from that address), so an attacker elsewhere can never keep an
administrator out. Each attempt is counted as a failure in advance, by one atomic UPDATE that
also refuses it while a delay runs, before the password is checked; a success takes the count
back. Parallel guesses therefore cannot slip through between a check and its count.

Rows are kept per name whether or not the user exists, so the answers say nothing about which
names exist.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from db.auth_models import AuditEntry, LoginThrottle
from db.session import session_scope

FREE_FAILURES = 5  # failures of one name from one address in a row before the first delay
FIRST_DELAY = 15.0  # seconds, doubled with each further failure ...
MAX_DELAY = 15 * 60.0  # ... up to this
# One address's failures across all names (password spraying): a larger allowance, the same
# growing delays, kept in the row of this name for the address.
ANY_NAME = "*"
FREE_ADDRESS_FAILURES = 50
FORGET_AFTER = 3600.0  # a row quiet this long counts from zero again


@dataclass(frozen=True)
class Attempt:
    """The answer to "may this sign-in be checked?": wait_seconds is 0 when it may."""

    wait_seconds: float = 0.0

    @property
    def allowed(self) -> bool:
        return self.wait_seconds <= 0


def delay_after(failures: int, free: int = FREE_FAILURES) -> float:
    """Seconds before the next attempt after this many failures in a row."""
    if failures < free:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failures - free), MAX_DELAY)


def reserve(engine: Engine, name: str, client: str | None, now: float | None = None) -> Attempt:
    """Count an attempt by name from client as failed, unless a delay is running for either
    the pair or the address (then refused, not counted). Call succeeded() once the password
    is right."""
    now = time.time() if now is None else now
    client = (client or "")[:64]
    with session_scope(engine) as session:
        _forget_quiet(session, now)
        for row_name, free in ((ANY_NAME, FREE_ADDRESS_FAILURES), (name[:64], FREE_FAILURES)):
            wait = _reserve_row(session, row_name, client, free, now)
            if wait > 0:
                session.rollback()  # a refused attempt counts nowhere
                return Attempt(wait)
    return Attempt()


def succeeded(engine: Engine, name: str, client: str | None) -> None:
    """The password was right: the pair starts from zero and the address gets its count back."""
    client = (client or "")[:64]
    with session_scope(engine) as session:
        session.execute(update(LoginThrottle)
                        .where(LoginThrottle.name == name[:64], LoginThrottle.client == client)
                        .values(failures=0, not_before=0.0))
        session.execute(update(LoginThrottle)
                        .where(LoginThrottle.name == ANY_NAME, LoginThrottle.client == client,
                               LoginThrottle.failures > 0)
                        .values(failures=LoginThrottle.failures - 1))


def unlock(engine: Engine, name: str, actor: str = "cli") -> int:
    """Forget the failed sign-ins of name, and those of the addresses it failed from (an
    administrator's own machine may be behind the same address as the attacker). Returns how
    many addresses were held."""
    with session_scope(engine) as session:
        clients = list(session.scalars(select(LoginThrottle.client)
                                       .where(LoginThrottle.name == name[:64])))
        session.execute(delete(LoginThrottle).where(LoginThrottle.name == name[:64]))
        if clients:
            session.execute(delete(LoginThrottle).where(LoginThrottle.name == ANY_NAME,
                                                        LoginThrottle.client.in_(clients)))
        session.add(AuditEntry(user_name=actor[:64], action="user_unlock", detail=name[:64]))
    return len(clients)


def _reserve_row(session, name: str, client: str, free: int, now: float) -> float:
    """0 when this attempt was counted, else the seconds until one will be."""
    table = LoginThrottle
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table).values(name=name, client=client, failures=0, not_before=0.0,
                                         updated_at=now).on_conflict_do_nothing())
    failures = case((table.updated_at < now - FORGET_AFTER, 1), else_=table.failures + 1)
    # The delay a failure count leads to, written out as a CASE: the count and the time it sets
    # are one statement, so two parallel attempts cannot both see the old count.
    steps, n = [], free
    while delay_after(n, free) < MAX_DELAY:
        steps.append((failures == n, now + delay_after(n, free)))
        n += 1
    not_before = case((failures < free, now), *steps, else_=now + MAX_DELAY)
    counted = session.execute(
        update(table).where(table.name == name, table.client == client, table.not_before <= now)
        .values(failures=failures, not_before=not_before, updated_at=now)
        .returning(table.failures)).first()
    if counted is not None:
        return 0.0
    until = session.scalar(select(table.not_before).where(table.name == name,
                                                          table.client == client))
    return max((until or now) - now, 1.0)


def _forget_quiet(session, now: float) -> None:
    """Remove rows quiet for FORGET_AFTER: names tried once by a scanner do not pile up."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < now - FORGET_AFTER,
                                                LoginThrottle.not_before < now))
