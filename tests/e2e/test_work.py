"""My work in the browser: a liaison hands in the month's documents; the division head lands on them, with the
count in the header, and approves them; the liaison sees the decision; the office's console shows the cell done."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests.case_files import row as case_row
from tests.case_files import write_csv
from tests.e2e.helpers import hand_in, sign_in
from tests.helpers import import_file


def test_a_hand_in_reaches_the_head_and_the_decision_the_liaison(page, second_page, live_server, make_user, app,
                                                                  tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    make_user("general.staff", Role.STAFF, department="general")
    make_user("general.head", Role.DIVISION_HEAD, department="general")
    make_user("office", Role.OFFICE, department="trial-management")
    rows = [case_row(n, 承办部门="综合审判庭", 承办人="综合审判庭法官01") for n in (21, 22)]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok

    # The liaison lands on what the division owes: this month's documents among them.
    sign_in(page, live_server, "general.staff", landing=None)
    expect(page).to_have_url(f"{live_server}/work/")
    expect(page.locator("main")).to_contain_text("报送优秀、瑕疵裁判文书")
    hand_in(page, live_server, "优秀裁判文书", 21, tmp_path)
    hand_in(page, live_server, "瑕疵裁判文书", 22, tmp_path)

    # The head lands on them, the count in the header, and approves each from there.
    head = second_page()
    sign_in(head, live_server, "general.head", landing=None)
    expect(head).to_have_url(f"{live_server}/work/")
    waiting = head.locator("section", has=head.get_by_role("heading", name=re.compile("待您审批")))
    expect(waiting).to_contain_text("（2021）豫0823民初21号")
    expect(waiting).to_contain_text("（2021）豫0823民初22号")
    badge = head.locator(".work-link .badge")
    count = int(badge.inner_text())
    assert count >= 2
    for number in (21, 22):
        waiting.locator("tr", has_text=f"民初{number}号").get_by_role("link").click()
        head.get_by_role("button", name="审核通过").click()
        expect(head.locator(".facts .status")).to_have_text("已审核")
        head.get_by_role("link", name=re.compile("^我的待办")).click()
        expect(head).to_have_url(f"{live_server}/work/")
    expect(head.locator("main")).not_to_contain_text("（2021）豫0823民初21号")
    # Two decisions fewer, and May's documents (the head's division owes them too) are no longer owed.
    def documents_for(month: str):
        return head.locator("tbody", has_text="报送优秀、瑕疵裁判文书").locator("tr").filter(
            has=head.locator("td:nth-child(2)", has_text=re.compile(f"^{month}")))

    expect(documents_for("2021-05")).to_have_count(0)
    expect(documents_for("2021-04")).to_have_count(1)  # April's were never handed in: still owed, overdue
    left = int(badge.inner_text()) if badge.count() else 0
    assert left == count - 3

    # The liaison learns the decision: in the notices and on the page.
    page.goto(f"{live_server}/work/")
    decided = page.locator("section", has=page.get_by_role("heading", name="您报送事项的审核结果"))
    expect(decided).to_contain_text("（2021）豫0823民初21号")
    expect(decided).to_contain_text("已审核")
    expect(page.locator(".notifications-link .badge")).to_have_text("2")

    # The office's console shows the division's cell for the measure done.
    office = second_page()
    sign_in(office, live_server, "office", landing="/console/?period=2021-05")
    row = office.locator("table.progress tbody tr", has_text="3. 裁判文书评查")
    header = [t.strip() for t in office.locator("table.progress thead th").all_inner_texts()]
    cell = row.locator("td").nth(header.index("综合审判庭") - 1)
    # Both documents in and approved, and both approvals made in time: every duty of the cell is done.
    expect(cell).to_have_class(re.compile(r"\bcell-done\b"))
    done, owed = cell.inner_text().strip().split("/")
    assert done == owed
    expect(cell).to_have_attribute("title", re.compile("报送优秀、瑕疵裁判文书 2021-05"))
    expect(office.get_by_role("heading", name="本月及本季度的院级职责")).to_be_visible()
