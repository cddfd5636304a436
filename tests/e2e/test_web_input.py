"""In the browser: reloading the page a refused upload left in the address bar shows the item, not an error."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from app.models import Role
from tests.e2e.helpers import sign_in
from tests.helpers import DOCS


def test_reloading_after_a_refused_upload_shows_the_item(page, live_server, make_user, app, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)
    make_user("general.staff", Role.STAFF, department="general")
    make_user("general.judge", Role.JUDGE, department="general")
    sign_in(page, live_server, "general.staff")
    page.goto(f"{live_server}{DOCS}/items")
    page.get_by_role("link", name="新建：优秀裁判文书").click()
    page.get_by_label("案号").fill("（2021）豫0823民初11号")
    page.get_by_label("承办法官").select_option(index=1)
    page.get_by_label(re.compile("推荐理由")).fill("事实清楚，说理充分")
    page.get_by_label(re.compile("案件库中无此案的原因")).fill("该案数据尚未导入")
    page.get_by_role("button", name="保存").click()
    heading = page.get_by_role("heading", name=re.compile("民初11号"))
    expect(heading).to_be_visible()
    forged = tmp_path / "判决书.pdf"
    forged.write_bytes(b"MZ this is no pdf")
    page.get_by_label(re.compile("添加文件")).set_input_files(str(forged))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("#flash")).to_contain_text("并非真正的 PDF")
    expect(page).to_have_url(re.compile(r"/items/\d+/attachments"))  # htmx put the form's URL in the address bar
    page.reload()
    expect(page).to_have_url(re.compile(r"/items/\d+$"))
    expect(heading).to_be_visible()
