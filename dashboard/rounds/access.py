"""Which rounds and submissions a signed-in account sees: a reviewer those of their regions,
an administrator all, an uploader their own returned submissions."""

from __future__ import annotations

from dashboard.context import engine


def review_scope(account) -> set[str] | None:
    from db.accounts import review_regions

    return review_regions(engine(), account)


def reviewable_rounds(account) -> list[dict]:
    """Rounds whose regions all lie in the account's review scope, newest first."""
    from db.rounds import list_rounds

    if account is None or not account.can_review:
        return []
    scope = review_scope(account)
    return [r for r in list_rounds(engine()) if scope is None or set(r["regions"]) <= scope]


def current_round(account) -> dict | None:
    """The newest open round the account reviews (the Overview's "N/M 已报")."""
    return next((r for r in reviewable_rounds(account) if r["status"] == "open"), None)


def visible_pending(account) -> list[dict]:
    """The submissions awaiting review whose values this account may see before they are
    published: their uploader's own, and those of the rounds the account reviews."""
    from db.rounds import awaiting_submissions

    if account is None:
        return []
    awaiting = awaiting_submissions(engine())
    if not awaiting:
        return []
    reviewed = {r["id"] for r in reviewable_rounds(account)}
    return [s for s in awaiting
            if s["uploaded_by"] == account.name or s["round_id"] in reviewed]


def pending(round_id: int) -> list[dict]:
    from db.rounds import AWAITING, round_submissions

    return [s for s in round_submissions(engine(), round_id) if s["status"] in AWAITING]


def returned_items(account) -> list[tuple[dict, list[dict]]]:
    """The uploader's returned submissions not yet superseded, with their comments."""
    from db.rounds import review_comments, submissions_by

    if account is None or not account.can_upload:
        return []
    return [(s, review_comments(engine(), s["id"]))
            for s in submissions_by(engine(), account.name, "returned")]


def awaiting_review(account) -> list[dict]:
    """The uploader's submissions a reviewer has not decided yet."""
    from db.rounds import submissions_by

    if account is None or not account.can_upload:
        return []
    return submissions_by(engine(), account.name, "submitted")


def pending_href(state, sub: dict) -> str:
    """The Data page with "include pending" on, filtered to a submission's period and
    regions (one region, or the nearest region above all of them and its subtree)."""
    from db.lookups import region_tree
    from db.rounds import get_round
    from dashboard.state import PeriodKey

    rnd = get_round(engine(), sub["round_id"])
    period = PeriodKey(rnd["year"], rnd["quarter"], rnd["cumulative"]).code
    regions = list(sub["regions"] or rnd["regions"])
    region = region_tree(engine()).nearest_common_ancestor(regions) or regions[0]
    return state.with_(region=region, indicator="all", period=period, sub=True,
                       pending=True).href("/data")


def round_template(account) -> tuple[bytes, str] | None:
    """An uploader with an open round asking their regions gets that round's template, listing
    their regions with last period's values beside (etl.round_template); None otherwise."""
    import io

    from db.accounts import allowed_regions
    from db.rounds import list_rounds
    from etl.round_template import write_round_template

    if account is None or account.role != "uploader":
        return None
    mine = allowed_regions(engine(), account) or set()
    rnd = next((r for r in list_rounds(engine(), "open") if mine & set(r["regions"])), None)
    if rnd is None:
        return None
    buffer = io.BytesIO()
    write_round_template(buffer, engine(), rnd["id"], sorted(mine & set(rnd["regions"])))
    return buffer.getvalue(), f"{rnd['title']}模板.xlsx"
