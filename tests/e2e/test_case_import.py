"""The office downloads the template, uploads it, watches the progress bar finish and sees the counts."""

from __future__ import annotations

from playwright.sync_api import expect

from app.models import Role
from tests.e2e.helpers import sign_in
from tests.helpers import FOREIGN, FOREIGN_MAPPING, write_foreign


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


def test_office_maps_a_foreign_export_and_imports_it(page, live_server, make_user, rq_worker, tmp_path):
    """A system's export with a title row and headers of its own: the office says once which column is which,
    names the mapping, and the import runs; next month's file with the same headers needs no mapping."""
    from tests.case_files import row

    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(page, live_server, "office")
    page.goto(f"{live_server}/cases/import")
    page.get_by_label("文件").set_input_files(write_foreign(tmp_path, "审判系统导出.xlsx", row(1), row(2)))
    page.get_by_role("button", name="导入", exact=True).click()

    form = page.locator("#mapping-form")
    expect(form).to_contain_text("表头在第 3 行")
    expect(form).to_contain_text("（2021）豫0823民初2号")  # the first rows, beside the columns
    for header in FOREIGN:
        if header in FOREIGN_MAPPING and header != "生效时间":  # 生效时间 is a usual spelling: chosen already
            form.get_by_label(header, exact=True).select_option(FOREIGN_MAPPING[header])
    expect(form.get_by_label("生效时间", exact=True)).to_have_value("生效日期")
    form.get_by_label("导入方案名称").fill("审判系统导出")
    form.get_by_role("button", name="保存对应关系并导入").click()
    expect(page.locator("#import-counts")).to_contain_text("2 条新增", timeout=20_000)

    page.goto(f"{live_server}/cases/import")
    expect(page.locator("#import-history")).to_contain_text("导入方案：审判系统导出")
    page.get_by_label("文件").set_input_files(write_foreign(tmp_path, "下月导出.xlsx", row(1), row(3)))
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator("#import-counts")).to_contain_text("1 条新增", timeout=20_000)
    expect(page.locator("#mapping-form")).to_have_count(0)

    page.goto(f"{live_server}/cases/")
    expect(page.locator("table.cases")).to_contain_text("（2021）豫0823民初3号")
