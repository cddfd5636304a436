"""Data consultation (数据会商) before a bulletin is published: the window opens with the draft, a division sees its
own figures and the cases behind them and objects to one case's counting, the office corrects the data or rejects the
objection (the division is told either way), and publishing early or with an objection undecided needs a reason."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import (
    AuditEntry,
    Case,
    Court,
    Department,
    IndicatorValue,
    Notification,
    Objection,
    Report,
    Role,
    User,
)
from tests.case_files import ROWS, write_csv
from tests.helpers import department_id, import_file, new_bulletin, pdf_text, post, run_worker, sign_in

LATE_CASE = "（2020）豫0823民初4号"  # D: closed 2021-05-15, a month past its limit (filed 2020-10-15, 6 months)
MEDIATED_CASE = "（2021）豫0823民初1号"  # A: closed by mediation in May


@pytest.fixture
def may(app, make_user, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 5)  # a Saturday: the window's 3 working days end on Wednesday the 9th
    make_user("office", Role.OFFICE, department="trial-management")
    make_user("civil.head", Role.DIVISION_HEAD)
    make_user("civil.staff", Role.STAFF)
    make_user("civil.judge", Role.JUDGE)
    make_user("criminal.head", Role.DIVISION_HEAD, department="criminal")
    assert import_file(app, write_csv(tmp_path / "may.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))


def ids(app, number: str) -> tuple[int, int]:
    """(case id, its department's id)."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.case_number == number))
        return case.id, case.department_id


def figure(app, code: str, scope_kind: str = "court", scope_id: int = 0) -> tuple[float, float]:
    with app.app_context():
        value = db.session.scalar(select(IndicatorValue).where(
            IndicatorValue.indicator_code == code, IndicatorValue.period_key == "2021-05",
            IndicatorValue.scope_kind == scope_kind, IndicatorValue.scope_id == scope_id))
        return value.numerator, value.denominator


def notices(app, username: str) -> list[str]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)))


def objection_url(report_id: int, department: int) -> str:
    return f"/reports/{report_id}/consultation/{department}/objections/new"


def object_to(client, report_id: int, department: int, case_id: int, code: str, side: str, reason: str, **more):
    return post(client, objection_url(report_id, department), {
        "indicator": code, "side": side, "case": case_id, "reason": reason, **more})


def only_objection(app, number: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Objection.id).where(Objection.case_number == number))


def test_generating_the_draft_opens_the_window_and_tells_the_divisions(app, client, may):
    report_id = new_bulletin(app)
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.consultation_until == date(2021, 6, 9)  # 3 working days after Saturday the 5th
        opened = report.consultation_opened_at
    assert any("数据会商" in n and "2021-06-09" in n for n in notices(app, "civil.head"))
    assert any("数据会商" in n for n in notices(app, "criminal.head"))
    assert not notices(app, "civil.judge")  # a judge is not the division's head or liaison
    # Generated again, the draft keeps its window.
    assert new_bulletin(app) == report_id
    with app.app_context():
        assert db.session.get(Report, report_id).consultation_opened_at == opened
    # The division's duty to check is on its head's "my work"; confirming it clears it.
    sign_in(client, "civil.head")
    assert "月度通报数据会商核对" in client.get("/work/").get_data(as_text=True)
    assert post(client, f"/reports/{report_id}/consultation/{department_id(app, 'civil')}/check").status_code == 302
    assert "月度通报数据会商核对" not in client.get("/work/").get_data(as_text=True)


def test_a_department_bulletin_opens_no_window(app, may):
    with app.app_context(), app.test_request_context("/"):
        from app.models import Campaign
        from app.reports.service import generate

        civil = db.session.get(Department, department_id(app, "civil"))
        report = generate(db.session.scalar(select(Campaign)), "monthly", "2021-05", None, date(2021, 6, 5), civil)
        assert report.consultation_opened_at is None and report.consultation_until is None


def test_an_objection_corrects_a_case_and_the_figure_another_is_rejected(app, client, may, tmp_path):
    report_id = new_bulletin(app)
    late_id, civil = ids(app, LATE_CASE)
    mediated_id, _civil = ids(app, MEDIATED_CASE)
    assert figure(app, "closed_within_limit") == (8, 11)
    assert figure(app, "closed_within_limit", "department", civil) == (5, 6)

    sign_in(client, "civil.head")
    page = client.get(f"/reports/{report_id}/consultation").get_data(as_text=True)
    assert "审限内结案率" in page and "民事审判庭" in page
    listed = client.get(f"/reports/{report_id}/consultation/{civil}/closed_within_limit/denominator")
    assert LATE_CASE in listed.get_data(as_text=True)
    # A case the figure does not count is refused (D is not in the numerator: it closed late).
    refused = object_to(client, report_id, civil, late_id, "closed_within_limit", "numerator", "审限已延长")
    assert refused.status_code == 422 and "不计入" in refused.get_data(as_text=True)
    # The time limit was extended: the division objects, with the approval as a PDF.
    raised = object_to(client, report_id, civil, late_id, "closed_within_limit", "denominator",
                       "该案已于2021年4月10日经院长批准延长审限30天。",
                       file=(io.BytesIO(b"%PDF-1.4 approval"), "延长审限审批表.pdf"))
    assert raised.status_code == 302
    assert object_to(client, report_id, civil, mediated_id, "civil_mediation_rate", "numerator",
                     "该案系判决结案，导出数据结案方式有误。").status_code == 302
    first, second = only_objection(app, LATE_CASE), only_objection(app, MEDIATED_CASE)
    assert client.get(f"/reports/{report_id}/objections/{first}/file").data == b"%PDF-1.4 approval"
    assert any(LATE_CASE in n for n in notices(app, "office"))

    # The office's duty to decide each is on its "my work".
    sign_in(client, "office")
    work = client.get("/work/").get_data(as_text=True)
    assert "数据会商异议处理" in work and LATE_CASE in work
    # ... and on the console: the objections beside the court-level duties, the divisions' checks in measure 14's row.
    console = client.get("/console/?period=2021-06").get_data(as_text=True)
    assert "数据会商异议处理" in console and f"{LATE_CASE}（2021-05）" in console
    # A correction that breaks the case is refused, naming the field; nothing changes.
    bad = post(client, f"/reports/{report_id}/objections/{first}/accept", {"结案日期": "2020-01-01"})
    assert bad.status_code == 422 and "结案日期" in bad.get_data(as_text=True)
    # The office corrects the extension days: the deadline moves to the closing day.
    assert post(client, f"/reports/{report_id}/objections/{first}/accept",
                {"延长审限天数": "30", "note": "经核，审批表属实。"}).status_code == 302
    with app.app_context():
        case = db.session.get(Case, late_id)
        assert case.extension_days == 30 and case.deadline == date(2021, 5, 15)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.correct"))
        assert entry.after["objection"] == first and entry.before["extension_days"] == 0
        assert f"#{first}" in entry.summary
    # Published before the recompute has run, the bulletin would show the old figures: refused.
    early = post(client, f"/reports/{report_id}/publish", {"reason": "领导要求提前通报"}, follow_redirects=True)
    assert "重新计算" in early.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Report, report_id).status == "draft"
    run_worker(app)  # the recompute the correction started
    assert figure(app, "closed_within_limit") == (9, 11)
    assert figure(app, "closed_within_limit", "department", civil) == (6, 6)
    # The other objection is rejected with a reason.
    assert post(client, f"/reports/{report_id}/objections/{second}/reject",
                {"reason": "经核对裁判文书，该案确以调解方式结案。"}).status_code == 302
    assert post(client, f"/reports/{report_id}/objections/{second}/reject",
                {"reason": "again"}).status_code == 422  # decided once
    messages = notices(app, "civil.head")
    assert any(LATE_CASE in m and "采纳" in m for m in messages)
    assert any(MEDIATED_CASE in m and "经核对裁判文书" in m for m in messages)
    assert any(LATE_CASE in m for m in notices(app, "civil.staff"))
    assert "数据会商异议处理" not in client.get("/work/").get_data(as_text=True)

    # Publishing while the window runs needs a reason; with one, the bulletin lists the objections as decided.
    sign_in(client, "civil.staff")
    assert "月度通报数据会商核对" in client.get("/work/").get_data(as_text=True)  # not confirmed by the division
    sign_in(client, "office")
    refused = post(client, f"/reports/{report_id}/publish", follow_redirects=True)
    assert "理由" in refused.get_data(as_text=True)
    assert post(client, f"/reports/{report_id}/publish", {"reason": "各部门已核对完毕，提前通报。"}).status_code == 302
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.status == "published" and report.publish_reason == "各部门已核对完毕，提前通报。"
        assert report.consultation_closed_at is not None
        within = next(t for t in report.content["targets"] if t["code"] == "closed_within_limit")
        assert within["value"] == pytest.approx(9 / 11)  # the figure after the correction
    sign_in(client, "civil.staff")  # published before the window ended: nothing is left to check
    assert "月度通报数据会商核对" not in client.get("/work/").get_data(as_text=True)
    text = pdf_text(client.get(f"/reports/{report_id}.pdf").data, tmp_path)
    assert "九、数据会商情况" in text and "数据会商截止" in text and "经核，审批表属实" in text
    assert "经核对裁判文书" in text and "（2020）豫" in text
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/{report_id}.xlsx").data))["数据会商"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert rows[LATE_CASE][2:6] == ("法定审限内结案率", "分母", "该案已于2021年4月10日经院长批准延长审限30天。",
                                    "已更正数据")
    assert rows[MEDIATED_CASE][5:7] == ("不予采纳", "经核对裁判文书，该案确以调解方式结案。")


def test_publishing_with_an_objection_undecided_needs_a_reason(app, client, may):
    report_id = new_bulletin(app)
    late_id, civil = ids(app, LATE_CASE)
    sign_in(client, "civil.staff")
    assert object_to(client, report_id, civil, late_id, "closed_within_limit", "denominator",
                     "审限已延长。").status_code == 302
    app.config["AS_OF_DATE"] = date(2021, 6, 10)  # the window has ended; the objection is still open
    sign_in(client, "civil.staff")
    late = object_to(client, report_id, civil, late_id, "civil_mediation_rate", "denominator", "迟到的异议")
    assert late.status_code == 422  # no objection after the window
    sign_in(client, "office")
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "现在公布须记录理由：1 项异议未处理" in page
    post(client, f"/reports/{report_id}/publish")
    with app.app_context():
        assert db.session.get(Report, report_id).status == "draft"
    assert post(client, f"/reports/{report_id}/publish", {"reason": "异议需向中院核实，先行通报。"}).status_code == 302
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.status == "published"
        [listed] = report.content["consultation"]["objections"]
        assert listed["case_number"] == LATE_CASE and listed["status"] == "open"
        assert report.content["consultation"]["reason"] == "异议需向中院核实，先行通报。"
    # Published undecided (with the reason on record), it no longer waits in the office's "my work".
    assert "数据会商异议处理" not in client.get("/work/").get_data(as_text=True)


def test_a_division_sees_only_its_own_figures_and_objections(app, client, may):
    report_id = new_bulletin(app)
    late_id, civil = ids(app, LATE_CASE)
    criminal = department_id(app, "criminal")
    sign_in(client, "civil.head")
    assert object_to(client, report_id, civil, late_id, "closed_within_limit", "denominator",
                     "审限已延长。").status_code == 302
    objection = only_objection(app, LATE_CASE)

    sign_in(client, "criminal.head")
    own = client.get(f"/reports/{report_id}/consultation").get_data(as_text=True)
    assert "刑事审判庭" in own and LATE_CASE not in own
    assert client.get(f"/reports/{report_id}/consultation?department={civil}").status_code == 404
    cases = f"/reports/{report_id}/consultation/{{}}/closed_within_limit/denominator"
    assert client.get(cases.format(civil)).status_code == 404
    assert client.get(cases.format(criminal)).status_code == 200
    assert client.get(f"/reports/{report_id}/objections/{objection}").status_code == 404
    assert object_to(client, report_id, civil, late_id, "closed_within_limit", "denominator",
                     "越权").status_code == 404
    # Not the division's head or liaison: a judge of the division sees nothing of it; nor may a division decide.
    sign_in(client, "civil.judge")
    assert client.get(f"/reports/{report_id}/consultation").status_code == 404
    assert f"/reports/{report_id}/consultation" not in client.get("/reports/").get_data(as_text=True)
    # ... until he is named the division's liaison in the directory.
    with app.app_context():
        from app.directory import appoint
        from app.models import Campaign

        judge, office = (db.session.scalar(select(User).where(User.username == name))
                         for name in ("civil.judge", "office"))
        appoint(db.session.scalar(select(Campaign)), "liaison", judge, office)
    assert client.get(f"/reports/{report_id}/consultation").status_code == 200
    assert f"/reports/{report_id}/consultation" in client.get("/reports/").get_data(as_text=True)
    assert client.get(cases.format(criminal)).status_code == 404
    sign_in(client, "civil.head")
    assert post(client, f"/reports/{report_id}/objections/{objection}/reject", {"reason": "x"}).status_code == 403
    # The draft itself stays the office's.
    assert client.get(f"/reports/{report_id}").status_code == 404
    # And the office, which decides, neither objects nor confirms a division's check.
    sign_in(client, "office")
    assert object_to(client, report_id, civil, late_id, "closed_within_limit", "denominator",
                     "代为异议").status_code == 403
    assert post(client, f"/reports/{report_id}/consultation/{civil}/check").status_code == 403
