"""The office's console: the progress matrix, reminders, phases (checklist, the assessment's opening), the
directory of the campaign's posts, and the audit trail's measure filter."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.indicators.periods import month_period
from app.models import Appointment, AuditEntry, Campaign, ChecklistItem, Measure, Notification
from app.obligations.console import console
from app.plans.access import measure_spec
from app.registers.compliance import compliance
from tests.case_files import ROWS
from tests.helpers import PLAN_FILE, attach, hand_in, import_file, move, post, sign_in
from tests.helpers import department_id as _department_id  # a loop below names its variable department_id


@pytest.fixture
def court(court_users, app):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    return court_users(**{name: name for name in ("office", "president", "civil.staff", "civil.liaison", "civil.judge",
                                                  "criminal.staff")})


def test_the_matrix_agrees_with_the_registers(app, client, court):
    hand_in(app, "excellent_document", "civil", "2021-05", 4)
    hand_in(app, "flawed_document", "civil", "2021-05", 2)
    hand_in(app, "excellent_document", "criminal", "2021-04", 1)
    hand_in(app, "excellent_hearing", "civil", "2021Q2", 1, author=court["civil.judge"])
    civil, criminal = _department_id(app, "civil"), _department_id(app, "criminal")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        result = console(campaign, month_period(2021, 5), date(2021, 5, 20))
        rows = {measure.code: cells for measure, cells in result.rows}
        assert len(result.rows) == 16
        # Each cell holds the measure page's own compliance cells for that department and period.
        for code, period in (("document_review", "2021-05"), ("hearing_review", "2021Q2")):
            measure = db.session.scalar(select(Measure).where(Measure.code == code))
            for matrix in compliance(campaign, measure, measure_spec(campaign, code), date(2021, 5, 20)):
                for department_id in (civil, criminal):
                    own = [c for r in matrix.rows if r.department.id == department_id
                           for c in r.cells if c.period.key == period]
                    cell = rows[code].get(department_id)
                    quotas = [s for s in (cell.statuses if cell else []) if s.duty.evidence == "quota"]
                    assert (sum(s.done_count for s in quotas), sum(s.required for s in quotas)) == (
                        sum(c.handed_in for c in own), sum(c.required for c in own))
        assert (rows["document_review"][civil].done, rows["document_review"][civil].required) == (6, 8)
        # Two judges in the civil division (the liaison is one) owe 2 hearings each this quarter; one is in.
        assert (rows["hearing_review"][civil].done, rows["hearing_review"][civil].required) == (1, 4)
        # The division owes self-inspection reports of reversed cases; with no file, nothing is due this month.
        assert rows["judicial_responsibility"][civil].statuses == []
        assert rows["judicial_responsibility"].get(_department_id(app, "committee")) is None  # owes nothing there
        # 8 documents + 4 hearings + measure 9's monthly long-pending report.
        assert (result.by_department[civil].done, result.by_department[civil].required) == (7, 13)
        # April is overdue for the criminal division; May is still open.
        april = console(campaign, month_period(2021, 4), date(2021, 5, 20))
        assert dict(april.rows[2][1])[criminal].state == "overdue"
        assert rows["document_review"][criminal].state == "open"

    sign_in(client, "office")
    page = client.get("/console/?period=2021-05").get_data(as_text=True)
    assert "6/8" in page and "1/4" in page
    assert f"/measures/document-review/items?department={civil}&amp;period=2021-05" in page


def test_the_console_is_for_the_office_and_leaders(app, client, court):
    sign_in(client, "civil.staff")
    assert client.get("/console/").status_code == 403
    sign_in(client, "president")
    page = client.get("/console/")
    assert page.status_code == 200 and "十二项具体目标" in page.get_data(as_text=True)
    assert "提醒联络员" not in page.get_data(as_text=True)  # leaders read; the office reminds
    civil = _department_id(app, "civil")
    assert post(client, f"/console/remind/{civil}", {"period": "2021-05"}).status_code == 403


def test_the_office_reminds_a_departments_liaison(app, client, court):
    hand_in(app, "excellent_document", "civil", "2021-04", 1)
    civil = _department_id(app, "civil")
    sign_in(client, "office")
    # The directory names the civil division's liaison; the reminder goes to that person alone.
    appointed = post(client, "/directory/appoint", {"position": "liaison", "user_id": court["civil.liaison"]})
    assert appointed.status_code == 302
    response = post(client, f"/console/remind/{civil}", {"period": "2021-04"}, follow_redirects=True)
    assert "Civil.Liaison" in response.get_data(as_text=True)
    with app.app_context():
        notes = list(db.session.scalars(select(Notification)))
        assert [n.user_id for n in notes] == [court["civil.liaison"]]
        assert "2021-04" in notes[0].message and "1/8" in notes[0].message
        assert notes[0].link == "/work/"  # where the liaison sees what the division owes
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reminder.send"))
        assert entry.department_id == civil and entry.after["to"] == ["civil.liaison"]
    # The same day, the console says when it was sent instead of sending it twice.
    page = client.get("/console/?period=2021-04").get_data(as_text=True)
    assert "已提醒" in page
    again = post(client, f"/console/remind/{civil}", {"period": "2021-04"}, follow_redirects=True)
    assert "今天已提醒" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
    # The next day, a reminder goes out again.
    app.config["AS_OF_DATE"] = date(2021, 5, 21)
    post(client, f"/console/remind/{civil}", {"period": "2021-04"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 2


def test_a_department_that_owes_nothing_is_not_reminded(app, client, court):
    hand_in(app, "excellent_document", "criminal", "2021-04", 2)
    hand_in(app, "flawed_document", "criminal", "2021-04", 2)
    hand_in(app, "long_pending_report", "criminal", "2021-04", 1)
    criminal = _department_id(app, "criminal")
    sign_in(client, "office")
    response = post(client, f"/console/remind/{criminal}", {"period": "2021-04"}, follow_redirects=True)
    assert "无待报送事项" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_without_a_liaison_the_staff_are_reminded(app, client, court):
    criminal = _department_id(app, "criminal")
    sign_in(client, "office")
    post(client, f"/console/remind/{criminal}", {"period": "2021-04"})
    with app.app_context():
        assert list(db.session.scalars(select(Notification.user_id))) == [court["criminal.staff"]]


# ---------------------------------------------------------------- phases


def test_the_assessment_opens_only_in_phase_three(app, client, court):
    sign_in(client, "office")
    app.config["AS_OF_DATE"] = date(2021, 12, 15)
    refused = post(client, "/phases/assessment/open")
    assert refused.status_code == 422 and "总结考评阶段" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Campaign.assessment_opened_at)) is None
    app.config["AS_OF_DATE"] = date(2022, 1, 4)
    assert post(client, "/phases/assessment/open").status_code == 302
    assert post(client, "/phases/assessment/open").status_code == 422  # once
    with app.app_context():
        assert db.session.scalar(select(Campaign.assessment_opened_by_id)) == court["office"]
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "assessment.open")) == 1
    sign_in(client, "president")
    assert post(client, "/phases/assessment/open").status_code == 403


def test_a_checklist_item_is_done_with_its_evidence(app, client, court):
    with app.app_context():
        item_id = db.session.scalar(select(ChecklistItem.id).where(ChecklistItem.code == "mobilization-meeting"))
    sign_in(client, "office")
    refused = post(client, f"/phases/checklist/{item_id}", {"done": "1", "evidence": ""})
    assert refused.status_code == 422 and "说明" in refused.get_data(as_text=True)
    done = post(client, f"/phases/checklist/{item_id}", {"done": "1", "evidence": "会议纪要 武法〔2021〕9号"})
    assert done.status_code == 302
    page = client.get("/phases/").get_data(as_text=True)
    assert "武法〔2021〕9号" in page
    with app.app_context():
        item = db.session.get(ChecklistItem, item_id)
        assert item.done_at is not None and item.done_by_id == court["office"]
    # A plan reload keeps the progress.
    with app.app_context():
        from app.plans import load_plan_file

        load_plan_file(PLAN_FILE)
        assert db.session.get(ChecklistItem, item_id).evidence_note == "会议纪要 武法〔2021〕9号"
    sign_in(client, "civil.staff")
    assert post(client, f"/phases/checklist/{item_id}", {"done": "0"}).status_code == 403


# ---------------------------------------------------------------- directory


def test_posts_are_appointed_by_the_office(app, client, court):
    sign_in(client, "office")
    leader = post(client, "/directory/appoint", {"position": "group_leader", "user_id": court["president"]})
    assert leader.status_code == 302
    post(client, "/directory/appoint", {"position": "liaison", "user_id": court["civil.staff"]})
    # A division has one liaison: naming another replaces the first.
    post(client, "/directory/appoint", {"position": "liaison", "user_id": court["civil.liaison"]})
    # The office is not a division: its people cannot be a division's liaison.
    response = post(client, "/directory/appoint", {"position": "liaison", "user_id": court["office"]},
                    follow_redirects=True)
    assert "不设此职务" in response.get_data(as_text=True)
    with app.app_context():
        held = sorted((a.position_code, a.user_id) for a in db.session.scalars(select(Appointment)))
        assert held == sorted([("group_leader", court["president"]), ("liaison", court["civil.liaison"])])
    sign_in(client, "criminal.staff")
    page = client.get("/directory/").get_data(as_text=True)
    assert "领导小组组长" in page and "President" in page and "Civil.Liaison" in page
    refused = post(client, "/directory/appoint", {"position": "liaison", "user_id": court["criminal.staff"]})
    assert refused.status_code == 403


# ---------------------------------------------------------------- audit trail


def test_the_trail_filters_by_measure(app, client, court):
    sign_in(client, "civil.staff")
    response = post(client, "/measures/document-review/items/new/excellent_document", {
        "period": "2021-05", "case_number": "（2021）豫0823民初5号", "judge": "Civil.Judge", "reasons": "好",
        "score": "90", "case_missing_reason": "尚未导入"})
    item_id = re.search(r"/items/(\d+)", response.headers["Location"])[1]
    # Handed in, so that the office may see the item and so its entries (a draft's are its department's).
    assert attach(client, int(item_id)).status_code == 302
    assert move(client, int(item_id), "submit").status_code == 302
    sign_in(client, "office")
    def table(url: str) -> str:
        return client.get(url).get_data(as_text=True).split('<div id="audit-table">')[1]

    rows = table("/audit/?measure=document_review")
    assert "item.create" in rows and f"#{item_id}" in rows and "sign_in" not in rows
    assert "item.create" not in table("/audit/?measure=hearing_review")


def test_the_targets_beside_the_matrix_in_december_are_the_years(app, client, court, tmp_path):
    """Year to date at December is the year: the figures are stored under the year, not under a YTD12 that no
    recompute writes (the panel was empty every December)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.indicators import recompute_court
    from app.models import Court
    from tests.case_files import write_csv

    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    sign_in(client, "office")
    html = client.get("/console/?period=2021-12").get_data(as_text=True)
    panel = html[html.index('id="targets-heading"'):]
    assert "本期尚无数据。" not in panel and "%" in panel.split("</aside>")[0]


def test_the_console_sorts_by_what_is_overdue(app, client, court):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 4)
    hand_in(app, "long_pending_report", "civil", "2021-04", 1)
    sign_in(client, "office")
    columns = re.compile(r'<thead><tr><th>[^<]*</th>((?:<th class="num">[^<]*</th>)+)')

    def heads(url: str) -> list[str]:
        return re.findall(r">([^<]+)</th>", columns.search(client.get(url).get_data(as_text=True))[1])

    in_order = heads("/console/?period=2021-04")
    by_overdue = heads("/console/?period=2021-04&sort=overdue")
    assert in_order.index("民事审判庭") < in_order.index("刑事审判庭")  # plan order
    # The civil division owes nothing overdue for April; the criminal division does: it comes first.
    assert by_overdue.index("刑事审判庭") < by_overdue.index("民事审判庭")
    assert sorted(in_order) == sorted(by_overdue)
