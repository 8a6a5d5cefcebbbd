"""Problems are values: every validation finding, located and worded in Chinese and English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.limits import MAX_CELLS, MAX_ERRORS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_VALUES

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """A validation rule, declared once: how grave its finding is, what was expected instead
    (a key of EXPECTED) and its message in Chinese and English ({raw}, {detail} and {value}
    are filled in)."""
    severity: str
    expected: str
    message_zh: str
    message_en: str


RULES: dict[str, Rule] = {
    "unreadable_file": Rule("error", "file",
         "无法读取文件：{detail}",
         "Cannot read the file: {detail}"),
    "too_large": Rule("error", "file",
         "文件过大：{detail}",
         "File too large: {detail}"),
    "password_protected": Rule("error", "file",
         "文件已加密，请在 Excel 或 WPS 中另存为无密码文件后再上传",
         "The workbook is password-protected: save it without a password in Excel or WPS, then upload it again"),
    "macro_enabled": Rule("error", "file",
         "含宏的工作簿不予接收，请另存为 .xlsx",
         "Macro-enabled workbooks are refused; save as .xlsx"),
    "zip_bomb": Rule("error", "file",
         "文件解压后异常庞大（{detail}），已拒绝",
         "The file inflates abnormally ({detail}); refused"),
    "no_table": Rule("error", "indicator",
         "未找到数据表：没有一行表头能匹配指标目录",
         "No data table found: no header row matches the indicator catalog"),
    "unknown_region": Rule("error", "region",
         "未知地区“{raw}”",
         "Unknown region '{raw}'"),
    "ambiguous_region": Rule("error", "region",
         "地区“{raw}”有多个可能：{detail}",
         "Region '{raw}' is ambiguous: {detail}"),
    "unknown_indicator": Rule("error", "indicator",
         "未知指标“{raw}”",
         "Unknown indicator '{raw}'"),
    "ambiguous_indicator": Rule("error", "indicator",
         "指标“{raw}”有多个可能：{detail}",
         "Indicator '{raw}' is ambiguous: {detail}"),
    "not_a_number": Rule("error", "number",
         "“{raw}”不是数值",
         "'{raw}' is not a number"),
    "negative_count": Rule("error", "non_negative",
         "“{raw}”为负数，计数类指标不能为负",
         "'{raw}' is negative; a count cannot be negative"),
    "percent_out_of_range": Rule("error", "percent",
         "“{raw}”超出0–100%",
         "'{raw}' is outside 0–100%"),
    "duplicate_value": Rule("error", "unique",
         "与 {detail} 重复：同一地区、指标、期间出现两次",
         "Duplicates {detail}: same region, indicator and period twice"),
    "no_period": Rule("error", "period",
         "无法确定期间：{detail}",
         "Cannot tell the period: {detail}"),
    "bad_unit": Rule("error", "unit",
         "单位“{raw}”不能换算为指标单位{detail}",
         "Unit '{raw}' does not convert to the indicator's unit {detail}"),
    "ratio_inconsistent": Rule("warning", "consistent",
         "比值{value}与分子分母不一致：{detail}",
         "The ratio {value} disagrees with its numerator and denominator: {detail}"),
    "cumulative_decrease": Rule("warning", "monotonic",
         "累计值{value}低于上一季度（{detail}）",
         "Cumulative value {value} below the previous quarter's ({detail})"),
    "implausible_value": Rule("error", "plausible_magnitude",
         "数值{value}不合常理：{detail}",
         "The value {value} is implausible: {detail}"),
    "same_as_other_period": Rule("warning", "",
         "本期全部数值与{detail}已有数据完全相同，请核对期间",
         "Every value equals what {detail} already holds: check the period"),
    "jump": Rule("warning", "plausible",
         "数值{value}与上年同期相比变化超过10倍（上年同期 {detail}）",
         "The value {value} changes by more than a factor of 10 from the same period a year before ({detail})"),
    "duplicate_column": Rule("error", "unique",
         "指标列重复：{detail}",
         "Indicator column repeated: {detail}"),
    "skipped_total_row": Rule("info", "",
         "合计或分组行“{raw}”未导入",
         "Total or group row '{raw}' not loaded"),
    "nation_row": Rule("info", "",
         "“{raw}”作为全国（100000）的数值导入",
         "'{raw}' loaded as the nation's own figure (全国, 100000)"),
    "region_resolved": Rule("info", "",
         "“{raw}”识别为 {detail}",
         "'{raw}' read as {detail}"),
    "skipped_column": Rule("warning", "",
         "列“{raw}”不在指标目录中，未导入；如需导入，请在预览中选择对应指标或用 --map 指定",
         "Column '{raw}' is in no catalog and was not loaded; choose its indicator in the preview, or give --map"),
    "unit_assumed": Rule("warning", "unit",
         "列“{raw}”未注明单位，按指标单位{detail}读取",
         "Column '{raw}' states no unit; read in the indicator's unit {detail}"),
    "conflicting_units": Rule("error", "unit",
         "单位说明“{raw}”与“{detail}”相互矛盾",
         "The unit '{raw}' contradicts '{detail}' stated above it"),
    "no_indicator": Rule("error", "indicator",
         "各列为期间，但无法确定指标：标题“{raw}”中没有指标名称，请用 --indicator 指定",
         "The columns are periods but the indicator is unclear: the title '{raw}' names none; give --indicator"),
    "unknown_choice": Rule("error", "",
         "指定的对应关系“{raw}”无效：没有这个代码",
         "The correspondence '{raw}' is invalid: no such code"),
    "formula_error": Rule("error", "number",
         "单元格为错误值“{raw}”",
         "Cell holds the error value '{raw}'"),
    "not_a_date": Rule("error", "number",
         "“{raw}”是日期，此处应为数值",
         "'{raw}' is a date; a number belongs here"),
    "no_values": Rule("error", "",
         "文件中没有可导入的数值",
         "The file holds no values to load"),
    "sheet_too_large": Rule("error", "sheet_size",
         "工作表过大（{detail}，行×列），未读取",
         "Sheet too large ({detail} rows × columns); not read"),
    "too_many_errors": Rule("error", "",
         "错误已达 {detail} 个，文件只能被拒绝，其余部分未再检查：请先改正以上错误",
         "{detail} errors found: the file can only be rejected, so the rest was not checked; correct these first"),
    "too_many_values": Rule("error", "values_limit",
         "文件中的数值过多（超过 {detail} 个），未读取；请拆分文件",
         "Too many values in the file (over {detail}); not read: split the file"),
    "formula_no_value": Rule("error", "number",
         "公式“{raw}”没有计算结果：请在 Excel 或 WPS 中打开并保存后再上传",
         "The formula '{raw}' has no computed value: open and save the file in Excel or WPS, then upload it again"),
    "out_of_range": Rule("error", "magnitude",
         "“{raw}”超出可能的数值范围",
         "'{raw}' is beyond any plausible value"),
    "merged_data_cells": Rule("error", "unmerged",
         "数据单元格 {detail} 被合并，无法确定数值属于哪个地区",
         "Data cells {detail} are merged: which region the value belongs to is unclear"),
    "region_not_allowed": Rule("error", "allowed_region",
         "无权上传地区“{raw}”的数据：您只能上传 {detail} 及其下级地区",
         "You may not upload figures for '{raw}': only for {detail} and the regions below"),
    # A file sent into a reporting round (etl.rounds) holds that round's period and regions only.
    "outside_round": Rule("error", "round",
         "“{raw}”不在填报轮次“{detail}”的期间和地区之内：本轮的数据请单独上传",
         "'{raw}' is outside the reporting round '{detail}' (its period and regions): send the round's figures in a file of their own"),
    "several_rounds": Rule("error", "round",
         "文件涉及多个填报轮次（{detail}）：请按轮次分开上传",
         "The file falls into several reporting rounds ({detail}): send one file per round"),
    "target_unknown": Rule("error", "",
         "目标值“{raw}”无法对应到地区和指标",
         "Target '{raw}' matches no region and indicator"),
    # Figures read out of report text (etl.extract); the cell is the sentence's offsets.
    "text_no_region": Rule("error", "region",
         "未确定地区：“{raw}”，请指定地区",
         "No region for '{raw}'; give the region"),
    "text_no_sentence": Rule("error", "",
         "候选值{raw}与原文句子不符，请重新提取",
         "Candidate {raw} does not match the document's sentence; extract again"),
    "text_not_a_value": Rule("info", "",
         "“{raw}”是{detail}，不是指标值，未导入",
         "'{raw}' is a {detail} statement, not a value; not stored"),
    "text_nothing_found": Rule("error", "",
         "文本中没有可识别的指标数值",
         "No indicator figures recognised in the text"),

}

EXPECTED: dict[str, tuple[str, str]] = {
    "number": ("数值，如 123.4、１２３、12。6、1,234；缺失可填 —、/、无 或留空", "a number such as 123.4 or 1,234; leave blank or write — / 无 for no data"),
    "region": ("指标目录中的地区名称或6位行政区划代码", "a region name or 6-digit code from the registry"),
    "indicator": ("指标目录中的指标名称或别名", "an indicator name or alias from the catalog"),
    "non_negative": ("不小于0的数值", "a value of 0 or more"),
    "percent": ("0到100之间的百分数", "a percentage between 0 and 100"),
    "period": ("期间，如“2025年1-9月”“2025年前三季度”“2025Q3”“2024年”", "a period such as 2025年1-9月, 2025Q3 or 2024年"),
    "unique": ("每个地区、指标、期间只出现一次", "each region, indicator and period once"),
    "unit": ("可换算的单位（亿元/万元/元，人/万人，家/个/件/项，%）", "a convertible unit (亿元/万元/元, 人/万人, counts, %)"),
    "consistent": ("分子/分母×系数 与比值相差不超过1%", "numerator/denominator × scale within 1% of the ratio"),
    "monotonic": ("累计值不低于上一季度", "a cumulative value at least the previous quarter's"),
    "plausible_magnitude": ("与上年、同表同级地区和指标的合理范围相符的数值；如核对无误，请在预览中勾选“数值已核对”（命令行 --accept-outliers）",
                            "a value in line with last year, its peers and the indicator's range; if it is right, tick 'values checked' in the preview (--accept-outliers)"),
    "plausible": ("与上年同期相差不超过10倍", "within a factor of 10 of the same period a year before"),
    "round": ("填报轮次的期间和地区内的数值", "values of the round's period and regions"),
    "file": (".xlsx、.xls 或 .csv 文件", "an .xlsx, .xls or .csv file"),
    "sheet_size": (f"每个工作表不超过 {MAX_SHEET_ROWS:,} 行、{MAX_SHEET_COLUMNS:,} 列，整个文件不超过 {MAX_CELLS:,} 个单元格",
                   f"at most {MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS:,} columns per sheet, {MAX_CELLS:,} cells per file"),
    "values_limit": (f"一个文件不超过 {MAX_VALUES:,} 个数值", f"at most {MAX_VALUES:,} values per file"),
    "magnitude": ("绝对值小于 10¹² 的数值（按指标单位）", "a value below 10¹² in absolute terms (in the indicator's unit)"),
    "unmerged": ("每个数据单元格单独填写", "one value per cell, not merged"),
    "allowed_region": ("您负责的地区或其下级地区", "a region assigned to you or one below it"),
    "": ("", ""),
}


# Rules that question a value already read: their cell is the value's own, `raw` is what the
# cell holds and `value` the figure the rule checked, in the indicator's unit. A value that
# one of them warns about is marked among an upload's changes.
VALUE_RULES = frozenset({"ratio_inconsistent", "cumulative_decrease", "jump", "implausible_value"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters from a cell shown as escapes: a message must not ring a terminal's
    bell, move its cursor or carry a NUL that PostgreSQL cannot store."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


@dataclass(frozen=True)
class Problem:
    """One finding of a rule (a key of RULES: an unknown rule is refused when the finding is
    made, so a misspelled rule cannot run). Its severity and what was expected come from the
    rule; a finding states them only where the rule allows several (an accepted outlier is a
    warning, a choice of a region or of an indicator expects that)."""
    rule: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    raw: str = ""
    detail: str = ""
    detail_en: str = ""  # the detail in English, where it is worded (else detail serves both)
    candidates: tuple[str, ...] = ()  # codes a user may choose among (an ambiguous name)
    value: str = ""  # VALUE_RULES: the value as read, in the indicator's unit ("92.145亿元")
    severity: str = ""  # error | warning | info; the rule's when not given
    expected: str = ""  # key into EXPECTED; the rule's when not given

    def __post_init__(self) -> None:
        rule = RULES.get(self.rule)
        if rule is None:
            raise KeyError(f"no validation rule {self.rule!r}: declare it in etl.problems.RULES")
        if not self.severity:
            object.__setattr__(self, "severity", rule.severity)
        if not self.expected:
            object.__setattr__(self, "expected", rule.expected)
        if self.severity not in SEVERITIES or self.expected not in EXPECTED:
            raise ValueError(f"{self.rule}: severity {self.severity!r}, expected {self.expected!r}")

    @property
    def location(self) -> str:
        parts = [p for p in (self.sheet, self.cell) if p]
        return "!".join(parts) if parts else self.file

    @property
    def message_zh(self) -> str:
        return RULES[self.rule].message_zh.format(raw=printable(self.raw), detail=printable(self.detail),
                                             value=self.value)

    @property
    def message_en(self) -> str:
        return RULES[self.rule].message_en.format(raw=printable(self.raw),
                                             detail=printable(self.detail_en or self.detail),
                                             value=self.value)

    @property
    def expected_zh(self) -> str:
        return EXPECTED[self.expected][0]

    @property
    def expected_en(self) -> str:
        return EXPECTED[self.expected][1]

    def as_dict(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "location": self.location,
                "raw": self.raw, "value": self.value, "expected_zh": self.expected_zh, "expected_en": self.expected_en,
                "message_zh": self.message_zh, "message_en": self.message_en}

    def line(self, lang: str = "zh") -> str:
        sev = {"error": ("错误", "error"), "warning": ("警告", "warning"),
               "info": ("提示", "info")}[self.severity][lang == "en"]
        msg = self.message_en if lang == "en" else self.message_zh
        exp = self.expected_en if lang == "en" else self.expected_zh
        where = f"{self.file} {self.location}" if self.sheet else self.file
        tail = (f"; expected {exp}" if lang == "en" else f"；应为{exp}") if exp else ""
        return f"[{sev}] {where}: {msg}{tail}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def within_error_limit(problems: list[Problem], file: str, limit: int = MAX_ERRORS) -> bool:
    """Keep problems to `limit` errors, in place: past it the errors are dropped and one more
    says that checking stopped. Returns False when the limit was reached (stop checking)."""
    if len(errors(problems)) < limit:
        return True
    if any(p.rule == "too_many_errors" for p in problems):
        return False
    kept, n = [], 0
    for p in problems:
        if p.severity == "error":
            n += 1
            if n > limit:
                continue
        kept.append(p)
    kept.append(Problem("too_many_errors", file, detail=f"{limit:,}"))
    problems[:] = kept
    return False


class HasProblems:
    """Errors and warnings of a result that keeps its findings in `problems`."""

    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)
