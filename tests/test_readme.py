"""The README embeds the CLI's real --help output, so the two cannot drift apart."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("args", [(), ("load",), ("export",)])
def test_readme_shows_current_cli_help(args):
    env = dict(os.environ, COLUMNS="100")
    out = subprocess.run([sys.executable, "-m", "etl", *args, "--help"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.rstrip()
    assert out in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
