"""The files people download: every workbook read back cell by cell — the title row (pending_court, period, data
cut-off), a bold frozen header, rates as numbers in a percent format, dates as dates, widths that fit Chinese
text, and labels where a person reads (no English grades, no internal codes)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, Indicator, Report, User
from app.xlsx import Column, Sheet, Title, Value, text_width, workbook, workbook_file
from tests.helpers import DOCS, PENDING, handed_in_document, new_bulletin, sign_in

ENGLISH_GRADES = {"excellent", "good", "fair", "poor", "inside", "outside", "True", "False", "yes", "no"}


def cells(sheet) -> list:
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


def assert_laid_out(sheet, title: str) -> None:
    """The rules every sheet follows: the title row, then a bold header frozen with it."""
    assert sheet["A1"].value.startswith(title), sheet["A1"].value
    assert sheet.freeze_panes == "A3"
    header = [c for c in sheet[2] if c.value is not None]
    assert header and all(c.font.b for c in header)
    assert not sheet["A3"].font.b


def column(sheet, label: str) -> list:
    """The cells under a header label (row 2), down to the first empty row."""
    index = next(c.column for c in sheet[2] if c.value == label)
    found = []
    for n in range(3, sheet.max_row + 1):
        if all(c.value is None for c in sheet[n]):
            break
        found.append(sheet.cell(n, index))
    return found


# ---------------------------------------------------------------- the writer


def test_the_writer_formats_what_it_is_told(app):
    rows = [["（2021）豫0823民初1号", 0.9204545455, 45.25, 12, date(2021, 5, 3), "2021-05-04", True, "=cmd|x",
             Value(3.5, "days")],
            ["民初2号", None, 7, 3, None, "", False, "—", Value(0.5, "percent")]]
    columns = [Column("案号"), Column("服判息诉率", "percent"), Column("平均审理天数", "days"),
               Column("件数", "integer"), Column("立案日期", "date"), Column("结案日期", "date"), Column("达标"),
               Column("备注"), Column("混合")]
    with app.test_request_context("/"):
        content = workbook([Sheet("表", columns, rows, Title("武陟县人民法院", "测试", "2021年5月",
                                                               datetime(2021, 5, 31, 10, 0)), ["注：说明。"])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "武陟县人民法院 · 测试 · 2021年5月 · 数据截至 2021-05-31"
    assert_laid_out(sheet, "武陟县人民法院")
    rate = sheet["B3"]
    assert rate.value == 0.9204545455 and rate.number_format == "0.0%"  # a number, shown 92.0%
    assert (sheet["C3"].number_format, sheet["C4"].number_format) == ("0.0", "0")  # an average, a count
    assert sheet["D3"].number_format == "0"
    assert isinstance(sheet["E3"].value, datetime) and sheet["E3"].number_format == "yyyy-mm-dd"
    assert isinstance(sheet["F3"].value, datetime)  # an ISO date given as text is a date too
    assert (sheet["G3"].value, sheet["G4"].value) == ("是", "否")
    assert sheet["H3"].value == "'=cmd|x" and sheet["H4"].value == "—"
    assert (sheet["I3"].number_format, sheet["I4"].number_format) == ("0.0", "0.0%")
    assert sheet["A6"].value == "注：说明。" and sheet.max_row == 6
    # Widths fit the content; a Chinese character counts double.
    assert text_width("（2021）豫0823民初1号") == 21
    assert sheet.column_dimensions["A"].width == 23
    assert sheet.column_dimensions["B"].width == text_width("服判息诉率") + 2
    assert sheet.column_dimensions["E"].width == 12


def test_the_streaming_writer_follows_the_same_rules(app, tmp_path):
    path = tmp_path / "big.xlsx"
    rows = ([f"（2021）豫0823民初{n}号", n / 1000] for n in range(1, 2001))  # a generator, read once
    with app.test_request_context("/"):
        count = workbook_file(str(path), [Sheet("案件", [Column("案号"), Column("比例", "percent")], rows,
                                                Title("武陟县人民法院", "案件", "2021年"))])
    assert count == 2000
    sheet = load_workbook(path).active
    assert_laid_out(sheet, "武陟县人民法院 · 案件 · 2021年")
    assert sheet.max_row == 2002 and sheet["B2002"].number_format == "0.0%"
    assert sheet.column_dimensions["A"].width == text_width("（2021）豫0823民初500号") + 2  # from the first rows


# ---------------------------------------------------------------- the bulletin


def test_the_bulletins_workbook_holds_what_its_pdf_holds(app, may):
    report_id = new_bulletin(app)
    with app.app_context(), app.test_request_context("/"):
        from app.reports.service import render_xlsx

        report = db.session.get(Report, report_id)
        campaign = db.session.scalar(select(Campaign))
        codes = {i.code for i in db.session.scalars(select(Indicator))} | {i.variant for i in campaign.indicators}
        definition_version = report.definition_version
        targets = report.content["targets"]
        rate = next(t for t in targets if t["unit"] == "percent" and t["value"] is not None)
        # Last month's figure and a published list, as a bulletin holds them.
        report.content = {**report.content, "targets": [
            dict(t, change=0.012, improved=True) if t is rate else t for t in targets],
            "published": [{"list": "优秀裁判文书", "case_number": "（2021）豫0823民初7号",
                           "department": "民事审判庭", "judge": "民事审判庭法官01"}]}
        report.commentary = {"findings": "执行案件结案率偏低。", "recommendations": ""}
        content = render_xlsx(report)
        cutoff = report.data_cutoff.strftime("%Y-%m-%d")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["收结案", "十二项目标", "报送情况", "发改案件", "公布事项", "问题与建议"]
    for sheet in book.worksheets:
        assert_laid_out(sheet, f"武陟县人民法院 · 月度通报 · 2021年5月 · 数据截至 {cutoff}")
        words = {str(c.value) for c in cells(sheet)}
        assert not words & ENGLISH_GRADES, words & ENGLISH_GRADES
        text = " ".join(words)
        assert not [code for code in codes if re.search(rf"\b{code}\b", text)]
        assert definition_version not in text
    sheet = book["十二项目标"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[1].value == rate["name"])
    assert row[2].value == rate["value"] and row[2].number_format == "0.0%"
    assert row[4].value == campaign_target(app, rate["name"]) and row[4].number_format == "0.0%"
    assert row[7].value == 0.012 and row[7].number_format == "+0.0%;-0.0%;0.0%" and row[8].value == "向好"
    bands = {c.value for c in column(sheet, "档次")}
    assert bands <= {"优", "良", "中", "差", "区间内", "区间外", None} and bands - {None}
    assert {c.value for c in column(sheet, "达标")} <= {"是", "否", None}
    days = next(r for r in sheet.iter_rows(min_row=3) if r[1].value == "平均审理天数")
    assert days[2].number_format in ("0", "0.0") and days[3].value == "不高于"
    notes = [c.value for c in sheet["A"] if c.value and str(c.value).startswith("10. 平均审理天数")]
    assert notes == ["10. 平均审理天数：期内审结诉讼案件（立案至结案天数 − 扣除审限天数）的平均值"]
    published = ("优秀裁判文书", "（2021）豫0823民初7号", "民事审判庭", "民事审判庭法官01")
    assert list(book["公布事项"].values)[2] == published
    commentary = [("存在问题", "执行案件结案率偏低。"), ("意见建议", "（待审管办填写）")]
    assert list(book["问题与建议"].values)[2:] == commentary
    counts = {r[0]: r[1] for r in list(book["收结案"].values)[2:]}
    assert isinstance(counts["收案"], int) and any(k.startswith("超审限未结案件") for k in counts)


def campaign_target(app, name: str) -> float:
    with app.app_context():
        return db.session.scalar(select(Indicator.target).where(Indicator.name_zh == name))


# ---------------------------------------------------------------- the drill-down, the ledger, the summary


def test_a_drill_down_says_what_it_lists_and_what_the_figure_counts(app, may, client):
    sign_in(client, "office")
    response = client.get("/indicators/closed_within_limit/cases.xlsx?side=denominator&period=2021-05")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert_laid_out(sheet, "武陟县人民法院 · 法定审限内结案率 · 诉讼及执行结案（分母） · 2021年5月 · 数据截至 ")
    dates = column(sheet, "审限届满日")
    assert dates and all(isinstance(c.value, datetime) and c.number_format == "yyyy-mm-dd" for c in dates)
    text = " ".join(str(c.value) for c in cells(sheet))
    assert "closed_within_limit" not in text and "denominator" not in text
    assert sheet.cell(sheet.max_row, 1).value.startswith("统计口径：")
    # Someone who reads English gets it in English.
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "office")).locale = "en"
        db.session.commit()
    sheet = load_workbook(io.BytesIO(client.get(
        "/indicators/closed_within_limit/cases.xlsx?side=denominator&period=2021-05").data)).active
    assert sheet["A2"].value == "Case number" and "Data as of" in sheet["A1"].value
    assert sheet.cell(sheet.max_row, 1).value.startswith("What the figure counts: ")


def test_the_ledger_counts_days_as_people_say_them(app, client, pending_court):
    sign_in(client, "office")
    sheet = load_workbook(io.BytesIO(client.get(f"{PENDING}/ledger.xlsx?tab=past").data)).active
    assert_laid_out(sheet, "武陟县人民法院 · 长期未结与超审限案件管理 · 超审限")
    assert sheet.title == "超审限"
    past = {c.value: sheet.cell(c.row, column(sheet, "超审限天数")[0].column).value for c in column(sheet, "案号")}
    assert past["（2021）豫0823民初5号"] == 50  # deadline 2021-05-01, on 2021-06-20: 50 days past, not -50
    assert all(isinstance(d, int) and d > 0 for d in past.values())
    sheet = load_workbook(io.BytesIO(client.get(f"{PENDING}/ledger.xlsx?tab=near").data)).active
    assert [c.value for c in column(sheet, "剩余天数")] == [5]  # 2021-06-25
    sheet = load_workbook(io.BytesIO(client.get(f"{PENDING}/ledger.xlsx?tab=long").data)).active
    assert_laid_out(sheet, "武陟县人民法院")
    bands = {c.value for c in column(sheet, "评价区间")}
    assert bands == {"12–18 个月", "24+ 个月"}
    assert {c.value for c in column(sheet, "隐性长期未结")} == {"是", None}
    assert all(isinstance(c.value, datetime) for c in column(sheet, "立案日期"))
    assert sheet.cell(sheet.max_row, 1).value.startswith("隐性长期未结：")
    assert not {str(c.value) for c in cells(sheet)} & {"long", "past", "near", "True", "False"}


def test_the_register_summary_reads_as_labels(app, client, people):
    handed_in_document(app, client, people, 301)
    sign_in(client, "office")
    book = load_workbook(io.BytesIO(client.get(f"{DOCS}/summary.xlsx?period=2021-05").data))
    for sheet in book.worksheets:
        assert_laid_out(sheet, "武陟县人民法院 · 裁判文书评查（“3+4+5”） · 报送汇总 · 2021年5月 · 数据截至 ")
    items = book.worksheets[1]
    assert [c.value for c in column(items, "状态")] == ["已审核"]
    assert [c.value for c in column(items, "统计期间")] == ["2021年5月"]
    assert [c.value for c in column(items, "案件库中有此案")] == ["否"]  # no case data imported here
    assert column(items, "报送时间")[0].number_format == "yyyy-mm-dd hh:mm"
    header = {c.value for c in items[2]}
    assert not header & {"approved", "case_number", "reasons"}


def test_the_quarterly_analysis_keeps_rates_as_numbers(app, may):
    with app.app_context(), app.test_request_context("/"):
        from app.reports.service import generate, render_xlsx

        report = generate(db.session.scalar(select(Campaign)), "quarterly", "2021Q2", None, date(2021, 7, 2))
        book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == ["走势", "部门比较", "审委会评析", "问题与建议"]
    trends = book["走势"]
    assert_laid_out(trends, "武陟县人民法院 · 季度审判运行态势分析 · 2021年第2季度 · 数据截至 ")
    row = next(r for r in trends.iter_rows(min_row=3) if r[1].value == "执行案件结案率")
    may_cell = row[4 + 4]  # target number, name, target, quarter, then January to June
    assert may_cell.value == 0.8 and may_cell.number_format == "0.0%"
    departments = book["部门比较"]
    rates = [c for c in column(departments, "执行案件结案率") if c.value is not None]
    assert rates and all(c.number_format == "0.0%" for c in rates)
