"""The monthly bulletin: generated, commented, published and frozen; its PDF read back with poppler."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.indicators import recompute_court
from app.models import AuditEntry, Campaign, Court, Report
from app.reports.service import ReportError, generate, render_pdf
from tests.case_files import ROWS, write_csv
from tests.helpers import hand_in, import_file, new_bulletin, pdf_text, post, row_version, sign_in


def pdf_fonts(content: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


def test_the_bulletin_pdf_has_its_chinese_text_fonts_and_page_numbers(app, may, tmp_path):
    report_id = new_bulletin(app)
    with app.app_context(), app.test_request_context("/"):
        report = db.session.get(Report, report_id)
        # Enough reversed cases to run over several pages: every page must carry its number.
        report.content = {**report.content, "reversals": [
            {"case_number": f"（2021）豫0823民初{n}号", "department": "民事审判庭", "judge": "民事审判庭法官01",
             "result": "改判", "result_on": "2021-05-12"} for n in range(1, 120)]}
        content = render_pdf(report)
    text = pdf_text(content, tmp_path)
    assert "2021-05 “案件质量年”活动月度通报" in text and "十二项具体目标" in text
    assert "执行案件结案率" in text and "80.0%" in text  # the May figure of the pinned fixture
    pages = text.split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", page), number
        assert "武陟县人民法院 2021-05 月度通报" in page  # the running header
    fonts = pdf_fonts(content, tmp_path)
    cjk = [f for f in fonts if "WenQuanYi" in f[0]]
    assert cjk and all(f[-5] == "yes" for f in cjk)  # embedded
    assert not [f for f in fonts if f[-5] != "yes"]  # nothing left to the reader's machine


def test_a_published_bulletin_does_not_change_when_the_data_does(app, client, may, tmp_path):
    report_id = new_bulletin(app)
    sign_in(client, "office")
    assert post(client, f"/reports/{report_id}/commentary", {
        "findings": "执行案件结案率偏低。", "recommendations": "加大执行力度。",
        "row_version": row_version(app, report_id)}).status_code == 302
    # (Within the divisions' consultation window, which the draft opened: publishing now takes a reason.)
    assert post(client, f"/reports/{report_id}/publish", {"reason": "各部门已核对"}).status_code == 302
    first_pdf = client.get(f"/reports/{report_id}.pdf").data
    first_xlsx = client.get(f"/reports/{report_id}.xlsx").data
    assert "执行案件结案率偏低" in pdf_text(first_pdf, tmp_path)
    with app.app_context():
        frozen = db.session.get(Report, report_id).content
    # More cases come in for May and the figures are recomputed.
    more = [dict(r, **{"案号": r["案号"].replace("号", "0号")}) for r in ROWS]
    assert import_file(app, write_csv(tmp_path / "more.csv", more)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
        assert db.session.get(Report, report_id).content == frozen
    assert client.get(f"/reports/{report_id}.pdf").data == first_pdf
    assert client.get(f"/reports/{report_id}.xlsx").data == first_xlsx
    # Changing a published report is refused; a re-issue is a new version, the old one kept.
    refused = post(client, f"/reports/{report_id}/commentary", {"findings": "改",
                                                               "row_version": row_version(app, report_id)})
    assert refused.status_code == 422 and "冻结" in refused.get_data(as_text=True)
    second_id = new_bulletin(app)
    with app.app_context():
        versions = {r.version: r.status for r in db.session.scalars(select(Report))}
        assert versions == {1: "published", 2: "draft"} and second_id != report_id
        assert db.session.get(Report, second_id).content != frozen
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "report.publish")) == 1
    workbook = load_workbook(io.BytesIO(first_xlsx))
    assert workbook.sheetnames == ["收结案", "十二项目标", "报送情况", "发改案件", "公布事项", "问题与建议"]
    assert ("存在问题", "执行案件结案率偏低。") in list(workbook["问题与建议"].values)


def test_two_editors_cannot_overwrite_each_others_commentary(app, client, may):
    report_id = new_bulletin(app)
    sign_in(client, "office")
    seen = row_version(app, report_id)  # two editors open the page
    post(client, f"/reports/{report_id}/commentary", {"findings": "第一位", "row_version": seen})
    stale = post(client, f"/reports/{report_id}/commentary", {"findings": "第二位", "row_version": seen})
    assert stale.status_code == 422 and "别人" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Report, report_id).commentary["findings"] == "第一位"


def test_drafts_are_the_offices_and_published_reports_everyones(app, client, may):
    report_id = new_bulletin(app)
    sign_in(client, "civil.staff")
    assert client.get(f"/reports/{report_id}").status_code == 404
    assert post(client, "/reports/generate", {"period": "2021-05"}).status_code == 403
    assert post(client, f"/reports/{report_id}/publish").status_code == 403
    sign_in(client, "office")
    post(client, f"/reports/{report_id}/publish", {"reason": "各部门已核对"})
    sign_in(client, "civil.staff")
    assert client.get(f"/reports/{report_id}").status_code == 200
    assert client.get(f"/reports/{report_id}.pdf").data.startswith(b"%PDF")


def test_the_command_line_writes_the_same_bulletin(app, runner, may, tmp_path):
    out = tmp_path / "bulletin.pdf"
    result = runner.invoke(args=["reports", "generate", "monthly", "--period", "2021-05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "十二项具体目标" in pdf_text(out.read_bytes(), tmp_path)
    xlsx = tmp_path / "bulletin.xlsx"
    assert runner.invoke(args=["reports", "generate", "monthly", "--period", "2021-05", "--out", str(xlsx)]
                         ).exit_code == 0
    assert load_workbook(xlsx).sheetnames[0] == "收结案"
    bad = runner.invoke(args=["reports", "generate", "monthly", "--period", "May", "--out", str(out)])
    assert bad.exit_code == 2 and "not a period" in bad.output


def test_the_monthly_draft_is_scheduled_once(app, may, redis_url):
    from app.tasks import redis_connection
    from app.tasks.reports import monthly_reports

    app.config["AS_OF_DATE"] = date(2021, 6, 1)
    with app.app_context():
        for key in redis_connection().scan_iter("quality-year:monthly-reports:*"):
            redis_connection().delete(key)
        monthly_reports()
        monthly_reports()
        from app.models import Task

        tasks = list(db.session.scalars(select(Task).where(Task.kind == "report")))
        assert len(tasks) == 1 and tasks[0].arguments[1:3] == ["monthly", "2021-05"]


def test_the_quarterly_analysis_has_trends_charts_and_departments(app, may, tmp_path):
    with app.app_context(), app.test_request_context("/"):
        report = generate(db.session.scalar(select(Campaign)), "quarterly", "2021Q2", None, date(2021, 7, 2))
        assert report.title == "武陟县人民法院 2021Q2 季度审判运行态势分析"
        trends = {t["name"]: t for t in report.content["trends"]}
        assert trends["执行案件结案率"]["months"][4] == 0.8  # May, as the dashboard shows it
        content = render_pdf(report)
        with pytest.raises(ReportError):
            generate(db.session.scalar(select(Campaign)), "quarterly", "2021-05", None, date(2021, 7, 2))
    text = pdf_text(content, tmp_path)
    assert "审判运行态势分析" in text and "各部门比较" in text and "审委会案件质量评析" in text
    assert "9. 一审改判、发回重审率" in text  # a chart's caption: the charts are drawn, as vectors
    pages = text.split("\f")[:-1]
    assert all(re.search(rf"第\s*{n}\s*页\s*共\s*{len(pages)}\s*页", page) for n, page in enumerate(pages, 1))


def test_after_a_quarter_its_analysis_is_scheduled_too(app, may):
    from app.models import Task
    from app.tasks import redis_connection
    from app.tasks.reports import monthly_reports

    app.config["AS_OF_DATE"] = date(2021, 7, 1)
    with app.app_context():
        for key in redis_connection().scan_iter("quality-year:monthly-reports:*"):
            redis_connection().delete(key)
        monthly_reports()
        assert sorted(t.arguments[1:3] for t in db.session.scalars(select(Task).where(Task.kind == "report"))) == [
            ["monthly", "2021-06"], ["quarterly", "2021Q2"]]


def test_the_review_report_for_the_intermediate_court(app, runner, may, tmp_path):

    hand_in(app, "excellent_document", "civil", "2021-05", 3)
    out = tmp_path / "review.pdf"
    result = runner.invoke(args=["reports", "generate", "review", "--period", "2021-05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "裁判文书评查情况报告" in text and "（2021）豫0823民初1号" in text
    xlsx = tmp_path / "review.xlsx"
    runner.invoke(args=["reports", "generate", "review", "--period", "2021-05", "--out", str(xlsx)])
    quotas = list(load_workbook(xlsx)["报送情况"].values)[2:]  # under the title and header rows
    assert ("民事审判庭", "优秀裁判文书", 3, 4) in quotas
