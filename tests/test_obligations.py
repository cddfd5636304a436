"""The plan's duties as one tracked thing: every measure has one, the engine reads each kind of evidence as a person
would check it, late is "done late", each role's "my work" holds exactly its own, and each event's notice reaches
the right person once."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Campaign,
    Case,
    Circulation,
    CommitteeMeeting,
    Department,
    Draw,
    ItemComment,
    Notification,
    RegisterItem,
    Report,
    Role,
    Selection,
    User,
)
from app.models.base import recorded_on
from app.obligations import State, duties, evaluate
from app.obligations.work import my_work
from app.plans.access import plan_of
from tests.helpers import (
    PLAN_FILE,
    REMANDED,
    REVERSED,
    act,
    appoint_president,
    attach,
    document,
    hand_in,
    move,
    post,
    sign_in,
)

TODAY = date(2021, 5, 20)


@pytest.fixture
def people(app, make_user):
    app.config["AS_OF_DATE"] = TODAY
    found = {
        "office": make_user("office", Role.OFFICE, department="trial-management"),
        "president": make_user("president", Role.LEADER, department="leadership"),
        "committee": make_user("committee", Role.COMMITTEE, department="committee"),
        "supervision": make_user("supervision", Role.SUPERVISION, department="supervision"),
        "civil.staff": make_user("civil.staff", Role.STAFF),
        "civil.head": make_user("civil.head", Role.DIVISION_HEAD),
        "civil.judge": make_user("civil.judge", Role.JUDGE),
        "criminal.staff": make_user("criminal.staff", Role.STAFF, department="criminal"),
    }
    appoint_president(app, found["president"])
    return found


def statuses(app, code: str, day: date = TODAY) -> list:
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        found = evaluate(campaign, day, codes=[code])
        for status in found:
            status.link_url = status.url  # built while a request context is there
        return found


def one(found: list, subject: str, department: str | None = None, app=None):
    if department is not None:
        with app.app_context():
            department_id = db.session.scalar(select(Department.id).where(Department.code == department))
        found = [s for s in found if s.owner.department_id == department_id]
    [status] = [s for s in found if s.subject == subject]
    return status


def terminated_cases(app, closed: dict[int, date]) -> None:
    """Enforcement cases （2021）豫0823执N号 closed by 终结本次执行程序 on the given days (each owes a 终本 review)."""
    with app.app_context():
        court_id = of_campaign(app)["court_id"]
        enforcement = db.session.scalar(select(Department.id).where(Department.code == "enforcement"))
        for number, day in closed.items():
            db.session.add(Case(court_id=court_id, case_number=f"（2021）豫0823执{number}号", year=2021,
                                court_code="豫0823", type_code="执", sequence=number, category="enforcement",
                                line="enforcement", department_id=enforcement, filed_on=date(2021, 3, 1),
                                closed_on=day, closing_method="终结本次执行程序", content_hash=str(number)))
        db.session.commit()


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), UTC)


def of_campaign(app) -> dict:
    """The court and campaign a record belongs to (their ids differ from run to run on PostgreSQL)."""
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        return {"court_id": campaign.court_id, "campaign_id": campaign.id}


# ---------------------------------------------------------------- the plan


def test_every_measure_of_the_plan_has_a_duty(app, plan):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        spec = plan_of(campaign)
        covered = {d.measure for d in duties(campaign)}
        assert {m.number for m in spec.measures} <= covered
        assert len(spec.measures) == 16
        # Record-only duties are counted as needed, never overdue.
        assert {d.code for d in duties(campaign) if d.cadence == "as_needed"} >= {"judges-meetings", "consultations"}


def test_a_duty_naming_what_the_plan_lacks_is_refused(app, plan, runner, tmp_path):

    bad = PLAN_FILE.read_text(encoding="utf-8").replace('lists = ["selected_excellent_document", ',
                                                        'lists = ["no_such_list", ')
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    result = runner.invoke(args=["plan", "check", str(path)])
    assert result.exit_code != 0 and "no_such_list" in result.output and "obligations[" in result.output


# ---------------------------------------------------------------- each kind of evidence


def test_a_quota_counts_approved_items_kind_by_kind_and_late_is_done_late(app, people):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 4, late=True)  # a week after April: past 5 May
    hand_in(app, "excellent_document", "criminal", "2021-04", 2)
    hand_in(app, "flawed_document", "criminal", "2021-04", 2, status="submitted")  # not approved yet
    hand_in(app, "excellent_document", "general", "2021-05", 1)
    hand_in(app, "flawed_document", "general", "2021-05", 1)
    found = statuses(app, "document-quota")
    civil = one(found, "2021-04", "civil", app)
    assert (civil.state, civil.done_count, civil.required) == (State.DONE_LATE, 8, 8)
    assert civil.due == date(2021, 5, 5) and civil.done_on == date(2021, 5, 7)
    criminal = one(found, "2021-04", "criminal", app)
    assert (criminal.state, criminal.done_count, criminal.required) == (State.OVERDUE, 2, 4)
    assert [(p.done, p.required) for p in criminal.parts] == [(2, 2), (0, 2)]
    general = one(found, "2021-05", "general", app)
    # Handed in on the 31st, seen on the 20th: nothing is done after today, so it reads as done today.
    assert general.state == State.DONE and general.done_on == TODAY
    assert one(found, "2021-05", "civil", app).state == State.OPEN


def test_a_list_is_done_when_published_in_full(app, people):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 4)
    office = people["office"]
    with app.app_context():
        items = {k: list(db.session.scalars(select(RegisterItem.id).where(RegisterItem.kind == k)))
                 for k in ("excellent_document", "flawed_document")}
        for list_code, kind, count, day in (("selected_excellent_document", "excellent_document", 3, date(2021, 5, 8)),
                                            ("selected_flawed_document", "flawed_document", 2, date(2021, 5, 8))):
            for item_id in items[kind][:count]:
                db.session.add(Selection(**of_campaign(app), measure_code="document_review",
                                         list_code=list_code, period="2021-04", item_id=item_id, selected_by_id=office,
                                         published_at=at(day)))
        db.session.commit()
    lists = one(statuses(app, "document-lists"), "2021-04")
    assert (lists.state, lists.done_count, lists.required) == (State.OVERDUE, 5, 6)  # due 10 May, one short
    with app.app_context():
        db.session.add(Selection(**of_campaign(app), measure_code="document_review",
                                 list_code="selected_flawed_document", period="2021-04",
                                 item_id=items["flawed_document"][2], selected_by_id=office,
                                 published_at=at(date(2021, 5, 12))))
        db.session.commit()
    lists = one(statuses(app, "document-lists"), "2021-04")
    assert (lists.state, lists.done_on) == (State.DONE_LATE, date(2021, 5, 12))


def test_a_quarters_committee_meeting_and_its_circulation(app, people):
    with app.app_context():
        db.session.add(CommitteeMeeting(**of_campaign(app), held_on=date(2021, 3, 29),
                                        attendees="委员", problems="—", rectification="—",
                                        recorded_by_id=people["committee"]))
        db.session.commit()
    meetings = statuses(app, "committee-meeting")
    assert one(meetings, "2021Q1").state == State.DONE
    assert one(meetings, "2021Q2").state == State.OPEN  # due on the quarter's last day
    assert one(meetings, "2021Q2").owner.court_wide and Role.COMMITTEE in one(meetings, "2021Q2").owner.roles
    after = one(statuses(app, "meeting-circulated"), "2021-03-29")
    assert (after.state, after.due) == (State.OVERDUE, date(2021, 4, 8))
    with app.app_context():
        db.session.add(Circulation(**of_campaign(app), month="2021-04", comment="通报",
                                   file_ids=[], published_by_id=people["office"], published_at=at(date(2021, 5, 6))))
        db.session.commit()
    assert one(statuses(app, "meeting-circulated"), "2021-03-29").state == State.DONE_LATE
    monthly = statuses(app, "reversal-circulation")
    assert one(monthly, "2021-04").state == State.DONE and one(monthly, "2021-03").state == State.OVERDUE


def test_a_report_is_done_when_published(app, people):
    with app.app_context():
        for period, day, status in (("2021-03", date(2021, 4, 12), "published"), ("2021-04", None, "draft")):
            db.session.add(Report(**of_campaign(app), kind="monthly", period=period,
                                  title="月度通报", content={}, definition_version="x", status=status,
                                  published_at=at(day) if day else None))
        db.session.commit()
    found = statuses(app, "monthly-bulletin")
    assert one(found, "2021-03").state == State.DONE_LATE  # due 10 April
    assert one(found, "2021-04").state == State.OVERDUE  # a draft is not a bulletin
    assert one(found, "2021-05").state == State.OPEN


def test_a_draw_and_the_drawn_document_handed_in(app, people):
    with app.app_context():
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))
        item = RegisterItem(**of_campaign(app), measure_code="document_review",
                            kind="drawn_head_document", department_id=civil, period="2021-04", status="draft",
                            case_number="（2021）豫0823民初9号", values={})
        db.session.add(item)
        db.session.flush()
        db.session.add(Draw(**of_campaign(app), measure_code="document_review",
                            draw_code="drawn_head_document", period="2021-04", seed="s", candidates=[],
                            chosen=[item.case_number], item_ids=[item.id], drawn_by_id=people["office"],
                            drawn_at=at(date(2021, 5, 6))))
        db.session.commit()
        item_id = item.id
    assert one(statuses(app, "head-document-draw"), "2021-04").state == State.DONE
    assert one(statuses(app, "head-document-draw"), "2021-03").state == State.OVERDUE
    drawn = one(statuses(app, "head-document-hand-in"), "（2021）豫0823民初9号")
    assert (drawn.state, drawn.due) == (State.OVERDUE, date(2021, 5, 11))  # 5 days after the draw
    with app.app_context():
        item = db.session.get(RegisterItem, item_id)
        item.status, item.submitted_at = "approved", at(date(2021, 5, 10))
        db.session.commit()
    assert one(statuses(app, "head-document-hand-in"), "（2021）豫0823民初9号").state == State.DONE


def test_the_hearing_draw_needs_each_drawn_hearing_reviewed(app, people):
    hand_in(app, "excellent_hearing", "civil", "2021Q1", 1, author=people["civil.judge"])
    with app.app_context():
        item_id = db.session.scalar(select(RegisterItem.id))
        db.session.add(Draw(**of_campaign(app), measure_code="hearing_review",
                            draw_code="observed_hearing", period="2021Q1", line="civil", seed="s", candidates=[],
                            chosen=[str(item_id)], item_ids=[item_id], drawn_by_id=people["office"],
                            drawn_at=at(date(2021, 4, 5))))
        db.session.commit()
    assert one(statuses(app, "hearing-observation"), "2021Q1").state == State.OVERDUE  # drawn, not reviewed
    with app.app_context():
        db.session.add(ItemComment(item_id=item_id, user_id=people["office"], kind="review", body="规范", score=90,
                                   created_at=at(date(2021, 4, 9))))
        db.session.commit()
    assert one(statuses(app, "hearing-observation"), "2021Q1").state == State.DONE


def test_reversed_case_steps(app, client, reversal_court):
    app.config["AS_OF_DATE"] = date(2021, 6, 27)
    reports = statuses(app, "self-inspection-report", date(2021, 6, 27))
    remanded = one(reports, REMANDED)
    assert (remanded.state, remanded.due) == (State.OVERDUE, date(2021, 6, 25))
    assert remanded.owner.user_id == reversal_court["judge"]  # the handling judge
    sign_in(client, "civil.judge1")
    assert act(client, app, REMANDED, "report", report="自查：证据采信不当。").status_code == 302
    reports = statuses(app, "self-inspection-report", date(2021, 6, 27))
    assert one(reports, REMANDED).state == State.DONE_LATE  # reported on 27 June (today's clock), due the 25th
    # Measure 1's page lists the files still owing their report from the same statuses.
    sign_in(client, "office")
    page = client.get("/measures/judicial-responsibility/files").get_data(as_text=True)
    overdue = page[page.index('<section class="overdue">'):page.index("</section>", page.index('class="overdue"'))]
    assert REVERSED in overdue and REMANDED not in overdue and "截止 2021-06-25" in overdue
    # Measure 5: the exchange before the retrial is owed for the remanded case only.
    exchanges = statuses(app, "remand-exchange", date(2021, 6, 27))
    assert [s.subject for s in exchanges] == [REMANDED] and exchanges[0].state == State.OPEN
    # Measure 6: the committee's opinion, due by the end of the quarter after the result.
    opinion = one(statuses(app, "committee-opinion", date(2021, 6, 27)), REVERSED)
    assert (opinion.state, opinion.due) == (State.OPEN, date(2021, 9, 30))
    # Measure 15: the office names a supervisor within 5 days of the result.
    supervisor = one(statuses(app, "case-supervisor", date(2021, 6, 27)), REVERSED)
    assert supervisor.state == State.OVERDUE and supervisor.owner.court_wide
    sign_in(client, "office")
    assert act(client, app, REVERSED, "supervisor", supervisor_id=reversal_court["head"]).status_code == 302
    assert one(statuses(app, "case-supervisor", date(2021, 6, 27)), REVERSED).state == State.DONE_LATE


def test_approval_requests_wait_for_the_president(app, client, people):
    with app.app_context():
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))
        db.session.add(RegisterItem(**of_campaign(app), measure_code="long_pending_cases",
                                    kind="approval_request", department_id=civil, author_id=people["civil.judge"],
                                    period="2021-05", status="submitted", submitted_at=at(date(2021, 5, 14)),
                                    case_number="（2021）豫0823民初3号", values={"request": "公告"}))
        db.session.commit()
    [waiting] = statuses(app, "president-approval")
    # Friday 14 May + 3 working days = Wednesday 19 May.
    assert (waiting.state, waiting.due) == (State.OVERDUE, date(2021, 5, 19))
    assert waiting.is_decision and waiting.owner.user_id == people["president"]  # the president himself


# ---------------------------------------------------------------- my work


def codes_of(app, username: str, day: date = TODAY) -> tuple[set[str], set[str]]:
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        user = db.session.scalar(select(User).where(User.username == username))
        work = my_work(campaign, user, day)
        return {s.duty.code for s in work.owed}, {s.duty.code for s in work.decisions}


def test_each_roles_work_holds_exactly_its_own(app, client, people):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 4)
    hand_in(app, "long_pending_report", "civil", "2021-04", 1)
    hand_in(app, "long_pending_report", "civil", "2021-03", 1)
    hand_in(app, "excellent_document", "civil", "2021-05", 1, status="submitted")  # waits for the head
    with app.app_context():
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))
        db.session.add(RegisterItem(**of_campaign(app), measure_code="long_pending_cases",
                                    kind="approval_request", department_id=civil, author_id=people["civil.judge"],
                                    period="2021-05", status="submitted", submitted_at=at(date(2021, 5, 18)),
                                    case_number="（2021）豫0823民初3号", values={"request": "延长审限", "days": 30}))
        db.session.commit()
    # The division's liaison: the division's hand-ins (March's documents are overdue, May's open).
    assert codes_of(app, "civil.staff") == ({"document-quota", "long-pending-report"}, set())
    # The head: the same hand-ins, and the items waiting for his approval.
    assert codes_of(app, "civil.head") == ({"document-quota", "long-pending-report"}, {"hand-in-review"})
    # A judge: his own hearings, not the division's documents.
    assert codes_of(app, "civil.judge") == ({"hearing-quota"}, set())
    # The president: the approval request; nothing of the divisions'.
    assert codes_of(app, "president") == (set(), {"president-approval"})
    # The committee: its quarterly meeting (Q1 missed, Q2 running).
    assert codes_of(app, "committee") == ({"committee-meeting"}, set())
    assert codes_of(app, "supervision") == (set(), set())
    owed, decisions = codes_of(app, "office")
    assert decisions == set()
    assert {"document-lists", "head-document-draw", "review-report", "reversal-circulation", "monthly-bulletin",
            "quarterly-analysis", "hearing-observation", "mobilization"} <= owed
    assert not owed & {"document-quota", "hearing-quota", "committee-meeting", "president-approval"}
    # Another division's staff sees nothing of the civil division's.
    assert codes_of(app, "criminal.staff") == ({"document-quota", "long-pending-report"}, set())
    # The landing page: the head lands on his work, with the count in the header.
    response = sign_in(client, "civil.head")
    assert response.headers["Location"] == "/work/"
    page = client.get("/work/").get_data(as_text=True)
    assert "待您审批" in page and "审核报送事项" in page
    count = re.search(r'class="work-link">我的待办 <span class="badge"[^>]*>(\d+)</span>', page)
    assert count and int(count[1]) >= 3


def test_a_leader_who_owes_nothing_lands_on_the_targets(app, client, people):
    assert sign_in(client, "president").headers["Location"] == "/"
    page = client.get("/work/").get_data(as_text=True)
    assert "暂无待办" in page


def test_a_decision_reaches_the_author_and_leaves_the_reviewers_work(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client, "excellent_document", 5)
    assert attach(client, item_id).status_code == 302
    assert move(client, item_id, "submit").status_code == 302
    with app.app_context():
        notes = list(db.session.scalars(select(Notification).where(Notification.user_id == people["civil.head"])))
        assert [n.key.split(":")[0] for n in notes] == ["submitted"]  # once, to the head who reviews it
        assert "待您审核" in notes[0].message and notes[0].link.endswith(f"/items/{item_id}")
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == people["criminal.staff"])) == 0
    assert "hand-in-review" in codes_of(app, "civil.head")[1]
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve").status_code == 302
    assert "hand-in-review" not in codes_of(app, "civil.head")[1]
    with app.app_context():
        notes = list(db.session.scalars(select(Notification).where(Notification.user_id == people["civil.staff"])))
        assert [n.key.split(":")[0] for n in notes] == ["approved"] and "已审核通过" in notes[0].message
    sign_in(client, "civil.staff")
    page = client.get("/work/").get_data(as_text=True)
    assert "您报送事项的审核结果" in page and "优秀裁判文书 · （2021）豫0823民初5号" in page


def test_the_president_is_told_of_a_request_and_the_requester_of_the_decision(app, client, people):
    sign_in(client, "civil.judge")
    response = post(client, "/measures/long-pending-cases/items/new/approval_request", {
        "period": "2021-05", "case_number": "（2021）豫0823民初3号", "request": "公告", "reasons": "被告下落不明",
        "case_missing_reason": "案件数据尚未导入"})
    assert response.status_code == 302, response.get_data(as_text=True)
    item_id = int(re.search(r"/items/(\d+)", response.headers["Location"])[1])
    assert move(client, item_id, "submit", base="/measures/long-pending-cases").status_code == 302
    with app.app_context():
        told = list(db.session.scalars(select(Notification.user_id).where(Notification.key.startswith("submitted:"))))
        assert told == [people["president"]]
    sign_in(client, "president")
    assert move(client, item_id, "approve", base="/measures/long-pending-cases").status_code == 302
    with app.app_context():
        told = list(db.session.scalars(select(Notification.user_id).where(Notification.key.startswith("approved:"))))
        assert told == [people["civil.judge"]]


# ---------------------------------------------------------------- from outside


def test_the_statuses_can_be_checked_from_the_command_line(app, runner, people):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    result = runner.invoke(args=["obligations", "show", "--period", "2021-04", "--owner", "civil", "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    [documents] = [r for r in rows if r["duty"] == "document-quota"]
    assert (documents["state"], documents["done"], documents["required"], documents["due"]) == (
        "overdue", 4, 8, "2021-05-05")
    assert documents["link"] == "/measures/document-review/items?department=3&period=2021-04" or \
        documents["link"].startswith("/measures/document-review/items?")
    assert not {r["duty"] for r in rows} & {"monthly-bulletin", "committee-meeting", "president-approval"}
    office = json.loads(runner.invoke(args=["obligations", "show", "--period", "2021Q2", "--owner", "office",
                                            "--format", "json"]).output)
    assert {r["duty"] for r in office} >= {"monthly-bulletin", "quarterly-analysis"}
    refused = runner.invoke(args=["obligations", "show", "--period", "2021-04", "--owner", "nobody"])
    assert refused.exit_code != 0 and "nobody" in refused.output


def test_the_demo_clock_dates_what_is_recorded(app, people):
    with app.app_context(), recorded_on(date(2021, 4, 3)):
        db.session.add(Notification(user_id=people["office"], message="x", key="k"))
        db.session.commit()
        assert db.session.scalar(select(Notification.created_at)).date() == date(2021, 4, 3)


def test_each_terminated_enforcement_case_is_owed_a_review_by_its_department(app, people, make_user):
    make_user("enforcement.staff", Role.STAFF, department="enforcement")
    terminated_cases(app, {1: date(2021, 4, 1), 2: date(2021, 4, 1)})
    with app.app_context():
        enforcement = db.session.scalar(select(Department.id).where(Department.code == "enforcement"))
        db.session.add(RegisterItem(**of_campaign(app), measure_code="enforcement_quality", kind="termination_review",
                                    department_id=enforcement, period="2021-04", status="approved",
                                    submitted_at=at(date(2021, 4, 20)), case_number="（2021）豫0823执1号",
                                    values={}))
        db.session.commit()
    found = statuses(app, "termination-review")
    assert one(found, "（2021）豫0823执1号").state == State.DONE
    assert (one(found, "（2021）豫0823执2号").state, one(found, "（2021）豫0823执2号").due) == (
        State.OVERDUE, date(2021, 5, 1))
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        staff = db.session.scalar(select(User).where(User.username == "enforcement.staff"))
        owed = [s.subject for s in my_work(campaign, staff, TODAY).owed if s.duty.code == "termination-review"]
        assert owed == ["（2021）豫0823执2号"]  # the reviewed one is not owed; the other is, by its department
    assert "termination-review" not in codes_of(app, "civil.staff")[0]


def test_a_measure_page_shows_a_division_only_its_own_duties(app, client, reversal_court, make_user):
    # A clerk filed under the committee's department is not the committee: its opinions on every division's files
    # are not his to see (nor their case numbers).
    make_user("committee.clerk", Role.STAFF, department="committee")
    sign_in(client, "committee.clerk")
    page = client.get("/measures/circulation-accountability/").get_data(as_text=True)
    assert REVERSED not in page
    sign_in(client, "committee")
    page = client.get("/measures/circulation-accountability/").get_data(as_text=True)
    assert REVERSED in page and "审委会研究发改案件形成评查意见" in page
    # The division sees its own files' duties (its judge's reports) on measure 1's page.
    sign_in(client, "civil.staff")
    page = client.get("/measures/judicial-responsibility/").get_data(as_text=True)
    assert REVERSED in page and "发改案件自查报告" in page


def test_a_day_is_the_courts_day(app):
    from app.clock import local_day

    with app.app_context():
        # 20:30 UTC on 5 May is 04:30 on 6 May in Beijing: handed in on the 6th.
        assert local_day(datetime(2021, 5, 5, 20, 30, tzinfo=UTC)) == date(2021, 5, 6)
        assert local_day(datetime(2021, 5, 5, 20, 30)) == date(2021, 5, 6)  # as SQLite gives it back
        assert local_day(None) is None


def test_cases_owed_the_same_day_come_in_one_notice(app, people, make_user):
    from app.obligations.reminders import send_reminders

    staff = make_user("enforcement.staff", Role.STAFF, department="enforcement")
    terminated_cases(app, {number: date(2021, 5, 1) for number in (1, 2, 3)})
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        send_reminders(campaign, date(2021, 5, 28))  # all three due on 31 May
        send_reminders(campaign, date(2021, 5, 29))  # the same again: nothing new
        notes = list(db.session.scalars(select(Notification).where(Notification.user_id == staff,
                                                                   Notification.key.contains("termination-review"))))
        assert len(notes) == 1
        message = notes[0].message
        assert "3 件" in message and "（2021）豫0823执2号" in message and "2021-05-31" in message


def test_restoration_filings_without_an_approved_review_are_listed(app, client, people):
    """Each 执恢 filing needs an approved restoration review: measure 13's figures page lists those without one, with
    the count beside; one merely handed in (not approved) is still listed. Another division's staff sees none."""
    with app.app_context():
        court_id = of_campaign(app)["court_id"]
        enforcement = db.session.scalar(select(Department.id).where(Department.code == "enforcement"))
        for number in (1, 2, 3):
            db.session.add(Case(court_id=court_id, case_number=f"（2021）豫0823执恢{number}号", year=2021,
                                court_code="豫0823", type_code="执恢", sequence=number, category="restored_enforcement",
                                line="enforcement", department_id=enforcement, filed_on=date(2021, 4, number),
                                content_hash=f"r{number}"))
        for number, status in ((1, "approved"), (2, "submitted")):
            db.session.add(RegisterItem(**of_campaign(app), measure_code="enforcement_quality",
                                        kind="restoration_review", department_id=enforcement, period="2021-04",
                                        status=status, submitted_at=at(date(2021, 4, 10)),
                                        case_number=f"（2021）豫0823执恢{number}号",
                                        values={"decision": "准予恢复执行", "reasons": "发现可供执行财产"}))
        db.session.commit()
    sign_in(client, "office")
    page = client.get("/measures/enforcement-quality/figures?period=2021-04").get_data(as_text=True)
    assert "恢复执行立案审查：未经审查批准的案件" in page and "本期 3 件案件中，1 件已有审查批准" in page
    assert "（2021）豫0823执恢2号" in page and "（2021）豫0823执恢3号" in page and "执恢1号" not in page
    sign_in(client, "criminal.staff")
    page = client.get("/measures/enforcement-quality/figures?period=2021-04").get_data(as_text=True)
    assert "执恢2号" not in page and "本期 0 件案件中" in page


def test_the_termination_quality_figure_shows_its_coverage(app, client, people):
    """终本合格率 is counted from the reviews: its page says how many of the period's 终本 closures were reviewed at
    all, and lists those that were not."""
    terminated_cases(app, {number: date(2021, 4, number) for number in (1, 2, 3)})
    with app.app_context():
        enforcement = db.session.scalar(select(Department.id).where(Department.code == "enforcement"))
        db.session.add(RegisterItem(**of_campaign(app), measure_code="enforcement_quality", kind="termination_review",
                                    department_id=enforcement, period="2021-04", status="approved",
                                    submitted_at=at(date(2021, 4, 20)), case_number="（2021）豫0823执1号",
                                    values={"reviewed_on": "2021-04-20", "qualified": "合格"}))
        db.session.commit()
    sign_in(client, "office")
    page = client.get("/indicators/termination_quality?period=2021-04").get_data(as_text=True)
    assert "覆盖：本项指标应依据的 3 件案件中，已评查 1 件" in page
    assert "（2021）豫0823执2号" in page and "（2021）豫0823执3号" in page
