"""The README embeds the CLIs' real --help output, so the two cannot drift apart
(scripts/update_readme_help.py refreshes the blocks)."""

from pathlib import Path

from scripts.update_readme_help import BLOCK, help_text

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_help_blocks_match_the_cli():
    blocks = list(BLOCK.finditer(README))
    assert len(blocks) >= 3
    for block in blocks:
        assert help_text(block["args"]) in block.group(0), f"README help for {block['args']} is stale"


def test_ci_runs_the_readme_test_command():
    assert "bash scripts/test.sh" in README
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
