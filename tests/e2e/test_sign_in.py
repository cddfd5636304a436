"""A person signs in, opens a measure from the menu, and an administrator edits a user inline."""

from __future__ import annotations

from playwright.sync_api import expect

from app.models import Role
from tests.e2e.helpers import sign_in


def test_office_signs_in_and_opens_a_measure(page, live_server, make_user):
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(page, live_server, "office")
    page.get_by_text("主要措施", exact=True).click()
    page.get_by_role("link", name="3. 裁判文书评查（“3+4+5”）").click()
    expect(page.get_by_role("heading", name="裁判文书评查（“3+4+5”）")).to_be_visible()
    expect(page).to_have_url(f"{live_server}/measures/document-review/")
    expect(page.locator("table.quotas")).to_contain_text("民事审判庭")


def test_admin_edits_a_user_in_place(page, live_server, make_user):
    make_user("admin", Role.ADMIN, department="trial-management")
    make_user("judge1", Role.JUDGE, department="civil")
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/users")
    row = page.locator("tr", has_text="judge1")
    row.get_by_role("link", name="编辑").click()
    editing = page.locator("tr.editing")
    editing.get_by_label("姓名").fill("民庭法官甲")
    editing.get_by_role("button", name="保存").click()
    expect(page.locator("tr", has_text="judge1")).to_contain_text("民庭法官甲")
    expect(page.locator("tr.editing")).to_have_count(0)
    # It stuck: a reload shows the new name.
    page.reload()
    expect(page.locator("tr", has_text="judge1")).to_contain_text("民庭法官甲")
