"""The validation rules are declared once (etl.problems.RULES): a finding takes its severity
and what was expected from its rule, a misspelled rule cannot run, and every rule the code
names is declared and worded in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from etl.problems import EXPECTED, RULES, SEVERITIES, Problem

ROOT = Path(__file__).resolve().parents[1]


def test_a_finding_takes_its_severity_and_expectation_from_its_rule():
    p = Problem("negative_count", "f.xlsx", "Sheet1", "C4", raw="-3")
    assert (p.severity, p.expected) == ("error", "non_negative")
    assert p.line() == "[错误] f.xlsx Sheet1!C4: “-3”为负数，计数类指标不能为负；应为不小于0的数值"
    assert Problem("jump", "f.xlsx", value="9亿元", detail="0.5亿元").severity == "warning"
    accepted = Problem("implausible_value", "f.xlsx", severity="warning", detail="x")
    assert accepted.severity == "warning" and accepted.expected == "plausible_magnitude"


def test_a_misspelled_rule_or_severity_cannot_run():
    with pytest.raises(KeyError, match="negative_cuont"):
        Problem("negative_cuont", "f.xlsx")
    with pytest.raises(ValueError):
        Problem("jump", "f.xlsx", severity="warn")
    with pytest.raises(ValueError):
        Problem("unknown_choice", "f.xlsx", expected="regoin")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_worded_in_both_languages_with_a_known_expectation(code):
    rule = RULES[code]
    assert rule.severity in SEVERITIES and rule.expected in EXPECTED
    fields = {"raw": "R", "detail": "D", "value": "V"}
    assert rule.message_zh.format(**fields) and rule.message_en.format(**fields)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in rule.message_en.replace("全国", "")
                   .replace("全国, 100000", "")), "the English message is English"


def test_every_rule_the_code_names_is_declared():
    named = set()
    for path in [*ROOT.glob("etl/**/*.py"), *ROOT.glob("dashboard/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                named.add(node.args[0].value)
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) \
                    and node.left.attr == "rule":
                named |= {c.value for c in node.comparators if isinstance(c, ast.Constant)}
    assert len(named) > 30
    assert named <= set(RULES), named - set(RULES)
