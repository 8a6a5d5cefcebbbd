"""Refresh the CLI --help blocks in README.md (between <!-- help: ARGS --> markers)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The block's body may not contain a fence: an empty block must not swallow the text after it.
BLOCK = re.compile(r"<!-- help: (?P<args>[^>]*?) -->\n```\n(?:(?!```).)*```", re.S)


def help_text(args: str) -> str:
    module, *rest = args.split()
    env = dict(os.environ, COLUMNS="100")
    return subprocess.run([sys.executable, "-m", module, *rest, "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout.rstrip()


def main() -> None:
    readme = ROOT / "README.md"
    text = BLOCK.sub(lambda m: f"<!-- help: {m['args']} -->\n```\n{help_text(m['args'])}\n```",
                     readme.read_text(encoding="utf-8"))
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
