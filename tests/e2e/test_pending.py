"""A judge asks for extensions, the president decides: one in time moves the case's limit (and off the list of
cases close to it); one asked after the limit passed is refused with the day it passed, and the case stays on the
overdue list and the within-limit rate stays as it was."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import row, write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import PENDING, account, appoint_president, import_file, pending_row


def test_an_extension_takes_a_case_off_the_overdue_list(page, second_page, live_server, make_user, app, rq_worker,
                                                        tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge1", "民事审判庭法官01", "civil", Role.JUDGE)
    appoint_president(app, make_user("president", Role.LEADER, department="leadership"))
    rows = [pending_row(5, "2020-11-01"),  # past its limit (2021-05-01)
            row(6, 立案日期="2020-10-01", 结案日期="2021-05-20", 审判程序="普通程序"),  # closed 50 days late
            row(7, 立案日期="2021-04-01", 结案日期="2021-05-10"),
            pending_row(8, "2020-12-25")]  # limit 2021-06-25: close to it
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))

    sign_in(page, live_server, "civil.judge1")
    page.goto(f"{live_server}{PENDING}/ledger?tab=past")
    expect(page.locator("table.ledger")).to_contain_text("（2021）豫0823民初5号")
    for number in (5, 8):
        page.goto(f"{live_server}{PENDING}/items")
        page.get_by_role("link", name=re.compile("新建：审批事项")).click()
        page.get_by_label("案号").fill(f"（2021）豫0823民初{number}号")
        page.get_by_label("审批事项", exact=True).select_option("延长审限")
        page.get_by_label("延长天数").fill("60")
        page.get_by_label("理由").fill("需要补充鉴定")
        page.get_by_role("button", name="保存").click()
        page.get_by_role("button", name="报送").click()
        expect(page.locator(".facts .status")).to_have_text("已报送")

    president = second_page()
    sign_in(president, live_server, "president")
    president.goto(f"{live_server}/indicators/closed_within_limit?period=2021-05")
    expect(president.locator("main")).to_contain_text("50.0%")

    def decide(number: int) -> None:
        president.goto(f"{live_server}{PENDING}/items?status=submitted")
        president.locator("#register-items tbody tr", has_text=f"民初{number}号").get_by_role("link").first.click()
        president.get_by_role("button", name="审核通过").click()

    decide(5)
    expect(president.locator("#flash")).to_contain_text("审限已于 2021-05-01 届满")
    expect(president.locator(".facts .status")).to_have_text("已报送")
    decide(8)
    expect(president.locator("#flash")).to_contain_text("正在重新计算")
    expect(president.locator(".facts .status")).to_have_text("已审核")

    page.goto(f"{live_server}{PENDING}/ledger?tab=near")
    expect(page.locator("main")).not_to_contain_text("（2021）豫0823民初8号")
    page.goto(f"{live_server}{PENDING}/ledger?tab=past")
    expect(page.locator("table.ledger")).to_contain_text("（2021）豫0823民初5号")
    president.goto(f"{live_server}/indicators/closed_within_limit?period=2021-05")
    expect(president.locator("main")).to_contain_text("50.0%")
