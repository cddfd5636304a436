"""A worker killed in the middle of a job (the process and its work horse, as when a host is lost): nothing of the
job's writes is kept, the job's page shows it failed with a retry button, and the retry, on a new worker, succeeds.

Real `rq worker` processes on the test database and Redis; the kill is SIGKILL to the worker's process group.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Case, IndicatorValue, Report, Task
from tests.helpers import csrf_token
from tests.services import start_worker

TASK_ID = re.compile(r'id="task-([0-9a-f]{32})"')


@pytest.fixture
def workers(app, database_url: str, redis_url: str) -> Iterator[Callable[[], subprocess.Popen]]:
    # A short-lived liveness key, so a dead worker is noticed in seconds rather than the default's fifteen.
    app.config.update(JOB_ALIVE_TTL=4.0, JOB_ALIVE_EVERY=1.0)
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        started.append(start_worker(database_url, redis_url, "default", "reports", JOB_ALIVE_TTL="4",
                                    JOB_ALIVE_EVERY="1"))
        return started[-1]

    yield start
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=20)


def _task(app, task_id: str) -> Task:
    with app.app_context():
        task = db.session.get(Task, task_id)
        db.session.expunge(task)
        return task


def _progress(app, task_id: str) -> int:
    from rq.job import Job

    from app.tasks import redis_connection

    with app.app_context():
        return int(Job.fetch(task_id, connection=redis_connection()).meta.get("progress", 0))


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker, then its work horse: RQ starts the horse in a session of its own (setsid), so it and
    whatever it started (wkhtmltopdf) are a process group apart from the worker's."""
    horses = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    os.killpg(worker.pid, signal.SIGKILL)
    for horse in horses:
        os.killpg(int(horse), signal.SIGKILL)
    worker.wait(timeout=10)


def _kill_when(app, worker: subprocess.Popen, task_id: str, ready: Callable[[], bool], timeout: float = 60) -> None:
    """SIGKILL the worker and its work horse once ``ready()`` holds while the job is still running."""
    deadline = time.monotonic() + timeout
    while not (_task(app, task_id).status == "running" and ready()):
        assert time.monotonic() < deadline, "the job never got under way"
        assert _task(app, task_id).status in ("queued", "running"), _task(app, task_id).error
        time.sleep(0.01)
    _kill(worker)
    assert _task(app, task_id).status == "running", "the job finished before the kill; the test proves nothing"


def _failed_then_retried(app, client, workers, task_id: str) -> Task:
    """The job's page says it failed and offers a retry; the retry on a new worker finishes."""
    deadline = time.monotonic() + 30
    while True:
        html = client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
        if "hx-trigger" not in html:
            break
        assert time.monotonic() < deadline, "the page still waits for a job whose worker is dead"
        time.sleep(0.5)
    assert "任务失败" in html and "中断" in html, html
    assert "重试" in html
    response = client.post(f"/tasks/{task_id}/retry", headers={"HX-Request": "true",
                                                                "X-CSRFToken": csrf_token(client, "/")})
    assert response.status_code == 200
    again_id = TASK_ID.search(response.get_data(as_text=True))[1]
    workers()
    deadline = time.monotonic() + 120
    while not _task(app, again_id).done:
        assert time.monotonic() < deadline, "the retry did not finish"
        time.sleep(0.2)
    again = _task(app, again_id)
    assert again.status == "finished", again.error
    assert again.retry_of_id == task_id
    return again


def test_an_import_killed_half_way_keeps_no_row_and_its_retry_imports_all(app, office_client, runner, workers,
                                                                            tmp_path):
    rows = 30_000
    path = tmp_path / "cases.csv"
    result = runner.invoke(args=["demo", "cases", "--cases", str(rows), "--as-of", "2021-12-15", "--out", str(path)])
    assert result.exit_code == 0, result.output
    worker = workers()
    token = csrf_token(office_client, "/cases/import")
    with open(path, "rb") as stream:
        response = office_client.post("/cases/import", data={"file": (stream, "cases.csv")},
                                      headers={"HX-Request": "true", "X-CSRFToken": token},
                                      content_type="multipart/form-data")
    task_id = TASK_ID.search(response.get_data(as_text=True))[1]
    # A third of the rows checked: several 2,000-row batches are written inside the import's transaction.
    _kill_when(app, worker, task_id, lambda: _progress(app, task_id) >= 30)

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    _failed_then_retried(app, office_client, workers, task_id)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == rows


def test_a_recompute_killed_while_writing_leaves_the_previous_figures_whole(app, office_client, runner, workers):
    result = runner.invoke(args=["demo", "cases", "--cases", "30000", "--as-of", "2021-12-15"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["indicators", "compute"]).exit_code == 0

    def figures() -> tuple[int, object]:
        with app.app_context():
            return db.session.execute(select(func.count(), func.max(IndicatorValue.computed_at))).one()

    before = figures()
    assert before[0] > 1000
    worker = workers()
    response = office_client.post("/recompute", headers={"HX-Request": "true",
                                                         "X-CSRFToken": csrf_token(office_client, "/")})
    task_id = TASK_ID.search(response.get_data(as_text=True))[1]
    # Every family of tallies counted: what is left is deleting the old figures and writing the new ones.
    _kill_when(app, worker, task_id, lambda: _progress(app, task_id) >= 85)

    assert figures() == before
    _failed_then_retried(app, office_client, workers, task_id)
    after = figures()
    assert after[0] == before[0] and after[1] > before[1]


def test_a_report_killed_while_it_is_written_leaves_no_report(app, office_client, runner, workers, database_url):
    assert runner.invoke(args=["demo", "cases", "--cases", "12000", "--as-of", "2021-12-15"]).exit_code == 0
    assert runner.invoke(args=["indicators", "compute"]).exit_code == 0
    worker = workers()
    sqlite = database_url.startswith("sqlite")
    with app.app_context():
        # Another writer takes the reports table (SQLite: the database) once the job has started building, so
        # the job is caught between building the report and storing it.
        connection = db.engine.connect()
        locked = []

        def building_and_blocked() -> bool:
            if not locked and _progress(app, task_id) >= 10:
                connection.exec_driver_sql("BEGIN IMMEDIATE" if sqlite else "LOCK TABLE reports IN EXCLUSIVE MODE")
                locked.append(time.monotonic())
            return bool(locked) and time.monotonic() - locked[0] > 1.0

        try:
            response = office_client.post("/reports/generate", data={
                "kind": "year_end", "period": "2021", "csrf_token": csrf_token(office_client, "/reports/")},
                headers={"HX-Request": "true"})
            task_id = TASK_ID.search(response.get_data(as_text=True))[1]
            _kill_when(app, worker, task_id, building_and_blocked)
        finally:
            if locked:
                connection.exec_driver_sql("ROLLBACK") if sqlite else connection.rollback()
            connection.close()
        assert db.session.scalar(select(func.count()).select_from(Report)) == 0

    _failed_then_retried(app, office_client, workers, task_id)
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.period == "2021" and report.status == "draft" and report.content
