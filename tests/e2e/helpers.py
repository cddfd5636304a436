"""Steps the browser tests share: signing in and handing in a document through the pages."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import DOCS, PASSWORD, PDF


def sign_in(page, base: str, username: str, *, landing: str | None = "/") -> None:
    """Sign in; whoever owes something lands on "my work", the others on the targets. With ``landing`` (the
    default: the targets), go there afterwards, as most tests start from the dashboard."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("十二项具体目标|我的待办"))).to_be_visible()
    if landing is not None and page.url != f"{base}{landing}":
        page.goto(f"{base}{landing}")
        if landing == "/":
            expect(page.get_by_role("heading", name="十二项具体目标")).to_be_visible()
    # htmx is a deferred script: until the page's load event the filters are plain forms, and a change
    # made before then would not be swapped in (seen under load in CI).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")


def hand_in(page, base: str, kind: str, number: int, tmp_path) -> None:
    page.goto(f"{base}{DOCS}/items")
    page.get_by_role("link", name=f"新建：{kind}").click()
    page.get_by_label("案号").fill(f"（2021）豫0823民初{number}号")
    page.get_by_label("承办法官").select_option("综合审判庭法官01")  # picked from the division's judges
    reasons = "事实清楚，说理充分" if kind.startswith("优秀") else "文字表述有误"
    page.get_by_label(re.compile("推荐理由|存在的瑕疵")).fill(reasons)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=re.compile(f"民初{number}号"))).to_be_visible()
    document = tmp_path / f"{number}.pdf"
    document.write_bytes(PDF)
    page.get_by_label(re.compile("添加文件")).set_input_files(str(document))
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".files")).to_contain_text(f"{number}.pdf")
    page.get_by_role("button", name="报送").click()
    expect(page.locator(".facts .status")).to_have_text("已报送")
