"""Background jobs on RQ: submit them, run them inside the app, follow their progress.

Job functions live in the modules of this package (thin: they call app/importers, app/indicators,
app/reports), are decorated with ``@job`` and take a task id first. Progress goes to the RQ job's
meta in Redis, never through the database session, so an all-or-nothing import is not committed
half-way by a progress update.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date
from functools import wraps
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from redis import ConnectionPool, Redis
from redis.exceptions import RedisError
from rq import Queue, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import Task, TaskStatus, User
from app.models.base import utcnow

DEFAULT_TIMEOUT = 3600


class QueueUnavailable(RuntimeError):
    """Redis cannot be reached; the message is fit to show the user."""


def redis_connection() -> Redis:
    return Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=10)


def get_queue(name: str = "default") -> Queue:
    return Queue(name, connection=redis_connection())


def submit(
    function: Callable[..., Any],
    *arguments: Any,
    kind: str,
    description: str,
    permission: str,
    court_id: int,
    user: User | None = None,
    queue: str = "default",
) -> Task:
    """Record a task and put its job on the queue. Arguments must be JSON values (ids, paths, strings)."""
    task = Task(kind=kind, court_id=court_id, user_id=user.id if user else None, permission=permission,
                description=description, function=f"{function.__module__}.{function.__name__}",
                arguments=list(arguments))
    return _start(task, queue)


def retry(task: Task, user: User | None, queue: str = "default") -> Task:
    """Run a failed task again as a new task; the failed one stays in the history."""
    again = Task(kind=task.kind, court_id=task.court_id, user_id=user.id if user else None,
                 permission=task.permission, description=task.description, function=task.function,
                 arguments=list(task.arguments), retry_of_id=task.id)
    return _start(again, queue)


def _start(task: Task, queue: str) -> Task:
    task.id = uuid.uuid4().hex
    task.status = TaskStatus.QUEUED.value
    task.locale = str(get_locale() or "zh_CN")
    db.session.add(task)
    # Committed before it is queued, so a fast worker always finds the row.
    db.session.commit()
    try:
        get_queue(queue).enqueue(task.function, task.id, *task.arguments, job_id=task.id,
                                 job_timeout=DEFAULT_TIMEOUT, description=task.description,
                                 failure_ttl=7 * 24 * 3600)
    except RedisError as error:
        db.session.delete(task)
        db.session.commit()
        raise QueueUnavailable(
            _("The job queue cannot be reached right now, so the job was not started. Please try again later.")
        ) from error
    return task


def report_progress(done: int, total: int, message: str | None = None) -> None:
    """Called from inside a job: store how far it is for the progress bar (in Redis, not the database)."""
    rq_job = get_current_job()
    if rq_job is None:
        return
    rq_job.meta["progress"] = 0 if total <= 0 else min(100, int(done * 100 / total))
    if message is not None:
        rq_job.meta["message"] = message
    rq_job.save_meta()


def poll(task: Task) -> tuple[int, str | None]:
    """(percent, message) for the progress widget, asking Redis once.

    Also notices a task whose worker died: RQ says the job failed or has forgotten it while the row still
    says it runs; the row is then marked failed, so the page stops waiting and offers a retry.
    """
    if task.done:
        return task.progress, None
    try:
        rq_job = Job.fetch(task.id, connection=redis_connection())
    except NoSuchJobError:
        rq_job = None
    except RedisError:
        return task.progress, None  # cannot tell now; ask again on the next poll
    status = rq_job.get_status(refresh=False) if rq_job is not None else None
    if status in (None, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED) or _died_running(rq_job, status):
        db.session.refresh(task)  # the worker may have recorded the outcome since the row was read
        if not task.done:
            task.status = TaskStatus.FAILED.value
            task.error = _("The job stopped before it finished (the worker was interrupted).")
            task.finished_at = utcnow()
            db.session.commit()
        return task.progress, None
    return int(rq_job.meta.get("progress", 0)), rq_job.meta.get("message")


# A running job keeps a key of its own alive in Redis (refreshed every JOB_ALIVE_EVERY seconds, kept for
# JOB_ALIVE_TTL). When RQ still says "started" but the key is gone, the worker died with the job (killed, host
# lost); RQ's own heartbeat would tell only after a minute and more, and only to a worker's maintenance pass.
def _died_running(rq_job: Job, status: JobStatus | None) -> bool:
    """RQ has said for longer than the key's life that the job runs, and the job keeps no key alive."""
    if status != JobStatus.STARTED or rq_job.started_at is None:
        return False
    started = rq_job.started_at.replace(tzinfo=UTC) if rq_job.started_at.tzinfo is None else rq_job.started_at
    # Between RQ marking the job started and the job setting its key, a worker imports the job's code (a second
    # or more for a fresh worker): no verdict before the key could have been set and have expired.
    if (utcnow() - started).total_seconds() < current_app.config["JOB_ALIVE_TTL"]:
        return False
    try:
        return not redis_connection().exists(_alive_key(rq_job.id))
    except RedisError:
        return False


def _alive_key(task_id: str) -> str:
    return f"quality-year:alive:{task_id}"


@contextmanager
def _kept_alive(task_id: str, ttl: float, every: float) -> Iterator[None]:
    """Keep the job's key alive from a thread while the block runs, and remove it after (after the outcome is
    committed). The first write is not excused: a job that cannot say it is alive does not start."""
    rq_job = get_current_job()
    if rq_job is None:  # called outside a worker (a test running the function itself)
        yield
        return
    # A connection of its own with a short timeout, so one slow reply cannot hold the beats past the key's life.
    pool = rq_job.connection.connection_pool
    timeouts = {"socket_timeout": min(2.0, every), "socket_connect_timeout": min(2.0, every)}
    connection = Redis(connection_pool=ConnectionPool(connection_class=pool.connection_class,
                                                      **{**pool.connection_kwargs, **timeouts}))
    key, stop = _alive_key(task_id), threading.Event()
    connection.set(key, "1", px=int(ttl * 1000))

    def beat() -> None:
        while not stop.wait(every):
            # On a Redis error the next beat tries again; the key outlives a few missed beats.
            with suppress(RedisError):
                connection.set(key, "1", px=int(ttl * 1000))

    thread = threading.Thread(target=beat, name=f"alive-{task_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        with suppress(RedisError):
            connection.delete(key)
        connection.close()


def in_work_horse() -> bool:
    """True when the current job runs in a process of its own: RQ's default worker forks a work horse for each
    job, which ends with it. False in the worker's own process (SimpleWorker, as the tests run jobs) and outside a
    worker, where a process-wide limit would outlive the job."""
    rq_job = get_current_job()
    if rq_job is None or not rq_job.worker_name:
        return False
    from rq import Worker

    try:
        worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + rq_job.worker_name,
                                    connection=rq_job.connection)
    except RedisError:
        return False
    return worker is not None and worker.pid is not None and worker.pid != os.getpid()


def claim_once(name: str, day: date) -> bool:
    """Claim a periodic job's run for ``day``: True for the first caller only. RQ's cron has no lock of its own,
    so with two schedulers running both fire; the first to claim the day's key in Redis does the work."""
    return bool(redis_connection().set(f"quality-year:{name}:{day.isoformat()}", "1", nx=True, ex=2 * 86400))


_worker_app: Flask | None = None


@contextmanager
def app_context() -> Iterator[None]:
    """Jobs run inside the app: the caller's context in tests, one app per worker process otherwise."""
    global _worker_app
    if has_app_context():
        yield
        return
    if _worker_app is None:
        from app import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        yield


def job(function: Callable[..., Any]) -> Callable[..., Any]:
    """Make ``function(task_id, ...)`` an RQ job that records its outcome on its Task row.

    Failures are recorded and re-raised, so RQ also marks the job failed; nothing is swallowed.
    """

    @wraps(function)
    def run(task_id: str, *arguments: Any) -> Any:
        with app_context(), _kept_alive(task_id, current_app.config["JOB_ALIVE_TTL"],
                                         current_app.config["JOB_ALIVE_EVERY"]), \
                force_locale(_task_locale(task_id)):
            _update(task_id, status=TaskStatus.RUNNING.value, started_at=utcnow())
            try:
                result = function(task_id, *arguments)
            except Exception as error:
                db.session.rollback()
                current_app.logger.exception("task %s failed", task_id)
                # A database error's text carries SQL and values: log it, show the user a plain sentence.
                message = (_("The database refused the work; the administrator can find the details in the log.")
                           if isinstance(error, SQLAlchemyError) else str(error) or error.__class__.__name__)
                _update(task_id, status=TaskStatus.FAILED.value, finished_at=utcnow(), error=message)
                raise
            _update(task_id, status=TaskStatus.FINISHED.value, finished_at=utcnow(), progress=100, result=result)
            return result

    return run


def _task_locale(task_id: str) -> str:
    task = db.session.get(Task, task_id)
    return task.locale if task is not None else "zh_CN"


def _update(task_id: str, **values: Any) -> None:
    task = db.session.get(Task, task_id)
    if task is None:
        raise LookupError(f"task {task_id} has no row")
    if task.status == TaskStatus.FAILED and values.get("status") == TaskStatus.FINISHED:
        # Given up for dead (its key lapsed: Redis stalled, the host paused) yet it finished: record what happened.
        current_app.logger.warning("task %s finished after it was shown as interrupted", task_id)
    for key, value in values.items():
        setattr(task, key, value)
    db.session.commit()
