"""Recomputing the indicator snapshots: after every import, nightly, or when the office asks."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Task, User
from app.tasks import app_context, claim_once, job, report_progress, submit


@job
def recompute_indicators(task_id: str, court_id: int) -> dict:
    count = recompute_court(court_id, progress=lambda done, total: report_progress(done, total, None))
    return {"figures": count}


def start_recompute(court_id: int, user: User | None = None) -> Task:
    return submit(recompute_indicators, court_id, kind="indicator_recompute", description=_("Recompute indicators"),
                  permission="indicator.recompute", court_id=court_id, user=user)


def nightly_recompute() -> None:
    """Run by `rq cron` (app/tasks/schedule.py): one recompute task per court, once per night (see claim_once)."""
    with app_context():
        if not claim_once("nightly-recompute", date.today()):
            return
        for court_id in db.session.scalars(select(Court.id)):
            start_recompute(court_id)
