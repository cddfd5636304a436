"""Background jobs through a real Redis and a real RQ worker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import tasks
from app.extensions import db
from app.models import Court, Notification, Role, Task, User
from tests import jobs
from tests.helpers import csrf_token, run_worker, sign_in


def _start(app, function, *args, username: str = "office") -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        court = db.session.scalar(select(Court))
        task = tasks.submit(function, *args, user.id, kind="test", description="测试任务",
                            permission="case.import", court_id=court.id, user=user)
        return task.id


@pytest.fixture
def office(make_user, app):
    make_user("office", Role.OFFICE, department="trial-management")
    with app.app_context():
        tasks.get_queue().empty()


def test_job_runs_in_a_worker_and_records_its_result(app, office):
    task_id = _start(app, jobs.count_to, 5)
    with app.app_context():
        assert db.session.get(Task, task_id).status == "queued"
    run_worker(app)
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert (task.status, task.progress, task.result) == ("finished", 100, {"counted": 5})
        assert task.started_at is not None and task.finished_at is not None
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_failed_job_writes_nothing_and_says_why(app, office):
    task_id = _start(app, jobs.write_then_fail)
    run_worker(app)
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert task.status == "failed"
        assert task.error == "第 3 行：日期无法识别"
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
        # RQ knows it failed too: the exception was not swallowed.
        assert task_id in tasks.get_queue().failed_job_registry.get_job_ids()


def test_progress_widget_polls_while_queued_and_stops_when_done(app, office, client):
    sign_in(client, "office")
    task_id = _start(app, jobs.count_to, 3)
    queued = client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in queued
    run_worker(app)
    finished = client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in finished
    assert 'value="100"' in finished


def test_a_failed_task_can_be_retried(app, office, client):
    sign_in(client, "office")
    task_id = _start(app, jobs.write_then_fail)
    run_worker(app)
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "日期无法识别" in page and "重试" in page
    response = client.post(f"/tasks/{task_id}/retry", headers={"HX-Request": "true",
                                                               "X-CSRFToken": csrf_token(client, "/")})
    assert response.status_code == 200
    with app.app_context():
        again = db.session.scalar(select(Task).where(Task.retry_of_id == task_id))
        assert again.status == "queued"
        assert again.arguments == db.session.get(Task, task_id).arguments


def test_a_long_healthy_job_is_never_taken_for_dead(app, office, client):
    """The job outlives its liveness key's life several times over while the page polls it: it keeps the key
    alive, so it stays running and then finishes."""
    import threading
    import time

    app.config.update(JOB_ALIVE_TTL=1.0, JOB_ALIVE_EVERY=0.25)
    sign_in(client, "office")
    task_id = _start(app, jobs.sleep_for, 4)
    seen: list[str] = []

    def watch() -> None:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            html = client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
            seen.append(html)
            if "hx-trigger" not in html:
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    run_worker(app)  # in this thread: RQ installs signal handlers, which only the main thread may
    watcher.join()
    assert len(seen) > 10
    assert not any("任务失败" in html for html in seen)
    with app.app_context():
        assert db.session.get(Task, task_id).status == "finished"


def test_a_job_the_queue_lost_shows_as_failed(app, office, client):
    """The worker died and Redis no longer has the job: the page must not spin forever."""
    sign_in(client, "office")
    task_id = _start(app, jobs.count_to, 3)
    with app.app_context():
        tasks.get_queue().fetch_job(task_id).delete()
    html = client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in html
    assert "任务中断" in html or "中断" in html


def test_redis_down_refuses_the_job_clearly_and_keeps_no_row(app, office):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "office"))
        with pytest.raises(tasks.QueueUnavailable, match="任务队列"):
            tasks.submit(jobs.count_to, 3, user.id, kind="test", description="x", permission="case.import",
                         court_id=user.court_id, user=user)
        assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_other_users_cannot_see_or_retry_a_task(app, office, client, make_user):
    make_user("clerk", Role.STAFF)
    task_id = _start(app, jobs.write_then_fail)
    run_worker(app)
    sign_in(client, "clerk")
    assert client.get(f"/tasks/{task_id}").status_code == 404
    response = client.post(f"/tasks/{task_id}/retry", headers={"X-CSRFToken": csrf_token(client, "/")})
    assert response.status_code == 404


def test_a_failed_task_is_retried_once_at_a_time(app, office_client, tmp_path):
    from tests import jobs

    with app.app_context():
        tasks.get_queue().empty()
        user = db.session.scalar(select(User).where(User.username == "office"))
        task = tasks.submit(jobs.write_then_fail, user.id, kind="test", description="x", permission="case.import",
                            court_id=user.court_id, user=user)
    run_worker(app)
    token = csrf_token(office_client, "/")
    assert office_client.post(f"/tasks/{task.id}/retry", headers={"X-CSRFToken": token}).status_code == 302
    assert office_client.post(f"/tasks/{task.id}/retry", headers={"X-CSRFToken": token}).status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Task)) == 2
