"""`python -m etl round …`: open a reporting round, see who has reported, send a file into it,
approve or return a submission. The same functions as the round board (etl.rounds,
etl.review, etl.round_status), audited under --user.

--user names the account acting: a reviewer acts within their regions, an uploader sends only
their regions; the default `cli` is the server's operator, who may do everything.
Exit codes as the rest of the CLI: 0 done, 1 refused (the reason is printed), 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
OPERATOR = "cli"


def _engine():
    from config import Settings
    from metrics.refresh import open_database

    return open_database(Settings.from_env().database_url)


def _account(engine, name: str):
    from db.accounts import list_users
    from etl.rounds import RoundError

    found = next((a for a in list_users(engine) if a.name == name and a.active), None)
    if found is None:
        raise RoundError(f"没有此在用账户 / no such active user: {name}")
    return found


def _review_scope(engine, user: str) -> set[str] | None:
    from db.accounts import review_regions
    from etl.rounds import RoundError

    if user == OPERATOR:
        return None
    account = _account(engine, user)
    if not account.can_review:
        raise RoundError(f"{user} 不是审核员或管理员 / {user} is no reviewer or admin")
    return review_regions(engine, account)


def cmd_round(args) -> int:
    from etl.rounds import RoundError

    if args.action not in ("create", "list") and args.id is None:
        print(f"round {args.action} 需要编号 / round {args.action} takes an id", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine()
    try:
        return ACTIONS[args.action](args, engine)
    except RoundError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED


def _create(args, engine) -> int:
    from etl.rounds import open_round, parse_deadline, regions_under

    if not args.period or not args.deadline or not (args.parent or args.region):
        print("round create 需要 --period、--deadline 和 --parent 或 --region / round create takes "
              "--period, --deadline and --parent or --region", file=sys.stderr)
        return EXIT_USAGE
    regions = list(args.region or [])
    if args.parent:
        regions += regions_under(engine, args.parent, tuple(args.levels.split(",")))
    round_id = open_round(engine, period=args.period, regions=regions,
                          deadline=parse_deadline(args.deadline), user=args.user,
                          scope=_review_scope(engine, args.user), indicators=args.indicator,
                          title=args.title or "")
    print(f"已开启填报轮次 / round opened: {round_id}（{len(regions)} 个地区 / regions）")
    return EXIT_OK


def _list(args, engine) -> int:
    from db.rounds import list_rounds
    from etl.rounds import china_time

    for r in list_rounds(engine):
        print(f"{r['id']}\t{r['title']}\t{r['status']}\t{len(r['regions'])} 个地区\t"
              f"截止 {china_time(r['deadline'])}（北京时间）")
    return EXIT_OK


def _status(args, engine) -> int:
    from etl.round_status import round_status, write_missing

    status = round_status(engine, args.id)
    en = args.lang == "en"
    print(f"{status.round['title']}: {status.n_reported}/{status.n_regions} "
          f"{'reported' if en else '已报'}")
    for row in status.regions.to_dict("records"):
        label = row["status_en"] if en else row["status_zh"]
        last = f"{row['last_upload']} {row['uploaded_by']}" if row["last_upload"] else "—"
        print(f"  {row['region_code']} {row['region_name']}\t{label}\t"
              f"{row['n_present']}/{row['n_expected']}\t{last}")
    for row in status.indicators.to_dict("records"):
        print(f"  {row['indicator_name']}\t{row['n_reported']}/{row['n_regions']}")
    if args.missing:
        n = write_missing(status, args.missing)
        print(f"缺报名单已写入 / missing list written: {args.missing}（{n} 行 / rows）")
    return EXIT_OK


def _submit(args, engine) -> int:
    from db.accounts import allowed_regions
    from etl.cli import _print_problems
    from etl.pipeline import read_and_validate, reject, restrict_regions
    from etl.rounds import RoundError, round_of, submit

    path = Path(args.file or "")
    if not path.is_file():
        print(f"文件不存在 / no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    result = read_and_validate(path.read_bytes(), path.name, engine, period=args.period)
    if args.user != OPERATOR:
        account = _account(engine, args.user)
        restrict_regions(result, allowed_regions(engine, account), ",".join(account.regions))
    rnd = round_of(engine, result) if result.ok else None
    _print_problems(result, args.lang, 200)
    if not result.ok:
        reject(engine, result, args.user)
        print(f"{path.name}: 已拒绝，数据库未改动 / rejected, nothing stored")
        return EXIT_REJECTED
    if rnd is None or rnd["id"] != args.id:
        raise RoundError(f"文件不属于第 {args.id} 号轮次（期间或地区不符）/ the file is not of "
                         f"round {args.id} (its period or regions differ)")
    print(f"{path.name}: {submit(engine, result, rnd, args.user).line()}")
    return EXIT_OK


def _approve(args, engine) -> int:
    from etl.cli import _summary
    from etl.review import approve, review_preview

    scope = _review_scope(engine, args.user)
    if args.dry_run:
        report = review_preview(engine, args.id, scope)
        print(f"第 {args.id} 号报送 / submission {args.id}: {_summary(report)}")
        for change in report.changes:
            region, indicator, year, quarter, _ = change.key
            old = "—" if change.old_value is None else f"{change.old_value:g}"
            print(f"  {change.sheet}!{change.cell} {region} {indicator} {year}Q{quarter}: "
                  f"{old} → {change.new_value:g}")
        return EXIT_OK
    report = approve(engine, args.id, args.user, scope)
    print(f"已审核并发布 / approved and published: submission {args.id} → upload "
          f"{report.upload_id}: {_summary(report)}")
    return EXIT_OK


def _return(args, engine) -> int:
    from etl.review import parse_comment, return_submission

    comments = [parse_comment(c) for c in args.comment or []]
    return_submission(engine, args.id, args.user, comments, _review_scope(engine, args.user))
    print(f"已退回 / returned: submission {args.id}（{len(comments)} 条意见 / comments）")
    return EXIT_OK


def _close(args, engine) -> int:
    from db.rounds import get_round, set_round_status

    rnd, scope = get_round(engine, args.id), _review_scope(engine, args.user)
    outside = [c for c in (rnd or {}).get("regions", []) if scope is not None and c not in scope]
    if rnd is None or outside:
        print(f"没有此轮次或无权关闭 / no such round, or not yours: {args.id}", file=sys.stderr)
        return EXIT_REJECTED
    set_round_status(engine, args.id, "closed", args.user)
    print(f"已关闭轮次 / round closed: {args.id}")
    return EXIT_OK


def _template(args, engine) -> int:
    from etl.round_template import write_round_template

    if not args.file:
        print("round template 需要输出文件 / round template takes OUT.xlsx", file=sys.stderr)
        return EXIT_USAGE
    n = write_round_template(args.file, engine, args.id, args.region)
    print(f"填报模板已写入 / template written: {args.file}（{n} 个地区 / regions）")
    return EXIT_OK


ACTIONS = {"create": _create, "list": _list, "status": _status, "submit": _submit,
           "approve": _approve, "return": _return, "close": _close,
           "template": _template}


def add_parser(sub) -> None:
    p = sub.add_parser("round", help="reporting rounds: open one, write its fill-in template, see "
                                     "who has reported, submit into it, approve or return a "
                                     "submission")
    p.add_argument("action", choices=list(ACTIONS))
    p.add_argument("id", nargs="?", type=int, help="round id (status, submit, close) or "
                                                     "submission id (approve, return)")
    p.add_argument("file", nargs="?", help="submit: the file to send into the round; template: "
                                           "the .xlsx to write")
    p.add_argument("--period", help="create: e.g. 2025年1-9月, 2025Q3; submit: as load --period")
    p.add_argument("--parent", help="create: ask every region below this code (a city's "
                                    "districts, counties and zones)")
    p.add_argument("--levels", default="county,zone", help="create: levels below --parent "
                                                           "(default county,zone; city for a province)")
    p.add_argument("--region", action="append", help="create: a region code to ask; template: a "
                                                     "region to list (repeatable; default all)")
    p.add_argument("--indicator", action="append", help="create: an expected indicator code "
                                                        "(repeatable; default the key indicators)")
    p.add_argument("--deadline", help="create: 2025-10-15 (end of day, China time) or 2025-10-15T17:00")
    p.add_argument("--title")
    p.add_argument("--missing", metavar="OUT", help="status: write who is missing what to .csv/.xlsx")
    p.add_argument("--comment", action="append", help="return: a comment on the file, or "
                                                      "CELL=TEXT (D7=… or 工作表!D7=…) on a cell")
    p.add_argument("--dry-run", action="store_true", help="approve: show old → new, change nothing")
    p.add_argument("--user", default=OPERATOR)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_round)
