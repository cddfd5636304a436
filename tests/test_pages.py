"""The layout, the sixteen measure pages, phases, HTMX partials and the language switch."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest
from markupsafe import escape

from app.blueprints import MEASURE_BLUEPRINTS
from app.models import Role
from tests.helpers import PLAN_FILE, sign_in


def test_office_sees_the_sixteen_measures_and_the_current_phase(app, office_client):
    app.config["AS_OF_DATE"] = date(2021, 11, 15)
    html = office_client.get("/").get_data(as_text=True)
    for name in ("落实司法责任制", "裁判文书评查", "庭审观摩评查", "院领导办案"):
        assert name in html
    assert len(re.findall(r'href="/measures/[a-z-]+/"', html)) >= 16
    assert "第2阶段：组织实施阶段" in html
    assert "本阶段剩余 46 天" in html  # 15 November to 31 December


@pytest.mark.parametrize(
    ("day", "banner"),
    [(date(2021, 3, 10), "第1阶段：动员部署阶段"), (date(2022, 1, 20), "第3阶段：总结考评阶段"),
     (date(2021, 2, 1), "28 天后开始"), (date(2026, 11, 27), "已于 2022-01-31 结束")],
)
def test_phase_banner_follows_the_date(app, office_client, day, banner):
    app.config["AS_OF_DATE"] = day
    assert banner in office_client.get("/phases/").get_data(as_text=True)


PLAN_MEASURES = {m["code"]: m for m in tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))["measures"]}


def measure_overview(html: str) -> str:
    """The page's own body: the header, menu and banner show other measures' names and the office on every page."""
    match = re.search(r'<section class="measure" id="measure-overview">(.*?)</section>', html, re.S)
    assert match, "no measure overview on the page"
    return match[1]


@pytest.mark.parametrize("code", MEASURE_BLUEPRINTS)
def test_every_measure_page_shows_its_plan_entry(office_client, code):
    response = office_client.get(f"/measures/{code.replace('_', '-')}/")
    assert response.status_code == 200
    entry, overview = PLAN_MEASURES[code], measure_overview(response.get_data(as_text=True))
    assert f"措施 {entry['number']}</p>" in overview
    assert f"<h1>{escape(entry['name_zh'])}</h1>" in overview
    assert escape(entry["summary_zh"]) in overview
    departments = re.search(r'<ul class="chips">(.*?)</ul>', overview, re.S)
    assert departments and "<li>" in departments[1]  # the plan names who is responsible for every measure


def test_document_review_page_lists_each_divisions_quota(office_client):
    html = office_client.get("/measures/document-review/").get_data(as_text=True)
    rows = re.findall(r"<td>\s*(优秀裁判文书|瑕疵裁判文书)</td>\s*<td>\s*(\S+?)\s*</td>\s*<td>(\d+)</td>", html)
    quotas = {(kind, dept): int(n) for kind, dept, n in rows}
    assert quotas[("优秀裁判文书", "民事审判庭")] == 4
    assert quotas[("瑕疵裁判文书", "立案庭")] == 2
    assert quotas[("优秀裁判文书", "第一中心法庭")] == 1
    assert len(quotas) == 14


def test_htmx_request_gets_the_partial_and_a_normal_request_the_page(office_client):
    full = office_client.get("/measures/hearing-review/")
    partial = office_client.get("/measures/hearing-review/", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    assert "<html" not in partial.get_data(as_text=True)
    assert "精品庭审" in partial.get_data(as_text=True)
    assert "HX-Request" in partial.headers["Vary"]
    boosted = office_client.get("/measures/hearing-review/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_english_is_available(office_client):
    html = office_client.get("/measures/document-review/?lang=en").get_data(as_text=True)
    assert "Judgment-document review" in html
    assert "Responsible departments" in html
    # The choice sticks for the session.
    assert "Dashboard" in office_client.get("/").get_data(as_text=True)


def test_security_headers(office_client):
    response = office_client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_in_pages(office_client):
    html = office_client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


def test_unknown_page_is_a_chinese_404(office_client):
    response = office_client.get("/measures/no-such-measure/")
    assert response.status_code == 404
    assert "页面或记录不存在" in response.get_data(as_text=True)


def test_htmx_assets_are_served_locally(client):
    response = client.get("/static/vendor/htmx/htmx-2.0.11.min.js")
    assert response.status_code == 200
    assert b"htmx" in response.data[:2000]


def test_staff_sees_no_admin_link_and_gets_403(client, make_user):
    make_user("clerk", Role.STAFF, department="civil")
    sign_in(client, "clerk")
    assert "/admin/users" not in client.get("/").get_data(as_text=True)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "您没有权限访问此页面" in response.get_data(as_text=True)
