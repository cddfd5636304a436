"""The intermediate court's office signs in, lands on the courts compared, changes the period (HTMX swap) and
downloads the table."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.helpers import PASSWORD


def test_the_city_office_compares_its_courts_by_period(page, live_server, two_courts):
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("用户名").fill("city.office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("各院对比")  # an intermediate court runs no campaign: it lands here
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    table = page.locator("#courts-table table")
    expect(table.locator("thead")).to_contain_text("武陟县人民法院")
    expect(table.locator("thead")).to_contain_text("温县人民法院")
    page.get_by_label("统计期间").select_option("2021Q2")
    expect(table.locator("caption")).to_contain_text("2021-04-01 – 2021-06-30")
    assert "period=2021Q2" in page.url
    expect(table.locator("tfoot")).to_contain_text("全市位次")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出（.xlsx）").click()
    assert download.value.suggested_filename == "各院对比-2021Q2.xlsx"
