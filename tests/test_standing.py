"""The year-end standing all year: each division's points and rank as the assessment would give them today, by the
assessment's own code; what would gain the most beside each line; a division sees its own, the office all."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from app import assessment, standing
from app.extensions import db
from app.models import Campaign, Case, RegisterItem, Role
from tests.helpers import department_id, hand_in, open_assessment, post, sign_in

HX = {"HX-Request": "true"}


def _standing(app, day: date, department_ids: set[int] | None = None) -> standing.Table:
    with app.app_context(), app.test_request_context("/"):
        return standing.standings(db.session.scalar(select(Campaign)), day, department_ids)


def _by_code(table: standing.Table) -> dict[str, tuple[float, int]]:
    return {row.score.department.code: (row.score.total, row.rank) for row in table.rows}


def test_the_standing_on_the_campaigns_last_day_is_the_year_end_assessment(app, client, year_end):
    """The standing shown on the last day — and after it — has the very points and ranks the office's run gives."""
    open_assessment(app, client)
    with app.app_context():
        last_day = db.session.scalar(select(Campaign.end_date))
        # Two cases still pending, one reaching its limit on the last day (past it only from the next day) and one
        # after the campaign: a standing read a day late, or past the last day, would count them.
        for number, deadline in (("民初5", last_day), ("刑初1", date(2022, 2, 10))):
            case = db.session.scalar(select(Case).where(Case.case_number.contains(number)))
            case.closed_on, case.deadline = None, deadline
        db.session.commit()
    app.config["AS_OF_DATE"] = last_day
    shown = client.get("/standing/").get_data(as_text=True)
    on_last_day = _by_code(_standing(app, last_day))
    app.config["AS_OF_DATE"] = date(2022, 2, 15)  # after the campaign: still the last day's standing
    later = _by_code(_standing(app, date(2022, 2, 15)))

    app.config["AS_OF_DATE"] = last_day
    assert post(client, "/assessment/run").status_code == 302
    with app.app_context():
        ranked = assessment.ranking(db.session.scalar(select(Campaign)))
        assessed = {row.department.code: (row.total, rank) for rank, row in enumerate(ranked, start=1)}
        names = {row.department.code: row.department.name for row in ranked}
    assert on_last_day == assessed == later
    assert len(assessed) >= 5 and len({total for total, _rank in assessed.values()}) >= 3  # a real ranking
    for code, (total, rank) in assessed.items():  # the page says it too
        assert f"{names[code]} · {total:.2f}" in shown and f"第 {rank} 名/共 {len(assessed)} 名" in shown


def test_a_division_head_sees_only_his_division(app, client, make_user, year_end):
    make_user("civil.head", Role.DIVISION_HEAD)
    make_user("committee.member", Role.COMMITTEE, department="committee")
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    sign_in(client, "civil.head")
    page = client.get("/standing/").get_data(as_text=True)
    assert "民事审判庭 ·" in page and "刑事审判庭" not in page
    ranked = len(_standing(app, date(2021, 6, 10)).ranked)
    civil = next(r for r in _standing(app, date(2021, 6, 10)).rows if r.score.department.code == "civil")
    assert f"第 {civil.rank} 名/共 {ranked} 名" in page  # his rank among all, without the others' rows
    criminal = department_id(app, "criminal")
    assert client.get(f"/standing/?department={criminal}").status_code == 404
    assert client.get(f"/standing/?department={criminal}", headers=HX).status_code == 404
    assert client.get(f"/standing/standing.xlsx?department={criminal}").status_code == 404
    workbook = load_workbook(io.BytesIO(client.get("/standing/standing.xlsx").data))
    rows = list(workbook.worksheets[0].values)[2:]  # under the title and header rows
    assert [r[1] for r in rows] == ["民事审判庭"]
    assert "年度考评实时排名（假设今天进行年终考评）" in client.get("/work/").get_data(as_text=True)  # his landing page
    sign_in(client, "committee.member")  # a court-level body is not a division: no standing of its own
    assert client.get("/standing/").status_code == 403


def test_the_office_sees_every_division_ranked_and_filters_by_htmx(app, client, make_user, year_end):
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    make_user("leader", Role.LEADER, department="leadership")
    sign_in(client, "office")
    page = client.get("/standing/").get_data(as_text=True)
    table = _standing(app, date(2021, 6, 10))
    assert len(table.ranked) == len(table.rows) >= 5
    for row in table.rows:
        assert f"{row.score.department.name} · {row.score.total:.2f}" in page
        assert f"第 {row.rank} 名/共 {len(table.ranked)} 名" in page
    assert [row.rank for row in table.rows] == list(range(1, len(table.ranked) + 1))
    assert [row.score.total for row in table.rows] == sorted((row.score.total for row in table.rows), reverse=True)
    assert 'href="/standing/"' in page.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]  # in the menu
    assert "年度考评实时排名（假设今天进行年终考评）" in client.get("/console/").get_data(as_text=True)

    civil = department_id(app, "civil")
    partial = client.get(f"/standing/?department={civil}", headers=HX).get_data(as_text=True)
    assert partial.startswith('<div id="standing-table">') and "<html" not in partial
    assert "民事审判庭 ·" in partial and "刑事审判庭 ·" not in partial

    workbook = load_workbook(io.BytesIO(client.get("/standing/standing.xlsx").data))
    ranking = list(workbook.worksheets[0].values)
    assert "数据截至" in ranking[0][0] and "2021-06-10" in ranking[0][0]
    assert [(r[0], r[1], r[2]) for r in ranking[2:]] == [
        (row.rank, row.score.department.name, row.score.total) for row in table.rows]

    sign_in(client, "leader")  # the leaders see every division too
    assert "刑事审判庭 ·" in client.get("/standing/").get_data(as_text=True)


def test_a_suggested_gain_is_what_handing_in_really_gains(app, client, year_end):
    """On 10 June the civil division has met March and April and missed May (documents due 5 June): handing in May's
    items turns a missed period (−1) into a met one (+0.5), by the plan's scheme: +1.5, and the total rises by it."""
    day = date(2021, 6, 10)
    app.config["AS_OF_DATE"] = day
    civil = department_id(app, "civil")
    before = _standing(app, day, {civil}).rows[0]
    gain = next(g for g in before.gains if "报送优秀、瑕疵裁判文书" in g.text)
    assert gain.line == "quota_periods_missed" and gain.points == 1.5
    assert "8 件" in gain.text and gain.link[1]["period"] == "2021-05"  # the items page of the period

    sign_in(client, "civil.staff")
    page = client.get("/standing/").get_data(as_text=True)
    assert "+1.50" in page and "/measures/document-review/items?department=" in page

    hand_in(app, "excellent_document", "civil", "2021-05", 4, late=True)
    hand_in(app, "flawed_document", "civil", "2021-05", 4, late=True)
    after = _standing(app, day, {civil}).rows[0]
    assert after.score.total == before.score.total + gain.points
    assert not any("报送优秀、瑕疵裁判文书" in g.text for g in after.gains)


def test_cases_near_their_limit_show_the_points_they_would_cost(app, client, year_end):
    """A pending case four days from its limit: the standing says what passing it would cost by the scheme (−1, one
    more case past its limit without a cleared reason), and once it has passed, that line has lost exactly that."""
    day = date(2021, 6, 10)
    app.config["AS_OF_DATE"] = day
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.case_number.contains("民初5")))
        case.closed_on, case.deadline = None, date(2021, 6, 14)
        db.session.commit()
    civil = department_id(app, "civil")
    before = _standing(app, day, {civil}).rows[0]
    risk = next(g for g in before.gains if g.line == "overdue_without_reason")
    assert risk.points == -1.0 and risk.text.startswith("1 件案件距审限届满不足 7 天")
    assert risk.link == ("long_pending_cases.ledger", {"tab": "near", "department": civil})

    def past_limit_points(row: standing.Standing) -> float:
        return next(line["points"] for line in row.score.lines if line["code"] == "overdue_without_reason")

    after = _standing(app, date(2021, 6, 15), {civil}).rows[0]
    assert past_limit_points(after) == past_limit_points(before) + risk.points
    assert not any(g.line == "overdue_without_reason" for g in after.gains)


def test_a_judges_overdue_hearings_gain_the_quota_and_the_hearing_points(app, client, make_user, year_end):
    """A civil judge owes 1+1 hearings a quarter (due 10 days after it). On 15 July his first and second quarters are
    overdue: handing in the four hearings (one already waits for approval) turns two missed periods (−1 each) into
    met ones (+0.5 each) and adds four hearings handed in (+0.2 each, the waiting one already counted): +3.6."""
    judge = make_user("civil.judge", Role.JUDGE)
    day = date(2021, 7, 15)
    app.config["AS_OF_DATE"] = day
    hand_in(app, "excellent_hearing", "civil", "2021Q1", 1, author=judge, status="submitted")
    civil = department_id(app, "civil")
    before = _standing(app, day, {civil}).rows[0]
    gain = next(g for g in before.gains if "员额法官报送精品、瑕疵庭审" in g.text)
    assert "3 件" in gain.text and "逾期期次 2 个" in gain.text
    assert gain.points == 2 * 1 + 2 * 0.5 + 3 * 0.2

    hand_in(app, "flawed_hearing", "civil", "2021Q1", 1, author=judge, late=True)
    hand_in(app, "excellent_hearing", "civil", "2021Q2", 1, author=judge, late=True)
    hand_in(app, "flawed_hearing", "civil", "2021Q2", 1, author=judge, late=True)
    with app.app_context():  # the division head approves the waiting one
        item = db.session.scalar(select(RegisterItem).where(RegisterItem.status == "submitted"))
        item.status = "approved"
        db.session.commit()
    after = _standing(app, day, {civil}).rows[0]
    assert after.score.total == round(before.score.total + gain.points, 2)
    assert not any("员额法官报送精品、瑕疵庭审" in g.text for g in after.gains)
