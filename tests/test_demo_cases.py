"""The demo year: reproducible, valid for the importer, and shaped like a county court."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import case, func, select

from app.demo.cases import generate_cases
from app.extensions import db
from app.models import Case, Court, Department, Judge
from app.reports.service import data_cutoff

NAMES = {"civil": "民事审判庭", "criminal": "刑事审判庭", "general": "综合审判庭", "tribunal-1": "第一中心法庭",
         "tribunal-2": "第二中心法庭", "tribunal-3": "第三中心法庭", "case-filing": "立案庭", "enforcement": "执行局"}


def test_same_seed_same_year():
    first = list(generate_cases("豫0823", NAMES, 2021, 500, 7, date(2021, 12, 15)))
    again = list(generate_cases("豫0823", NAMES, 2021, 500, 7, date(2021, 12, 15)))
    other = list(generate_cases("豫0823", NAMES, 2021, 500, 8, date(2021, 12, 15)))
    assert first == again
    assert first != other


def test_demo_year_imports_and_looks_like_a_county_court(app, plan, runner):
    result = runner.invoke(args=["demo", "cases", "--year", "2021", "--cases", "6000", "--seed", "1",
                                 "--as-of", "2021-12-15"])
    assert result.exit_code == 0, result.output
    assert "6000 new" in result.output
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Case))
        assert total == 6000
        by_type = dict(db.session.execute(select(Case.type_code, func.count()).group_by(Case.type_code)).all())
        assert 0.40 < by_type["民初"] / total < 0.55
        assert 0.25 < (by_type["执"] + by_type["执恢"]) / total < 0.40
        assert {"刑初", "行初", "诉前调", "执保", "民特"} <= set(by_type)
        assert db.session.scalar(select(func.max(Case.closed_on))) <= date(2021, 12, 15)

        # Mediation rate by department: some at or above the plan's 30%, some below.
        civil = (Case.type_code == "民初") & Case.closed_on.isnot(None)
        rates = dict(db.session.execute(
            select(Department.code, func.avg(case((Case.closing_method == "调解", 1.0), else_=0.0)))
            .join(Department).where(civil).group_by(Department.code)).all())
        assert any(r >= 0.30 for r in rates.values()) and any(r < 0.30 for r in rates.values())

        # Long-pending (filed over a year before the cut-off, still open) and reversed cases exist.
        long_pending = db.session.scalar(select(func.count()).where(
            Case.closed_on.is_(None), Case.filed_on < date(2020, 12, 15)))
        assert long_pending > 0
        reversed_cases = db.session.scalar(select(func.count()).where(Case.appeal_result.in_(["改判", "发回重审"])))
        assert reversed_cases > 0
        # Judges are named by role, and the demo accounts' names match them.
        names = db.session.scalars(select(Judge.name)).all()
        assert "民事审判庭法官01" in names and all("法官" in n or "庭长" in n for n in names)
        assert db.session.scalar(select(Court.code)) == "豫0823"
        # Reports print the data's cut-off: the demo's day, not the day the demo was built.
        court_id = db.session.scalar(select(Court.id))
        assert data_cutoff(court_id).date() == date(2021, 12, 15)

    again = runner.invoke(args=["demo", "cases", "--year", "2021", "--cases", "6000", "--seed", "1",
                                "--as-of", "2021-12-15"])
    assert "0 new, 0 updated, 6000 unchanged" in again.output


def test_demo_file_output(tmp_path, runner, plan):
    out = tmp_path / "year.xlsx"
    result = runner.invoke(args=["demo", "cases", "--cases", "50", "--out", str(out)])
    assert result.exit_code == 0, result.output
    imported = runner.invoke(args=["cases", "import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "50 new" in imported.output


def test_demo_year_dashboard_has_targets_met_and_missed(app, plan, runner, office_client):
    result = runner.invoke(args=["demo", "cases", "--cases", "6000", "--seed", "1", "--as-of", "2021-12-15"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["indicators", "compute"]).exit_code == 0
    html = office_client.get("/?period=2021").get_data(as_text=True)
    grid = html.split('id="targets"')[1]
    assert grid.count('class="met-yes"') >= 5
    assert grid.count('class="met-no"') >= 2


def test_the_demo_registers_and_files_fill_once_and_a_second_run_changes_nothing(app, plan, runner):
    """`make run` runs the demo commands every time: the second run must leave the first run's data alone."""
    from app.models import CommitteeMeeting, RegisterItem, ReversalFile

    app.config["AS_OF_DATE"] = date(2021, 12, 15)
    for command in (["demo", "users"], ["demo", "cases", "--cases", "1500", "--as-of", "2021-12-15"]):
        assert runner.invoke(args=command).exit_code == 0
    first = [runner.invoke(args=["demo", name]) for name in ("hand-ins", "reversals")]
    assert all(r.exit_code == 0 for r in first), [r.output for r in first]
    with app.app_context():
        counts = (db.session.scalar(select(func.count()).select_from(RegisterItem)),
                  db.session.scalar(select(func.count()).select_from(CommitteeMeeting)),
                  sorted(db.session.scalars(select(ReversalFile.state))))
    assert counts[0] > 100 and counts[1] > 0
    # The console `make run` shows: every measure row has its departments' cells, and the demo's year of duties has
    # them done, done late, open and overdue; the year's old notices have been read.
    from app.indicators.periods import month_period
    from app.models import Campaign, Notification
    from app.obligations.console import console

    with app.app_context(), app.test_request_context("/"):
        view = console(db.session.scalar(select(Campaign)), month_period(2021, 11), date(2021, 12, 15))
        assert len(view.rows) == 16 and all(cells for _measure, cells in view.rows)
        states = {s.state for cell in view.by_department.values() for s in cell.statuses}
        assert {"done", "done_late", "open", "overdue"} <= states
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.read_at.is_(None), Notification.created_at < datetime(2021, 12, 1, tzinfo=UTC))) == 0
    second = [runner.invoke(args=["demo", name]) for name in ("hand-ins", "reversals")]
    assert all(r.exit_code == 0 and "nothing done" in r.output for r in second), [r.output for r in second]
    with app.app_context():
        assert (db.session.scalar(select(func.count()).select_from(RegisterItem)),
                db.session.scalar(select(func.count()).select_from(CommitteeMeeting)),
                sorted(db.session.scalars(select(ReversalFile.state)))) == counts
