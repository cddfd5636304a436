"""The office downloads the template, uploads it, watches the progress bar finish and sees the counts."""

from __future__ import annotations

from playwright.sync_api import expect

from app.models import Role
from tests.e2e.test_sign_in import sign_in


def test_office_imports_the_template(page, live_server, make_user, rq_worker, tmp_path):
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(page, live_server, "office")
    page.goto(f"{live_server}/cases/import")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板（.xlsx）").click()
    template = tmp_path / "案件导入模板.xlsx"
    download.value.save_as(template)

    page.get_by_label("文件").set_input_files(template)
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator("#import-status progress")).to_be_visible()
    expect(page.locator("#import-counts")).to_contain_text("1 条新增", timeout=20_000)
    expect(page.locator("#import-status progress")).to_have_attribute("value", "100")

    page.goto(f"{live_server}/cases/")
    expect(page.locator("table.cases")).to_contain_text("（2021）豫0823民初1234号")
