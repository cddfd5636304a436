"""A judge asks for an extension, the president approves it: the case leaves the overdue list and the
within-limit rate, recomputed by the worker, changes."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import row, write_csv
from tests.conftest import appoint_president
from tests.e2e.test_sign_in import sign_in
from tests.test_case_import import import_file
from tests.test_pending import pending_row
from tests.test_reversals import account

BASE = "/measures/long-pending-cases"


def test_an_extension_takes_a_case_off_the_overdue_list(page, second_page, live_server, make_user, app, rq_worker,
                                                        tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge1", "民事审判庭法官01", "civil", Role.JUDGE)
    appoint_president(app, make_user("president", Role.LEADER, department="leadership"))
    rows = [pending_row(5, "2020-11-01"),  # past its limit (2021-05-01)
            row(6, 立案日期="2020-10-01", 结案日期="2021-05-20", 审判程序="普通程序"),  # closed 50 days late
            row(7, 立案日期="2021-04-01", 结案日期="2021-05-10")]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))

    sign_in(page, live_server, "civil.judge1")
    page.goto(f"{live_server}{BASE}/ledger?tab=past")
    expect(page.locator("table.ledger")).to_contain_text("（2021）豫0823民初5号")
    for number in (5, 6):
        page.goto(f"{live_server}{BASE}/items")
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
    for _ in range(2):
        president.goto(f"{live_server}{BASE}/items?status=submitted")
        president.locator("#register-items tbody a").first.click()
        president.get_by_role("button", name="审核通过").click()
        expect(president.locator("#flash")).to_contain_text("正在重新计算")

    page.goto(f"{live_server}{BASE}/ledger?tab=past")
    expect(page.locator("main")).not_to_contain_text("（2021）豫0823民初5号")
    # The worker recomputes; the figure follows.
    for _ in range(20):
        president.goto(f"{live_server}/indicators/closed_within_limit?period=2021-05")
        if "100.0%" in president.locator("main").inner_text():
            break
        president.wait_for_timeout(500)
    expect(president.locator("main")).to_contain_text("100.0%")
