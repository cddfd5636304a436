"""The reversed-case file from import to its end: a remanded case to a leader-held retrial, a reversed case to the
committee's opinion, objection, face-to-face package and supervision action, and the refusals on the way."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Campaign, CommitteeMeeting, Notification, ReversalFile
from tests.case_files import write_csv
from tests.helpers import (
    ERRONEOUS,
    NEW_EVIDENCE,
    REMANDED,
    REVERSED,
    act,
    appealed,
    file_id,
    import_file,
    post,
    sign_in,
    state,
)


def meeting(client, app) -> int:
    sign_in(client, "committee")
    response = post(client, "/reversals/meetings", {
        "held_on": "2021-06-28", "attendees": "院长、副院长、审委会委员", "problems": "证据审查不细",
        "rectification": "加强庭前证据交换", "back": "/measures/committee-review/files"})
    assert response.status_code == 302 and response.headers["Location"] == "/measures/committee-review/files"
    with app.app_context():
        return db.session.scalar(select(CommitteeMeeting.id))


def test_an_import_opens_one_file_per_reversed_case(app, reversal_court, tmp_path):
    with app.app_context():
        files = {f.case.case_number: f for f in db.session.scalars(select(ReversalFile))}
        assert set(files) == {REMANDED, REVERSED, ERRONEOUS, NEW_EVIDENCE}  # not 维持, not the unappealed case
        remanded = files[REMANDED]
        assert remanded.state == "awaiting_report" and remanded.result == "发回重审"
        assert remanded.report_due == date(2021, 6, 25)  # 15 days after the result, from the plan
        assert remanded.judge.name == "民事审判庭法官01" and remanded.judge_user.username == "civil.judge1"
        assert db.session.scalar(select(AuditEntry.after).where(AuditEntry.action == "reversal.open")) == {"opened": 4}
    # The same data again, or more of it: never a second file.
    rows = [appealed(1, "发回重审"), appealed(2, "改判"), appealed(7, "指令再审")]
    assert import_file(app, write_csv(tmp_path / "again.csv", rows)).ok
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReversalFile)) == 5


def test_a_remanded_case_to_a_leader_held_retrial(app, client, reversal_court):
    sign_in(client, "civil.judge1")
    assert act(client, app, REMANDED, "report", report="事实认定部分证据采信不当，已组织庭内学习。").status_code == 302
    assert state(app, REMANDED) == "reported"
    # Measure 5: before the retrial, the exchange with the second-instance judge.
    exchange = {"exchange_on": "2021-06-22", "exchange_with": "市中院王法官", "exchange_evidence": "补充鉴定意见",
                "exchange_facts": "借款交付事实需查明", "exchange_law": "适用民间借贷司法解释"}
    assert act(client, app, REMANDED, "exchange", **exchange).status_code == 302
    the_meeting = meeting(client, app)
    assert act(client, app, REMANDED, "review", meeting_id=the_meeting, committee_opinion="不属错案，重审中查明事实。"
               ).status_code == 302
    assert state(app, REMANDED) == "closed"
    # Measure 16: the retrial goes to a court leader first; the leader records how it ended.
    sign_in(client, "office")
    assert act(client, app, REMANDED, "retrial", retrial_holder_id=reversal_court["president"],
               retrial_case_number="（2021）豫0823民初900号").status_code == 302
    sign_in(client, "president")
    assert act(client, app, REMANDED, "retrial_outcome", retrial_outcome="调解结案", retrial_closed_on="2021-09-30"
               ).status_code == 302
    page = client.get("/measures/leaders-handle-cases/files").get_data(as_text=True)
    assert REMANDED in page and "President" in page and "调解结案" in page
    assert REVERSED not in page  # 改判 is not retried here
    with app.app_context():
        file = db.session.get(ReversalFile, file_id(app, REMANDED))
        assert file.exchange_with == "市中院王法官" and file.retrial_closed_on == date(2021, 9, 30)
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == "reversal_file", AuditEntry.object_id == str(file.id)).order_by(AuditEntry.id)))
        assert actions == ["reversal.report", "reversal.exchange", "reversal.review", "reversal.retrial",
                           "reversal.retrial_outcome"]


def test_a_reversed_case_contested_at_the_face_to_face_session(app, client, reversal_court):
    sign_in(client, "civil.judge1")
    assert act(client, app, REVERSED, "report", report="自查报告。", objection="1").status_code == 422  # no reasons
    assert act(client, app, REVERSED, "report", report="自查报告。", objection="1",
               objection_reasons="二审改判认定的借款数额与银行流水不符。").status_code == 302
    the_meeting = meeting(client, app)
    assert act(client, app, REVERSED, "review", meeting_id=the_meeting, committee_opinion="本院意见：提出异议。",
               contested="1").status_code == 302
    assert state(app, REVERSED) == "contesting"
    sign_in(client, "civil.judge1")
    assert act(client, app, REVERSED, "complete", report="完善后的自查报告：附银行流水分析。").status_code == 302
    sign_in(client, "office")
    page = client.get("/measures/two-way-review/files").get_data(as_text=True)
    assert REVERSED in page and "报送评析材料（1 件）" in page
    assert post(client, "/reversals/package/send", {"back": "/measures/two-way-review/files"}).status_code == 302
    assert state(app, REVERSED) == "sent"
    workbook = load_workbook(io.BytesIO(client.get("/reversals/package/2021Q2.xlsx").data))
    rows = list(workbook.active.values)
    assert "2021年第2季度" in rows[0][0] and rows[1][0] == "案号"  # the title row, then the header
    assert rows[2][0] == REVERSED and "银行流水" in rows[2][6]
    pdf = client.get("/reversals/package/2021Q2.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and len(pdf.data) > 5000
    concluded = act(client, app, REVERSED, "conclude", outcome="异议成立", outcome_note="中院采纳本院意见")
    assert concluded.status_code == 302
    assert state(app, REVERSED) == "closed"


def test_an_erroneous_case_goes_to_the_supervision_office(app, client, reversal_court):
    sign_in(client, "civil.judge1")
    act(client, app, ERRONEOUS, "report", report="承办法官对证据审查不严。")
    the_meeting = meeting(client, app)
    # The court cannot confirm an error and contest the reversal at once.
    refused = act(client, app, ERRONEOUS, "review", meeting_id=the_meeting, committee_opinion="x", erroneous="1",
                  contested="1")
    assert refused.status_code == 422 and state(app, ERRONEOUS) == "reported"
    act(client, app, ERRONEOUS, "review", meeting_id=the_meeting, committee_opinion="确认为错案。", erroneous="1")
    assert state(app, ERRONEOUS) == "accountability"
    sign_in(client, "supervision")
    page = client.get("/measures/circulation-accountability/files").get_data(as_text=True)
    assert ERRONEOUS in page and "待监察室处理" in page
    assert act(client, app, ERRONEOUS, "account", accountability_action="诫勉谈话", accountability_on="2021-07-05",
               accountability_note="已对承办法官诫勉谈话").status_code == 302
    assert state(app, ERRONEOUS) == "closed"


def test_a_reversal_of_major_negative_impact_goes_to_the_supervision_office_though_not_erroneous(
        app, client, reversal_court):
    """"因案件质量造成重大负面影响被上级法院发改的，由监察室对其进行诫勉谈话": the committee flags the file; it goes
    to the supervision office, which is told and owes the talk, though the committee found no erroneous case."""
    from app.obligations import State, evaluate

    sign_in(client, "civil.judge1")
    act(client, app, REVERSED, "report", report="判决后当事人信访，引发舆情。")
    the_meeting = meeting(client, app)
    refused = act(client, app, REVERSED, "review", meeting_id=the_meeting, committee_opinion="x",
                  major_negative_impact="1", contested="1")
    assert refused.status_code == 422 and "重大负面影响" in refused.get_data(as_text=True)
    assert act(client, app, REVERSED, "review", meeting_id=the_meeting,
               committee_opinion="不属错案，但造成重大负面影响。", major_negative_impact="1").status_code == 302
    assert state(app, REVERSED) == "accountability"
    with app.app_context():
        told = db.session.scalar(select(Notification).where(Notification.user_id == reversal_court["supervision"]))
        assert REVERSED in told.message and "重大负面影响" in told.message
        campaign = db.session.scalar(select(Campaign))
        owed = [s for s in evaluate(campaign, date(2021, 6, 30), codes=["accountability"]) if s.subject == REVERSED]
        assert [s.state for s in owed] == [State.OPEN]
    sign_in(client, "supervision")
    page = client.get(f"/reversals/{file_id(app, REVERSED)}").get_data(as_text=True)
    assert "重大负面影响" in page and "不属错案" in page
    assert act(client, app, REVERSED, "account", accountability_action="诫勉谈话", accountability_on="2021-07-05",
               accountability_note="已诫勉谈话").status_code == 302
    assert state(app, REVERSED) == "closed"


def test_a_reversal_on_new_evidence_is_left_out_of_the_two_way_review_but_gets_the_committees_opinion(
        app, client, reversal_court):
    sign_in(client, "civil.judge1")
    act(client, app, NEW_EVIDENCE, "report", report="二审中当事人提交新证据。")
    sign_in(client, "office")
    assert act(client, app, NEW_EVIDENCE, "exclude", excluded_reason="二审新证据：补充的转账凭证").status_code == 302
    # Measure 6: every reversal is reviewed by the committee — this one too, though it is not contested.
    sign_in(client, "committee")
    assert NEW_EVIDENCE in client.get("/measures/committee-review/files").get_data(as_text=True)
    the_meeting = meeting(client, app)
    refused = act(client, app, NEW_EVIDENCE, "review", meeting_id=the_meeting, contested="1", committee_opinion="x")
    assert refused.status_code == 422 and "新证据" in refused.get_data(as_text=True)
    assert act(client, app, NEW_EVIDENCE, "review", meeting_id=the_meeting,
               committee_opinion="二审采纳新证据改判，不属错案。").status_code == 302
    assert state(app, NEW_EVIDENCE) == "closed"
    # The month's circulation prints each file's opinion.
    sign_in(client, "office")
    response = post(client, "/reversals/circulations", {"month": "2021-06", "comment": "6月发改案件通报。",
                                                          "back": "/measures/circulation-accountability/files"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "二审采纳新证据改判，不属错案。" in page and "待审委会" in page


def test_refusals_wrong_role_wrong_state_stale_and_other_departments(app, client, reversal_court):
    # Wrong role: the liaison, the office and the committee cannot write the judge's report.
    for who in ("civil.staff", "office", "committee"):
        sign_in(client, who)
        response = act(client, app, REVERSED, "report", report="x")
        assert response.status_code == 422 and "不能" in response.get_data(as_text=True), who
    # Wrong state: no committee opinion before the report, no accountability before an opinion.
    sign_in(client, "committee")
    the_meeting = meeting(client, app)
    assert act(client, app, REVERSED, "review", meeting_id=the_meeting, committee_opinion="x").status_code == 422
    sign_in(client, "supervision")
    assert act(client, app, REVERSED, "account", accountability_action="诫勉谈话", accountability_on="2021-07-01"
               ).status_code == 422
    assert state(app, REVERSED) == "awaiting_report"
    # Stale: a page read before someone else's change cannot overwrite it.
    sign_in(client, "civil.judge1")
    the_id = file_id(app, REVERSED)
    with app.app_context():
        old_version = db.session.get(ReversalFile, the_id).version
    assert act(client, app, REVERSED, "report", report="第一次提交").status_code == 302
    stale = post(client, f"/reversals/{the_id}/report", {"version": old_version, "report": "第二个人"})
    assert stale.status_code == 422 and "别人" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReversalFile, the_id).report == "第一次提交"
    # Another department's people see nothing of the file.
    sign_in(client, "criminal.staff")
    assert client.get(f"/reversals/{the_id}").status_code == 404
    assert REVERSED not in client.get("/measures/judicial-responsibility/files").get_data(as_text=True)
    # A bad date is named, and nothing changes.
    sign_in(client, "civil.judge1")
    bad = act(client, app, REMANDED, "exchange", exchange_on="6月22日", exchange_with="王", exchange_evidence="a",
              exchange_facts="b", exchange_law="c")
    assert bad.status_code == 422 and "不是日期" in bad.get_data(as_text=True)


def test_case_supervisors_and_the_monthly_circulation(app, client, reversal_court):
    sign_in(client, "office")
    assert act(client, app, REVERSED, "supervisor", supervisor_id=reversal_court["head"]).status_code == 302
    refused = act(client, app, REMANDED, "supervisor", supervisor_id=reversal_court["staff"])
    assert refused.status_code == 422 and "院领导或庭长" in refused.get_data(as_text=True)
    page = client.get("/measures/president-supervision/files").get_data(as_text=True)
    assert "未指定案件监督人" in page
    response = post(client, "/reversals/circulations", {
        "month": "2021-06", "comment": "6月发改案件4件，请各庭对照整改。",
        "back": "/measures/circulation-accountability/files"})
    assert response.status_code == 302
    again = post(client, "/reversals/circulations", {"month": "2021-06", "comment": "再发一次",
                                                       "back": "/measures/circulation-accountability/files"},
                 follow_redirects=True)
    assert "已经公布" in again.get_data(as_text=True)
    # Everyone reads the published circulation, other departments too.
    sign_in(client, "criminal.staff")
    circulation_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/reversals/circulations/{circulation_id}").get_data(as_text=True)
    assert all(number in page for number in (REMANDED, REVERSED, ERRONEOUS, NEW_EVIDENCE))
    assert "请各庭对照整改" in page


def test_the_office_opens_a_file_by_hand_but_never_a_second(app, client, reversal_court, tmp_path):
    assert import_file(app, write_csv(tmp_path / "more.csv", [appealed(8, "改判", on="2020-12-01")])).ok
    sign_in(client, "office")
    # Outside the campaign window the import opened no file; the office opens it by hand.
    assert post(client, "/reversals/open", {"case_number": "(2021)豫0823民初8号"}).status_code == 302
    again = post(client, "/reversals/open", {"case_number": "（2021）豫0823民初8号"})
    assert again.status_code == 422 and "已有" in again.get_data(as_text=True)
    not_reversed = post(client, "/reversals/open", {"case_number": "（2021）豫0823民初3号"})
    assert not_reversed.status_code == 422
    sign_in(client, "civil.staff")
    assert post(client, "/reversals/open", {"case_number": "（2021）豫0823民初3号"}).status_code == 403


def test_self_inspection_reports_are_reminded_once(app, reversal_court):
    from app.obligations.reminders import send_reminders

    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))

        def keys() -> list[str]:
            return sorted(k for k in db.session.scalars(select(Notification.key).where(
                Notification.user_id == reversal_court["judge"])) if "self-inspection-report" in k)

        assert send_reminders(campaign, date(2021, 6, 21)) > 0  # due 25 June: within 5 days
        assert send_reminders(campaign, date(2021, 6, 21)) == 0
        assert len(keys()) == 4 and all(k.startswith("due:") for k in keys())
        assert send_reminders(campaign, date(2021, 6, 27)) > 0  # now overdue
        assert len(keys()) == 8 and keys()[0].startswith("due:") and keys()[-1].startswith("overdue:")
