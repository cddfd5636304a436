"""Following background jobs: a progress widget that polls itself, and retry for a failed job."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from app import tasks
from app.blueprints.tasks import bp
from app.extensions import db
from app.models import Task
from app.policy import can
from app.web import is_htmx_partial_request, referrer_path, render


def _task_or_404(task_id: str, action: str) -> Task:
    task = db.session.get(Task, task_id)
    # 404 rather than 403: a guessed id says nothing about whether it exists.
    if task is None or not can(action, task):
        abort(404)
    return task


@bp.get("/<task_id>")
@login_required
def status(task_id: str) -> str:
    task = _task_or_404(task_id, "task.view")
    progress, message = tasks.poll(task)
    return render("tasks/status.html", "tasks/_progress.html", task=task, progress=progress, message=message)


@bp.post("/<task_id>/retry")
@login_required
def retry(task_id: str) -> Response | str | tuple[str, int]:
    task = _task_or_404(task_id, "task.retry")
    already = db.session.scalar(select(Task).where(Task.retry_of_id == task.id, Task.status != "failed"))
    if task.status != "failed" or already is not None:
        abort(409)  # only a failed task, and only once while its retry runs or has succeeded
    try:
        again = tasks.retry(task, current_user)
    except tasks.QueueUnavailable as error:
        if is_htmx_partial_request():
            return render("tasks/status.html", "tasks/_progress.html", task=task, progress=task.progress,
                          message=None, error=str(error)), 503
        flash(str(error), "error")
        return redirect(referrer_path() or url_for("main.index"))
    if is_htmx_partial_request():
        return render("tasks/status.html", "tasks/_progress.html", task=again, progress=0, message=None)
    return redirect(url_for("tasks.status", task_id=again.id))
