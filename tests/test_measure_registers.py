"""The registers the plan declares for measures 7, 8, 10, 12, 13 and 15, and who reviews what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, IndicatorValue, Role
from tests.helpers import PLAN_FILE, attach, move, post, sign_in, status_of


@pytest.fixture
def people(make_user, app):
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    return {
        "enforcement": make_user("enforcement.staff", Role.STAFF, department="enforcement"),
        "enforcement.head": make_user("enforcement.head", Role.DIVISION_HEAD, department="enforcement"),
        "civil": make_user("civil.staff", Role.STAFF),
        "civil.head": make_user("civil.head", Role.DIVISION_HEAD),
        "office": make_user("office", Role.OFFICE, department="trial-management"),
    }


def create(client, base: str, kind: str, **values) -> int:
    """An item of ``kind``; its case is not in the (empty) case register, for the reason given."""
    response = post(client, f"{base}/items/new/{kind}", {"case_missing_reason": "案件数据尚未导入", **values})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return int(re.search(r"/items/(\d+)", response.headers["Location"])[1])


ENFORCEMENT = "/measures/enforcement-quality"


def test_termination_quality_is_counted_from_the_approved_reviews(app, client, people):
    sign_in(client, "enforcement.staff")
    reviews = [create(client, ENFORCEMENT, "termination_review", period="2021-06", reviewed_on=f"2021-05-{10 + n}",
                      case_number=f"（2021）豫0823执{n + 1}号", qualified=verdict, reasons="")
               for n, verdict in enumerate(["合格", "合格", "合格", "不合格", "合格"])]
    for item_id in reviews:
        assert move(client, item_id, "submit", base=ENFORCEMENT).status_code == 302
    # The office checks the reviews; the enforcement bureau's head cannot approve its own bureau's reviews.
    sign_in(client, "enforcement.head")
    assert move(client, reviews[0], "approve", base=ENFORCEMENT).status_code == 422
    sign_in(client, "office")
    for item_id in reviews[:4]:  # the fifth is still waiting: not counted
        assert move(client, item_id, "approve", base=ENFORCEMENT).status_code == 302
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
        values = {(v.scope_kind, v.period_key): v for v in db.session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_code == "termination_quality"))}
        may = values[("court", "2021-05")]
        assert (may.numerator, may.denominator, may.value) == (3, 4, 0.75)
        assert may.band == "poor" and may.met is False
        assert values[("department", "2021-05")].value == 0.75
        assert values[("court", "2021-04")].value is None


def test_a_record_needs_no_approval(app, client, people):
    sign_in(client, "civil.staff")
    item_id = create(client, "/measures/explanation-petitions", "explanation", period="2021-06",
                     case_number="（2021）豫0823民初9号", stage="判后答疑", held_on="2021-06-05", parties="张某、李某",
                     content="就判决理由向当事人答疑")
    assert move(client, item_id, "submit", base="/measures/explanation-petitions").status_code == 302
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve", base="/measures/explanation-petitions").status_code == 422
    assert status_of(app, item_id) == "submitted"


def test_the_office_approves_judges_meeting_records(app, client, people):
    base = "/measures/judges-meetings"
    sign_in(client, "civil.staff")
    item_id = create(client, base, "judges_meeting", period="2021-06", line="民商事", held_on="2021-06-03",
                     attendees="民事审判庭员额法官", case_number="", questions="民间借贷利率上限的适用",
                     opinions="按新司法解释执行", conclusion="形成一致意见")
    move(client, item_id, "submit", base=base)
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve", base=base).status_code == 422
    sign_in(client, "office")
    assert move(client, item_id, "approve", base=base).status_code == 302


def test_typical_cases_are_published_on_the_board(app, client, people):
    base = "/measures/president-supervision"
    sign_in(client, "civil.staff")
    item_id = create(client, base, "typical_case", period="2021-06", case_number="（2021）豫0823民初11号",
                     title="民间借贷纠纷的举证责任", guidance="出借人应举证证明款项交付")
    attach(client, item_id, base=base)
    move(client, item_id, "submit", base=base)
    sign_in(client, "civil.head")
    move(client, item_id, "approve", base=base)
    sign_in(client, "office")
    post(client, f"{base}/lists/published_typical_case/2021-06/add", {"item_id": item_id})
    assert post(client, f"{base}/lists/published_typical_case/2021-06/publish",
                {"short_reason": "本月仅一件典型案例"}).status_code == 302
    sign_in(client, "enforcement.staff")
    assert "民初11号" in client.get(f"{base}/board").get_data(as_text=True)


def test_every_measure_page_opens(app, client, people):
    sign_in(client, "office")
    with app.app_context():
        from app.models import Measure

        codes = list(db.session.scalars(select(Measure.code)))
    assert len(codes) == 16
    for code in codes:
        assert client.get(f"/measures/{code.replace('_', '-')}/").status_code == 200, code


def test_the_trend_analysis_measure_leads_to_the_reports(app, client, people):
    sign_in(client, "civil.staff")
    page = client.get("/measures/trend-analysis/").get_data(as_text=True)
    assert "月度通报与态势分析" in page
    response = client.get("/measures/trend-analysis/reports")
    assert response.status_code == 302 and response.headers["Location"].endswith("/reports/")


def test_a_plan_giving_a_measure_draws_its_blueprint_lacks_keeps_its_register_pages_working(app, office_client,
                                                                                           tmp_path):
    """Routes are made when the app starts, from each measure's declaration; a plan loaded later may give a measure
    lists and draws its blueprint does not declare (judges' meetings get the hearings' register): its pages work,
    without links to the pages it lacks."""
    from app.plans import load_plan_file

    text = PLAN_FILE.read_text(encoding="utf-8").replace('code = "judges_meetings"', 'code = "swap"')
    text = text.replace('code = "hearing_review"', 'code = "judges_meetings"').replace('code = "swap"',
                                                                                    'code = "hearing_review"')
    text = text.replace('definition_version = "wuzhi-2021.1"', 'definition_version = "wuzhi-2021.2"')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        load_plan_file(path)
    page = office_client.get("/measures/judges-meetings/items")
    assert page.status_code == 200
    assert "/measures/judges-meetings/draws" not in page.get_data(as_text=True)
    assert office_client.get("/measures/judges-meetings/draws").status_code == 404
    assert office_client.get("/measures/judges-meetings/").status_code == 200
