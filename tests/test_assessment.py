"""The year-end assessment: scored from the plan's scheme with the evidence behind each line, objected to by the
department, decided by the office, and out as the final ranked table."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, Campaign, Case, Department, ReversalFile
from tests.helpers import open_assessment, pdf_text, post, sign_in


def test_the_assessment_runs_only_once_opened(app, client, year_end):
    sign_in(client, "office")
    response = post(client, "/assessment/run", follow_redirects=True)
    assert "阶段" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Assessment)) is None


def test_each_line_traces_to_its_evidence(app, client, year_end):
    open_assessment(app, client)
    assert post(client, "/assessment/run").status_code == 302
    with app.app_context():
        civil = db.session.scalar(select(Assessment).join(Department).where(Department.code == "civil"))
        lines = {line["code"]: line for line in civil.lines}
        met = lines["quota_periods_met"]
        # Two complete months (March, April), 0.5 points each, from the plan's scheme.
        assert met["points"] == 1.0 and any("2021-03" in e for e in met["evidence"])
        missed = lines["quota_periods_missed"]
        assert missed["points"] == -10  # May to December missed, −1 each, capped at 10
        assert missed["capped"] is True and len(missed["evidence"]) >= 8
        indicator_lines = [line for code, line in lines.items() if code.startswith("indicator:")]
        assert indicator_lines and all("分子" in line["evidence"][0] for line in indicator_lines)
        numbers = [int(line["name"].split(".")[0]) for line in indicator_lines]
        assert numbers == sorted(numbers)  # in the plan's order of targets: 2 before 10
        assert civil.total == round(sum(line["points"] for line in civil.lines), 2)
    page = client.get(f"/assessment/{civil.id}").get_data(as_text=True)
    assert "按期完成报送任务" in page and "2021-03" in page


def test_the_scores_a_user_may_open_are_the_ones_listed_for_him(app, client, year_end):
    from app.models import User
    from app.policy import may_see_assessment, visible_assessments

    open_assessment(app, client)
    assert post(client, "/assessment/run").status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(Assessment)).all()
        listed = {}
        for username in ("office", "civil.staff", "criminal.staff"):
            user = db.session.scalar(select(User).where(User.username == username))
            listed[username] = set(db.session.scalars(select(Assessment.id).where(visible_assessments(user))))
            assert listed[username] == {row.id for row in rows if may_see_assessment(row, user)}
        civil = db.session.scalar(select(Assessment.id).join(Department).where(Department.code == "civil"))
    assert len(rows) > 2 and listed["office"] == {row.id for row in rows}
    assert listed["civil.staff"] == {civil} and civil not in listed["criminal.staff"]


def test_an_erroneous_case_is_deducted_with_its_case_number(app, client, year_end):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        case = db.session.scalar(select(Case).join(Department).where(Department.code == "civil"))
        db.session.add(ReversalFile(court_id=campaign.court_id, campaign_id=campaign.id, case=case,
                                    department_id=case.department_id, result="改判", result_on=date(2021, 6, 1),
                                    report_due=date(2021, 6, 16), state="closed", erroneous=True))
        db.session.commit()
        number = case.case_number
    open_assessment(app, client)
    post(client, "/assessment/run")
    with app.app_context():
        civil = db.session.scalar(select(Assessment).join(Department).where(Department.code == "civil"))
        line = next(line for line in civil.lines if line["code"] == "erroneous_cases")
        assert line["points"] == -3 and number in line["evidence"][0]


def test_a_department_objects_and_the_office_decides(app, client, year_end):
    open_assessment(app, client)
    post(client, "/assessment/run")
    with app.app_context():
        civil_id = db.session.scalar(select(Assessment.id).join(Department).where(Department.code == "civil"))
    # Another department can neither see nor object to the civil division's score.
    sign_in(client, "criminal.staff")
    assert client.get(f"/assessment/{civil_id}").status_code == 404
    assert post(client, f"/assessment/{civil_id}/object", {"objection": "x"}).status_code == 404
    sign_in(client, "civil.staff")
    assert post(client, f"/assessment/{civil_id}/object", {"objection": "11月的报送已于12月补报。"}).status_code == 302
    again = post(client, f"/assessment/{civil_id}/object", {"objection": "再次"})
    assert again.status_code == 422
    sign_in(client, "office")
    assert post(client, f"/assessment/{civil_id}/decide", {"decision": "经核实，补报属实，加1分。", "total": "-3.5"}
                ).status_code == 302
    with app.app_context():
        row = db.session.get(Assessment, civil_id)
        assert row.final_total == -3.5 and row.total != -3.5 and row.decision.startswith("经核实")


def test_objections_close_after_the_plans_days(app, client, year_end):
    open_assessment(app, client)
    post(client, "/assessment/run")
    with app.app_context():
        civil_id = db.session.scalar(select(Assessment.id).join(Department).where(Department.code == "civil"))
    app.config["AS_OF_DATE"] = date(2022, 1, 20)
    sign_in(client, "civil.staff")
    late = post(client, f"/assessment/{civil_id}/object", {"objection": "迟到的异议"})
    assert late.status_code == 422 and "2022-01-12" in late.get_data(as_text=True)


def test_the_final_table_goes_out_as_pdf_and_workbook(app, client, year_end, tmp_path):
    open_assessment(app, client)
    post(client, "/assessment/run")
    with app.app_context(), app.test_request_context("/"):
        from app.reports.service import generate, render_pdf, render_xlsx

        report = generate(db.session.scalar(select(Campaign)), "year_end", "2021", None, date(2022, 1, 6))
        text = pdf_text(render_pdf(report), tmp_path)
        workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    assert "年度“案件质量年”活动考评结果" in text and "民事审判庭" in text and "各部门得分排名" in text
    ranked = list(workbook["排名"].values)[2:]  # under the title and header rows
    assert [r[0] for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r[2] for r in ranked] == sorted((r[2] for r in ranked), reverse=True)


def test_a_departments_year_end_report_holds_its_own_lines_and_charts(app, client, runner, year_end, tmp_path):
    open_assessment(app, client)
    post(client, "/assessment/run")
    out = tmp_path / "civil.pdf"
    result = runner.invoke(args=["reports", "generate", "year-end", "--period", "2021", "--department", "civil",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "武陟县人民法院民事审判庭" in text and "全年走势" in text
    assert "刑事审判庭" not in text
    unknown = runner.invoke(args=["reports", "generate", "year-end", "--period", "2021", "--department", "nowhere",
                                  "--out", str(out)])
    assert unknown.exit_code == 2 and "nowhere" in unknown.output


def test_the_assessment_page_title_is_plain_text(app, client, year_end):
    """The phase's checklist belongs in the page body; it was once rendered into the <title> as well."""
    open_assessment(app, client)
    page = client.get("/assessment/").get_data(as_text=True)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "年终考评" in title
    assert page.count("checklist-summary") == 1
