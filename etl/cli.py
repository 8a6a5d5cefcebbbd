"""`python -m etl`: the data operations on the command line; the app calls the same functions.

Exit codes: 0 success, 1 input rejected, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import DEFAULT_PROVINCE, Settings
from config.cli import command_parser
from etl.gc_pause import collect_from_here

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def open_engine():
    """The database of DATABASE_URL, migrated, its catalogs and metrics current."""
    from metrics.refresh import open_database

    # Imported: a migration or a rebuild of every metric that opening may run, and the
    # command's own work, run with the collector.
    collect_from_here()
    return open_database(Settings.from_env().database_url)


def _engine(args):
    return open_engine()


def cmd_init(args) -> int:
    _engine(args)
    print(f"数据库已就绪 / database ready: {Settings.from_env().database_url}")
    return EXIT_OK


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _print_problems(result, lang: str, limit: int) -> None:
    """Errors, then warnings, then notes (rows skipped as totals, names resolved by the
    table's evidence): nothing dropped or decided goes unsaid."""
    shown = sorted(result.problems, key=lambda p: SEVERITY_ORDER[p.severity])
    for p in shown[:limit]:
        print(p.line(lang), file=sys.stderr)
    if len(shown) > limit:
        print(f"… {len(shown) - limit} more", file=sys.stderr)


def _with_progress(paths: list[Path], progress: bool):
    """Each file with what its load tells its stages to (None: nothing shown). Several files
    go under a bar over the files that names the file and its latest stage (tqdm is imported
    only then); one file gets a line per stage on a terminal, or with --progress."""
    from etl.stage_line import StageLine, stage_text

    if len(paths) == 1:
        shown = progress or sys.stderr.isatty()
        yield paths[0], StageLine(paths[0].name) if shown else None
        return
    from tqdm import tqdm

    bar = tqdm(paths, desc="载入 / loading", unit="file")
    for path in bar:
        bar.set_postfix_str(path.name)
        yield path, lambda stage, seconds, name=path.name: bar.set_postfix_str(
            f"{name} · {stage_text(stage, seconds)}")


def cmd_load(args) -> int:
    from etl.pipeline import commit, preview, read_and_validate
    from etl.rounds import round_of, submit

    engine = _engine(args)
    paths = [Path(p) for p in args.files]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"文件不存在 / no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    try:
        aliases = _pairs(args.region_alias, "--region-alias")
        mapping = _pairs(args.map, "--map")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    rejected = False
    for path, on_stage in _with_progress(paths, args.progress):
        result = read_and_validate(path.read_bytes(), path.name, engine, period=args.period,
                                   province_code=args.province, region_aliases=aliases,
                                   column_map=mapping, indicator=args.indicator,
                                   accept_outliers=args.accept_outliers, on_stage=on_stage)
        rnd = round_of(engine, result) if result.ok else None  # into an open reporting round?
        if hasattr(on_stage, "clear"):
            on_stage.clear()  # the problems are printed on a line of their own
        _print_problems(result, args.lang, args.max_problems)
        periods = ", ".join(p.label_zh for p in result.periods) or "—"
        if not result.ok:
            if not args.dry_run:
                commit(engine, result, user=args.user)
            n_err, n_warn = len(result.errors), len(result.warnings)
            print(f"{path.name}: 已拒绝，{n_err} 个错误，{n_warn} 个警告；数据库未改动 / "
                  f"rejected, {n_err} errors, {n_warn} warnings, nothing stored")
            rejected = True
            continue
        if rnd is not None and not args.dry_run:
            print(f"{path.name} [{periods}] {submit(engine, result, rnd, args.user).line()}")
            continue
        report = (preview(engine, result) if args.dry_run
                  else commit(engine, result, user=args.user, on_stage=on_stage))
        if hasattr(on_stage, "clear"):
            on_stage.clear()
        summary = _summary(report)
        if args.dry_run:
            print(f"{path.name} [{periods}] 试运行，未写入 / dry run, nothing written: {summary}")
            for change in report.changes[: args.max_problems]:
                region, indicator, year, quarter, cumulative = change.key
                old = "—" if change.old_value is None else f"{change.old_value:g}"
                print(f"  {region} {indicator} {year}Q{quarter}: {old} → {change.new_value:g}")
            for change in report.target_changes[: args.max_problems]:
                region, indicator, year = change.key
                old = "—" if change.old_value is None else f"{change.old_value:g}"
                print(f"  目标 / target {region} {indicator} {year}: {old} → {change.new_value:g}")
        elif report.outcome == "unchanged":
            note = f"（与第 {report.previously_loaded_as} 次上传相同）" if report.previously_loaded_as else ""
            print(f"{path.name} [{periods}] 无变化{note} / nothing changed: {summary}")
        else:
            print(f"{path.name} [{periods}] 已载入 / loaded (upload {report.upload_id}): {summary}")
    return EXIT_REJECTED if rejected else EXIT_OK


def _summary(report) -> str:
    """"3 新增 / new, …", and the file's targets counted apart: "2 个目标值 / targets: …"."""
    text = (f"{report.n_new} 新增 / new, {report.n_changed} 修改 / changed, "
            f"{report.n_unchanged} 未变 / unchanged")
    if report.n_targets:
        text += (f"; {report.n_targets} 个目标值 / targets: {report.n_targets_new} 新增 / new, "
                 f"{report.n_targets_changed} 修改 / changed, "
                 f"{report.n_targets_unchanged} 未变 / unchanged")
    return text


def _pairs(items: list[str] | None, flag: str) -> dict[str, str]:
    """NAME=CODE arguments (repeatable) as a dict; a malformed one is a usage error."""
    pairs = {}
    for item in items or []:
        name, sep, code = item.rpartition("=")
        if not sep or not name.strip() or not code.strip():
            raise ValueError(f"{flag} 应为 名称=代码 / {flag} takes NAME=CODE: {item!r}")
        pairs[name.strip()] = code.strip()
    return pairs


def cmd_template(args) -> int:
    from etl.template import write_template

    write_template(args.out, _engine(args), period=args.period, province_code=args.province)
    print(f"模板已写入 / template written: {args.out}")
    return EXIT_OK


def cmd_demo(args) -> int:
    from etl.demo import load_demo, user_uploads

    engine = _engine(args)
    others = user_uploads(engine)
    if others and not args.force:
        print(f"数据库中已有 {others} 次非演示数据的上传，演示数据不会写入；如确需写入，请加 --force"
              f"（已有的上传数据和官方统计数据仍不会被覆盖） / the database holds {others} uploads "
              f"of real data: the demo is not loaded; give --force to add it anyway (it never "
              f"replaces an uploaded or official value)", file=sys.stderr)
        return EXIT_REJECTED
    report = load_demo(engine, seed=args.seed)
    print(f"演示数据（模拟）/ demo data (simulated): {report.n_new} new, "
          f"{report.n_changed} changed, {report.n_unchanged} unchanged; "
          f"{report.n_kept} 个已有的上传或官方数值保持不变 / uploaded or official values kept")
    return EXIT_OK


def cmd_official(args) -> int:
    from etl.official import load_official

    for name, report in load_official(_engine(args)):
        print(f"{name}: 官方统计 / official figures: {report.n_new} 新增 / new, "
              f"{report.n_changed} 修改 / changed, {report.n_unchanged} 未变 / unchanged")
    return EXIT_OK


def cmd_export(args) -> int:
    from db.lookups import observations_long
    from etl.export import EXPORT_COLUMNS, write_export
    from etl.periods import parse_period

    engine = _engine(args)
    year = quarter = None
    if args.period:
        p = parse_period(args.period)
        if p is None:
            print(f"无法识别期间 / cannot read period: {args.period}", file=sys.stderr)
            return EXIT_USAGE
        year, quarter = p.year, p.quarter
    df = observations_long(engine, args.region or None, args.indicator or None, year, quarter)
    columns = list(EXPORT_COLUMNS)
    if args.with_metrics:
        from metrics.export import with_metrics

        df = with_metrics(engine, df)
        columns += [c for c in df.columns if c not in columns and c != "status"]
    fmt = args.format or ("xlsx" if str(args.out).endswith(".xlsx") else "csv")
    write_export(df[columns], args.out, fmt)
    print(f"已导出 {len(df)} 行 / exported {len(df)} rows: {args.out}")
    return EXIT_OK


def cmd_regions(args) -> int:
    from db.lookups import region_rows

    rows = region_rows(_engine(args), None if args.province == "all" else args.province)
    for r in sorted(rows, key=lambda r: r["code"]):
        if args.level and r["level"] != args.level:
            continue
        print(f"{r['code']}\t{r['level']}\t{r['name_zh']}\t{r['name_en']}\t{r['parent_code'] or ''}")
    return EXIT_OK


def cmd_indicators(args) -> int:
    from db.lookups import indicator_rows

    for i in indicator_rows(_engine(args)):
        print(f"{i['code']}\t{i['kind']}\t{i['unit']}\t{i['name_zh']}\t{i['name_en']}")
    return EXIT_OK


def cmd_extract_evaluate(args) -> int:
    """Recall and precision on a folder of reports with hand-marked sidecars."""
    from etl.extract import Catalog
    from etl.extract.evaluate import SidecarError, evaluate_folder, report_lines, reports_in

    collect_from_here()
    folder = Path(args.evaluate)
    if not folder.is_dir() or not reports_in(folder):
        print(f"没有带标注文件的报告 / no reports with a sidecar (NAME.yaml) in: {folder}",
              file=sys.stderr)
        return EXIT_USAGE
    # The sidecars are marked against the shipped catalogs, so no database is needed.
    try:
        evaluation = evaluate_folder(folder, Catalog.from_files(args.province or DEFAULT_PROVINCE))
    except SidecarError as exc:
        print(f"标注文件有误 / bad sidecar: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(report_lines(evaluation, verbose=args.show_misses)))
    return EXIT_OK


def cmd_extract(args) -> int:
    """Figures out of a report's text: candidates to review, optionally imported."""
    from etl.extract import (Catalog, extract_document, import_candidates, is_supported,
                             load_document)
    from etl.extract.output import read_reviewed, to_csv, to_json
    from etl.readers import UnreadableFile

    if args.evaluate:
        return cmd_extract_evaluate(args)
    if not args.file:
        print("请给出报告文件，或 --evaluate 文件夹 / give a report file, or --evaluate DIR",
              file=sys.stderr)
        return EXIT_USAGE
    path = Path(args.file)
    if not path.is_file():
        print(f"文件不存在 / no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    if not is_supported(path.name):
        print(f"只支持 .txt 和 .docx / only .txt and .docx files: {path.name}", file=sys.stderr)
        return EXIT_USAGE
    if args.year is not None and not 1949 <= args.year <= 2100:
        print(f"年份无效 / not a year: {args.year}", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine(args)
    catalog = Catalog.from_engine(engine, None)
    if args.region and args.region not in catalog.regions:
        print(f"未知地区代码 / unknown region code: {args.region}", file=sys.stderr)
        return EXIT_USAGE
    province = args.province or catalog.province_of(args.region) or DEFAULT_PROVINCE
    catalog = Catalog.from_engine(engine, province)
    try:
        document = load_document(path.read_bytes(), path.name)
    except UnreadableFile as exc:
        print(f"{path.name}: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    if args.reviewed:
        reviewed = Path(args.reviewed)
        try:
            candidates = read_reviewed(reviewed.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"无法读取审核文件 / cannot read the reviewed file {reviewed}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        candidates = extract_document(document, catalog, region=args.region, year=args.year)
    do_import = args.do_import or bool(args.reviewed)
    fmt = args.format or ("csv" if str(args.out or "").lower().endswith(".csv") else "json")
    output = to_csv(candidates) if fmt == "csv" else to_json(candidates, document.name, len(document.text))
    if args.out:
        Path(args.out).write_text(output, encoding="utf-8")
    elif not do_import:
        sys.stdout.write(output)
    n_values = sum(c.is_value for c in candidates)
    print(f"{path.name}: {len(candidates)} 条候选，其中 {n_values} 条为指标值 / "
          f"{len(candidates)} candidates, {n_values} values", file=sys.stderr)
    if not candidates:
        from etl.problems import Problem

        print(Problem("text_nothing_found", path.name).line(args.lang), file=sys.stderr)
        return EXIT_REJECTED
    if not do_import:
        return EXIT_OK
    report = import_candidates(engine, candidates, document.name, args.user,
                               dry_run=args.dry_run, document_text=document.text)
    for p in report.problems:
        if p.severity != "info":
            print(p.line(args.lang), file=sys.stderr)
    if report.outcome == "rejected":
        print(f"{path.name}: 已拒绝，{len(report.errors)} 个错误；数据库未改动 / rejected, "
              f"{len(report.errors)} errors, nothing stored")
        return EXIT_REJECTED
    print(f"{path.name}: {report.outcome} (upload {report.upload_id}): {report.n_new} 新增 / new, "
          f"{report.n_changed} 修改 / changed, {report.n_unchanged} 未变 / unchanged")
    return EXIT_OK


def cmd_backup(args) -> int:
    from etl.backup import backup

    url = Settings.from_env().database_url
    return _backup_step(lambda: backup(url, Path(args.out)), "备份失败 / backup failed",
                        f"已备份 / backed up: {args.out}")


def cmd_restore(args) -> int:
    from db.session import dispose_engine
    from etl.backup import restore

    url = Settings.from_env().database_url
    dispose_engine(url)
    return _backup_step(lambda: restore(url, Path(args.source)), "恢复失败 / restore failed",
                        f"已从备份恢复 / restored from: {args.source}")


def _backup_step(step, failed: str, done: str) -> int:
    """Run a backup or a restore and print how it went: `done`, or `failed` with the reason."""
    from etl.backup import BackupError

    try:
        step()
    except BackupError as exc:
        print(f"{failed}: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(done)
    return EXIT_OK


def cmd_export_all(args) -> int:
    from tqdm import tqdm

    from etl.backup import export_all

    with tqdm(desc="导出 / exporting", unit=" rows", unit_scale=True) as bar:
        def shown(table: str, rows: int) -> None:
            bar.set_postfix_str(table)
            bar.update(rows)
        tables = export_all(_engine(args), Path(args.out), on_rows=shown)
    print(f"已导出 {len(tables)} 张表 / exported {len(tables)} tables: {args.out}")
    return EXIT_OK


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass("密码 / password: ")


def cmd_users(args) -> int:
    from db.accounts import AccountError, add_user, list_users, set_active, set_password

    engine = _engine(args)
    try:
        if args.action == "add":
            account = add_user(engine, args.name, _read_password(args), args.role, args.region or [])
            print(f"已创建用户 / user created: {account.name} ({account.role}) {' '.join(account.regions)}")
        elif args.action == "passwd":
            set_password(engine, args.name, _read_password(args))
            print(f"已修改密码 / password changed: {args.name}")
        elif args.action in ("disable", "enable"):
            set_active(engine, args.name, args.action == "enable")
            print(f"{args.action}d: {args.name}")
        elif args.action == "unlock":
            from db.login_throttle import unlock

            if not args.name:
                raise AccountError("请给出用户名 / give the user name")
            held = unlock(engine, args.name)
            print(f"已解除登录限制 / sign-in delays cleared: {args.name} ({held} 个地址 / addresses)")
        else:
            for a in list_users(engine):
                print(f"{a.name}\t{a.role}\t{','.join(a.regions) or '-'}\t{'active' if a.active else 'disabled'}")
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser, sub = command_parser("python -m etl",
                                 "区域创新指标数据：建库、导入、模板、导出 / indicator data: "
                                 "init, load, template, export. Database from DATABASE_URL.")

    sub.add_parser("init", help="create or migrate the database and load the catalogs").set_defaults(func=cmd_init)

    p = sub.add_parser("load", help="validate and load .xlsx/.xls/.csv files (all or nothing per file)")
    p.add_argument("files", nargs="+")
    p.add_argument("--period", help="period of every sheet, e.g. 2025Q3, 2025年1-9月, 2024")
    p.add_argument("--dry-run", action="store_true", help="validate and show what would change")
    p.add_argument("--province", default=DEFAULT_PROVINCE,
                   help="home province (adcode): preferred when a name fits regions of several "
                        "provinces and nothing else in the table decides; names match nationwide")
    p.add_argument("--region-alias", action="append", metavar="NAME=CODE",
                   help="read a region name as this region code (repeatable)")
    p.add_argument("--map", action="append", metavar="HEADER=CODE",
                   help="read a column whose header is in no catalog as this indicator (repeatable)")
    p.add_argument("--indicator", metavar="CODE",
                   help="the indicator of a table with periods as columns, where its title names none")
    p.add_argument("--accept-outliers", action="store_true",
                   help="store values checked as implausible (kept as warnings on the upload's record)")
    p.add_argument("--user", default="cli")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--max-problems", type=int, default=200)
    p.add_argument("--progress", action="store_true",
                   help="show each stage of a single file's load as it ends (on a terminal without it)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("template", help="write the fill-in template workbook")
    p.add_argument("out")
    p.add_argument("--period", default="2025Q3")
    p.add_argument("--province", default=DEFAULT_PROVINCE)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="fill the demo province (simulated values); refused on a "
                                     "database with uploads of real data unless --force")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--force", action="store_true",
                   help="load the demo beside uploads of real data (never over them)")
    p.set_defaults(func=cmd_demo)

    sub.add_parser("official", help="load the official national series shipped in data/official "
                                    "(NBS R&D bulletins)").set_defaults(func=cmd_official)

    p = sub.add_parser("export", help="export observations in long format")
    p.add_argument("--out", required=True)
    p.add_argument("--format", choices=["csv", "xlsx"])
    p.add_argument("--region", action="append", help="region code (repeatable)")
    p.add_argument("--indicator", action="append", help="indicator code (repeatable)")
    p.add_argument("--period", help="e.g. 2025, 2025Q3")
    p.add_argument("--with-metrics", action="store_true", help="add growth, ranks and rank changes")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("regions", help="list regions")
    p.add_argument("--province", default=DEFAULT_PROVINCE, help="adcode, or 'all'")
    p.add_argument("--level", choices=["province", "city", "county", "zone"])
    p.set_defaults(func=cmd_regions)

    sub.add_parser("indicators", help="list the indicator catalog").set_defaults(func=cmd_indicators)

    p = sub.add_parser("extract", help="read indicator figures out of a .txt/.docx report as candidates")
    p.add_argument("file", nargs="?")
    p.add_argument("--region", help="code of the region the report is about (全区/我区 in the text)")
    p.add_argument("--year", type=int, help="the report's year where the text gives none")
    p.add_argument("--format", choices=["json", "csv"], help="output format (default json, or by --out)")
    p.add_argument("--out", help="write the candidates here instead of standard output")
    p.add_argument("--province", help="adcode of the province whose names to match (default: the region's)")
    p.add_argument("--import", dest="do_import", action="store_true",
                   help="store the value candidates as observations (all, or those in --reviewed)")
    p.add_argument("--reviewed", help="a reviewed candidates file (the JSON/CSV output, edited) to import")
    p.add_argument("--dry-run", action="store_true", help="with --import: check, write nothing")
    p.add_argument("--user", default="cli")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--evaluate", metavar="DIR",
                   help="score the extraction of every report in DIR against its hand-marked "
                        "NAME.yaml: recall and precision per kind")
    p.add_argument("--show-misses", action="store_true",
                   help="with --evaluate: list the marked figures that were not found")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("backup", help="copy the whole database to a file (SQLite backup API / pg_dump)")
    p.add_argument("out")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the database's contents with a backup")
    p.add_argument("source")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("users", help="create users, set passwords, list them (admin/uploader/reviewer/viewer); "
                                      "unlock: clear a user's sign-in delays")
    p.add_argument("action", choices=["add", "passwd", "disable", "enable", "unlock", "list"])
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--role", choices=["admin", "uploader", "reviewer", "viewer"], default="viewer")
    p.add_argument("--region", action="append", help="region code an uploader writes or a reviewer reviews (repeatable)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("export-all", help="every table as CSV in one zip, with a README")
    p.add_argument("out")
    p.set_defaults(func=cmd_export_all)

    from etl.catalog_cli import add_parsers
    from etl.round_cli import add_parser as add_round_parser

    add_parsers(sub)
    add_round_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
