"""The office opens the progress matrix, reminds a department that is late, and its liaison sees the reminder."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests import helpers
from tests.e2e.helpers import sign_in


def test_the_office_reminds_a_late_department(page, second_page, live_server, make_user, app):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    make_user("office", Role.OFFICE, department="trial-management")
    make_user("criminal.staff", Role.STAFF, department="criminal")
    helpers.hand_in(app, "excellent_document", "criminal", "2021-04", 1)

    office = second_page()
    sign_in(office, live_server, "office")
    office.get_by_role("link", name="活动办公室").click()
    office.get_by_label("月份").select_option("2021-04")
    office.get_by_role("button", name="查询").click()
    row = office.locator("table.progress tr", has_text="3. 裁判文书评查")
    expect(row).to_contain_text("1/4")
    office.get_by_role("button", name="提醒刑事审判庭").click()
    expect(office.locator("#flash")).to_contain_text("已提醒 Criminal.Staff")

    sign_in(page, live_server, "criminal.staff")
    expect(page.locator(".notifications-link .badge")).to_have_text("1")
    page.get_by_role("link", name="通知").click()
    expect(page.locator("main")).to_contain_text("活动办公室提醒：2021-04 尚待报送——报送优秀、瑕疵裁判文书 2021-04 1/4")
    # The same day the console says it was sent, instead of offering to send it again.
    office.reload()
    expect(office.locator("table.progress")).to_contain_text("已提醒")
