"""Stored figures: the recompute job, its all-or-nothing rule, the trigger after imports, the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app import tasks
from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, IndicatorValue, Task
from app.tasks.indicators import start_recompute
from tests.case_files import ROWS, write_csv
from tests.helpers import PLAN_FILE, import_file, run_worker, upload


@pytest.fixture
def may_cases(app, plan, tmp_path):

    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok


def stored(app, period_key="2021-05", code="summary_procedure_rate") -> IndicatorValue | None:
    with app.app_context():
        value = db.session.scalar(select(IndicatorValue).where(
            IndicatorValue.period_key == period_key, IndicatorValue.indicator_code == code,
            IndicatorValue.scope_kind == "court"))
        if value is not None:
            db.session.expunge(value)
        return value


def test_recompute_job_stores_every_period_and_scope(app, may_cases):
    with app.app_context():
        tasks.get_queue().empty()
        court_id = db.session.scalar(select(Court.id))
        task_id = start_recompute(court_id).id
    run_worker(app)
    with app.app_context():
        assert db.session.get(Task, task_id).status == "finished"
        keys = set(db.session.scalars(select(IndicatorValue.period_key).distinct()))
        assert {"2021-01", "2021-12", "2021Q2", "2021", "2021YTD05", "campaign:wuzhi-2021"} <= keys
        scopes = set(db.session.scalars(select(IndicatorValue.scope_kind).distinct()))
        assert scopes == {"court", "department", "judge"}
    may = stored(app)
    assert (may.numerator, may.denominator, may.value) == (3, 6, 0.5)
    assert (may.definition_version, may.variant) == ("wuzhi-2021.1", "default")
    assert may.computed_at is not None


def test_a_failed_recompute_keeps_the_previous_figures(app, may_cases, monkeypatch):
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        recompute_court(court_id)
        before = db.session.scalar(select(func.count()).select_from(IndicatorValue))
    from app.indicators import engine

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(engine, "_figure", broken)
    with app.app_context(), pytest.raises(RuntimeError):
        recompute_court(court_id)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IndicatorValue)) == before
    assert stored(app).value == 0.5


def test_an_import_triggers_a_recompute(app, office_client, tmp_path):

    with app.app_context():
        tasks.get_queue().empty()
    upload(office_client, write_csv(tmp_path / "may.csv", ROWS))
    run_worker(app)  # runs the import, which queues the recompute, which this burst also runs
    with app.app_context():
        kinds = {t.kind: t.status for t in db.session.scalars(select(Task))}
    assert kinds == {"case_import": "finished", "indicator_recompute": "finished"}
    assert stored(app).denominator == 6


def test_cli_compute_and_show(app, may_cases, runner):
    result = runner.invoke(args=["indicators", "compute", "--period", "2021-05"])
    assert result.exit_code == 0, result.output
    table = runner.invoke(args=["indicators", "show", "--period", "2021-05", "--scope", "dept:民事审判庭"])
    assert "简易程序适用率" in table.output and "3 / 6" in table.output
    data = json.loads(runner.invoke(args=["indicators", "show", "--period", "2021-05", "--format", "json"]).output)
    by_code = {d["indicator"]: d for d in data}
    assert (by_code["restored_recovery"]["numerator"], by_code["restored_recovery"]["denominator"]) == (45000, 150000)
    assert by_code["termination_quality"]["value"] is None
    ranged = runner.invoke(args=["indicators", "show", "--period", "2021-05-10..2021-05-31", "--scope", "judge:甲"])
    assert ranged.exit_code == 0, ranged.output
    bad = runner.invoke(args=["indicators", "show", "--period", "May"])
    assert bad.exit_code == 2 and "not a period" in bad.output


def test_a_plan_naming_an_unknown_variant_is_refused(app, tmp_path):
    from app.plans import PlanError, load_plan_file

    text = PLAN_FILE.read_text(encoding="utf-8").replace('variants = ["net_of_deducted", "gross"]',
                                                          'variants = ["net_of_deducted", "gross", "median"]')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with app.app_context(), pytest.raises(PlanError, match=r"indicators\[9\]\.variants: 'median'"):
        load_plan_file(path)


def test_nightly_recompute_is_scheduled_and_queues_one_task_per_court(app, may_cases):
    import importlib

    from rq import cron

    import app.tasks.schedule as schedule

    importlib.reload(schedule)
    registered = [entry for entry in cron._job_data_registry if entry.get("name") == "nightly-indicator-recompute"]
    assert registered and registered[0]["cron"] == "30 1 * * *" and registered[0]["queue_name"] == "periodic"

    from app.tasks.indicators import nightly_recompute

    with app.app_context():
        tasks.get_queue("periodic").empty()
        for key in tasks.redis_connection().scan_iter("quality-year:nightly-recompute:*"):
            tasks.redis_connection().delete(key)
        nightly_recompute()
        nightly_recompute()  # a second scheduler firing the same night does nothing
        queued = db.session.scalars(select(Task)).all()
        assert [t.kind for t in queued] == ["indicator_recompute"]


def test_two_recomputes_of_one_court_do_not_interleave(app, may_cases):
    """The second waits for the first to commit, then replaces its figures: no duplicate-key failure."""
    import threading

    from app.indicators import campaign_periods
    from app.indicators.engine import recompute_snapshots
    from app.models import Campaign

    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
    first_holding = threading.Event()
    release_first = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with app.app_context():
            campaign = db.session.scalar(select(Campaign))
            recompute_snapshots(campaign, campaign_periods(campaign))
            first_holding.set()
            release_first.wait(timeout=20)
            db.session.commit()

    def second() -> None:
        with app.app_context():
            try:
                outcome["count"] = recompute_court(court_id)
            except Exception as error:  # the test reports whatever went wrong
                outcome["error"] = error

    one = threading.Thread(target=first)
    one.start()
    assert first_holding.wait(timeout=20)
    two = threading.Thread(target=second)
    two.start()
    two.join(timeout=1)
    assert two.is_alive()  # waiting for the first recompute's transaction
    release_first.set()
    one.join(timeout=20)
    two.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(IndicatorValue))
    assert total == outcome["count"]
