"""The command line of the scripts that regenerate files under data/ from a folder of sources
(etl.build_official, etl.build_zones): `python -m etl.build_… FOLDER`, one line printed per note."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def folder_build_main(build: Callable[[Path], list[str]], prog: str, description: str,
                      argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for line in build(args.folder):
        print(line)
    return 0
