"""Measure 9: the ledger of long-pending cases, cases near and past their limit, approvals by the president and
what an approved extension does to the case and the figures."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.indicators import recompute_court
from app.models import (
    AuditEntry,
    Campaign,
    Case,
    Court,
    Department,
    IndicatorValue,
    Notification,
    RegisterItem,
    Role,
    User,
)
from app.pending import long_pending, near_limit, past_limit, supervision_queue
from tests.case_files import row, write_csv
from tests.helpers import PENDING, import_file, move, pending_row, post, request_extension, sign_in

TODAY = date(2021, 6, 20)


def numbers(rows) -> list[int]:
    return [int(re.search(r"民初(\d+)号", getattr(r, "case", r).case_number)[1]) for r in rows]


def test_the_ledger_bands_and_hidden_long_pending_cases(app, pending_court):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        rows = {int(re.search(r"(\d+)号", r.case.case_number)[1]): r for r in long_pending(campaign, TODAY)}
        assert sorted(rows) == [1, 2, 3]  # case 5 is past its limit, not yet a year old
        assert (rows[1].months, rows[1].band, rows[1].hidden) == (17, "12–18", False)
        assert (rows[2].band, rows[2].hidden) == ("24+", False)
        assert (rows[3].months, rows[3].net_months, rows[3].hidden) == (13, 10, True)
        assert numbers(near_limit(campaign, TODAY)) == [4]
        assert 5 in numbers(past_limit(campaign, TODAY)) and 4 not in numbers(past_limit(campaign, TODAY))
        # The queue: the cases pending past their limit, then those of the campaign that closed past it.
        assert numbers(supervision_queue(campaign, TODAY)) == [*numbers(past_limit(campaign, TODAY)), 6]


def test_the_ledger_agrees_with_a_plain_count_on_the_demo_year(app, runner, make_user):
    """The demo year (12,000 cases): the ledger lists exactly the cases a plain reading of the rules selects."""
    result = runner.invoke(args=["demo", "cases", "--cases", "4000", "--as-of", "2021-12-15"])
    assert result.exit_code == 0, result.output
    day = date(2021, 12, 15)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        cases = list(db.session.scalars(select(Case)))
        pending = [c for c in cases if c.filed_on <= day and (c.closed_on is None or c.closed_on > day)]
        plain_long = {c.case_number for c in pending
                      if (day.year - c.filed_on.year) * 12 + day.month - c.filed_on.month
                      - (day.day < c.filed_on.day) >= 12}
        plain_past = {c.case_number for c in pending if c.deadline is not None and c.deadline < day}
        assert plain_long and plain_past  # the demo year has both
        assert {r.case.case_number for r in long_pending(campaign, day)} == plain_long
        assert {r.case.case_number for r in past_limit(campaign, day)} == plain_past


def test_the_president_approves_an_extension_and_the_limit_moves(app, client, pending_court):
    sign_in(client, "civil.judge1")
    near_id = request_extension(client, 4, 60)  # limit 2021-06-25, still open
    # Only the president approves: not the division head, not the judge.
    sign_in(client, "civil.head")
    assert move(client, near_id, "approve", base=PENDING).status_code == 422
    sign_in(client, "president")
    assert move(client, near_id, "approve", base=PENDING).status_code == 302
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        case = db.session.scalar(select(Case).where(Case.case_number == "（2021）豫0823民初4号"))
        assert case.approved_extension_days == 60 and case.deadline == date(2021, 8, 24)
        assert 4 not in numbers(near_limit(campaign, TODAY))
        assert db.session.scalar(select(AuditEntry.after).where(AuditEntry.action == "case.extend"))[
            "approved_extension_days"] == 60
        # Filed with the office: the office is told, and marks it filed with the intermediate court.
        office_note = db.session.scalar(select(Notification).where(Notification.user_id == pending_court["office"]))
        assert "（2021）豫0823民初4号" in office_note.message
    sign_in(client, "civil.head")
    assert post(client, f"{PENDING}/items/{near_id}/filed").status_code == 422
    sign_in(client, "office")
    assert post(client, f"{PENDING}/items/{near_id}/filed").status_code == 302
    assert post(client, f"{PENDING}/items/{near_id}/filed").status_code == 422  # once
    assert "已报中院备案" in client.get(f"{PENDING}/items/{near_id}").get_data(as_text=True)


def test_no_extension_after_the_fact_nor_beyond_the_law(app, client, pending_court):
    """An extension approved after the limit passed, or after the case closed, would turn a late case into an on-time
    one: refused, with the day it passed, and the figure stays. Nor more than the statutory maximum."""
    sign_in(client, "civil.judge1")
    past_id = request_extension(client, 5, 60)  # limit passed on 2021-05-01
    closed_id = request_extension(client, 6, 60)  # closed on 2021-05-20, 49 days late
    too_long_id = request_extension(client, 4, 200)  # 民初 普通程序: at most 6 months
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        recompute_court(court_id)
    sign_in(client, "president")
    for item_id, words in ((past_id, "2021-05-01"), (closed_id, "2021-05-20"), (too_long_id, "至多")):
        refused = move(client, item_id, "approve", base=PENDING)
        assert refused.status_code == 422 and words in refused.get_data(as_text=True), words
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        assert {db.session.get(RegisterItem, i).status for i in (past_id, closed_id, too_long_id)} == {"submitted"}
        assert not db.session.scalar(select(func.sum(Case.approved_extension_days)))
        assert 5 in numbers(supervision_queue(campaign, TODAY))
        recompute_court(court_id)
        within = db.session.scalar(select(IndicatorValue.value).where(
            IndicatorValue.indicator_code == "closed_within_limit", IndicatorValue.period_key == "2021-05",
            IndicatorValue.scope_kind == "court"))
        assert within == 0.5  # the case closed late stays late


def test_a_reimport_keeps_the_approved_extension_and_never_counts_it_twice(app, client, pending_court, tmp_path):
    sign_in(client, "civil.judge1")
    item_id = request_extension(client, 4, 60)
    sign_in(client, "president")
    assert move(client, item_id, "approve", base=PENDING).status_code == 302
    # The case-management export catches up with 30 days (less than approved), then with all 60, then with 90.
    for exported, deadline in (("30", date(2021, 8, 24)), ("60", date(2021, 8, 24)), ("90", date(2021, 9, 23))):
        rows = [pending_row(4, "2020-12-25", 延长审限天数=exported)]
        assert import_file(app, write_csv(tmp_path / f"again-{exported}.csv", rows)).ok
        with app.app_context():
            case = db.session.scalar(select(Case).where(Case.case_number == "（2021）豫0823民初4号"))
            assert case.deadline == deadline, exported


def test_an_announcement_approval_does_not_excuse_an_overrun(app, client, pending_court):
    """"非因法定事由超审限案件，由监察室按照相关规定处理": an approved announcement request keeps the limit and the case
    stays on the supervision office's queue, beside the case that closed 49 days late."""
    sign_in(client, "civil.judge1")
    item_id = request_extension(client, 5, 0, request="公告")
    sign_in(client, "president")
    assert move(client, item_id, "approve", base=PENDING).status_code == 302
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        queue = {n: r for n, r in zip(numbers(supervision_queue(campaign, TODAY)), supervision_queue(campaign, TODAY),
                                      strict=True)}
        assert 5 in numbers(past_limit(campaign, TODAY)) and [i.id for i in queue[5].approvals] == [item_id]
        assert (queue[5].days_late, queue[6].days_late) == (50, 49)  # limits 2021-05-01 and 2021-04-01
    sign_in(client, "supervision")
    page = client.get(f"{PENDING}/ledger?tab=queue").get_data(as_text=True)
    assert "（2021）豫0823民初6号" in page and "2021-05-20" in page and "尚未记录" in page


def test_the_supervision_office_records_what_it_did(app, client, pending_court):
    """For each case on its queue the supervision office records a talk, a notice, a referral, or no action with the
    reason; the judge is told, and the office's count of waiting cases goes down. Nobody else may record."""
    from app.models import OverrunAction
    from app.obligations.work import my_work

    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.case_number == "（2021）豫0823民初5号"))
        in_time = db.session.scalar(select(Case.id).where(Case.case_number == "（2021）豫0823民初7号"))
    url = f"{PENDING}/ledger/queue/{case_id}"
    sign_in(client, "office")
    assert post(client, url, {"action": "约谈", "acted_on": "2021-06-18"}).status_code == 403
    sign_in(client, "supervision")
    refused = post(client, url, {"action": "不予处理", "acted_on": "2021-06-18", "note": " "}, follow_redirects=True)
    assert "不予处理需写明理由" in refused.get_data(as_text=True)
    refused = post(client, f"{PENDING}/ledger/queue/{in_time}", {"action": "约谈", "acted_on": "2021-06-18"},
                   follow_redirects=True)
    assert "未超审限" in refused.get_data(as_text=True)
    refused = post(client, url, {"action": "罚款", "acted_on": "2021-06-18"}, follow_redirects=True)
    assert "请选择" in refused.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(select(func.count(OverrunAction.id)))
        waiting = lambda: my_work(db.session.scalar(select(Campaign)),  # noqa: E731
                                  db.session.get(User, pending_court["supervision"]), TODAY).queue
        before = waiting()
    done = post(client, url, {"action": "约谈", "acted_on": "2021-06-18", "note": "已约谈承办法官"},
                follow_redirects=True)
    assert "已记录" in done.get_data(as_text=True)
    page = client.get(f"{PENDING}/ledger?tab=queue").get_data(as_text=True)
    assert "2021-06-18 约谈" in page and "已约谈承办法官" in page
    with app.app_context():
        assert waiting() == before - 1
        told = db.session.scalar(select(Notification).where(Notification.user_id == pending_court["judge"],
                                                            Notification.key.startswith("overrun-action:")))
        assert "（2021）豫0823民初5号" in told.message and "约谈" in told.message


def test_deducted_and_extension_days_without_an_approved_request_are_listed(app, client, pending_court, tmp_path):
    """"防止非因法定事由随意扣审或延长审限": imported deducted days with no approved announcement or appraisal request,
    and extension days beyond the approved ones, are listed for the office and counted beside the figure."""
    rows = [row(50, 立案日期="2021-01-04", 结案日期="2021-05-28", 审判程序="普通程序", 延长审限天数="60"),
            row(51, 立案日期="2021-02-01", 结案日期="2021-05-20", 审判程序="普通程序", 扣除审限天数="30")]
    assert import_file(app, write_csv(tmp_path / "days.csv", rows)).ok
    sign_in(client, "civil.judge1")
    appraisal = request_extension(client, 51, 0, request="鉴定")
    announcement_for_50 = request_extension(client, 50, 0, request="公告")  # does not account for extension days
    sign_in(client, "president")
    for item_id in (appraisal, announcement_for_50):
        assert move(client, item_id, "approve", base=PENDING).status_code == 302
    with app.app_context():
        from app.pending import unsupported_days

        campaign = db.session.scalar(select(Campaign))
        listed = {n: r for n, r in zip(numbers(unsupported_days(campaign, TODAY)), unsupported_days(campaign, TODAY),
                                       strict=True)}
        assert sorted(listed) == [3, 50]  # case 3's 90 deducted days; case 51's appraisal is approved
        assert (listed[3].deducted_days, listed[50].extension_days) == (90, 60)
        assert listed[50].deadline_without == date(2021, 7, 4) and not listed[50].late_without(TODAY)
        recompute_court(db.session.scalar(select(Court.id)))
    sign_in(client, "civil.judge1")
    assert client.get(f"{PENDING}/ledger?tab=unsupported").status_code == 403
    sign_in(client, "office")
    page = client.get(f"{PENDING}/ledger?tab=unsupported").get_data(as_text=True)
    assert "民初50号" in page and "民初3号" in page and "民初51号" not in page
    figure = client.get("/indicators/closed_within_limit?period=2021-05").get_data(as_text=True)
    assert "1 件" in figure and "60 天" in figure and "无审批依据" in figure


def test_the_ledger_pages(app, client, pending_court, tmp_path):
    other = [pending_row(30, "2020-01-10", 承办人="民事审判庭法官02")]
    assert import_file(app, write_csv(tmp_path / "other.csv", other)).ok
    sign_in(client, "civil.judge1")
    page = client.get(f"{PENDING}/ledger").get_data(as_text=True)
    assert "（2021）豫0823民初1号" in page and "隐性" in page
    assert "民初30号" not in page  # a judge's ledger is his own cases
    sign_in(client, "civil.head")
    assert "民初30号" in client.get(f"{PENDING}/ledger").get_data(as_text=True)  # the division head's, the division's
    # A page number kept from when the list was longer shows the last page, not an empty list.
    assert "民初30号" in client.get(f"{PENDING}/ledger?page=7").get_data(as_text=True)
    sign_in(client, "civil.judge1")
    assert client.get(f"{PENDING}/ledger?tab=queue").status_code == 403
    export = client.get(f"{PENDING}/ledger.xlsx?tab=past")
    assert export.mimetype.endswith("spreadsheetml.sheet")
    sign_in(client, "criminal.staff")  # another department's cases are not in its ledger
    assert "民初1号" not in client.get(f"{PENDING}/ledger").get_data(as_text=True)
    sign_in(client, "supervision")
    assert "（2021）豫0823民初5号" in client.get(f"{PENDING}/ledger?tab=queue").get_data(as_text=True)


def test_only_the_president_approves(app, client, pending_court, make_user):
    """"一律由院长审批": the holder of the president's post decides; another leader is refused, with the reason."""
    make_user("vice-president", Role.LEADER, department="leadership")
    sign_in(client, "civil.judge1")
    item_id = request_extension(client, 4, 30)
    sign_in(client, "vice-president")
    refused = move(client, item_id, "approve", base=PENDING)
    assert refused.status_code == 422 and "院长" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RegisterItem, item_id).status == "submitted"
        case = db.session.scalar(select(Case).where(Case.case_number == "（2021）豫0823民初4号"))
        assert case.approved_extension_days == 0
        # Only the president was told it waits.
        told = list(db.session.scalars(select(Notification.user_id).where(Notification.key.startswith("submitted:"))))
        assert told == [pending_court["president"]]
    page = client.get(f"{PENDING}/items/{item_id}").get_data(as_text=True)
    assert "审核通过" not in page  # no button for him
    sign_in(client, "president")
    assert move(client, item_id, "approve", base=PENDING).status_code == 302


def test_the_presidents_post_is_a_leaders(app, pending_court):
    from app.directory import DirectoryError, appoint
    from app.models import User

    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        head = db.session.get(User, pending_court["head"])
        with pytest.raises(DirectoryError, match="院领导"):
            appoint(campaign, "group_leader", head, head)


def test_new_long_pending_cases_are_counted_each_month(app, client, pending_court, tmp_path):
    """边清边积: the cases that passed 12 months pending during the month, per department, however many old ones
    were cleared: on the ledger and in the bulletin."""
    from app.indicators.periods import month_period
    from app.pending import newly_long_pending
    from app.reports import monthly

    rows = [pending_row(40, "2020-06-10"),  # 12 months on 2021-06-10, still pending
            row(41, 立案日期="2020-06-05", 结案日期="2021-05-01", 审判程序="普通程序"),  # closed before its 12 months
            row(42, 立案日期="2020-06-08", 结案日期="2021-06-15", 审判程序="普通程序"),  # closed after its 12 months
            pending_row(43, "2020-07-02")]  # 12 months in July
    assert import_file(app, write_csv(tmp_path / "more.csv", rows)).ok
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        civil = db.session.scalar(select(Department.id).where(Department.code == "civil"))
        assert newly_long_pending(campaign, month_period(2021, 6)) == {civil: 2}
        assert newly_long_pending(campaign, month_period(2021, 5)) == {civil: 1}  # case 3, filed 2020-05-01
        content = monthly.build(campaign, month_period(2021, 6), TODAY)
        assert content["newly_long_pending"] == [{"department": "民事审判庭", "count": 2}]
    sign_in(client, "civil.head")
    page = client.get(f"{PENDING}/ledger").get_data(as_text=True)
    assert "边清边积" in page and "民事审判庭 2" in page
