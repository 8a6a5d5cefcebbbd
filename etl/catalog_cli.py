"""`python -m etl zones …` and `python -m etl peers …`: the zone catalog and the peer groups
edited from the command line, through the same functions as the admin page (db.zone_edits,
db.peer_edits), audited under --user.

Exit codes as the rest of the CLI: 0 done, 1 refused (the problems are printed), 2 usage.
"""

from __future__ import annotations

import sys

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _engine():
    from etl.cli import open_engine

    return open_engine()


def _usage(message: str) -> int:
    """A required argument is missing: say which, and exit as argparse does for bad usage."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


def _refused(problems: list[str]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_REJECTED


def cmd_zones(args) -> int:
    return _then_refresh(_zones, args)


def cmd_peers(args) -> int:
    return _then_refresh(_peers, args)


def _then_refresh(command, args) -> int:
    """Run an edit, then rebuild the ranks it made stale (a moved zone, a changed group)."""
    from metrics.refresh import refresh_if_asked

    engine = _engine()
    code = command(args, engine)
    refresh_if_asked(engine)
    return code


def _zones(args, engine) -> int:
    import pandas as pd

    from db.queries import zones
    from db.zone_edits import ZoneForm, add_zone, edit_zone, retire_zone

    if args.action == "list":
        for z in zones(engine, args.province).to_dict("records"):
            year = "-" if pd.isna(z["approved_year"]) else str(int(z["approved_year"]))
            print("\t".join([z["code"], z["name_zh"], z["zone_level"] or "-", z["zone_type"] or "-",
                             z["parent_code"], year,
                             "retired" if z["retired"] else "active", "、".join(z["aliases"])]))
        return EXIT_OK
    if not args.target:
        return _usage("缺少开发区名称或代码 / give the zone's name (add) or code (edit, retire)")
    if args.action == "retire":
        outcome = retire_zone(engine, args.target, args.user, retired=not args.undo)
        if not outcome.ok:
            return _refused(outcome.problems)
        print(f"{'已恢复 / restored' if args.undo else '已撤销 / retired'}: {outcome.code}")
        return EXIT_OK
    if args.action == "add":
        if not args.parent:
            return _usage("add 需要 --parent / add needs --parent CODE")
        form = ZoneForm(args.target, args.parent, args.type, args.level, args.name_en or "",
                        args.approved, list(args.alias or []), args.lon, args.lat)
        outcome = add_zone(engine, form, args.user)
        if not outcome.ok:
            return _refused(outcome.problems)
        print(f"已添加开发区 / zone added: {outcome.code} {form.name_zh}")
        return EXIT_OK
    found = zones(engine)
    found = found[found["code"] == args.target].to_dict("records")
    current = found[0] if found else None
    if current is None:
        return _refused([f"没有此开发区 / no such zone: {args.target}"])
    aliases = list(args.alias) if args.alias is not None else list(current["aliases"])
    point = {k: None if pd.isna(current[k]) else float(current[k]) for k in ("lon", "lat")}
    year = None if pd.isna(current["approved_year"]) else int(current["approved_year"])
    aliases += [a for a in args.add_alias or [] if a not in aliases]
    form = ZoneForm(
        args.name or current["name_zh"], args.parent or current["parent_code"],
        args.type or current["zone_type"], args.level or current["zone_level"],
        current["name_en"] if args.name_en is None else args.name_en,
        args.approved or year, aliases, point["lon"] if args.lon is None else args.lon,
        point["lat"] if args.lat is None else args.lat)
    outcome = edit_zone(engine, args.target, form, args.user)
    if not outcome.ok:
        return _refused(outcome.problems)
    print(f"已修改开发区 / zone changed: {outcome.code}")
    return EXIT_OK


def _peers(args, engine) -> int:
    from db.peer_edits import add_group, edit_group, peer_group_entries, remove_group

    groups = {g.code: g for g in peer_group_entries(engine)}
    if args.action == "list":
        for g in groups.values():
            print(f"{g.code}\t{g.name_zh}\t{g.name_en}\t{','.join(g.members)}")
        return EXIT_OK
    if not args.code:
        return _usage("缺少同类组代码 / give the peer group's code")
    if args.action == "remove":
        if not remove_group(engine, args.code, args.user):
            return _refused([f"没有此同类组 / no such peer group: {args.code}"])
        print(f"已删除同类组 / peer group removed: {args.code}")
        return EXIT_OK
    if args.action == "add":
        if not args.name:
            return _usage("add 需要 --name / add needs --name")
        problems = add_group(engine, args.code, args.name, args.name_en or "",
                             list(args.member or []), args.user)
        if problems:
            return _refused(problems)
        print(f"已创建同类组 / peer group created: {args.code}")
        return EXIT_OK
    current = groups.get(args.code)
    if current is None:
        return _refused([f"没有此同类组 / no such peer group: {args.code}"])
    members = list(args.member) if args.member is not None else list(current.members)
    members += [m for m in args.add_member or [] if m not in members]
    members = [m for m in members if m not in set(args.drop_member or [])]
    problems = edit_group(engine, args.code, args.name or current.name_zh,
                          current.name_en if args.name_en is None else args.name_en, members,
                          args.user)
    if problems:
        return _refused(problems)
    print(f"已修改同类组 / peer group changed: {args.code} ({len(members)})")
    return EXIT_OK


def add_parsers(sub) -> None:
    """Register `zones` and `peers` on the parser of `python -m etl`."""
    p = sub.add_parser("zones", help="list, add, edit or retire development zones")
    p.add_argument("action", choices=["list", "add", "edit", "retire"])
    p.add_argument("target", nargs="?", default="",
                   help="add: the zone's Chinese name; edit, retire: its code (Z320500-05)")
    p.add_argument("--name", help="edit: the new Chinese name (the old one stays an alias)")
    p.add_argument("--name-en")
    p.add_argument("--parent", help="adcode of the city (or county, or province) it belongs to")
    p.add_argument("--type", help="高新区, 经开区, 工业园, 农业科技园区 or 开发区")
    p.add_argument("--level", choices=["national", "provincial"])
    p.add_argument("--approved", type=int, help="year approved")
    p.add_argument("--alias", action="append",
                   help="a name sheets write for it (repeatable; edit: replaces the aliases)")
    p.add_argument("--add-alias", action="append", help="edit: an alias to add (repeatable)")
    p.add_argument("--lon", type=float, help="longitude of its point on the map")
    p.add_argument("--lat", type=float, help="latitude of its point on the map")
    p.add_argument("--undo", action="store_true", help="retire: bring a retired zone back")
    p.add_argument("--province", help="list: only this province's zones (adcode)")
    p.add_argument("--user", default="cli")
    p.set_defaults(func=cmd_zones)

    p = sub.add_parser("peers", help="list, add, edit or remove peer groups (同类市, 同类县)")
    p.add_argument("action", choices=["list", "add", "edit", "remove"])
    p.add_argument("code", nargs="?", default="", help="the group's code (anhui_north_cities)")
    p.add_argument("--name", help="its Chinese name (皖北同类市)")
    p.add_argument("--name-en")
    p.add_argument("--member", action="append",
                   help="a member's region code (repeatable; edit: replaces the members)")
    p.add_argument("--add-member", action="append", help="edit: a member to add (repeatable)")
    p.add_argument("--drop-member", action="append", help="edit: a member to drop (repeatable)")
    p.add_argument("--user", default="cli")
    p.set_defaults(func=cmd_peers)
