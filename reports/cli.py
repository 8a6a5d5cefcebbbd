"""`python -m reports draft --region CODE --period 2025 [--lang zh|en] --out FILE.docx|FILE.md`:
draft the progress report of a region (city, county or zone) from the database named by
DATABASE_URL. The Report page calls the same functions.

Exit codes: 0 written, 1 nothing to report (no data for the region and period), 2 usage error
(unknown region, bad period or file type).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from config import Settings
from config.cli import command_parser

EXIT_OK, EXIT_NO_DATA, EXIT_USAGE = 0, 1, 2
PERIOD_RE = re.compile(r"^((?:19|20)\d{2})(?:Q([1-4]))?$", re.IGNORECASE)
FORMATS = (".docx", ".md")


def parse_period(text: str) -> tuple[int, int] | None:
    """2025 -> (2025, 0); 2025Q3 -> (2025, 3), the year to date (1-9月)."""
    match = PERIOD_RE.match(text.strip())
    if not match:
        return None
    return int(match[1]), int(match[2] or 0)


def cmd_draft(args) -> int:
    from db.session import get_engine
    from reports.draft import build_draft

    period = parse_period(args.period)
    if period is None:
        print(f"期间格式应为 2025 或 2025Q3 / period must look like 2025 or 2025Q3: "
              f"{args.period!r}", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        print(f"输出文件应为 .docx 或 .md / --out must end in .docx or .md: {out}",
              file=sys.stderr)
        return EXIT_USAGE
    engine = get_engine(Settings.from_env().database_url)
    draft = build_draft(engine, args.region, *period, lang=args.lang)
    if draft is None:
        print(f"未知地区代码 / unknown region code: {args.region}", file=sys.stderr)
        return EXIT_USAGE
    if not draft.has_data:
        print(f"{draft.region_name} {draft.period}: 没有数据，未生成报告 / no data for this "
              "region and period, nothing written", file=sys.stderr)
        return EXIT_NO_DATA
    if out.suffix.lower() == ".docx":
        from reports.charts import CJK_FONT_PACKAGE, charts_drawable
        from reports.docx_writer import write_docx

        write_docx(draft, out, charts=not args.no_charts)
        if draft.charts and not args.no_charts and not charts_drawable(args.lang):
            print(f"未找到中文字体，Word 文件中没有图表；请安装 {CJK_FONT_PACKAGE}（如 apt-get install "
                  f"{CJK_FONT_PACKAGE}）后重新生成 / no CJK font found: the .docx has no charts; "
                  f"install {CJK_FONT_PACKAGE} and draft it again", file=sys.stderr)
    else:
        from reports.markdown_writer import write_markdown

        write_markdown(draft, out)
    n = sum(len(s.paragraphs) for s in draft.all_sections())
    print(f"{draft.title}: {len(draft.all_sections())} 节 / sections, {n} 段 / paragraphs "
          f"→ {out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser, sub = command_parser("python -m reports",
                                 "起草推进创新驱动发展情况汇报 / draft the "
                                 "progress report of a region")
    draft = sub.add_parser("draft", help="draft a report as .docx or .md")
    draft.add_argument("--region", required=True, help="region code: 341500, 341502, Z341500-01")
    draft.add_argument("--period", required=True, help="2025 (year) or 2025Q3 (1-9月)")
    draft.add_argument("--lang", choices=("zh", "en"), default="zh")
    draft.add_argument("--out", required=True, help="FILE.docx or FILE.md")
    draft.add_argument("--no-charts", action="store_true", help="leave the charts out of .docx")
    draft.set_defaults(func=cmd_draft)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
