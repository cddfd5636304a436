"""A month of judgment documents in the browser: the liaison hands them in, the division head approves, the office
selects and publishes, and the board shows them to everyone."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests.case_files import row as case_row
from tests.case_files import write_csv
from tests.e2e.helpers import hand_in, sign_in
from tests.helpers import DOCS, import_file


def test_a_month_of_documents_from_hand_in_to_the_board(page, second_page, live_server, make_user, app, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    make_user("general.staff", Role.STAFF, department="general")
    make_user("general.head", Role.DIVISION_HEAD, Role.JUDGE, department="general")
    make_user("office", Role.OFFICE, department="trial-management")
    # The documents' cases are in the case data: the division's, handled by its judge.
    rows = [case_row(n, 承办部门="综合审判庭", 承办人="综合审判庭法官01") for n in (11, 12)]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok

    # The liaison hands in the month's quota: one excellent and one flawed document.
    sign_in(page, live_server, "general.staff")
    hand_in(page, live_server, "优秀裁判文书", 11, tmp_path)
    hand_in(page, live_server, "瑕疵裁判文书", 12, tmp_path)
    # The division head approves both.
    head = second_page()
    sign_in(head, live_server, "general.head")
    head.goto(f"{live_server}{DOCS}/items?status=submitted")
    for _ in range(2):
        head.locator("#register-items tbody a").first.click()
        head.get_by_role("button", name="审核通过").click()
        expect(head.locator(".facts .status")).to_have_text("已审核")
        head.goto(f"{live_server}{DOCS}/items?status=submitted")
    expect(head.locator("#register-items .empty")).to_be_visible()
    # The status filter swaps the list in place: both approved, and one list, not one nested in the other.
    head.get_by_label("状态").select_option(label="已审核")
    expect(head.locator("#register-items tbody tr")).to_have_count(2)
    expect(head.locator("#register-items")).to_have_count(1)
    # Approved, the month's quota is met.
    page.goto(f"{live_server}{DOCS}/compliance")
    row = page.locator("table.matrix tr", has_text="综合审判庭")
    expect(row.locator("td.cell").nth(2)).to_have_text("2/2")  # March, April, May

    # The office selects them for the court's lists and publishes both lists.
    office = second_page()
    confirmations: list[str] = []
    office.on("dialog", lambda dialog: confirmations.append(dialog.message))  # (the page accepts them)
    sign_in(office, live_server, "office")
    for list_name, number in (("全院优秀裁判文书（张榜公布）", 11), ("全院瑕疵裁判文书（张榜公布）", 12)):
        office.goto(f"{live_server}{DOCS}/")
        office.get_by_role("link", name=list_name).click()
        office.locator("table.candidates tr", has_text=f"民初{number}号").get_by_role("button", name="选入").click()
        expect(office.locator("table.selection")).to_contain_text(f"民初{number}号")
        # One of the month's three: published short only with the reason, which the board shows.
        office.get_by_label(re.compile("不足额公布的原因")).fill("本月仅一篇符合条件")
        office.get_by_role("button", name="张榜公布").click()
        expect(office.get_by_role("heading", name=re.compile("已公布"))).to_be_visible()
        assert confirmations[-1].startswith("已选 1 项，共 3 项")

    # The liaison (and everyone else) sees them on the board.
    page.goto(f"{live_server}{DOCS}/")
    page.get_by_role("link", name="公示栏").click()
    board = page.locator("main")
    expect(board).to_contain_text("（2021）豫0823民初11号")
    expect(board).to_contain_text("（2021）豫0823民初12号")
    expect(board).to_contain_text("全院优秀裁判文书（张榜公布） · 2021-05")
    expect(board).to_contain_text("本期 1 项：本月仅一篇符合条件")
