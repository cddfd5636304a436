"""The ledger's search narrows the table and its tab counts in place; a case number opens the case's page."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests.case_files import row, write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import PENDING, account, import_file, pending_row


def test_the_office_searches_the_ledger_and_opens_a_case(page, live_server, make_user, app, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge1", "民事审判庭法官01", "civil", Role.JUDGE)
    make_user("office", Role.OFFICE, department="trial-management")
    rows = [pending_row(5, "2020-11-01"), pending_row(9, "2020-11-02", 承办人="民事审判庭法官02")]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok

    sign_in(page, live_server, "office")
    page.goto(f"{live_server}{PENDING}/ledger?tab=past")
    past_tab = page.locator("nav.tabs a", has_text="超审限")
    expect(past_tab.locator(".count")).to_have_text("2")
    page.get_by_label("搜索").fill("法官02")
    expect(page.locator("table.ledger")).not_to_contain_text("（2021）豫0823民初5号")
    expect(page.locator("table.ledger")).to_contain_text("（2021）豫0823民初9号")
    expect(past_tab.locator(".count")).to_have_text("1")
    expect(page.locator("#ledger-body")).to_have_count(1)  # the filtered tab replaces the list, not nests in it
    assert "q=" in page.url
    page.get_by_role("link", name="（2021）豫0823民初9号").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("（2021）豫0823民初9号")
    expect(page.locator("#case-deadline")).to_contain_text("超期 49 天")


def test_paging_through_the_case_list_replaces_the_list_rather_than_nesting_it(page, live_server, make_user, app,
                                                                               tmp_path):
    make_user("office", Role.OFFICE, department="trial-management")
    per_page = app.config["PAGE_SIZE"]
    assert import_file(app, write_csv(tmp_path / "cases.csv", [row(n) for n in range(1, per_page + 6)])).ok

    sign_in(page, live_server, "office")
    page.goto(f"{live_server}/cases/")
    expect(page.locator("nav.pagination")).to_contain_text(f"共 {per_page + 5} 条")
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("nav.pagination")).to_contain_text("第 2 页")
    expect(page.locator("#cases-table")).to_have_count(1)
    expect(page.locator("#cases-table tbody tr")).to_have_count(5)
    assert "page=2" in page.url
    page.get_by_role("link", name="上一页").click()
    expect(page.locator("#cases-table tbody tr")).to_have_count(per_page)
    expect(page.locator("#cases-table")).to_have_count(1)
