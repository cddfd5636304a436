"""`flask demo reports` (part of `make run`): the year so far as the office publishes it — the monthly bulletins of
March to November and the quarterly analyses of Q1 to Q3, each with its PDF and workbook — and a draft of the year-end
table scored on phase 3's first day; a second run changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, Campaign, Report
from tests.helpers import sign_in


def _reports() -> list[tuple[str, str, str, int]]:
    return sorted(db.session.execute(select(Report.kind, Report.period, Report.status, Report.version)).all())


def test_the_demo_publishes_the_year_so_far_and_drafts_the_year_end_once(app, plan, runner, client, tmp_path):
    app.config.update(AS_OF_DATE=date(2021, 12, 15), REPORT_DIR=str(tmp_path / "reports"))
    for command in (["demo", "users"], ["demo", "cases", "--cases", "800", "--as-of", "2021-12-15"],
                    ["indicators", "compute"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)

    result = runner.invoke(args=["demo", "reports"])
    assert result.exit_code == 0, result.output
    assert "12 published, 1 year-end draft" in result.output
    with app.app_context():
        reports = _reports()
        published = [(kind, period) for kind, period, status, _v in reports if status == "published"]
        assert published == [("monthly", f"2021-{m:02d}") for m in range(3, 12)] + [
            ("quarterly", f"2021Q{q}") for q in (1, 2, 3)]
        assert [(k, p, s) for k, p, s, _v in reports if s == "draft"] == [("year_end", "2021", "draft")]
        # Each published report has its files, and the office's commentary says what the figures show.
        for report in db.session.scalars(select(Report).where(Report.status == "published")):
            assert (tmp_path / "reports" / report.pdf_name).read_bytes().startswith(b"%PDF")
            assert (tmp_path / "reports" / report.xlsx_name).read_bytes().startswith(b"PK")
            assert report.published_by.username == "office"
            assert report.period in report.commentary["findings"] and report.commentary["recommendations"]
            # Published after the period ended and before the demo's today.
            assert report.published_at.date() > date(2021, 3, 31) and report.published_at.date() < date(2021, 12, 15)
        # The year-end table ranks the departments the assessment scored on the first day of phase 3.
        campaign = db.session.scalar(select(Campaign))
        assert campaign.assessment_opened_at.date() == date(2022, 1, 1)
        scored = db.session.scalar(select(func.count()).select_from(Assessment))
        year_end = db.session.scalar(select(Report).where(Report.kind == "year_end"))
        assert scored > 0 and len(year_end.content["rows"]) == scored
        year_end_id = year_end.id

    # A newcomer signed in as the office opens the year-end draft's PDF and finds the assessment in the menu.
    sign_in(client, "office", "demo-2021")
    page = client.get("/")
    assert 'href="/assessment/"' in page.get_data(as_text=True)
    pdf = client.get(f"/reports/{year_end_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    again = runner.invoke(args=["demo", "reports"])
    assert again.exit_code == 0 and "nothing done" in again.output, again.output
    with app.app_context():
        assert _reports() == reports
    assert len(list((tmp_path / "reports").iterdir())) == 24


def test_the_demo_publishes_only_what_was_due_by_its_day(app, plan, runner, tmp_path):
    """Run on an earlier day, the demo publishes only the bulletins the office would have published by then."""
    app.config.update(REPORT_DIR=str(tmp_path / "reports"))
    for command in (["demo", "users"], ["demo", "cases", "--cases", "200", "--as-of", "2021-05-20"]):
        assert runner.invoke(args=command).exit_code == 0
    result = runner.invoke(args=["demo", "reports", "--as-of", "2021-05-20", "--no-year-end"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert [(kind, period) for kind, period, _s, _v in _reports()] == [
            ("monthly", "2021-03"), ("monthly", "2021-04"), ("quarterly", "2021Q1")]
