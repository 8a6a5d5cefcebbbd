"""Drafts of the periodic progress report (推进创新驱动发展情况汇报) from the metrics engine:
data (reports.data) → sentences (reports.sentences, wording in data/report_templates.yaml)
→ a Draft (reports.draft) → Word (reports.docx_writer) or Markdown (reports.markdown_writer)."""
