"""Reporting rounds, the whole cycle for 六安市's districts on a real SQLite file and a real
PostgreSQL server: submissions wait apart from the published figures until a reviewer approves
them; returned ones carry comments; the board's statuses, the metrics and the drafted report
are right at every step; every step is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from db.accounts import add_user, audit_entries, review_regions
from db.metric_models import MetricValue
from db.models import Observation, Revision, Upload
from db.round_models import SubmissionValue
from db.rounds import get_submission, review_comments, round_submissions
from db.session import session_scope
from etl.pipeline import read_and_validate, restrict_regions
from etl.review import approve, parse_comment, return_submission, review_preview
from etl.round_status import missing_list, round_status
from etl.rounds import (
    RoundError,
    SubmitReport,
    commit_or_submit,
    open_round,
    regions_under,
)
from reports.draft import build_draft
from reports.markdown_writer import to_markdown
from tests.workbooks import xlsx_bytes

LUAN, JINAN, YUAN, HEFEI = "341500", "341502", "341503", "341100"
PERIOD = "2025年1-9月"
PASSWORD = "a-long-password"


def sheet(rows, period=PERIOD) -> bytes:
    """The fill-in template as a district sends it: its rows, R&D (亿元) and high-tech firms."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = period
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    for row in rows:
        ws.append(list(row))
    return xlsx_bytes(wb)


@pytest.fixture
def cycle(engine):
    """A reviewer for 六安市, an uploader each for 金安区 and 裕安区, and an open round asking
    六安's seven districts and counties for two indicators by a deadline a week away."""
    reviewer = add_user(engine, "luan_review", PASSWORD, "reviewer", [LUAN])
    uploaders = {code: add_user(engine, name, PASSWORD, "uploader", [code])
                 for code, name in ((JINAN, "jinan"), (YUAN, "yuan"))}
    deadline = datetime.now(UTC) + timedelta(days=7)
    regions = regions_under(engine, LUAN, ("county",))
    round_id = open_round(engine, period=PERIOD, regions=regions, deadline=deadline,
                          user=reviewer.name, scope=review_regions(engine, reviewer),
                          indicators=["rd_expenditure", "high_tech_enterprises"])
    return {"round": round_id, "reviewer": reviewer, "uploaders": uploaders,
            "deadline": deadline, "regions": regions}


def send(engine, account, content: bytes, name: str):
    from db.accounts import allowed_regions

    result = read_and_validate(content, name, engine)
    restrict_regions(result, allowed_regions(engine, account), ",".join(account.regions))
    return result, commit_or_submit(engine, result, account.name)


def published(engine, region: str, indicator: str = "rd_expenditure") -> float | None:
    with session_scope(engine) as s:
        return s.scalar(select(Observation.value).where(
            Observation.region_code == region, Observation.indicator_code == indicator,
            Observation.year == 2025, Observation.quarter == 3))


def metric_rows(engine, region: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(MetricValue).where(
            MetricValue.region_code == region, MetricValue.year == 2025,
            MetricValue.quarter == 3))


def report_text(engine, region: str) -> str:
    draft = build_draft(engine, region, 2025, 3)
    return to_markdown(draft) if draft.sections else ""


def statuses(engine, round_id, now=None) -> dict[str, str]:
    frame = round_status(engine, round_id, now).regions
    return dict(zip(frame["region_code"], frame["status"], strict=True))


def test_two_districts_submit_one_is_returned_corrects_and_both_are_approved(engine, cycle):
    jinan, yuan = cycle["uploaders"][JINAN], cycle["uploaders"][YUAN]
    reviewer = cycle["reviewer"]
    scope = review_regions(engine, reviewer)
    assert len(cycle["regions"]) == 7 and JINAN in cycle["regions"]

    # Both send their sheets: stored as submitted, nothing published, no metric, no report.
    _, sent = send(engine, jinan, sheet([(JINAN, "金安区", 12.34, 56)]), "金安区.xlsx")
    assert isinstance(sent, SubmitReport) and sent.outcome == "submitted"
    assert "待审核后发布" in sent.line() and sent.n_values == 2
    _, wrong = send(engine, yuan, sheet([(YUAN, "裕安区", 8.5, 3000)]), "裕安区.xlsx")
    assert published(engine, JINAN) is None and published(engine, YUAN) is None
    assert metric_rows(engine, JINAN) == 0
    assert "12.34" not in report_text(engine, JINAN)
    status = round_status(engine, cycle["round"])
    assert status.n_reported == 2 and status.n_regions == 7
    assert statuses(engine, cycle["round"])[JINAN] == "submitted"
    assert statuses(engine, cycle["round"])["341524"] == "not_reported"
    row = status.regions.set_index("region_code").loc[JINAN]
    assert row["uploaded_by"] == "jinan" and row["n_present"] == 2 and row["status_zh"] == "已报待审"
    assert status.indicators.set_index("indicator_code").loc["rd_expenditure", "n_reported"] == 2

    # The reviewer sees old → new, then returns 裕安区's with a comment on its cell.
    preview = review_preview(engine, wrong.submission_id, scope)
    assert {(c.key[0], c.old_value, c.new_value) for c in preview.changes} >= {(YUAN, None, 3000)}
    return_submission(engine, wrong.submission_id, reviewer.name,
                      [parse_comment(f"{PERIOD}!D2=高新技术企业数应为30家，请核对")], scope)
    assert statuses(engine, cycle["round"])[YUAN] == "returned"
    assert review_comments(engine, wrong.submission_id)[0] == {
        **review_comments(engine, wrong.submission_id)[0],
        "sheet": PERIOD, "cell": "D2", "text": "高新技术企业数应为30家，请核对"}
    with pytest.raises(RoundError, match="不在待审状态"):
        approve(engine, wrong.submission_id, reviewer.name, scope)

    # 裕安区 corrects and sends again: the returned one is superseded.
    _, fixed = send(engine, yuan, sheet([(YUAN, "裕安区", 8.5, 30)]), "裕安区（更正）.xlsx")
    assert fixed.superseded == [wrong.submission_id]
    assert get_submission(engine, wrong.submission_id)["status"] == "superseded"
    assert statuses(engine, cycle["round"])[YUAN] == "submitted"

    # Approving 金安区's publishes it as an upload by its uploader, with metrics and the report.
    report = approve(engine, sent.submission_id, reviewer.name, scope)
    assert report.n_new == 2 and published(engine, JINAN) == pytest.approx(12.34)
    with session_scope(engine) as s:
        upload = s.get(Upload, report.upload_id)
        assert (upload.uploaded_by, upload.file_name, upload.outcome) == ("jinan", "金安区.xlsx", "loaded")
    assert metric_rows(engine, JINAN) > 0
    assert "12.34" in report_text(engine, JINAN)
    assert published(engine, YUAN) is None and metric_rows(engine, YUAN) == 0
    assert statuses(engine, cycle["round"])[JINAN] == "approved"

    approve(engine, fixed.submission_id, reviewer.name, scope)
    assert published(engine, YUAN, "high_tech_enterprises") == 30
    assert round_status(engine, cycle["round"]).n_reported == 2

    # Past the deadline, whoever has not reported is overdue; the approved stay approved.
    late = statuses(engine, cycle["round"], cycle["deadline"] + timedelta(hours=1))
    assert late[JINAN] == late[YUAN] == "approved"
    assert {late[c] for c in cycle["regions"] if c not in (JINAN, YUAN)} == {"overdue"}
    missing = missing_list(round_status(engine, cycle["round"], cycle["deadline"] + timedelta(hours=1)))
    assert len(missing) == 5 and set(missing["状态"]) == {"逾期"}
    assert set(missing["缺报指标"]) == {"全社会研发投入、高新技术企业数"}

    actions = [e["action"] for e in audit_entries(engine)]
    assert actions.count("round_submit") == 3 and actions.count("round_approve") == 2
    assert "round_return" in actions and "round_open" in actions


def test_a_correction_after_publication_waits_for_approval_and_leaves_a_revision(engine, cycle):
    jinan, reviewer = cycle["uploaders"][JINAN], cycle["reviewer"]
    content = sheet([(JINAN, "金安区", 12.34, 56)])
    _, first = send(engine, jinan, content, "金安区.xlsx")
    approve(engine, first.submission_id, reviewer.name)
    _, again = send(engine, jinan, content, "金安区.xlsx")  # the same file once more
    assert again.outcome == "unchanged" and again.same_as == first.submission_id

    _, correction = send(engine, jinan, sheet([(JINAN, "金安区", 13.5, 56)]), "金安区（更正）.xlsx")
    assert correction.outcome == "submitted"
    assert published(engine, JINAN) == pytest.approx(12.34)
    assert statuses(engine, cycle["round"])[JINAN] == "submitted"
    assert "12.34" in report_text(engine, JINAN) and "13.5" not in report_text(engine, JINAN)

    report = approve(engine, correction.submission_id, reviewer.name)
    assert (report.n_changed, report.n_unchanged) == (1, 1)
    assert published(engine, JINAN) == pytest.approx(13.5)
    with session_scope(engine) as s:
        revision = s.scalar(select(Revision).order_by(Revision.id.desc()))
        assert (revision.old_value, revision.new_value) == (pytest.approx(12.34), pytest.approx(13.5))


def test_a_bad_or_stray_file_is_refused_whole_and_nothing_is_staged(engine, cycle):
    jinan = cycle["uploaders"][JINAN]
    admin = add_user(engine, "boss", PASSWORD, "admin")
    result, report = send(engine, jinan, sheet([(JINAN, "金安区", "十二", 56)]), "坏.xlsx")
    assert report.outcome == "rejected" and "C2" in result.errors[0].location
    # 六安市's own row is not asked by the round: the whole file is refused, its cell named.
    result, report = send(engine, admin, sheet([(JINAN, "金安区", 12.34, 56),
                                                (LUAN, "六安市", 99.0, 500)]), "混合.xlsx")
    assert report.outcome == "rejected"
    stray = [p for p in result.errors if p.rule == "outside_round"]
    assert [p.location for p in stray] == [f"{PERIOD}!C3", f"{PERIOD}!D3"]
    assert "不在填报轮次" in stray[0].message_zh
    assert round_submissions(engine, cycle["round"]) == []
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(SubmissionValue)) == 0
    assert published(engine, JINAN) is None and published(engine, LUAN) is None


def test_a_file_outside_any_round_is_stored_as_before(engine, cycle):
    admin = add_user(engine, "boss", PASSWORD, "admin")
    _, report = send(engine, admin, sheet([(HEFEI, "合肥市", 300.0, 5000)]), "合肥.xlsx")
    assert report.outcome == "loaded" and published(engine, HEFEI) == pytest.approx(300.0)
    _, report = send(engine, admin, sheet([(JINAN, "金安区", 10.0, 50)], "2025年1-6月"), "上半年.xlsx")
    assert report.outcome == "loaded"


def test_a_reviewer_acts_only_within_their_regions(engine, cycle):
    other = add_user(engine, "fuyang_review", PASSWORD, "reviewer", ["341200"])
    scope = review_regions(engine, other)
    _, sent = send(engine, cycle["uploaders"][JINAN], sheet([(JINAN, "金安区", 12.34, 56)]), "金安区.xlsx")
    with pytest.raises(RoundError, match="无权审核"):
        approve(engine, sent.submission_id, other.name, scope)
    with pytest.raises(RoundError, match="无权为这些地区开启轮次"):
        open_round(engine, period="2025年", regions=[JINAN], deadline=cycle["deadline"],
                   user=other.name, scope=scope)
    with pytest.raises(RoundError, match="已有同一期间的开放轮次"):
        open_round(engine, period=PERIOD, regions=[JINAN], deadline=cycle["deadline"],
                   user="cli", scope=None)
    with pytest.raises(RoundError, match="须附意见"):
        return_submission(engine, sent.submission_id, cycle["reviewer"].name, [])
    assert published(engine, JINAN) is None


def test_migration_0018_goes_down_and_up_again(engine, db_url):
    from sqlalchemy import inspect

    from db.session import migrate

    tables = {"rounds", "round_regions", "submissions", "submission_values", "review_comments"}
    assert tables <= set(inspect(engine).get_table_names())
    migrate(db_url, "0017", down=True)
    engine.dispose()
    assert not tables & set(inspect(engine).get_table_names())
    migrate(db_url)
    engine.dispose()
    assert tables <= set(inspect(engine).get_table_names())


def test_an_approval_that_fails_stores_nothing_and_one_being_approved_cannot_be_returned(engine, cycle):
    from sqlalchemy import update

    from db.round_models import Submission
    from etl.load import UnknownCodes

    reviewer = cycle["reviewer"].name
    _, sent = send(engine, cycle["uploaders"][JINAN], sheet([(JINAN, "金安区", 12.34, 56)]), "金安区.xlsx")
    with session_scope(engine) as s:  # a staged value the catalog no longer knows
        s.execute(update(SubmissionValue).where(SubmissionValue.cell == "D2")
                  .values(indicator_code="retired_indicator"))
    with pytest.raises(UnknownCodes):
        approve(engine, sent.submission_id, reviewer)
    assert published(engine, JINAN) is None and metric_rows(engine, JINAN) == 0
    assert get_submission(engine, sent.submission_id)["status"] == "submitted"

    with session_scope(engine) as s:  # as a reviewer's approval in progress leaves it
        s.execute(update(SubmissionValue).where(SubmissionValue.cell == "D2")
                  .values(indicator_code="high_tech_enterprises"))
        s.execute(update(Submission).values(status="approving"))
    with pytest.raises(RoundError, match="正在审核发布"):
        return_submission(engine, sent.submission_id, reviewer, [parse_comment("请核对")])
    assert statuses(engine, cycle["round"])[JINAN] == "submitted"
    approve(engine, sent.submission_id, reviewer)  # an approval cut short is finished
    assert published(engine, JINAN) == pytest.approx(12.34)
    assert get_submission(engine, sent.submission_id)["status"] == "approved"


def test_the_round_template_lists_the_regions_with_last_period_beside_and_loads_back(engine, cycle, tmp_path):
    from etl.round_template import write_round_template

    admin = add_user(engine, "boss", PASSWORD, "admin")
    send(engine, admin, sheet([(JINAN, "金安区", 10.0, 50)], "2025年1-6月"), "上半年.xlsx")
    path = tmp_path / "金安区模板.xlsx"
    assert write_round_template(path, engine, cycle["round"], [JINAN, "110000"]) == 1
    wb = openpyxl.load_workbook(path)
    ws = wb[PERIOD]
    assert [c.value for c in ws[1]] == ["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"]
    assert (ws["A2"].value, ws["B2"].value) == (JINAN, "金安区")
    assert ws["C2"].comment.text == "上期（2025年1-6月）：10 亿元"
    assert ws["D2"].comment.text == "上期（2025年1-6月）：50 家"
    ws["C2"], ws["D2"] = 12.34, 56  # filled in as a district would
    filled = tmp_path / "金安区已填.xlsx"
    wb.save(filled)
    result, report = send(engine, cycle["uploaders"][JINAN], filled.read_bytes(), filled.name)
    assert result.errors == [] and report.outcome == "submitted" and report.n_values == 2
    with pytest.raises(RoundError, match="不在第"):
        write_round_template(path, engine, cycle["round"], ["110000"])
