"""The Report page (报告) in a real browser: the draft previewed for the chosen region and
period in both languages, the Word and Markdown downloads, and a region without data.

The sample data hold R&D expenditure and high-tech enterprises for 2024 and 2025; Lu'an's
2025 R&D expenditure was corrected to 99.9亿元 (tests/sample_data.py)."""

from __future__ import annotations

import re

import docx

from tests.sample_data import CORRECTED_VALUE, LUAN, ZONE

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def open_report(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.locator(".page-header h1").wait_for()


def test_report_page_previews_the_draft_and_downloads_word_and_markdown(page, live_app):
    open_report(page, live_app.url + f"/report?region={LUAN}&period=2025")
    assert page.locator(".page-header h1").inner_text() == "报告"
    assert page.locator("#nav-links .nav-link.active").inner_text() == "报告"
    title = "六安市2025年推进创新驱动发展情况汇报"
    assert page.locator("#report-title").inner_text() == title
    preview = page.locator("#report-preview").inner_text()
    assert f"全市全社会研发投入达到{CORRECTED_VALUE:g}亿元" in preview
    assert "一、科技活动投入" in preview and "存在的问题和不足" in preview
    assert "第" in page.locator("#report-table").inner_text()

    with page.expect_download() as info:
        page.locator("#report-docx-button").click()
    download = info.value
    assert download.suggested_filename == f"{title}.docx"
    document = docx.Document(download.path())
    assert document.paragraphs[0].text == title
    assert any(f"{CORRECTED_VALUE:g}亿元" in p.text for p in document.paragraphs)

    with page.expect_download() as info:
        page.locator("#report-md-button").click()
    markdown = open(info.value.path(), encoding="utf-8").read()
    assert info.value.suggested_filename == f"{title}.md"
    assert markdown.startswith(f"# {title}\n")


def test_report_page_in_english_and_for_a_zone(page, live_app):
    open_report(page, live_app.url + f"/report?region={LUAN}&period=2025&lang=en")
    assert page.locator("#report-title").inner_text() == \
        "Lu'an City: progress report on innovation-driven development, 2025"
    assert CJK.findall(page.locator("#report-preview").inner_text()) == []
    open_report(page, live_app.url + f"/report?region={ZONE}&period=2025")
    assert page.locator("#report-title").inner_text() == \
        "六安经济技术开发区2025年推进创新驱动发展情况汇报"
    assert "全区全社会研发投入达到" in page.locator("#report-preview").inner_text()


def test_report_page_says_so_when_the_region_has_no_data(page, live_app):
    open_report(page, live_app.url + "/report?region=340102&period=2025")
    assert page.locator("#report-empty").is_visible()
    assert page.locator("#report-preview").count() == 0
