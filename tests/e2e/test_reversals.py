"""A reversed case in the browser: the judge writes the self-inspection report, the committee's secretary records
the meeting, the office publishes the month's circulation."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests.case_files import write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import REVERSED, account, appealed, import_file


def test_report_meeting_and_circulation(page, second_page, live_server, make_user, app, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge1", "民事审判庭法官01", "civil", Role.JUDGE)
    make_user("committee", Role.COMMITTEE, department="committee")
    make_user("office", Role.OFFICE, department="trial-management")
    assert import_file(app, write_csv(tmp_path / "cases.csv", [appealed(2, "改判")])).ok

    sign_in(page, live_server, "civil.judge1")
    page.goto(f"{live_server}/measures/judicial-responsibility/files")
    page.get_by_role("link", name=REVERSED).click()
    page.get_by_label("自查报告").fill("经自查，对借款数额的认定未充分审查银行流水。")
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#flash")).to_contain_text("待审委会评析")
    expect(page.locator("main")).to_contain_text("未充分审查银行流水")

    secretary = second_page()
    sign_in(secretary, live_server, "committee")
    secretary.goto(f"{live_server}/measures/committee-review/files")
    expect(secretary.locator("#reversal-files")).to_contain_text(REVERSED)
    secretary.get_by_label("日期").fill("2021-06-28")
    secretary.get_by_label("参会人员").fill("院长、审委会委员")
    secretary.get_by_label("发现的问题").fill("证据审查不细")
    secretary.get_by_label("整改措施").fill("加强证据审查培训")
    secretary.get_by_role("button", name="保存会议记录").click()
    expect(secretary.locator(".meetings table")).to_contain_text("2021-06-28")

    office = second_page()
    sign_in(office, live_server, "office")
    office.goto(f"{live_server}/measures/circulation-accountability/files")
    office.get_by_label("月份").select_option("2021-06")
    office.get_by_label("审管办意见").fill("6月发改案件1件，请各庭引以为戒。")
    office.get_by_role("button", name="公布", exact=True).click()
    expect(office.get_by_role("heading", name="2021-06 发改案件通报")).to_be_visible()
    expect(office.locator("main")).to_contain_text(REVERSED)
