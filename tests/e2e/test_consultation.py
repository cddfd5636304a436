"""Data consultation in the browser: a division head objects to a case's counting in the bulletin's window, and the
office accepts the objection by correcting the case; the division's figure follows."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import ROWS, write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import import_file, new_bulletin

LATE_CASE = "（2020）豫0823民初4号"


def test_a_division_head_objects_and_the_office_accepts(page, second_page, live_server, make_user, app, rq_worker,
                                                        tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 5)
    make_user("office", Role.OFFICE, department="trial-management")
    make_user("civil.head", Role.DIVISION_HEAD)
    assert import_file(app, write_csv(tmp_path / "may.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    report_id = new_bulletin(app)

    # The division head owes the check: "my work" leads to the consultation.
    sign_in(page, live_server, "civil.head", landing=None)
    page.locator("tbody", has_text="月度通报数据会商核对").get_by_role("link", name="2021-05").click()
    expect(page.get_by_role("heading", name="数据会商 · 民事审判庭")).to_be_visible()
    row = page.locator("tr[data-indicator=closed_within_limit]")
    expect(row.locator(".figure-value")).to_have_text("83.3%")  # 5 of 6: the late case D
    row.get_by_role("link").nth(1).click()  # the denominator's cases
    page.locator("tr", has_text=LATE_CASE).get_by_role("link", name="提出异议").click()
    page.get_by_label(re.compile("^理由")).fill("该案已于2021年4月10日经院长批准延长审限30天。")
    page.get_by_role("button", name="提出异议").click()
    expect(page.locator("#flash")).to_contain_text("异议已提出")
    expect(page.locator(".objection-status")).to_have_text("未处理")

    # The office decides it from its own "my work": the extension days were missing from the export.
    office = second_page()
    sign_in(office, live_server, "office", landing="/work/")
    decisions = office.locator("tbody", has_text="数据会商异议处理")
    decisions.get_by_role("link", name=re.compile(re.escape(LATE_CASE))).click()
    expect(office.get_by_role("heading", name=re.compile("异议"))).to_be_visible()
    office.get_by_label("延长审限天数").fill("30")
    office.get_by_label("给该部门的说明（可选）").fill("经核，审批表属实。")
    office.get_by_role("button", name="更正并采纳").click()
    expect(office.locator("#flash")).to_contain_text("已更正（延长审限天数）")
    expect(office.locator(".objection-status")).to_have_text("已采纳，数据已更正")

    # The recompute runs in the worker; the division's figure follows.
    page.goto(f"{live_server}/reports/{report_id}/consultation")
    for _attempt in range(30):
        if page.locator("tr[data-indicator=closed_within_limit] .figure-value").inner_text() == "100.0%":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator("tr[data-indicator=closed_within_limit] .figure-value")).to_have_text("100.0%")
    expect(page.locator("table.objections")).to_contain_text("已采纳，数据已更正")
